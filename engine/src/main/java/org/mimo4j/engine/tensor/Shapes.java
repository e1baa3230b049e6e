package org.mimo4j.engine.tensor;

import java.util.Arrays;

/**
 * Shape arithmetic shared by tensors and ops: element counts, row-major strides, NumPy broadcasting
 * and axis normalisation, each failing with a message that names the op and the shapes involved.
 */
public final class Shapes {
    private Shapes() {
    }

    /** Number of elements of a shape; rejects negative sizes and counts that do not fit an int. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + str(shape) + " has a negative size");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides (last axis fastest). */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /** Compact form used in error messages: {@code [2,3]}. */
    public static String str(int[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    /**
     * The NumPy broadcast of two shapes: align on the right, sizes must match or one must be 1.
     *
     * @throws IllegalArgumentException naming {@code op}, both shapes and the offending axis
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": cannot broadcast " + str(a) + " with " + str(b)
                        + ": sizes " + da + " and " + db + " differ at axis " + i + " of the result");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Whether {@code from} broadcasts to exactly {@code to}. */
    public static boolean broadcastsTo(int[] from, int[] to) {
        if (from.length > to.length) {
            return false;
        }
        int lead = to.length - from.length;
        for (int i = 0; i < from.length; i++) {
            if (from[i] != 1 && from[i] != to[i + lead]) {
                return false;
            }
        }
        return true;
    }

    /** Normalises a possibly negative axis into [0, rank). */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** Normalised, de-duplicated axes as a membership mask; no axes means all axes. */
    public static boolean[] axesMask(String op, int[] axes, int rank) {
        boolean[] mask = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int a : axes) {
            int n = axis(op, a, rank);
            if (mask[n]) {
                throw new IllegalArgumentException(op + ": axis " + a + " is listed twice in " + Arrays.toString(axes));
            }
            mask[n] = true;
        }
        return mask;
    }
}
