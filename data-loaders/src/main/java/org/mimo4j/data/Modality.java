package org.mimo4j.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One modality of an in-memory dataset: {@code count} samples of one fixed shape, stored either as
 * floats or as bytes quantised to 256 levels ({@code value = q * scale + offset}). Quantised storage
 * keeps large spectrogram sets at a quarter of the memory; samples are dequantised when copied.
 */
public final class Modality {
    private final String name;
    private final int[] sampleShape;
    private final int sampleSize;
    private final int count;
    private final float[] floats;
    private final byte[] bytes;
    private final float scale;
    private final float offset;

    private Modality(String name, int[] sampleShape, int length, float[] floats, byte[] bytes, float scale, float offset) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("modality name must not be empty");
        }
        long size = 1;
        for (int d : sampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("modality '" + name + "': sample shape " + Arrays.toString(sampleShape)
                        + " has a non-positive dimension");
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE || length % size != 0) {
            throw new IllegalArgumentException("modality '" + name + "': " + length + " values are not a whole number"
                    + " of samples of shape " + Arrays.toString(sampleShape));
        }
        this.name = name;
        this.sampleShape = sampleShape.clone();
        this.sampleSize = (int) size;
        this.count = (int) (length / size);
        this.floats = floats;
        this.bytes = bytes;
        this.scale = scale;
        this.offset = offset;
    }

    /** Float samples, concatenated in sample order (wrapped, not copied). */
    public static Modality ofFloats(String name, float[] data, int... sampleShape) {
        return new Modality(name, sampleShape, data.length, data, null, 1f, 0f);
    }

    /** Byte samples read as unsigned levels 0..255 and dequantised to {@code q * scale + offset}. */
    public static Modality ofQuantized(String name, byte[] data, float scale, float offset, int... sampleShape) {
        if (!Float.isFinite(scale) || !Float.isFinite(offset) || scale == 0f) {
            throw new IllegalArgumentException("modality '" + name + "': quantisation scale " + scale + " and offset "
                    + offset + " must be finite with a non-zero scale");
        }
        return new Modality(name, sampleShape, data.length, null, data, scale, offset);
    }

    public String name() {
        return name;
    }

    /** A copy of the shape of one sample (without the batch axis). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Values per sample. */
    public int sampleSize() {
        return sampleSize;
    }

    /** Number of samples. */
    public int count() {
        return count;
    }

    /** Copies sample {@code index}, dequantised, into {@code dst} starting at {@code dstOffset}. */
    public void copySample(int index, float[] dst, int dstOffset) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("modality '" + name + "': sample " + index + " of " + count);
        }
        int from = index * sampleSize;
        if (floats != null) {
            System.arraycopy(floats, from, dst, dstOffset, sampleSize);
            return;
        }
        for (int i = 0; i < sampleSize; i++) {
            dst[dstOffset + i] = (bytes[from + i] & 0xFF) * scale + offset;
        }
    }

    /** The samples at {@code indices}, in that order, in the same storage kind. */
    public Modality select(int[] indices) {
        if (floats != null) {
            float[] out = new float[indices.length * sampleSize];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(floats, checked(indices[i]) * sampleSize, out, i * sampleSize, sampleSize);
            }
            return ofFloats(name, out, sampleShape);
        }
        byte[] out = new byte[indices.length * sampleSize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(bytes, checked(indices[i]) * sampleSize, out, i * sampleSize, sampleSize);
        }
        return ofQuantized(name, out, scale, offset, sampleShape);
    }

    private int checked(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("modality '" + name + "': sample " + index + " of " + count);
        }
        return index;
    }

    /** Feeds the name, shape, storage kind and raw stored values into {@code md}. */
    void digest(MessageDigest md) {
        md.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ByteBuffer header = ByteBuffer.allocate(4 * sampleShape.length + 9);
        for (int d : sampleShape) {
            header.putInt(d);
        }
        header.put((byte) (floats != null ? 0 : 1)).putFloat(scale).putFloat(offset);
        md.update(header.array());
        if (bytes != null) {
            md.update(bytes);
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        for (float v : floats) {
            if (!b.hasRemaining()) {
                md.update(b.array(), 0, b.position());
                b.clear();
            }
            b.putFloat(v);
        }
        md.update(b.array(), 0, b.position());
    }
}
