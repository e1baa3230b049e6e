package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.Hdf5Reader;
import org.mimo4j.data.io.NdArray;

/**
 * Loads AVE (Audio-Visual Event localisation, Tian et al. 2018) from its released HDF5 features:
 * {@code audio_feature.h5} (N x 10 x 128 VGGish), {@code visual_feature.h5} (N x 10 x 7 x 7 x 512
 * VGG-19 pool5), {@code labels.h5} (N x 10 x 29 one-hot per second, column 28 = background), each
 * under the dataset {@code avadataset}, and {@code {train,val,test}_order.h5} (dataset {@code order},
 * 3,339 / 402 / 402 indices into N = 4,143).
 *
 * <p>Each video becomes one sample whose class (0..27) is its event: the non-background column with
 * the most labelled seconds. Modalities {@code audio} [10, 128] and {@code visual} [10, 7, 7, 512],
 * in the published layout.
 */
public final class AveLoader {
    public static final int CLASSES = 28;
    private static final int SECONDS = 10;
    private static final String KEY = "avadataset";

    private AveLoader() {
    }

    public static Splits load(Path root) throws IOException {
        Path audioFile = root.resolve("audio_feature.h5");
        Path visualFile = root.resolve("visual_feature.h5");
        Path labelFile = root.resolve("labels.h5");
        NdArray audio = Hdf5Reader.read(audioFile, KEY);
        NdArray visual = Hdf5Reader.read(visualFile, KEY);
        NdArray labels = Hdf5Reader.read(labelFile, KEY);
        Modality a = ArrayModalities.of("audio", audio, 1f, false, audioFile.toString(), SECONDS, 128);
        Modality v = ArrayModalities.of("visual", visual, 1f, false, visualFile.toString(), SECONDS, 7, 7, 512);
        int[] classes = videoClasses(labels, labelFile.toString());
        ArrayModalities.requireSameCount(root.toString(), new String[] {labelFile.toString(), audioFile.toString(),
            visualFile.toString()}, classes.length, a.count(), v.count());
        Dataset all = new Dataset("ave", List.of(a, v), classes, CLASSES);
        return Splits.of(subset(all, root, "train"), subset(all, root, "val"), subset(all, root, "test"));
    }

    private static int[] videoClasses(NdArray labels, String source) throws DataFormatException {
        int[] shape = labels.shape();
        if (shape.length != 3 || shape[1] != SECONDS || shape[2] != CLASSES + 1) {
            throw new DataFormatException(source, "dataset '" + KEY + "'", "shape " + Arrays.toString(shape)
                    + "; expected [N, 10, 29] per-second one-hot labels");
        }
        int[] out = new int[shape[0]];
        for (int i = 0; i < out.length; i++) {
            double[] seconds = new double[CLASSES];
            for (int t = 0; t < SECONDS; t++) {
                for (int c = 0; c < CLASSES; c++) {
                    seconds[c] += labels.getDouble((i * SECONDS + t) * (CLASSES + 1) + c);
                }
            }
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = seconds[c] > seconds[best] ? c : best;
            }
            if (seconds[best] <= 0) {
                throw new DataFormatException(source, "video " + i, "no second is labelled with an event; "
                        + "expected at least one non-background second per video");
            }
            out[i] = best;
        }
        return out;
    }

    private static Dataset subset(Dataset all, Path root, String split) throws IOException {
        Path file = root.resolve(split + "_order.h5");
        NdArray order = Hdf5Reader.read(file, "order");
        int[] indices = new int[order.numel()];
        for (int i = 0; i < indices.length; i++) {
            double v = order.getDouble(i);
            if (v != Math.rint(v) || v < 0 || v >= all.size()) {
                throw new DataFormatException(file.toString(), "order[" + i + "]", "value " + v
                        + " is not a video index; expected an integer in 0.." + (all.size() - 1));
            }
            indices[i] = (int) v;
        }
        return all.subset("ave/" + split, indices);
    }
}
