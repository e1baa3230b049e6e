package org.mimo4j.data.avdigits;

import org.mimo4j.data.features.WhiteNoise;
import org.mimo4j.engine.tensor.Rng;

/**
 * Places a prepared digit clip in a fixed window the way AV-Digits samples are made: a random gain
 * (uniform in dB), a random start offset (the clip fits entirely; a longer clip is cut to the
 * window), then white noise over the whole window at an SNR drawn uniformly in dB. The SNR is
 * measured against the clip's own power, not the window's, so it means "how loud is the speech
 * over the noise" whatever the clip's length.
 */
public final class AudioMixer {
    private final int window;
    private final double gainMinDb;
    private final double gainMaxDb;
    private final double snrMinDb;
    private final double snrMaxDb;

    public AudioMixer(int window, double gainMinDb, double gainMaxDb, double snrMinDb, double snrMaxDb) {
        if (window < 1) {
            throw new IllegalArgumentException("mixing window must be positive, got " + window);
        }
        this.window = window;
        this.gainMinDb = gainMinDb;
        this.gainMaxDb = gainMaxDb;
        this.snrMinDb = snrMinDb;
        this.snrMaxDb = snrMaxDb;
    }

    /** A new {@code window}-sample signal holding {@code clip}; all draws come from {@code rng}. */
    public float[] mix(float[] clip, Rng rng) {
        int length = Math.min(clip.length, window);
        double gain = Math.pow(10, uniform(rng, gainMinDb, gainMaxDb) / 20);
        int offset = rng.nextInt(window - length + 1);
        double snrDb = uniform(rng, snrMinDb, snrMaxDb);
        float[] out = new float[window];
        double power = 0;
        for (int i = 0; i < length; i++) {
            float v = (float) (clip[i] * gain);
            out[offset + i] = v;
            power += (double) v * v;
        }
        return WhiteNoise.addAtSnr(out, power / Math.max(1, length), snrDb, rng);
    }

    private static double uniform(Rng rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
