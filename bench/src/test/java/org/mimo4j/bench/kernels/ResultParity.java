package org.mimo4j.bench.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The check the benchmark tests share: a device backend's results against the cpu backend's. */
final class ResultParity {
    private ResultParity() {
    }

    /**
     * Every value of {@code ocl[r]} within 1e-4 * (1 + max |cpu[r]|) of {@code cpu[r]} (the tolerance of the
     * kernels' parity tests at these lengths); {@code names[r]} names result r in messages.
     */
    static void assertClose(String what, String[] names, float[][] cpu, float[][] ocl) {
        for (int r = 0; r < cpu.length; r++) {
            double max = 0;
            for (float x : cpu[r]) {
                max = Math.max(max, Math.abs(x));
            }
            for (int i = 0; i < cpu[r].length; i++) {
                assertEquals(cpu[r][i], ocl[r][i], 1e-4 * (1 + max), what + " " + names[r] + " index " + i);
            }
        }
    }
}
