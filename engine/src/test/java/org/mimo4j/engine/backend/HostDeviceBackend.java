package org.mimo4j.engine.backend;

/**
 * A backend for tests that behaves like a device backend: the host kernels are the CPU backend's, and
 * {@link #deviceKernels()} are {@link HostDeviceKernels} with separate "device" arrays and transfer
 * counts. {@link #install()} makes it current until the returned scope closes.
 */
public final class HostDeviceBackend implements Backend {
    private final CpuBackend cpu;
    private final HostDeviceKernels kernels;

    public HostDeviceBackend(int threads) {
        this.cpu = new CpuBackend(threads);
        this.kernels = new HostDeviceKernels(cpu);
    }

    /** Installs a fresh two-thread instance as the current backend; closing the scope restores the previous one. */
    public static Scope install() {
        return new Scope(new HostDeviceBackend(2));
    }

    /** The installed backend; {@link #close()} puts the previous one back. */
    public static final class Scope implements AutoCloseable {
        private final Backend previous = Backends.current();
        private final HostDeviceBackend backend;

        private Scope(HostDeviceBackend backend) {
            this.backend = backend;
            Backends.use(backend);
        }

        public HostDeviceBackend backend() {
            return backend;
        }

        /** The transfer counters of the installed backend. */
        public HostDeviceMemory memory() {
            return backend.kernels.memory();
        }

        @Override
        public void close() {
            Backends.use(previous);
            backend.close();
        }
    }

    @Override
    public String name() {
        return "hostdevice";
    }

    @Override
    public String device() {
        return "CPU with separate fake device arrays (test double)";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, long strideA, float[] b, int bOff, int ldb, long strideB,
                      float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        cpu.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, strideA, b, bOff, ldb, strideB, beta, c, cOff, ldc,
                strideC, batch);
    }

    @Override
    public void conv2dForward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        cpu.conv2dForward(s, x, w, bias, y);
    }

    @Override
    public void conv2dBackwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        cpu.conv2dBackwardData(s, dy, w, dx);
    }

    @Override
    public void conv2dBackwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw) {
        cpu.conv2dBackwardWeight(s, x, dy, dw);
    }

    @Override
    public void attentionForward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask, float scale,
                                 float[] out, float[] probs) {
        cpu.attentionForward(s, q, k, v, mask, scale, out, probs);
    }

    @Override
    public void attentionBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] probs, float[] dOut,
                                  float scale, float[] dq, float[] dk, float[] dv) {
        cpu.attentionBackward(s, q, k, v, probs, dOut, scale, dq, dk, dv);
    }

    @Override
    public DeviceKernels deviceKernels() {
        return kernels;
    }

    @Override
    public void close() {
        cpu.close();
    }
}
