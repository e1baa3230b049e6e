package org.mimo4j.mimo.train;

import org.mimo4j.engine.io.CheckpointData;
import org.mimo4j.engine.io.CheckpointEntry;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.mimo.moo.Mimo;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.StepContext;

/**
 * Carries a method's own state across a checkpoint. Of the methods, only MIMO keeps state between
 * steps: the moving average u of the unimodal losses. It is saved as raw double bits and restored
 * through MIMO's documented first-step rule (u is set to the losses of the first plan call), by one
 * priming call with the saved u before training continues, so the resumed average is bit-identical.
 */
final class MethodState {
    private static final String MIMO_U = "method/mimo.u";

    private MethodState() {
    }

    static void save(MultiObjectiveMethod method, CheckpointData d) {
        if (method instanceof Mimo m && m.smoothedLosses().length > 0) {
            double[] u = m.smoothedLosses();
            long[] bits = new long[u.length];
            for (int i = 0; i < u.length; i++) {
                bits[i] = Double.doubleToRawLongBits(u[i]);
            }
            d.add(CheckpointEntry.ofLongs(MIMO_U, bits));
        }
    }

    /** Restores what {@link #save} wrote into a freshly built method. */
    static void restore(MultiObjectiveMethod method, CheckpointData d) {
        CheckpointEntry e = d.get(MIMO_U);
        if (e == null || !(method instanceof Mimo)) {
            return;
        }
        long[] bits = e.longs();
        double[] losses = new double[bits.length + 1];
        for (int i = 0; i < bits.length; i++) {
            losses[i + 1] = Double.longBitsToDouble(bits[i]);
        }
        method.plan(losses, StepContext.of(0, new Rng(0)));
    }
}
