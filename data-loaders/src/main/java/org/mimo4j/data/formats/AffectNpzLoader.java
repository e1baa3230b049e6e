package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpzReader;

/**
 * The shared reader behind {@link UrFunnyLoader} and {@link CmuMoseiLoader}: the
 * {@code {train,valid,test}.npz} files written by {@code scripts/convert_multibench.py} from the
 * MultiBench pickles, each with arrays {@code vision}, {@code audio}, {@code text} of shape
 * [N, T, features] and {@code labels} of shape [N] or [N, 1].
 */
final class AffectNpzLoader {
    /** Maps one raw label (regression score or class id) to a class index, or fails. */
    @FunctionalInterface
    interface LabelRule {
        int classOf(double label) throws DataFormatException;
    }

    private AffectNpzLoader() {
    }

    /**
     * @param features per-step feature sizes of vision, audio and text, in that order
     */
    static Splits load(Path root, String dataset, int[] features, int numClasses, LabelRule rule) throws IOException {
        return Splits.of(split(root, dataset, "train", features, numClasses, rule),
                split(root, dataset, "valid", features, numClasses, rule),
                split(root, dataset, "test", features, numClasses, rule));
    }

    private static Dataset split(Path root, String dataset, String split, int[] features, int numClasses,
            LabelRule rule) throws IOException {
        Path file = root.resolve(split + ".npz");
        Map<String, NdArray> arrays = NpzReader.read(file);
        String[] names = {"vision", "audio", "text"};
        Modality[] modalities = new Modality[3];
        int steps = -1;
        for (int m = 0; m < 3; m++) {
            NdArray a = require(arrays, names[m], file);
            int[] shape = a.shape();
            if (shape.length != 3 || shape[2] != features[m] || (steps >= 0 && shape[1] != steps)) {
                throw new DataFormatException(file + "!" + names[m] + ".npy", "array shape", "shape "
                        + Arrays.toString(shape) + "; expected [N, " + (steps >= 0 ? steps : "T") + ", " + features[m] + "]");
            }
            steps = shape[1];
            requireFinite(a, file + "!" + names[m] + ".npy");
            modalities[m] = ArrayModalities.of(names[m], a, 1f, false, file.toString(), shape[1], shape[2]);
        }
        int[] labels = labels(require(arrays, "labels", file), file + "!labels.npy", rule);
        ArrayModalities.requireSameCount(file.toString(), new String[] {"labels", "vision", "audio", "text"},
                labels.length, modalities[0].count(), modalities[1].count(), modalities[2].count());
        return new Dataset(dataset + "/" + split, List.of(modalities), labels, numClasses);
    }

    private static NdArray require(Map<String, NdArray> arrays, String key, Path file) throws DataFormatException {
        NdArray a = arrays.get(key);
        if (a == null) {
            throw new DataFormatException(file.toString(), "array '" + key + "'", "missing; the archive holds "
                    + arrays.keySet() + " and expected vision, audio, text and labels");
        }
        return a;
    }

    private static void requireFinite(NdArray a, String source) throws DataFormatException {
        int n = a.numel();
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a.getDouble(i))) {
                throw new DataFormatException(source, "element " + i, "value " + a.getDouble(i) + "; expected finite "
                        + "features (the converter replaces MultiBench's NaN and -inf by 0)");
            }
        }
    }

    private static int[] labels(NdArray a, String source, LabelRule rule) throws DataFormatException {
        int[] shape = a.shape();
        if (shape.length < 1 || shape.length > 2 || (shape.length == 2 && shape[1] != 1)) {
            throw new DataFormatException(source, "array shape", "shape " + Arrays.toString(shape)
                    + "; expected [N] or [N, 1] labels");
        }
        int[] out = new int[shape[0]];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = rule.classOf(a.getDouble(i));
            } catch (DataFormatException e) {
                throw new DataFormatException(source, "label " + i, e.getMessage(), e);
            }
        }
        return out;
    }
}
