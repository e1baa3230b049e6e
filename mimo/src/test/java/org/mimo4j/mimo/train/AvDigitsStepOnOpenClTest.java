package org.mimo4j.mimo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.kernels.ClBackend;
import org.mimo4j.kernels.ClTransfers;
import org.mimo4j.kernels.RequireOpenCl;

/**
 * The AV-Digits training step ({@link AvDigitsSteps}) on the OpenCL backend, counted by its own
 * transfer counters: after the first step each step uploads exactly the batch (3 buffers: image, audio,
 * labels) and downloads exactly the K = 3 losses (4 bytes each); everything else stays on the device.
 * The losses match the CPU backend's step by step within 1e-4 (1 + |loss|), as in the kernels module's
 * ClResidentStepTest (the kernels sum in another order; a few Adam steps keep that small). It lives in
 * mimo because the model does; the test classpath has the kernels module, which main code never
 * imports. Skipped without an OpenCL platform, failed instead under MIMO4J_REQUIRE_OPENCL=1.
 */
class AvDigitsStepOnOpenClTest {
    private static final int STEPS = 4;
    private static final int K = 3;

    @ParameterizedTest
    @ValueSource(strings = {"joint", "mimo"})
    void aStepMovesOnlyTheBatchUpAndTheLossesDown(String method) {
        ClBackend cl = openCl();
        Backend before = Backends.current();
        double[][] cpu;
        ClTransfers[] moved = new ClTransfers[STEPS];
        AvDigitsSteps.Run run;
        try {
            Backends.use(new CpuBackend(2));
            cpu = AvDigitsSteps.train(method, STEPS, s -> { }).losses();
            Backends.use(cl);
            ClTransfers[] last = {cl.transfers()};
            run = AvDigitsSteps.train(method, STEPS, s -> {
                ClTransfers now = cl.transfers();
                moved[s] = now.since(last[0]);
                last[0] = now;
            });
        } finally {
            Backends.use(before);
            cl.close();
        }
        for (int s = 0; s < STEPS; s++) {
            for (int k = 0; k < K; k++) {
                double tol = 1e-4 * (1 + Math.abs(cpu[s][k]));
                assertEquals(cpu[s][k], run.losses()[s][k], tol, method + " step " + s + " loss " + k);
            }
        }
        assertTrue(run.losses()[STEPS - 1][0] < run.losses()[0][0], method + " must reduce the fused loss");
        assertEquals(3 + 2 * 2 + 4 * run.parameters(), moved[0].uploads(), method + " step 0 uploads the batch, the"
                + " two input statistics of each modality, and once per parameter tensor its values, its gradient's"
                + " zeros and Adam's two slots: " + moved[0]);
        assertEquals(K, moved[0].downloads(), method + " step 0 downloads only the losses: " + moved[0]);
        ClTransfers batchAndLosses = new ClTransfers(3, AvDigitsSteps.batchBytes(), K, 4L * K);
        for (int s = 1; s < STEPS; s++) {
            assertEquals(batchAndLosses, moved[s], method + " step " + s + " moved more than the batch and the losses");
        }
    }

    private static ClBackend openCl() {
        RequireOpenCl.orSkip();
        return (ClBackend) Backends.select("opencl", 2).backend();
    }
}
