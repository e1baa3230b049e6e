package org.mimo4j.engine.optim;

import java.util.Collection;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Tensor;

/** Gradient clipping, applied between backward and the optimizer step. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales all gradients by min(1, maxNorm / ||g||), where ||g|| is the L2 norm of every gradient
     * together (accumulated in double), so the direction is kept and only the step length is bounded.
     * Parameters without a gradient are skipped. A non-finite norm leaves the gradients untouched; the
     * caller sees it in the return value and can skip the step.
     *
     * @return the norm before clipping
     */
    public static double byGlobalNorm(Collection<Parameter> parameters, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
        }
        double sq = 0;
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g != null) {
                for (float x : g.data()) {
                    sq += (double) x * x;
                }
            }
        }
        double norm = Math.sqrt(sq);
        if (Double.isFinite(norm) && norm > maxNorm) {
            scale(parameters, (float) (maxNorm / norm));
        }
        return norm;
    }

    private static void scale(Collection<Parameter> parameters, float factor) {
        for (Parameter p : parameters) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            boolean dense = g.dense() != null;
            float[] d = dense ? g.storage().write() : g.data();
            for (int i = 0; i < d.length; i++) {
                d[i] *= factor;
            }
            if (!dense) {
                p.tensor().setGrad(Tensor.of(d, g.shape()));
            }
        }
    }
}
