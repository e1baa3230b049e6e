package org.mimo4j.data.features;

import java.util.Arrays;

/**
 * Cuts leading and trailing silence: a frame is silent when its RMS is more than
 * {@code thresholdDb} below the loudest frame's RMS. Relative to the loudest frame so the same
 * threshold works for quiet telephone prompts and loud synthetic speech.
 */
public final class SilenceTrimmer {
    private final int frameLength;
    private final double thresholdDb;

    /**
     * @param frameLength samples per analysis frame (e.g. 80 = 10 ms at 8 kHz)
     * @param thresholdDb how far below the loudest frame a frame counts as silence (positive dB, e.g. 40)
     */
    public SilenceTrimmer(int frameLength, double thresholdDb) {
        if (frameLength < 1) {
            throw new IllegalArgumentException("silence frame length must be positive, got " + frameLength);
        }
        if (!(thresholdDb > 0)) {
            throw new IllegalArgumentException("silence threshold must be a positive dB value, got " + thresholdDb);
        }
        this.frameLength = frameLength;
        this.thresholdDb = thresholdDb;
    }

    /** The signal without silent frames at either end; an all-silent signal comes back empty. */
    public float[] trim(float[] signal) {
        int frames = (signal.length + frameLength - 1) / frameLength;
        double[] rms = new double[frames];
        double loudest = 0.0;
        for (int f = 0; f < frames; f++) {
            rms[f] = rms(signal, f * frameLength, Math.min(signal.length, (f + 1) * frameLength));
            loudest = Math.max(loudest, rms[f]);
        }
        if (loudest == 0.0) {
            return new float[0];
        }
        double threshold = loudest * Math.pow(10, -thresholdDb / 20);
        int first = 0;
        while (rms[first] < threshold) {
            first++;
        }
        int last = frames - 1;
        while (rms[last] < threshold) {
            last--;
        }
        return Arrays.copyOfRange(signal, first * frameLength, Math.min(signal.length, (last + 1) * frameLength));
    }

    private static double rms(float[] x, int from, int to) {
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            sum += (double) x[i] * x[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
