package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyReader;

/**
 * Where a clip's audio features come from: a WAV file turned into a log spectrogram
 * ({@link ClipAudio}), or a precomputed filter-bank {@code .npy} of a fixed shape (the fbank
 * variants of Kinetics-Sounds and CREMA-D).
 */
interface ClipAudioSource {
    /** The per-clip feature shape, without a channel axis. */
    int[] shape();

    /** The feature file of {@code clip}. */
    Path file(String clip);

    /** The features of {@code clip}, {@code numel(shape())} floats. */
    float[] read(String clip) throws IOException;

    /** Log spectrograms of {@code <folder>/<clip>.wav}. */
    static ClipAudioSource wav(Path folder, ClipAudio recipe) {
        return new ClipAudioSource() {
            @Override
            public int[] shape() {
                return recipe.shape();
            }

            @Override
            public Path file(String clip) {
                return folder.resolve(clip + ".wav");
            }

            @Override
            public float[] read(String clip) throws IOException {
                return recipe.spectrogram(file(clip));
            }
        };
    }

    /** Filter banks stored as {@code <folder>/<clip>.npy}, each of exactly {@code shape}. */
    static ClipAudioSource fbank(Path folder, int... shape) {
        return new ClipAudioSource() {
            @Override
            public int[] shape() {
                return shape.clone();
            }

            @Override
            public Path file(String clip) {
                return folder.resolve(clip + ".npy");
            }

            @Override
            public float[] read(String clip) throws IOException {
                NdArray a = NpyReader.read(file(clip));
                if (!Arrays.equals(a.shape(), shape)) {
                    throw new DataFormatException(file(clip).toString(), "header field 'shape'", "fbank shape "
                            + Arrays.toString(a.shape()) + "; expected " + Arrays.toString(shape));
                }
                return a.toFloatArray();
            }
        };
    }
}
