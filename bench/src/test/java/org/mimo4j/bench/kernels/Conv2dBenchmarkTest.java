package org.mimo4j.bench.kernels;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.kernels.RequireOpenCl;

class Conv2dBenchmarkTest {

    /**
     * The resident opencl calls compute what the cpu's host-array calls do (tolerance 1e-4 * (1 + max
     * |value|), as the kernels' conv parity tests), for a layer with padding and for one without.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lenet28-conv1", "lenet28-conv2"})
    void residentDeviceCallsGiveTheHostResults(String layer) {
        RequireOpenCl.orSkip();
        float[][] cpu = run("cpu", layer);
        float[][] ocl = run("opencl", layer);
        String[] names = {"y", "dx", "dw"};
        ResultParity.assertClose(layer, names, cpu, ocl);
    }

    private static float[][] run(String backend, String layer) {
        Conv2dBenchmark b = new Conv2dBenchmark();
        b.backend = backend;
        b.layer = layer;
        b.setUp();
        try {
            b.forwardBackward();
            return b.results();
        } finally {
            b.tearDown();
        }
    }
}
