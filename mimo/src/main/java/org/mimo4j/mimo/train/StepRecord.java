package org.mimo4j.mimo.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mimo4j.mimo.moo.EncoderGeometry;
import org.mimo4j.mimo.moo.StepReport;

/**
 * Turns a method's {@link StepReport} into a metrics.jsonl "step" record: losses and weights per
 * objective (named "fused" and by modality), learning rate, subroutine nanoseconds, backward passes,
 * solver iterations, and per encoder the gradient norm of each bank row and the cosine of each row
 * with row 0 (usually ∇f_0), the numbers that show imbalance and conflict.
 */
final class StepRecord {
    private StepRecord() {
    }

    static Map<String, Object> of(TrainState state, double lr, StepReport r, List<String> modalities) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("kind", "step");
        rec.put("step", state.globalStep);
        rec.put("epoch", state.epoch + 1);
        rec.put("lr", lr);
        rec.put("losses", named(r.losses(), modalities));
        rec.put("weights", named(r.weights(), modalities));
        rec.put("subroutineNs", r.subroutineNanos());
        rec.put("backwardPasses", r.backwardPasses());
        rec.put("solverIterations", r.solverIterations());
        Map<String, Double> norms = new LinkedHashMap<>();
        Map<String, Double> cosines = new LinkedHashMap<>();
        for (EncoderGeometry g : r.geometry()) {
            String enc = modalities.get(g.modality() - 1);
            for (int row = 0; row < g.norms().length; row++) {
                norms.put(enc + ".row" + row, g.norms()[row]);
                if (row > 0) {
                    cosines.put(enc + ".row0-row" + row, g.cosine(0, row));
                }
            }
        }
        rec.put("gradNorms", norms);
        rec.put("gradCosines", cosines);
        return rec;
    }

    private static Map<String, Double> named(double[] v, List<String> modalities) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int k = 0; k < v.length; k++) {
            m.put(k == 0 ? "fused" : k - 1 < modalities.size() ? modalities.get(k - 1) : "f" + k, v[k]);
        }
        return m;
    }
}
