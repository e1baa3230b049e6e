package org.mimo4j.engine.backend;

/**
 * Entry checks shared by the kernels: array lengths against the shape and outputs aliasing inputs,
 * each failure naming the argument, what it got and what was expected. Any backend may use them.
 */
public final class KernelChecks {
    private KernelChecks() {
    }

    /**
     * Names a kernel call in messages, e.g. "conv2dForward Conv2dShape[...]": built only when a check
     * fails, since a shape's text cost about 1 % of a small-CNN step when made on every call.
     */
    public record Call(String op, Object shape) {
        @Override
        public String toString() {
            return op + " " + shape;
        }
    }

    /** Requires {@code array} ({@code kernel}: a name or a {@link Call}) to hold exactly {@code expected} elements. */
    public static void length(Object kernel, String name, float[] array, long expected) {
        if (array == null) {
            throw new IllegalArgumentException(kernel + ": " + name + " is null, expected " + expected + " elements");
        }
        if (array.length != expected) {
            throw new IllegalArgumentException(kernel + ": " + name + " has " + array.length
                    + " elements, expected " + expected);
        }
    }

    /** Requires the output array to be none of the given inputs ({@code names[i]} names {@code inputs[i]}). */
    public static void distinct(Object kernel, String outName, float[] out, String[] names, float[]... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && inputs[i] == out) {
                throw new IllegalArgumentException(kernel + ": output " + outName + " is the same array as "
                        + names[i] + "; pass a separate output array");
            }
        }
    }

    /**
     * Checks one sgemm operand stored as {@code rows x cols} with row stride {@code ld}, {@code batch}
     * times {@code stride} apart from {@code off}; returns its extent [first, end) in the array.
     */
    public static long[] matrix(String name, float[] x, int off, int ld, long stride, int rows, int cols, int batch) {
        if (x == null) {
            throw new IllegalArgumentException("sgemm: " + name + " is null");
        }
        if (off < 0 || stride < 0) {
            throw new IllegalArgumentException("sgemm: " + name + " offset " + off + " and stride " + stride
                    + " must be >= 0");
        }
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: ld" + name + "=" + ld + " is smaller than the " + cols
                    + " columns of " + name + " as stored");
        }
        long end = rows == 0 || cols == 0 ? off : off + (batch - 1) * stride + (long) (rows - 1) * ld + cols;
        if (end > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " has " + x.length + " elements but its shape ("
                    + rows + "x" + cols + ", ld=" + ld + ", offset " + off + ", stride " + stride + ", batch " + batch
                    + ") reaches element " + (end - 1));
        }
        return new long[] {off, end};
    }

    /** Refuses an output extent that overlaps an input extent in the same array. */
    public static void noOverlap(String outName, float[] out, long[] outExtent, String inName, float[] in,
                                 long[] inExtent) {
        if (out == in && outExtent[0] < inExtent[1] && inExtent[0] < outExtent[1]) {
            throw new IllegalArgumentException("sgemm: " + outName + " overlaps " + inName + " in the same array ("
                    + outName + " elements [" + outExtent[0] + ", " + outExtent[1] + "), " + inName + " ["
                    + inExtent[0] + ", " + inExtent[1] + ")); pass a separate output");
        }
    }

    /** Requires a size argument to be non-negative. */
    public static void nonNegative(Object kernel, String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(kernel + ": " + name + " must be >= 0, got " + value);
        }
    }
}
