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
        float[] out = new float[Shapes.numel(shape)];
        if (out.length == 0) {
            return out;
        }
        int rank = shape.length;
        int len = rank == 0 ? 1 : shape[rank - 1];
        int step = rank == 0 ? 0 : strides[rank - 1];
        int[] rowOffsets = offsets(rowShape(shape), strides, offset);
        for (int r = 0, o = 0; r < rowOffsets.length; r++) {
            for (int j = 0, src = rowOffsets[r]; j < len; j++, src += step) {
                out[o++] = storage[src];
            }
        }
        return out;
    }

    /**
     * Writes the row-major {@code x} of {@code shape} into the view (shape, strides, offset) of
     * {@code storage}, leaving its other elements alone: the inverse of {@link #materialise} for a view
     * whose elements are distinct.
     */
    public static void scatter(float[] x, int[] shape, float[] storage, int[] strides, int offset) {
        int[] off = offsets(shape, strides, offset);
        for (int i = 0; i < off.length; i++) {
            storage[off[i]] = x[i];
        }
    }

    /** The shape with its last axis dropped: one entry per row (the outer loops of a row-wise sweep). */
    private static int[] rowShape(int[] shape) {
        return shape.length == 0 ? shape : java.util.Arrays.copyOf(shape, shape.length - 1);
    }

    /** Strides that read a row-major array of shape {@code from} as if it had the broadcast shape {@code to}. */
    public static int[] broadcastStrides(int[] from, int[] to) {
        return broadcastStrides(from, Shapes.contiguousStrides(from), to);
    }

    /**
     * Strides that read a view of shape {@code from} and strides {@code own} as if it had the broadcast
     * shape {@code to}: 0 on its size-1 axes and on the leading axes it lacks.
     */
    public static int[] broadcastStrides(int[] from, int[] own, int[] to) {
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
     * Outputs below which a long sum is taken in parts ({@link #sumParts}): 256 or more outputs keep a device busy
     * summing each in one piece.
     */
    private static final int FEW_OUTPUTS = 256;
    /** Terms a part sums at the least ({@link #sumParts}). */
    private static final int PART_TERMS = 2048;
    /** Parallel sums a split reduction aims at, all parts of all outputs together ({@link #sumParts}). */
    private static final int SPLIT_ITEMS = 1024;
    /** Parts come in whole groups of this many when there are at least as many ({@link #sumParts}). */
    private static final int PART_LANES = 16;

    /**
     * The parts each of {@code outputs} sums of {@code terms} terms is taken in, by {@link #sumTo} and the device
     * backends' sumTo alike: 1 (the terms added in order) for no outputs, 256 or more, or under 4096 terms, else
     * about 1024 parts over all outputs, each of 2048 terms or more, a multiple of 16 from 16 parts on. Part p of
     * an output adds its terms p, p + parts, p + 2 parts, ... in order, from zero, and the output is zero plus its
     * parts in order. A device gives each part a work-item (a whole-tensor sum of 2^20 floats took one PoCL
     * work-item 10.8 ms), and neighbouring parts read neighbouring terms; on a CPU device a work-item takes 16
     * neighbouring parts as the lanes of one vector, hence whole groups of 16. The split depends on the two
     * counts only, never on the device or the thread count, so a sum has one result everywhere.
     */
    public static int sumParts(long outputs, long terms) {
        if (outputs < 1 || outputs >= FEW_OUTPUTS || terms < 2L * PART_TERMS) {
            return 1;
        }
        int parts = (int) Math.min(terms / PART_TERMS, SPLIT_ITEMS / outputs);
        return parts < PART_LANES ? parts : parts / PART_LANES * PART_LANES;
    }

    /**
     * Sums a gradient of the broadcast shape {@code gShape} down to {@code target} (the inverse of
     * broadcasting); the same array when the shapes agree. Each output adds its terms in increasing index of
     * g, in the parts {@link #sumParts} gives.
     */
    public static float[] sumTo(float[] g, int[] gShape, int[] target) {
        if (java.util.Arrays.equals(gShape, target)) {
            return g;
        }
        float[] out = new float[Shapes.numel(target)];
        if (g.length == 0) {
            return out;
        }
        int parts = sumParts(out.length, g.length / out.length);
        int[] strides = broadcastStrides(target, gShape);
        int rank = gShape.length;
        int len = gShape[rank - 1];
        int step = strides[rank - 1];
        int[] rowOffsets = offsets(rowShape(gShape), strides, 0);
        if (parts == 1) {
            for (int r = 0, i = 0; r < rowOffsets.length; r++) {
                for (int j = 0, dst = rowOffsets[r]; j < len; j++, dst += step) {
                    out[dst] += g[i++];
                }
            }
            return out;
        }
        return sumInParts(g, out, rowOffsets, len, step, parts);
    }

    /** {@link #sumTo}'s loop over g with each output's terms dealt round its parts; the parts then added in order. */
    private static float[] sumInParts(float[] g, float[] out, int[] rowOffsets, int len, int step, int parts) {
        int n = out.length;
        float[] sums = new float[parts * n];
        int[] next = new int[n]; // the part of each output's next term
        for (int r = 0, i = 0; r < rowOffsets.length; r++) {
            for (int j = 0, dst = rowOffsets[r]; j < len; j++, dst += step) {
                int p = next[dst];
                sums[p * n + dst] += g[i++];
                next[dst] = p + 1 == parts ? 0 : p + 1;
            }
        }
        for (int p = 0; p < parts; p++) {
            for (int o = 0; o < n; o++) {
                out[o] += sums[p * n + o];
            }
        }
        return out;
    }
}
