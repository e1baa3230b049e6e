package org.mimo4j.mimo.moo;

import org.mimo4j.engine.tensor.Rng;

/**
 * What a method may know about the current step besides the losses and gradients: the epoch (OGM-GE
 * start/end), the per-modality OGM scores s_m, the run's {@link Rng} (PCGrad's visiting order, GE
 * noise), the {@link Workers} for the hot passes, and whether to fill the report's per-encoder
 * gradient diagnostics.
 *
 * @param epoch          0-based epoch of the step
 * @param modalityScores s_1..s_M (index m-1 holds s_m), or an empty array when not computed
 * @param rng            the run's random generator
 * @param workers        threads for the O(K·d) passes
 * @param diagnostics    fill {@link StepReport#geometry()} with per-encoder norms and cosines, from the Gram
 *                       matrix every combine step computes anyway (weighted-loss plans have no gradients to
 *                       measure, so their geometry stays empty)
 */
public record StepContext(int epoch, double[] modalityScores, Rng rng, Workers workers, boolean diagnostics) {

    public StepContext {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        if (rng == null || workers == null) {
            throw new IllegalArgumentException("step context needs an Rng and Workers");
        }
        modalityScores = modalityScores == null ? new double[0] : modalityScores.clone();
    }

    /** Epoch {@code epoch}, no scores, shared workers, no extra diagnostics. */
    public static StepContext of(int epoch, Rng rng) {
        return new StepContext(epoch, new double[0], rng, Workers.shared(), false);
    }

    /** This context with OGM scores s_1..s_M. */
    public StepContext withScores(double... scores) {
        return new StepContext(epoch, scores, rng, workers, diagnostics);
    }

    /** This context with the given workers. */
    public StepContext withWorkers(Workers w) {
        return new StepContext(epoch, modalityScores, rng, w, diagnostics);
    }

    /** This context with diagnostics switched on or off. */
    public StepContext withDiagnostics(boolean on) {
        return new StepContext(epoch, modalityScores, rng, workers, on);
    }

    /** s_m for modality m in 1..M. */
    public double score(int m) {
        if (m < 1 || m > modalityScores.length) {
            throw new IllegalArgumentException("no OGM score for modality " + m + "; the context has "
                    + modalityScores.length + " (set them with withScores)");
        }
        return modalityScores[m - 1];
    }

    @Override
    public double[] modalityScores() {
        return modalityScores.clone();
    }
}
