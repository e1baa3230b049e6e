package org.mimo4j.mimo.train;

/**
 * Where training stands, saved in every checkpoint so that {@code --resume} continues exactly: the
 * epoch and the batch position inside it, the global step, the early-stopping record and the running
 * cost totals.
 */
final class TrainState {
    int epoch;
    int batchInEpoch;
    long globalStep;
    double bestValidation = Double.NEGATIVE_INFINITY;
    int bestEpoch = -1;
    int epochsSinceBest;
    long subroutineNanos;
    double trainSeconds;
    int epochsDone;

    /** The state as int64 words (doubles by their bits), for a checkpoint entry. */
    long[] encode() {
        return new long[] {epoch, batchInEpoch, globalStep, Double.doubleToRawLongBits(bestValidation), bestEpoch,
                epochsSinceBest, subroutineNanos, Double.doubleToRawLongBits(trainSeconds), epochsDone};
    }

    /** The inverse of {@link #encode}. */
    static TrainState decode(long[] w) {
        if (w.length != 9) {
            throw new IllegalArgumentException("trainer state has " + w.length + " words; expected 9");
        }
        TrainState s = new TrainState();
        s.epoch = (int) w[0];
        s.batchInEpoch = (int) w[1];
        s.globalStep = w[2];
        s.bestValidation = Double.longBitsToDouble(w[3]);
        s.bestEpoch = (int) w[4];
        s.epochsSinceBest = (int) w[5];
        s.subroutineNanos = w[6];
        s.trainSeconds = Double.longBitsToDouble(w[7]);
        s.epochsDone = (int) w[8];
        return s;
    }
}
