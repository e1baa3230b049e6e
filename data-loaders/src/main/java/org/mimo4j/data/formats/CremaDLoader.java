package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.formats.ClipDatasetBuilder.Clip;
import org.mimo4j.data.io.CsvSplitReader;

/**
 * Loads CREMA-D in the OGM-GE layout: {@code train.csv} / {@code test.csv} with rows
 * {@code clip,LABEL} (6,698 / 744 rows; labels NEU HAP SAD FEA DIS ANG, indexed in that order as in
 * OGM-GE), audio {@code AudioWAV/<clip>.wav} and frames {@code Image-01-FPS/<clip>/*.jpg}.
 *
 * <p>Audio: by default the OGM-GE log spectrogram (22,050 Hz, 3 s, n_fft 512, hop 353 -> 257 x 188,
 * see {@link ClipAudio}); with {@link Options#fbankFolder} set, precomputed filter banks
 * {@code <fbankFolder>/<clip>.npy} of {@link Options#fbankShape} instead (the MMPareto-style
 * variant). Visual: {@link Options#frames} evenly spaced RGB frames of {@link Options#imageSize}
 * pixels (1 in OGM-GE, 2 in MMPareto). Modalities {@code audio} [1, F, T], {@code visual}
 * [frames, 3, size, size].
 */
public final class CremaDLoader {
    /** OGM-GE's class_dict order. */
    public static final List<String> CLASSES = List.of("NEU", "HAP", "SAD", "FEA", "DIS", "ANG");

    /**
     * @param frames      frames per clip
     * @param imageSize   frame side length after resizing (224 in the published code)
     * @param frameFolder folder of per-clip frame folders, {@code Image-01-FPS} in OGM-GE
     * @param fbankFolder folder of per-clip fbank .npy files, or null to compute spectrograms from WAV
     * @param fbankShape  the shape every fbank file must have
     * @param skipMissing leave out listed clips without audio or frames instead of failing
     */
    public record Options(int frames, int imageSize, String frameFolder, String fbankFolder, int[] fbankShape,
            boolean skipMissing) {
        /** OGM-GE: one frame at 224 x 224, spectrograms from WAV, missing clips are an error. */
        public static Options ogmGe() {
            return new Options(1, 224, "Image-01-FPS", null, null, false);
        }
    }

    private CremaDLoader() {
    }

    public static Splits load(Path root, Options options) throws IOException {
        return Splits.trainTest(split(root, "train", options), split(root, "test", options));
    }

    private static Dataset split(Path root, String split, Options o) throws IOException {
        Path csv = root.resolve(split + ".csv");
        ClassIndex classes = new ClassIndex(CLASSES);
        List<Clip> clips = new ArrayList<>();
        for (CsvSplitReader.Row row : CsvSplitReader.read(csv, 2, 2, "clip,label (label one of " + CLASSES + ")")) {
            clips.add(new Clip(row.field(0), classes.of(row.field(1), csv.toString(), row.line()), row.line()));
        }
        ClipAudioSource audio = o.fbankFolder() == null ? ClipAudioSource.wav(root.resolve("AudioWAV"), ClipAudio.cremaD())
                : ClipAudioSource.fbank(root.resolve(o.fbankFolder()), o.fbankShape());
        Path frameRoot = root.resolve(o.frameFolder());
        return ClipDatasetBuilder.build("crema-d/" + split, clips, csv.toString(), audio, frameRoot::resolve,
                new ClipFrames(o.frames(), o.imageSize()), CLASSES.size(), o.skipMissing());
    }
}
