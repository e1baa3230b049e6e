package org.mimo4j.kernels;

import static org.jocl.CL.clReleaseProgram;

import org.jocl.cl_program;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.tensor.Rng;

/**
 * ClGemm on device buffers, for what the host-array entry point cannot reach: with beta = 0,
 * ClBackend.sgemm never uploads C, so only here can the device C hold NaN that the kernel must ignore.
 */
class ClGemmTest {

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void betaZeroIgnoresNaNAlreadyInTheDeviceOutput(OpenClTests.Variant variant) throws Exception {
        OpenClTests.requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        ClTuning tuning = variant.tuning(rt);
        cl_program program = new ClProgramBuilder(rt).build("matmul.cl", ClProgramBuilder.resource("matmul.cl"),
                tuning.options());
        try (ClBufferPool pool = new ClBufferPool(rt.context(), 1L << 24);
             ClGemm gemm = new ClGemm(new ClLauncher(rt), tuning, program);
             ClScope scope = new ClScope(pool)) {
            int m = 37, n = 70, k = 19, batch = 2;
            Rng rng = new Rng(31);
            float[] a = Parity.random(rng, m * k * batch), b = Parity.random(rng, k * n * batch);
            float[] want = new float[m * n * batch], got = new float[m * n * batch];
            java.util.Arrays.fill(got, Float.NaN);
            ClHost host = new ClHost(rt);
            ClBuffer dc = host.upload(scope, got, 0, got.length);
            gemm.multiply(scope, m, n, k, 1.5f, ClMatrix.rowMajor(host.upload(scope, a, 0, a.length), 0, k, m * k),
                    ClMatrix.rowMajor(host.upload(scope, b, 0, b.length), 0, n, k * n), 0f,
                    ClMatrix.rowMajor(dc, 0, n, m * n), batch);
            host.download(dc, got, 0, got.length);
            new CpuBackend(1).sgemm(false, false, m, n, k, 1.5f, a, 0, k, m * k, b, 0, n, k * n, 0f, want, 0, n,
                    m * n, batch);
            float[] bound = new float[want.length];
            new CpuBackend(1).sgemm(false, false, m, n, k, 1.5f, Parity.abs(a), 0, k, m * k, Parity.abs(b), 0, n,
                    k * n, 0f, bound, 0, n, m * n, batch);
            Parity.assertClose("sgemm over NaN, beta = 0, " + variant, want, got, bound, Parity.dotTolerance(k), 0,
                    got.length);
        } finally {
            clReleaseProgram(program);
            rt.close();
        }
    }
}
