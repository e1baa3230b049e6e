package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.Hdf5Reader;
import org.mimo4j.data.io.NdArray;

/**
 * Loads MM-IMDB from {@code multimodal_imdb.hdf5} (Arevalo et al. 2017, as used by MultiBench):
 * datasets {@code features} (N x 300 averaged word2vec of the plot), {@code vgg_features}
 * (N x 4096 VGG-16 of the poster) and {@code genres} (N x 23 multi-hot). Splits are the published
 * index ranges: train [0, 15552), validation [15552, 18160), test [18160, N) with N = 25,959.
 * Modalities {@code text} [300] and {@code image} [4096].
 */
public final class MmImdbLoader {
    public static final int GENRES = 23;
    public static final int TRAIN_END = 15552;
    public static final int VALIDATION_END = 18160;

    /** The three splits, each multi-label. */
    public record MmImdbSplits(MultiLabelSplit train, MultiLabelSplit validation, MultiLabelSplit test) {
    }

    private MmImdbLoader() {
    }

    public static MmImdbSplits load(Path file) throws IOException {
        return load(file, TRAIN_END, VALIDATION_END);
    }

    /** Loads with other split boundaries (for subsets of the file). */
    public static MmImdbSplits load(Path file, int trainEnd, int validationEnd) throws IOException {
        NdArray text;
        NdArray image;
        NdArray genres;
        try (Hdf5Reader r = Hdf5Reader.open(file)) {
            text = r.read("features");
            image = r.read("vgg_features");
            genres = r.read("genres");
        }
        String src = file.toString();
        Modality t = ArrayModalities.of("text", text, 1f, false, src + " dataset 'features'", 300);
        Modality v = ArrayModalities.of("image", image, 1f, false, src + " dataset 'vgg_features'", 4096);
        byte[] targets = multiHot(genres, src);
        int n = targets.length / GENRES;
        ArrayModalities.requireSameCount(src, new String[] {"genres", "features", "vgg_features"}, n, t.count(), v.count());
        if (!(0 < trainEnd && trainEnd < validationEnd && validationEnd < n)) {
            throw new DataFormatException(src, "sample count", n + " movies cannot be split at " + trainEnd + " and "
                    + validationEnd + "; expected more than " + validationEnd + " (25,959 published)");
        }
        return new MmImdbSplits(split("train", 0, trainEnd, t, v, targets), split("validation", trainEnd, validationEnd,
                t, v, targets), split("test", validationEnd, n, t, v, targets));
    }

    private static byte[] multiHot(NdArray genres, String src) throws DataFormatException {
        int[] shape = genres.shape();
        if (shape.length != 2 || shape[1] != GENRES) {
            throw new DataFormatException(src, "dataset 'genres'", "shape " + Arrays.toString(shape)
                    + "; expected [N, 23] multi-hot genres");
        }
        byte[] out = new byte[genres.numel()];
        for (int i = 0; i < out.length; i++) {
            double g = genres.getDouble(i);
            if (g != 0 && g != 1) {
                throw new DataFormatException(src, "dataset 'genres' element " + i, "value " + g + "; expected 0 or 1");
            }
            out[i] = (byte) g;
        }
        return out;
    }

    private static MultiLabelSplit split(String name, int from, int to, Modality text, Modality image, byte[] targets) {
        int[] rows = ArrayModalities.range(from, to);
        return new MultiLabelSplit("mm-imdb/" + name, List.of(text.select(rows), image.select(rows)),
                Arrays.copyOfRange(targets, from * GENRES, to * GENRES), GENRES);
    }
}
