package org.mimo4j.data.formats;

import java.util.Arrays;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DType;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;

/**
 * Turns arrays read from published files into {@link Modality modalities} and label vectors, with
 * the checks every loader needs: expected per-sample shape, matching sample counts, labels in range.
 */
final class ArrayModalities {
    private ArrayModalities() {
    }

    /**
     * A modality from an {@code [N, ...]} array whose per-sample shape must equal {@code sampleShape}
     * (element counts equal is enough when {@code reshape} is true, e.g. MNIST rows of 784 to 1x28x28).
     * Unsigned bytes stay quantised ({@code q * scale}); everything else becomes floats times {@code scale}
     * (float32 storage is scaled in place: the array is consumed).
     */
    static Modality of(String name, NdArray array, float scale, boolean reshape, String source, int... sampleShape)
            throws DataFormatException {
        int[] shape = array.shape();
        int[] actual = shape.length == 0 ? shape : Arrays.copyOfRange(shape, 1, shape.length);
        boolean ok = shape.length >= 1 && (Arrays.equals(actual, sampleShape)
                || (reshape && NdArray.numel(actual) == NdArray.numel(sampleShape)));
        if (!ok) {
            throw new DataFormatException(source, "array shape", "shape " + Arrays.toString(shape)
                    + "; expected [N, " + Arrays.toString(sampleShape).replaceAll("[\\[\\]]", "") + "] for " + name);
        }
        if (array.dtype() == DType.UINT8) {
            return Modality.ofQuantized(name, array.bytes(), scale, 0f, sampleShape);
        }
        // The array was just read for this modality, so scaling its float storage in place is safe.
        float[] values = array.toFloatArray();
        if (scale != 1f) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= scale;
            }
        }
        return Modality.ofFloats(name, values, sampleShape);
    }

    /** Class labels from an integer (or integral float) array of shape [N] or [N, 1], each in 0..numClasses-1. */
    static int[] labels(NdArray array, int numClasses, String source) throws DataFormatException {
        int[] shape = array.shape();
        if (shape.length < 1 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw new DataFormatException(source, "label array shape", "shape " + Arrays.toString(shape)
                    + "; expected [N] or [N, 1] class indices");
        }
        int[] out = new int[shape[0]];
        for (int i = 0; i < out.length; i++) {
            double v = array.getDouble(i);
            if (v != Math.rint(v) || v < 0 || v >= numClasses) {
                throw new DataFormatException(source, "label " + i, "value " + v + " is not a class index; expected an "
                        + "integer in 0.." + (numClasses - 1));
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** Fails unless every count equals the first, naming each array. */
    static void requireSameCount(String source, String[] names, int... counts) throws DataFormatException {
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] != counts[0]) {
                throw new DataFormatException(source, "sample counts", names[i] + " has " + counts[i] + " samples but "
                        + names[0] + " has " + counts[0] + "; expected the same number in every array");
            }
        }
    }

    /** The indices {@code from..to-1}. */
    static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
