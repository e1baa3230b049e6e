package org.mimo4j.kernels;

/**
 * A batch of matrices in a device buffer, addressed by strides: element (i, j) of batch b lives at
 * {@code off + b * batchStride + i * rowStride + j * colStride}. Transposing is swapping the two
 * strides, which is how one GEMM kernel serves NN, NT and TN without copying.
 */
record ClMatrix(ClBuffer buf, int off, int rowStride, int colStride, int batchStride) {

    /** Row-major matrices with leading dimension {@code ld}, {@code batchStride} apart. */
    static ClMatrix rowMajor(ClBuffer buf, int off, int ld, int batchStride) {
        return new ClMatrix(buf, off, ld, 1, batchStride);
    }

    /** The same storage read as the transpose. */
    ClMatrix t() {
        return new ClMatrix(buf, off, colStride, rowStride, batchStride);
    }
}
