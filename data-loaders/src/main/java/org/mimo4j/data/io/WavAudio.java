package org.mimo4j.data.io;

/**
 * Decoded PCM audio: samples per channel as floats in [-1, 1), with the rate and the sample width
 * of the file they came from.
 *
 * @param sampleRate    samples per second per channel
 * @param bitsPerSample 8 (unsigned) or 16 (signed little-endian), as stored in the file
 * @param channels      one array per channel, all of the same length
 */
public record WavAudio(int sampleRate, int bitsPerSample, float[][] channels) {

    /** Samples per channel. */
    public int frames() {
        return channels[0].length;
    }

    /** The channels averaged into one (the channel itself for mono input). */
    public float[] mono() {
        if (channels.length == 1) {
            return channels[0];
        }
        float[] out = new float[frames()];
        for (float[] ch : channels) {
            for (int i = 0; i < out.length; i++) {
                out[i] += ch[i];
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= channels.length;
        }
        return out;
    }
}
