package org.mimo4j.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AvDigitsStepBenchmarkTest {

    @Test
    void hasThePeersParameterCountAndItsStepsLowerTheLoss() {
        AvDigitsStepBenchmark b = new AvDigitsStepBenchmark();
        b.backend = "cpu";
        b.setUp();
        try {
            // sum(p.numel() for p in AvDigitsModel().parameters()) in bench/peers/peer_bench.py.
            assertEquals(1_682_902, b.parameterCount());
            float first = b.step();
            float last = first;
            for (int i = 0; i < 5; i++) {
                last = b.step();
            }
            assertTrue(Float.isFinite(first) && last < first, "loss " + first + " -> " + last);
        } finally {
            b.tearDown();
        }
    }
}
