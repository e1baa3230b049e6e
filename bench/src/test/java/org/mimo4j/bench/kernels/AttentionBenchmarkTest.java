package org.mimo4j.bench.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AttentionBenchmarkTest {

    /**
     * The resident opencl calls compute what the cpu's host-array calls do (tolerance 1e-4 * (1 + max
     * |value|), as the kernels' attention parity tests at this length), with the causal mask.
     */
    @Test
    void residentDeviceCallsGiveTheHostResults() {
        OpenClAvailable.require();
        float[][] cpu = run("cpu");
        float[][] ocl = run("opencl");
        String[] names = {"out", "dq", "dk", "dv"};
        for (int r = 0; r < cpu.length; r++) {
            double max = 0;
            for (float x : cpu[r]) {
                max = Math.max(max, Math.abs(x));
            }
            for (int i = 0; i < cpu[r].length; i++) {
                assertEquals(cpu[r][i], ocl[r][i], 1e-4 * (1 + max), names[r] + " index " + i);
            }
        }
    }

    private static float[][] run(String backend) {
        AttentionBenchmark b = new AttentionBenchmark();
        b.backend = backend;
        b.causal = true;
        b.setUp();
        try {
            b.forwardBackward();
            return b.results();
        } finally {
            b.tearDown();
        }
    }
}
