package org.mimo4j.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmallCnnBenchmarkTest {

    @Test
    void hasThePeersParameterCountAndItsStepsLowerTheLoss() {
        SmallCnnBenchmark b = new SmallCnnBenchmark();
        b.backend = "cpu";
        b.setUp();
        try {
            // conv 1->16 (160) + conv 16->32 (4,640) + linear 1568->10 (15,690), as torch counts it.
            assertEquals(20_490, b.parameterCount());
            float first = b.step();
            float last = first;
            for (int i = 0; i < 30; i++) {
                last = b.step();
            }
            assertTrue(Float.isFinite(first) && last < first, "loss " + first + " -> " + last);
        } finally {
            b.tearDown();
        }
    }
}
