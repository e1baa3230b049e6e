package org.mimo4j.kernels;

/**
 * The GEMM output as the device holds it, batch x m x n packed, versus the caller's strided view
 * (ldc, strideC) which may have gaps that must not be overwritten. When the two coincide the transfer
 * is one copy; otherwise rows are gathered before and scattered after.
 */
final class ClCompactC {
    private final float[] c;
    private final int off;
    private final int ldc;
    private final long stride;
    private final int m;
    private final int n;
    private final int batch;

    ClCompactC(float[] c, int off, int ldc, long stride, int m, int n, int batch) {
        this.c = c;
        this.off = off;
        this.ldc = ldc;
        this.stride = stride;
        this.m = m;
        this.n = n;
        this.batch = batch;
    }

    long size() {
        return (long) batch * m * n;
    }

    private boolean contiguous() {
        return ldc == n && (batch == 1 || stride == (long) m * n);
    }

    /** The current C packed, for beta != 0. */
    float[] gather() {
        float[] packed = new float[(int) size()];
        if (contiguous()) {
            System.arraycopy(c, off, packed, 0, packed.length);
            return packed;
        }
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(c, (int) (off + b * stride + (long) i * ldc), packed, (b * m + i) * n, n);
            }
        }
        return packed;
    }

    /** Reads the device result into the caller's view. */
    void scatter(ClHost host, ClBuffer dc) {
        if (contiguous()) {
            host.download(dc, c, off, size());
            return;
        }
        float[] packed = new float[(int) size()];
        host.download(dc, packed, 0, size());
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(packed, (b * m + i) * n, c, (int) (off + b * stride + (long) i * ldc), n);
            }
        }
    }
}
