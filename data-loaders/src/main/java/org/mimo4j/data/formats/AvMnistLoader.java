package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;
import org.mimo4j.data.io.NpyReader;

/**
 * Loads AV-MNIST in the MultiBench layout: {@code image/{train,test}_data.npy} (N x 784 or
 * N x 28 x 28, values 0..255), {@code audio/{train,test}_data.npy} (N x 112 x 112 spectrograms,
 * values 0..255) and {@code {train,test}_labels.npy} (digits 0..9). As in MultiBench both modalities
 * are divided by 255 and the last {@code validationSize} rows of the train files (5,000 in the
 * published split) are the validation set.
 *
 * <p>Modalities: {@code image} [1, 28, 28] and {@code audio} [1, 112, 112].
 */
public final class AvMnistLoader {
    public static final int CLASSES = 10;
    public static final int PUBLISHED_VALIDATION_SIZE = 5000;

    private AvMnistLoader() {
    }

    /** Loads the published split (the last 5,000 train rows are validation). */
    public static Splits load(Path root) throws IOException {
        return load(root, PUBLISHED_VALIDATION_SIZE);
    }

    public static Splits load(Path root, int validationSize) throws IOException {
        Dataset train = split(root, "train");
        int n = train.size();
        if (validationSize < 0 || validationSize >= n) {
            throw new DataFormatException(root.resolve("train_labels.npy").toString(), "sample count", n
                    + " train samples cannot give a validation split of " + validationSize
                    + "; expected more than " + validationSize + " rows");
        }
        return Splits.of(train.subset("av-mnist/train", ArrayModalities.range(0, n - validationSize)),
                train.subset("av-mnist/validation", ArrayModalities.range(n - validationSize, n)),
                split(root, "test"));
    }

    private static Dataset split(Path root, String split) throws IOException {
        Path imageFile = root.resolve("image").resolve(split + "_data.npy");
        Path audioFile = root.resolve("audio").resolve(split + "_data.npy");
        Path labelFile = root.resolve(split + "_labels.npy");
        NdArray image = NpyReader.read(imageFile);
        NdArray audio = NpyReader.read(audioFile);
        int[] labels = ArrayModalities.labels(NpyReader.read(labelFile), CLASSES, labelFile.toString());
        Modality img = ArrayModalities.of("image", image, 1f / 255, true, imageFile.toString(), 1, 28, 28);
        Modality aud = ArrayModalities.of("audio", audio, 1f / 255, true, audioFile.toString(), 1, 112, 112);
        ArrayModalities.requireSameCount(root.toString(), new String[] {labelFile.toString(), imageFile.toString(),
            audioFile.toString()}, labels.length, img.count(), aud.count());
        return new Dataset("av-mnist/" + split, List.of(img, aud), labels, CLASSES);
    }
}
