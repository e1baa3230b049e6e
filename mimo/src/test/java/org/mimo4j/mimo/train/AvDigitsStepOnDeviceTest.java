package org.mimo4j.mimo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.backend.HostDeviceMemory;

/**
 * The AV-Digits training step ({@link AvDigitsSteps}: the config's model, Adam, the trainer's
 * Objectives / StepExecutor path) on the engine's device test double, whose kernels are the host
 * loops on separate "device" arrays with transfer counts: every op on the path has a device path, so
 * after the first step (which also uploads the parameters, their gradients' zeros, the optimizer's
 * slots and the input statistics once) each step uploads exactly the batch (image, audio, labels) and
 * downloads exactly the K = 3 loss values the method reads, 4 bytes each. The losses match the CPU
 * backend's step by step.
 */
class AvDigitsStepOnDeviceTest {
    private static final int STEPS = 4;
    private static final int K = 3;

    @ParameterizedTest
    @ValueSource(strings = {"joint", "mimo"})
    void aStepMovesOnlyTheBatchUpAndTheLossesDown(String method) {
        double[][] cpu = cpuLosses(method);
        long[][] moved = new long[STEPS][];
        AvDigitsSteps.Run run;
        try (var d = HostDeviceBackend.install()) {
            HostDeviceMemory mem = d.memory();
            run = AvDigitsSteps.train(method, STEPS, s -> {
                moved[s] = new long[] {mem.uploads(), mem.uploadedBytes(), mem.downloads(), mem.downloadedBytes()};
                mem.resetCounts();
            });
        }
        double[][] device = run.losses();
        for (int s = 0; s < STEPS; s++) {
            for (int k = 0; k < K; k++) {
                double tol = 1e-5 * (1 + Math.abs(cpu[s][k]));
                assertEquals(cpu[s][k], device[s][k], tol, method + " step " + s + " loss " + k);
            }
        }
        assertTrue(device[STEPS - 1][0] < device[0][0], method + " must reduce the fused loss on a repeated batch: "
                + device[0][0] + " -> " + device[STEPS - 1][0]);
        int params = run.parameters();
        assertEquals(3 + 2 * 2 + 4 * params, moved[0][0], method + " step 0 uploads the batch, the two input"
                + " statistics of each modality, and once per parameter tensor its values, its gradient's zeros"
                + " and Adam's two slots: " + java.util.Arrays.toString(moved[0]));
        assertEquals(K, moved[0][2], method + " step 0 downloads only the losses");
        for (int s = 1; s < STEPS; s++) {
            String what = method + " step " + s + " moved (uploads, bytes, downloads, bytes) "
                    + java.util.Arrays.toString(moved[s]);
            assertEquals(3, moved[s][0], what + ": only image, audio and labels go up");
            assertEquals(AvDigitsSteps.batchBytes(), moved[s][1], what);
            assertEquals(K, moved[s][2], what + ": only the K losses come down");
            assertEquals(4L * K, moved[s][3], what);
        }
    }

    /**
     * Every method's step on the device double, as the Trainer runs it (a DeviceScope per step): nothing
     * the step made outlives it - as many device copies are alive after every step as after the first
     * (parameters, gradients, optimizer slots, input statistics; the double has no garbage collector, so
     * without scopes every step's activations would pile up) - and no method keeps a device value across
     * steps that the scope frees (reading it would fail). Losses match the CPU backend's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"joint", "mimo", "mgda", "mgda-ub", "pcgrad", "mmpareto", "ogmge", "cagrad", "unimodal"})
    void everyMethodsStepLeavesOnlyTheModelAndOptimizerStateOnTheDevice(String method) {
        double[][] cpu = cpuLosses(method);
        int[] live = new int[STEPS];
        double[][] device;
        try (var d = HostDeviceBackend.install()) {
            AvDigitsSteps.Run run = AvDigitsSteps.train(method, STEPS, s -> live[s] = d.memory().live());
            device = run.losses();
        }
        for (int s = 0; s < STEPS; s++) {
            for (int k = 0; k < K; k++) {
                assertEquals(cpu[s][k], device[s][k], 1e-5 * (1 + Math.abs(cpu[s][k])), method + " step " + s);
            }
        }
        for (int s = 1; s < STEPS; s++) {
            assertEquals(live[0], live[s], method + " step " + s + " left " + live[s] + " device copies alive, step 0 "
                    + live[0] + ": a step must give back everything it made");
        }
    }

    /** The losses of the same steps on the CPU backend, for reference. */
    private static double[][] cpuLosses(String method) {
        Backend before = Backends.current();
        try {
            Backends.use(new CpuBackend(2));
            return AvDigitsSteps.train(method, STEPS, s -> { }).losses();
        } finally {
            Backends.use(before);
        }
    }
}
