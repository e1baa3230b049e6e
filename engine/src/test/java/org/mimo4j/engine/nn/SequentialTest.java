package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class SequentialTest {

    @Test
    void appliesLayersInOrder() {
        Rng rng = new Rng(1);
        Linear a = new Linear(3, 4, rng);
        Linear b = new Linear(4, 2, rng);
        Sequential s = new Sequential(a, Activation.relu(), b);
        Tensor x = Tensor.randn(rng, 5, 3);
        assertArrayEquals(b.forward(a.forward(x).relu()).data(), s.forward(x).data());
    }

    @Test
    void childrenAreNamedByIndexUnlessNamed() {
        Rng rng = new Rng(1);
        Sequential s = new Sequential(new Linear(2, 2, rng)).add("head", new Linear(2, 1, rng));
        assertEquals(List.of("0", "head"), List.copyOf(s.children().keySet()));
        assertEquals(2, s.length());
        assertSame(s.children().get("head"), s.get(1));
    }
}
