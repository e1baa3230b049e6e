package org.mimo4j.mimo.eval;

import java.util.Map;

/**
 * What {@link Evaluator} measured on one split. Per-modality accuracy comes two ways: from the
 * modality's own head, and from a linear probe trained on the frozen encoder features (the same
 * protocol for every method, so methods that never train the heads are measured fairly). The worst
 * modality is judged by the probe. Robustness is the fused accuracy with one modality's input
 * perturbed by Gaussian noise (levels in units of that modality's data std) or missing (zeroed).
 *
 * @param confusion rows are true classes, columns predicted classes (fused prediction)
 */
public record EvalResult(int examples, double fusedAccuracy, Map<String, Double> headAccuracy,
                         Map<String, Double> probeAccuracy, String worstModality, double worstModalityAccuracy,
                         double[] noiseLevels, Map<String, double[]> noisyAccuracy,
                         Map<String, Double> missingAccuracy, int[][] confusion) {

    /** Mean fused accuracy over every (modality, noise level) pair: one robustness number for tables. */
    public double meanNoisyAccuracy() {
        double sum = 0;
        int n = 0;
        for (double[] accs : noisyAccuracy.values()) {
            for (double a : accs) {
                sum += a;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
