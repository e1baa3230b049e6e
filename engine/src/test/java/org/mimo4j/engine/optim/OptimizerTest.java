package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Tensor;

class OptimizerTest {

    @Test
    void stateNamesEverySlotOfEveryParameterInOrder() {
        OptimizerFixture f = new OptimizerFixture(3);
        Adam adam = new Adam(f.params, 0.01f);
        f.randomGradients();
        adam.step();
        adam.step();
        OptimizerState s = adam.state();
        assertEquals(2, s.step());
        assertEquals(List.of("exp_avg/a.weight", "exp_avg/a.bias", "exp_avg_sq/a.weight", "exp_avg_sq/a.bias"),
                List.copyOf(s.slots().keySet()));
        assertEquals(12, s.slots().get("exp_avg/a.weight").length);
    }

    @Test
    void restoredOptimizerContinuesExactlyLikeTheOriginal() {
        OptimizerFixture a = new OptimizerFixture(5);
        OptimizerFixture b = new OptimizerFixture(5);
        Sgd first = new Sgd(a.params, 0.1f, 0.9f, true, 0.01f);
        a.randomGradients();
        first.step();
        b.params.forEach((n, p) -> System.arraycopy(a.params.get(n).data(), 0, p.storage().write(), 0, p.numel()));
        Sgd second = new Sgd(b.params, 0.1f, 0.9f, true, 0.01f);
        second.restore(first.state());
        assertEquals(1, second.stepCount());
        a.params.forEach((n, p) -> {
            Tensor g = Tensor.full(0.3f, p.shape());
            p.tensor().setGrad(g);
            b.params.get(n).tensor().setGrad(g);
        });
        first.step();
        second.step();
        a.params.forEach((n, p) -> assertArrayEquals(p.data(), b.params.get(n).data(), n));
    }

    @Test
    void restoreWithWrongSlotLengthChangesNothing() {
        OptimizerFixture f = new OptimizerFixture(8);
        Sgd sgd = new Sgd(f.params, 0.1f, 0.5f, false, 0f);
        Map<String, float[]> bad = new LinkedHashMap<>();
        sgd.state().slots().forEach((n, a) -> bad.put(n, new float[a.length]));
        bad.put("momentum/a.bias", new float[99]);
        bad.put("momentum/a.weight", new float[12]);
        bad.get("momentum/a.weight")[0] = 7f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.restore(new OptimizerState(4, bad)));
        assertTrue(e.getMessage().contains("momentum/a.bias") && e.getMessage().contains("99"), e.getMessage());
        assertEquals(0, sgd.stepCount());
        assertEquals(0f, sgd.state().slots().get("momentum/a.weight")[0]);
    }

    @Test
    void restoreWithForeignSlotIsRefused() {
        OptimizerFixture f = new OptimizerFixture(8);
        Sgd sgd = new Sgd(f.params, 0.1f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sgd.restore(new OptimizerState(1, Map.of("exp_avg/a.bias", new float[5]))));
        assertTrue(e.getMessage().contains("exp_avg/a.bias"), e.getMessage());
    }

    @Test
    void emptyParameterMapIsRefused() {
        Map<String, Parameter> none = Map.of();
        assertThrows(IllegalArgumentException.class, () -> new Adam(none, 0.1f));
    }

    @Test
    void aParameterListedTwiceIsRefusedNamingBothEntries() {
        Parameter w = new Parameter(Tensor.ones(3));
        Map<String, Parameter> twice = new LinkedHashMap<>();
        twice.put("encoder.weight", w);
        twice.put("decoder.weight", w);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sgd(twice, 0.1f));
        assertTrue(e.getMessage().contains("'encoder.weight' and 'decoder.weight'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(twice, 0.1f));
    }
}
