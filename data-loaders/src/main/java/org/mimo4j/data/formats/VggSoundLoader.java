package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.formats.ClipDatasetBuilder.Clip;
import org.mimo4j.data.io.CsvSplitReader;
import org.mimo4j.data.io.DataFormatException;

/**
 * Loads VGGSound from the official {@code vggsound.csv} (rows {@code id,start,label,split}, split
 * {@code train} or {@code test}, 309 classes) with audio {@code <audioFolder>/<id>_<start>.wav} and
 * frame folders {@code <frameFolder>/<id>_<start>/}, the clip naming of the OGM-GE loader.
 *
 * <p>Audio follows OGM-GE (16 kHz, 5 s, n_fft 256, hop 128 -> 129 x 626 log spectrogram, centre
 * window instead of a random one, see {@link ClipAudio}). Class indices are the sorted label names
 * of the train rows. Modalities {@code audio} [1, 129, 626] and {@code visual} [frames, 3, size, size].
 */
public final class VggSoundLoader {
    /**
     * @param audioFolder folder of WAV files
     * @param frameFolder folder of per-clip frame folders
     * @param frames      frames per clip
     * @param imageSize   frame side length
     * @param skipMissing leave out listed clips without audio or frames (many YouTube videos are gone)
     */
    public record Options(String audioFolder, String frameFolder, int frames, int imageSize, boolean skipMissing) {
        public static Options ogmGe() {
            return new Options("audio", "frames", 1, 224, false);
        }
    }

    private VggSoundLoader() {
    }

    public static Splits load(Path root, Options o) throws IOException {
        Path csv = root.resolve("vggsound.csv");
        List<CsvSplitReader.Row> rows = CsvSplitReader.read(csv, 4, 4, "id,start,label,split");
        List<CsvSplitReader.Row> train = new ArrayList<>();
        List<CsvSplitReader.Row> test = new ArrayList<>();
        for (CsvSplitReader.Row row : rows) {
            switch (row.field(3)) {
                case "train" -> train.add(row);
                case "test" -> test.add(row);
                default -> throw new DataFormatException(csv.toString(), "line " + row.line(), "split '" + row.field(3)
                        + "'; expected 'train' or 'test'");
            }
        }
        ClassIndex classes = ClassIndex.sortedFrom(train, 2);
        return Splits.trainTest(split("train", train, csv, classes, root, o), split("test", test, csv, classes, root, o));
    }

    private static Dataset split(String name, List<CsvSplitReader.Row> rows, Path csv, ClassIndex classes, Path root,
            Options o) throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (CsvSplitReader.Row row : rows) {
            String clip = row.field(0) + "_" + row.field(1);
            clips.add(new Clip(clip, classes.of(row.field(2), csv.toString(), row.line()), row.line()));
        }
        Path frameRoot = root.resolve(o.frameFolder());
        return ClipDatasetBuilder.build("vggsound/" + name, clips, csv.toString(),
                ClipAudioSource.wav(root.resolve(o.audioFolder()), ClipAudio.vggSound()), frameRoot::resolve,
                new ClipFrames(o.frames(), o.imageSize()), classes.size(), o.skipMissing());
    }
}
