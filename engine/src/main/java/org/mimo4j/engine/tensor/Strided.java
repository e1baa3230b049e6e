package org.mimo4j.engine.tensor;

/**
 * Index arithmetic over strided views: the storage offset of every logical element, materialising a
 * view into a fresh row-major array, broadcasting an array to a larger shape and summing a gradient
 * back down to the shape it was broadcast from.
 */
public final class Strided {
    private Strided() {
    }

    /** Storage offsets of every element of the view, in row-major logical order. */
    public static int[] offsets(int[] shape, int[] strides, int offset) {
        int n = Shapes.numel(shape);
        int[] out = new int[n];
        int rank = shape.length;
        int[] idx = new int[rank];
        int off = offset;
        for (int i = 0; i < n; i++) {
            out[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                off -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** A fresh row-major copy of the view. */
    public static float[] materialise(float[] storage, int[] shape, int[] strides, int offset) {
        int[] off = offsets(shape, strides, offset);
        float[] out = new float[off.length];
        for (int i = 0; i < off.length; i++) {
            out[i] = storage[off[i]];
        }
        return out;
    }

    /** Strides that read a row-major array of shape {@code from} as if it had the broadcast shape {@code to}. */
    public static int[] broadcastStrides(int[] from, int[] to) {
        int[] own = Shapes.contiguousStrides(from);
        int[] s = new int[to.length];
        int lead = to.length - from.length;
        for (int i = lead; i < to.length; i++) {
            s[i] = from[i - lead] == 1 ? 0 : own[i - lead];
        }
        return s;
    }

    /** Row-major data of shape {@code from} broadcast to {@code to}; the same array when the shapes agree. */
    public static float[] broadcastTo(float[] data, int[] from, int[] to) {
        if (java.util.Arrays.equals(from, to)) {
            return data;
        }
        return materialise(data, to, broadcastStrides(from, to), 0);
    }

    /**
     * Sums a gradient of the broadcast shape {@code gShape} down to {@code target} (the inverse of
     * broadcasting); the same array when the shapes agree.
     */
    public static float[] sumTo(float[] g, int[] gShape, int[] target) {
        if (java.util.Arrays.equals(gShape, target)) {
            return g;
        }
        int[] idx = offsets(gShape, broadcastStrides(target, gShape), 0);
        float[] out = new float[Shapes.numel(target)];
        for (int i = 0; i < g.length; i++) {
            out[idx[i]] += g[i];
        }
        return out;
    }
}
