package org.mimo4j.bench.kernels;

import org.junit.jupiter.api.Test;
import org.mimo4j.kernels.RequireOpenCl;

class AttentionBenchmarkTest {

    /**
     * The resident opencl calls compute what the cpu's host-array calls do (tolerance 1e-4 * (1 + max
     * |value|), as the kernels' attention parity tests at this length), with the causal mask.
     */
    @Test
    void residentDeviceCallsGiveTheHostResults() {
        RequireOpenCl.orSkip();
        float[][] cpu = run("cpu");
        float[][] ocl = run("opencl");
        String[] names = {"out", "dq", "dk", "dv"};
        ResultParity.assertClose("attention", names, cpu, ocl);
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
