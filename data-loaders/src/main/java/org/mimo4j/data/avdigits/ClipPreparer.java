package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.file.Path;
import org.mimo4j.data.features.PeakNormalizer;
import org.mimo4j.data.features.Resampler;
import org.mimo4j.data.features.SilenceTrimmer;
import org.mimo4j.data.io.DataFormatException;
import org.mimo4j.data.io.WavReader;

/**
 * Turns one source WAV (any rate, mono or stereo) into a clean digit clip: mono, resampled to the
 * dataset rate, leading and trailing silence cut (40 dB below the loudest 10 ms), peak 1.0. Every
 * voice then starts equal, and the dataset's own random offset, gain and noise do the rest.
 */
public final class ClipPreparer {
    private static final double SILENCE_DB = 40;
    private final int rate;
    private final SilenceTrimmer trimmer;

    public ClipPreparer(int rate) {
        this.rate = rate;
        this.trimmer = new SilenceTrimmer(Math.max(1, rate / 100), SILENCE_DB);
    }

    public float[] prepare(Path wav) throws IOException {
        var audio = WavReader.read(wav);
        float[] trimmed = trimmer.trim(Resampler.resample(audio.mono(), audio.sampleRate(), rate));
        if (trimmed.length == 0) {
            throw new DataFormatException(wav.toString(), "data chunk", "the clip is silent; expected a spoken digit");
        }
        return PeakNormalizer.normalize(trimmed, 1.0);
    }
}
