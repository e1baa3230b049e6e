package org.mimo4j.data.io;

import java.util.Arrays;

/**
 * A dense, C-ordered n-dimensional array as read from a file: a {@link DType}, a shape and one
 * primitive Java array. It is the common result of the .npy, .npz and HDF5 readers, small enough to
 * hand to any consumer and convertible to an engine {@code Tensor} through {@link NdArrays}.
 *
 * <p>Instances wrap their storage without copying; the typed accessors return the live array.
 */
public final class NdArray {
    /** Java arrays cannot hold more elements than this (some JVMs reserve a few header words). */
    public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private final DType dtype;
    private final int[] shape;
    private final Object data;

    private NdArray(DType dtype, int[] shape, Object data, int length) {
        long numel = numel(shape);
        if (numel != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + numel
                    + " elements but the " + dtype.code() + " data has " + length);
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
    }

    /** The number of elements of a shape; throws on negative dimensions. */
    public static long numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            // Saturate instead of overflowing so that a lying header cannot wrap to a small size.
            n = d != 0 && n > Long.MAX_VALUE / d ? Long.MAX_VALUE : n * d;
        }
        return n;
    }

    public static NdArray ofFloats(float[] data, int... shape) {
        return new NdArray(DType.FLOAT32, shape, data, data.length);
    }

    public static NdArray ofDoubles(double[] data, int... shape) {
        return new NdArray(DType.FLOAT64, shape, data, data.length);
    }

    public static NdArray ofInts(int[] data, int... shape) {
        return new NdArray(DType.INT32, shape, data, data.length);
    }

    public static NdArray ofLongs(long[] data, int... shape) {
        return new NdArray(DType.INT64, shape, data, data.length);
    }

    /** Bytes interpreted as {@code dtype}, which must be one of the 1-byte types (b1, i1, u1). */
    public static NdArray ofBytes(DType dtype, byte[] data, int... shape) {
        requireStorage(dtype, 1, false);
        return new NdArray(dtype, shape, data, data.length);
    }

    /** Shorts interpreted as {@code dtype}: i2, u2, or f2 (raw binary16 bits, see {@link Half}). */
    public static NdArray ofShorts(DType dtype, short[] data, int... shape) {
        requireStorage(dtype, 2, true);
        return new NdArray(dtype, shape, data, data.length);
    }

    /** Half floats (f2) holding the nearest binary16 values of {@code values}. */
    public static NdArray halfOf(float[] values, int... shape) {
        short[] bits = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Half.fromFloat(values[i]);
        }
        return ofShorts(DType.FLOAT16, bits, shape);
    }

    /** A zero-filled array of the given type and shape. */
    public static NdArray zeros(DType dtype, int... shape) {
        long n = numel(shape);
        if (n > MAX_ELEMENTS) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + n
                    + " elements, more than a Java array can hold (" + MAX_ELEMENTS + ")");
        }
        int len = (int) n;
        return switch (dtype) {
            case BOOL, INT8, UINT8 -> ofBytes(dtype, new byte[len], shape);
            case INT16, UINT16, FLOAT16 -> ofShorts(dtype, new short[len], shape);
            case INT32 -> ofInts(new int[len], shape);
            case INT64 -> ofLongs(new long[len], shape);
            case FLOAT32 -> ofFloats(new float[len], shape);
            case FLOAT64 -> ofDoubles(new double[len], shape);
        };
    }

    private static void requireStorage(DType dtype, int itemSize, boolean allowHalf) {
        boolean isFloat = dtype == DType.FLOAT32 || dtype == DType.FLOAT64 || (!allowHalf && dtype == DType.FLOAT16);
        if (dtype.itemSize() != itemSize || isFloat) {
            throw new IllegalArgumentException("dtype " + dtype.code() + " is not stored in a "
                    + (itemSize == 1 ? "byte[]" : "short[]"));
        }
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int dim() {
        return shape.length;
    }

    public int size(int axis) {
        return shape[axis];
    }

    public int numel() {
        return (int) numel(shape);
    }

    public float[] floats() {
        return (float[]) expect(DType.FLOAT32);
    }

    public double[] doubles() {
        return (double[]) expect(DType.FLOAT64);
    }

    public int[] ints() {
        return (int[]) expect(DType.INT32);
    }

    public long[] longs() {
        return (long[]) expect(DType.INT64);
    }

    /** The storage of a 1-byte type (b1, i1, u1). */
    public byte[] bytes() {
        if (!(data instanceof byte[] b)) {
            throw new IllegalStateException("array is " + dtype.code() + ", not a 1-byte type");
        }
        return b;
    }

    /** The storage of a 2-byte type (i2, u2, or f2 as raw binary16 bits). */
    public short[] shorts() {
        if (!(data instanceof short[] s)) {
            throw new IllegalStateException("array is " + dtype.code() + ", not a 2-byte type");
        }
        return s;
    }

    private Object expect(DType wanted) {
        if (dtype != wanted) {
            throw new IllegalStateException("array is " + dtype.code() + ", not " + wanted.code());
        }
        return data;
    }

    /** The element at flat (C order) index {@code i} as a double, unsigned types widened. */
    public double getDouble(int i) {
        return switch (dtype) {
            case BOOL, UINT8 -> ((byte[]) data)[i] & 0xFF;
            case INT8 -> ((byte[]) data)[i];
            case INT16 -> ((short[]) data)[i];
            case UINT16 -> ((short[]) data)[i] & 0xFFFF;
            case FLOAT16 -> Half.toFloat(((short[]) data)[i]);
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
        };
    }

    /**
     * The values as floats: the live array for f4, a converted copy for every other type (u1 values
     * stay 0..255; the caller scales).
     */
    public float[] toFloatArray() {
        if (dtype == DType.FLOAT32) {
            return (float[]) data;
        }
        int n = numel();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** The same storage seen with another shape of the same element count. */
    public NdArray reshape(int... newShape) {
        return new NdArray(dtype, newShape, data, numel());
    }

    /** A copy of rows {@code [from, to)} along the first axis. */
    public NdArray rows(int from, int to) {
        if (shape.length == 0 || from < 0 || to > shape[0] || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of shape " + Arrays.toString(shape));
        }
        int rowSize = shape[0] == 0 ? 0 : numel() / shape[0];
        int[] outShape = shape.clone();
        outShape[0] = to - from;
        NdArray out = zeros(dtype, outShape);
        System.arraycopy(data, from * rowSize, out.data, 0, (to - from) * rowSize);
        return out;
    }

    @Override
    public String toString() {
        return "NdArray[" + dtype.code() + " " + Arrays.toString(shape) + "]";
    }
}
