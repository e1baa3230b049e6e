package org.mimo4j.bench.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.bench.FlopCounter;
import org.mimo4j.kernels.RequireOpenCl;

class ResidentSgemmBenchmarkTest {

    @Test
    void timesAProductThatIsRightOnTheDevice() {
        RequireOpenCl.orSkip();
        ResidentSgemmBenchmark b = new ResidentSgemmBenchmark();
        b.backend = "opencl";
        b.n = 37; // not a multiple of any tile
        b.setUp();
        try {
            b.sgemm(new FlopCounter());
            float[][] ab = b.operands();
            float[] c = b.product();
            for (int i = 0; i < b.n; i++) {
                for (int j = 0; j < b.n; j++) {
                    double ref = 0;
                    double mag = 0;
                    for (int k = 0; k < b.n; k++) {
                        ref += (double) ab[0][i * b.n + k] * ab[1][k * b.n + j];
                        mag += Math.abs((double) ab[0][i * b.n + k] * ab[1][k * b.n + j]);
                    }
                    // float32 dot product of length n: error below n * 2^-24 * sum |a b| (with slack)
                    assertEquals(ref, c[i * b.n + j], 2 * b.n * 0x1p-24 * mag + 1e-7, "C[" + i + "][" + j + "]");
                }
            }
        } finally {
            b.tearDown();
        }
    }

    @Test
    void aHostBackendIsRefusedWithTheReason() {
        ResidentSgemmBenchmark b = new ResidentSgemmBenchmark();
        b.backend = "cpu";
        b.n = 8;
        IllegalStateException e = assertThrows(IllegalStateException.class, b::setUp);
        assertTrue(e.getMessage().contains("has no device kernels"), e.getMessage());
    }
}
