package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.NdArray;

/**
 * Builds an audio-visual {@link Dataset} from a list of clips, as the CREMA-D, Kinetics-Sounds and
 * VGGSound loaders need: modality {@code audio} [1, F, T] from a {@link ClipAudioSource} and
 * modality {@code visual} [frames, 3, size, size] as quantised bytes (value / 255).
 *
 * <p>A clip whose audio file or frame folder is missing either fails, naming the split file and
 * line that listed it, or (with {@code skipMissing}, as the published PyTorch loaders do silently)
 * is left out.
 */
final class ClipDatasetBuilder {
    /** One listed clip: its file stem, class index and the split-file line that named it. */
    record Clip(String name, int label, int line) {
    }

    private ClipDatasetBuilder() {
    }

    static Dataset build(String name, List<Clip> clips, String listFile, ClipAudioSource audio,
            Function<String, Path> frameDir, ClipFrames frames, int numClasses, boolean skipMissing) throws IOException {
        List<Clip> present = new ArrayList<>();
        for (Clip c : clips) {
            Path audioFile = audio.file(c.name());
            Path dir = frameDir.apply(c.name());
            boolean ok = Files.isRegularFile(audioFile) && Files.isDirectory(dir);
            if (ok) {
                present.add(c);
            } else if (!skipMissing) {
                throw new DataFormatException(listFile, "line " + c.line(), "clip '" + c.name() + "' has no "
                        + (Files.isRegularFile(audioFile) ? "frame folder " + dir : "audio file " + audioFile)
                        + "; expected both (or load with skipMissing to leave such clips out)");
            }
        }
        int audioSize = (int) NdArray.numel(audio.shape());
        int frameSize = (int) NdArray.numel(frames.shape());
        float[] audioData = new float[Math.multiplyExact(present.size(), audioSize)];
        byte[] frameData = new byte[Math.multiplyExact(present.size(), frameSize)];
        int[] labels = new int[present.size()];
        for (int i = 0; i < present.size(); i++) {
            Clip c = present.get(i);
            System.arraycopy(audio.read(c.name()), 0, audioData, i * audioSize, audioSize);
            frames.read(frameDir.apply(c.name()), frameData, i * frameSize);
            labels[i] = c.label();
        }
        int[] audioShape = audio.shape();
        Modality a = Modality.ofFloats("audio", audioData, 1, audioShape[0], audioShape[1]);
        Modality v = Modality.ofQuantized("visual", frameData, 1f / 255, 0f, frames.shape());
        return new Dataset(name, List.of(a, v), labels, numClasses);
    }
}
