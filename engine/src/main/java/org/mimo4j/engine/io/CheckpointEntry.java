package org.mimo4j.engine.io;

import java.util.Arrays;

/**
 * One named array stored in a checkpoint: float32 data with a shape (parameters, buffers, optimizer
 * slots) or int64 data (step counts, RNG state). Read entries remember the file offset of their data
 * so that error messages can point at it.
 */
public final class CheckpointEntry {

    /** Element type of an entry; the code is the byte stored in the file header. */
    public enum DType {
        FLOAT32(1, Float.BYTES), INT64(2, Long.BYTES);

        final int code;
        final int bytes;

        DType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        static DType ofCode(int code) {
            for (DType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    private final String name;
    private final DType dtype;
    private final int[] shape;
    private final float[] floats;
    private final long[] longs;
    private final long offset;

    private CheckpointEntry(String name, DType dtype, int[] shape, float[] floats, long[] longs, long offset) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.floats = floats;
        this.longs = longs;
        this.offset = offset;
        long n = numel(this.shape);
        long have = floats != null ? floats.length : longs.length;
        if (n != have) {
            throw new IllegalArgumentException("entry '" + name + "': shape " + Arrays.toString(shape)
                    + " holds " + n + " elements but the data has " + have);
        }
    }

    /** A float32 entry; {@code data} is referenced, not copied. */
    public static CheckpointEntry ofFloats(String name, int[] shape, float[] data) {
        return new CheckpointEntry(name, DType.FLOAT32, shape, data, null, -1);
    }

    /** A one-dimensional int64 entry; {@code data} is referenced, not copied. */
    public static CheckpointEntry ofLongs(String name, long[] data) {
        return new CheckpointEntry(name, DType.INT64, new int[] {data.length}, null, data, -1);
    }

    static CheckpointEntry read(String name, DType dtype, int[] shape, float[] floats, long[] longs, long offset) {
        return new CheckpointEntry(name, dtype, shape, floats, longs, offset);
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** Byte offset of this entry's data in the file it was read from, or -1 for an entry built in memory. */
    public long offset() {
        return offset;
    }

    public long numel() {
        return numel(shape);
    }

    /** The float32 data; fails naming the entry if it holds int64 data. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("checkpoint entry '" + name + "' holds " + dtype + ", not FLOAT32");
        }
        return floats;
    }

    /** The int64 data; fails naming the entry if it holds float32 data. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("checkpoint entry '" + name + "' holds " + dtype + ", not INT64");
        }
        return longs;
    }

    static long numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
