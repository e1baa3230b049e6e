package org.mimo4j.engine.ops.shape;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Picks whole slices along an axis by index (repeats allowed): out[..., j, ...] = x[..., idx[j], ...].
 * The gradient scatter-adds back, so a repeated index receives the sum of its gradients.
 *
 * <p>On a device backend (dense x) the indices go up once per call, as exact floats, and the forward is
 * DeviceKernels.indexSelect; the backward uploads the {@link #inverseMap} built here from the host
 * indices, so that the device sums each slice's gradients in the host loop's order without atomics.
 * The static host loops and index helpers are shared with Gather, Embedding and the kernels' tests.
 */
public final class IndexSelect extends Node {
    /** The device kernels take indices, offsets and positions as floats, exact up to here. */
    public static final int MAX_DEVICE_INDEX = 1 << 24;

    private final int[] index;
    private final int outer;
    private final int axisSize;
    private final int inner;

    private IndexSelect(Tensor x, int[] index, int outer, int axisSize, int inner) {
        super(x);
        this.index = index;
        this.outer = outer;
        this.axisSize = axisSize;
        this.inner = inner;
    }

    public static Tensor apply(Tensor x, int axis, int[] index) {
        int[] shape = x.shape();
        int a = Shapes.axis("indexSelect", axis, shape.length);
        checkIndices("indexSelect", index, shape[a], a);
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (d < a) {
                outer *= shape[d];
            } else if (d > a) {
                inner *= shape[d];
            }
        }
        int[] outShape = shape.clone();
        outShape[a] = index.length;
        IndexSelect op = new IndexSelect(x, index.clone(), outer, shape[a], inner);
        int outSize = Shapes.numel(outShape);
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && x.dense() != null && outSize > 0 && fitsDevice(shape[a], index.length)) {
            Storage y = dk.allocate(outSize);
            dk.indexSelect(outer, shape[a], inner, x.dense(), indexValues(index), y);
            return Tensor.fromOp(y, outShape, op.ifRecording());
        }
        float[] y = new float[outSize];
        hostForward(outer, shape[a], inner, x.data(), index, y);
        return Tensor.fromOp(y, outShape, op.ifRecording());
    }

    /** Whether the device kernels can take an axis of this size and this many indices (as exact floats). */
    private static boolean fitsDevice(int axisSize, int count) {
        return axisSize <= MAX_DEVICE_INDEX && count <= MAX_DEVICE_INDEX;
    }

    /**
     * The host forward (the reference of DeviceKernels.indexSelect): x seen as [outer, axisSize, inner],
     * y[o, j, i] = x[o, index[j], i] for y [outer, index.length, inner].
     */
    public static void hostForward(int outer, int axisSize, int inner, float[] x, int[] index, float[] y) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < index.length; j++) {
                System.arraycopy(x, (o * axisSize + index[j]) * inner, y, (o * index.length + j) * inner, inner);
            }
        }
    }

    /**
     * The host backward (the reference of DeviceKernels.indexSelectBackward): gx [outer, axisSize, inner]
     * zeroed, then gx[o, index[j], i] += gy[o, j, i] in increasing o, j.
     */
    public static void hostBackward(int outer, int axisSize, int inner, int[] index, float[] gy, float[] gx) {
        Arrays.fill(gx, 0f);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < index.length; j++) {
                int src = (o * index.length + j) * inner;
                int dst = (o * axisSize + index[j]) * inner;
                for (int i = 0; i < inner; i++) {
                    gx[dst + i] += gy[src + i];
                }
            }
        }
    }

    /**
     * Who reads each slice, in compressed-row form, as DeviceKernels.indexSelectBackward takes it:
     * axisSize + 1 offsets, then the positions j of {@code index} grouped by index[j] = s (group s lies at
     * [offsets[s], offsets[s + 1]) in the positions), in increasing j within a group; all exact floats.
     * One work-item per gradient element then walks its group in the host loop's order, which keeps the
     * sums bitwise equal to {@link #hostBackward} and deterministic without atomics.
     */
    public static float[] inverseMap(int[] index, int axisSize) {
        int n = index.length;
        float[] map = new float[axisSize + 1 + n];
        int[] next = new int[axisSize + 1];
        for (int s : index) {
            next[s + 1]++;
        }
        for (int s = 0; s < axisSize; s++) {
            next[s + 1] += next[s];
        }
        for (int s = 0; s <= axisSize; s++) {
            map[s] = next[s];
        }
        for (int j = 0; j < n; j++) {
            map[axisSize + 1 + next[index[j]]++] = j;
        }
        return map;
    }

    /**
     * The indices an {@link #inverseMap} was built from, after checking its structure (offsets from 0 to
     * the number of positions, never decreasing; every position read once), with a message naming
     * {@code op} where it is not one: how device kernels on the host check the map before trusting it.
     */
    public static int[] indicesOf(String op, float[] map, int axisSize) {
        int n = map.length - axisSize - 1;
        if (n < 0 || map[0] != 0 || map[axisSize] != n) {
            throw new IllegalArgumentException(op + ": the inverse map of " + map.length + " floats is not " + axisSize
                    + " + 1 offsets from 0 to its positions' count followed by those positions");
        }
        int[] index = new int[n];
        Arrays.fill(index, -1);
        for (int s = 0; s < axisSize; s++) {
            if (!(map[s] <= map[s + 1])) {
                throw new IllegalArgumentException(op + ": the inverse map's offsets decrease at slice " + s);
            }
            for (int k = (int) map[s]; k < (int) map[s + 1]; k++) {
                float p = map[axisSize + 1 + k];
                if (!(p >= 0 && p < n && p == (int) p) || index[(int) p] != -1) {
                    throw new IllegalArgumentException(op + ": the inverse map's position " + p + " of slice " + s
                            + " is not a fresh index into " + n + " positions");
                }
                index[(int) p] = s;
            }
        }
        return index;
    }

    /** Indices as floats (exact below 2^24), the form device kernels take them in. */
    public static Storage indexValues(int[] index) {
        float[] f = new float[index.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = index[i];
        }
        return Storage.wrap(f);
    }

    /**
     * The indices that {@link #indexValues} made, each checked to be a whole number in [0, size), with
     * a message naming {@code op}: how device kernels on the host refuse an index out of range.
     */
    public static int[] indices(String op, float[] values, int size) {
        int[] index = new int[values.length];
        for (int j = 0; j < values.length; j++) {
            float v = values[j];
            if (!(v >= 0 && v < size && v == (int) v)) {
                throw new IndexOutOfBoundsException(op + ": index " + v + " at position " + j + " is outside [0, "
                        + size + ") or not a whole number");
            }
            index[j] = (int) v;
        }
        return index;
    }

    static void checkIndices(String op, int[] index, int size, int axis) {
        for (int j = 0; j < index.length; j++) {
            if (index[j] < 0 || index[j] >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + index[j] + " at position " + j
                        + " is outside [0, " + size + ") along axis " + axis);
            }
        }
    }

    @Override
    public String name() {
        return "indexSelect";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        int inSize = outer * axisSize * inner;
        if (dk == null || inSize == 0 || !fitsDevice(axisSize, index.length)) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(inSize);
        dk.indexSelectBackward(outer, axisSize, inner, Storage.wrap(inverseMap(index, axisSize)), gy, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.takeZeroed(outer * axisSize * inner);
        hostBackward(outer, axisSize, inner, index, gy, gx);
        return new float[][] {gx};
    }
}
