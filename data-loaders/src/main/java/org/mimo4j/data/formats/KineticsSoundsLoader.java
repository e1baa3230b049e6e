package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.formats.ClipDatasetBuilder.Clip;
import org.mimo4j.data.io.CsvSplitReader;

/**
 * Loads Kinetics-Sounds in the layout of the MMPareto / PMR code: split lists {@code my_train.txt}
 * and {@code my_test.txt} with rows {@code id,10,class} (14,799 / 2,597 clips, 31 classes; the
 * middle column, the clip length in seconds, is optional and ignored), per-clip filter banks
 * {@code <audioFolder>/<id>.npy} of shape 1024 x 128, and frame folders {@code <frameFolder>/<id>/}.
 *
 * <p>Class indices are the sorted class names of the training list (the published code numbers them
 * by a separate stat file in the same sorted order); a test row with a class absent from training
 * fails. Modalities {@code audio} [1, 1024, 128] and {@code visual} [frames, 3, size, size].
 */
public final class KineticsSoundsLoader {
    /**
     * @param audioFolder folder of fbank .npy files
     * @param frameFolder folder of per-clip frame folders
     * @param fbankShape  the shape every fbank file must have (1024 x 128 published)
     * @param frames      frames per clip (3 in the published code)
     * @param imageSize   frame side length (224 published)
     * @param skipMissing leave out listed clips without audio or frames instead of failing
     */
    public record Options(String audioFolder, String frameFolder, int[] fbankShape, int frames, int imageSize,
            boolean skipMissing) {
        public static Options published() {
            return new Options("audio", "visual", new int[] {1024, 128}, 3, 224, false);
        }
    }

    private KineticsSoundsLoader() {
    }

    public static Splits load(Path root, Options o) throws IOException {
        Path trainList = root.resolve("my_train.txt");
        Path testList = root.resolve("my_test.txt");
        List<CsvSplitReader.Row> trainRows = read(trainList);
        List<CsvSplitReader.Row> testRows = read(testList);
        ClassIndex classes = ClassIndex.sortedFrom(trainRows, -1);
        return Splits.trainTest(split("train", trainRows, trainList, classes, root, o),
                split("test", testRows, testList, classes, root, o));
    }

    private static List<CsvSplitReader.Row> read(Path list) throws IOException {
        return CsvSplitReader.read(list, 2, 3, "id,10,class");
    }

    private static Dataset split(String name, List<CsvSplitReader.Row> rows, Path list, ClassIndex classes, Path root,
            Options o) throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (CsvSplitReader.Row row : rows) {
            clips.add(new Clip(row.field(0), classes.of(row.last(), list.toString(), row.line()), row.line()));
        }
        Path frameRoot = root.resolve(o.frameFolder());
        return ClipDatasetBuilder.build("kinetics-sounds/" + name, clips, list.toString(),
                ClipAudioSource.fbank(root.resolve(o.audioFolder()), o.fbankShape()), frameRoot::resolve,
                new ClipFrames(o.frames(), o.imageSize()), classes.size(), o.skipMissing());
    }
}
