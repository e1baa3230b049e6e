package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DType;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyReader;
import org.mimo4j.data.io.NpyWriter;

/**
 * The stored form of one AV-Digits split: u1 images {@code [n, 1, 28, 28]}, u1 spectrograms
 * {@code [n, 1, freq, time]} (levels of {@link SpectrogramQuantizer}) and u1 labels {@code [n]},
 * kept as three .npy files {@code <split>-image.npy}, {@code <split>-audio.npy},
 * {@code <split>-label.npy}.
 */
public record SplitArrays(String split, byte[] images, byte[] audio, byte[] labels, int freq, int time) {
    public static final int IMAGE_SIDE = 28;
    public static final String IMAGE = "image";
    public static final String AUDIO = "audio";

    public int size() {
        return labels.length;
    }

    /**
     * The dataset view: images as pixel/255 in [0, 1]; spectrograms dequantised to natural-log
     * magnitudes (about -7..5, typically mean -1 and spread 0.8), not to [0, 1], where the noise
     * would leave them a spread of 0.05 that a freshly initialised network barely sees.
     */
    public Dataset toDataset() {
        int[] y = new int[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        return new Dataset("av-digits/" + split, List.of(
                Modality.ofQuantized(IMAGE, images, 1f / 255f, 0f, 1, IMAGE_SIDE, IMAGE_SIDE),
                Modality.ofQuantized(AUDIO, audio, SpectrogramQuantizer.STEP, SpectrogramQuantizer.LOW, 1, freq, time)), y, 10);
    }

    public void write(Path dir) throws IOException {
        int n = size();
        NpyWriter.write(dir.resolve(split + "-image.npy"), NdArray.ofBytes(DType.UINT8, images, n, 1, IMAGE_SIDE, IMAGE_SIDE));
        NpyWriter.write(dir.resolve(split + "-audio.npy"), NdArray.ofBytes(DType.UINT8, audio, n, 1, freq, time));
        NpyWriter.write(dir.resolve(split + "-label.npy"), NdArray.ofBytes(DType.UINT8, labels, n));
    }

    /** Reads a split written by {@link #write}, checking types and shapes against each other. */
    public static SplitArrays read(Path dir, String split, int freq, int time) throws IOException {
        NdArray labels = expect(dir.resolve(split + "-label.npy"), -1, new int[0]);
        int n = labels.size(0);
        NdArray images = expect(dir.resolve(split + "-image.npy"), n, new int[] {1, IMAGE_SIDE, IMAGE_SIDE});
        NdArray audio = expect(dir.resolve(split + "-audio.npy"), n, new int[] {1, freq, time});
        for (int i = 0; i < n; i++) {
            if ((labels.bytes()[i] & 0xFF) > 9) {
                throw new DataFormatException(dir.resolve(split + "-label.npy").toString(), "element " + i,
                        "label " + (labels.bytes()[i] & 0xFF) + " is out of range; expected 0..9");
            }
        }
        return new SplitArrays(split, images.bytes(), audio.bytes(), labels.bytes(), freq, time);
    }

    private static NdArray expect(Path file, int n, int[] sampleShape) throws IOException {
        NdArray a = NpyReader.read(file);
        int[] want = new int[sampleShape.length + 1];
        want[0] = n < 0 ? (a.dim() > 0 ? a.size(0) : -1) : n;
        System.arraycopy(sampleShape, 0, want, 1, sampleShape.length);
        if (a.dtype() != DType.UINT8 || !java.util.Arrays.equals(a.shape(), want)) {
            throw new DataFormatException(file.toString(), "header", "holds " + a + "; expected u1 "
                    + java.util.Arrays.toString(want));
        }
        return a;
    }
}
