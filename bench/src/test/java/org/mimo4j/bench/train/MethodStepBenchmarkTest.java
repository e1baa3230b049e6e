package org.mimo4j.bench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.mimo.moo.StepReport;

/** Runs the benchmark's setup and a few steps directly (not through JMH) for two methods. */
class MethodStepBenchmarkTest {
    private static final int STEPS = 3;

    @Test
    void jointStepsTrainAllButTheUnimodalHeadsWithOneBackwardPass() {
        // Joint weights f_0 alone, so the unimodal heads get no gradient and must stay as they were.
        StepReport last = trainAndCheck("joint", name -> !name.startsWith("heads."));
        assertEquals(1, last.backwardPasses(), "joint backpropagates one weighted loss");
    }

    @Test
    void mgdaStepsTrainEveryParameterWithOneBackwardPassPerObjective() {
        StepReport last = trainAndCheck("mgda", name -> true);
        assertEquals(3, last.backwardPasses(), "mgda collects the gradients of f_0, f_1, f_2");
    }

    /**
     * Sets up {@code method}, runs STEPS steps, checks the losses are finite and that exactly the
     * parameters {@code trained} accepts changed; returns the last report.
     */
    private static StepReport trainAndCheck(String method, Predicate<String> trained) {
        MethodStepBenchmark bench = new MethodStepBenchmark();
        bench.method = method;
        bench.backend = "cpu";
        bench.setUp();
        try {
            List<float[]> start = snapshot(bench);
            StepReport report = null;
            for (int s = 0; s < STEPS; s++) {
                report = bench.runStep();
                assertEquals(3, report.losses().length, "f_0 (fused) and one loss per modality");
                for (double loss : report.losses()) {
                    assertTrue(Double.isFinite(loss) && loss > 0, method + " step " + s + " loss " + loss);
                }
            }
            List<float[]> end = snapshot(bench);
            List<String> names = bench.model().parameters().names();
            for (int p = 0; p < start.size(); p++) {
                boolean changed = !Arrays.equals(start.get(p), end.get(p));
                assertEquals(trained.test(names.get(p)), changed, method + ": parameter " + names.get(p)
                        + (changed ? " changed" : " did not change"));
            }
            return report;
        } finally {
            bench.tearDown();
        }
    }

    private static List<float[]> snapshot(MethodStepBenchmark bench) {
        List<float[]> copy = new ArrayList<>();
        for (Parameter p : bench.model().parameters().list()) {
            copy.add(p.data().clone());
        }
        return copy;
    }
}
