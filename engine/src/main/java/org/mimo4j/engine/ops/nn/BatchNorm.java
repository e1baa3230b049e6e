package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Batch normalisation over every axis but the channel axis 1 of x [n, c, ...]:
 * y = gamma (x - mu) / sqrt(var + eps) + beta, with gamma, beta [c] (null means 1 and 0).
 *
 * <p>Training: mu and var (biased) are the batch statistics, and the caller's running tensors (if not
 * null) are updated in place: running = (1 - momentum) running + momentum * batch, with the unbiased
 * variance. The gradient flows through the batch statistics:
 * dx = (gamma / (m sigma)) (m dy - sum dy - xhat sum(dy xhat)) over the m values of a channel.
 * Evaluation: mu and var are the running statistics (constants), dx = gamma dy / sigma.
 */
public final class BatchNorm extends Node {
    private final AxisLayout l;
    private final float[] xhat;
    private final float[] invStd;
    private final float[] gamma;
    private final boolean training;

    private BatchNorm(Tensor x, Tensor gamma, Tensor beta, AxisLayout l, float[] xhat, float[] invStd, boolean training) {
        super(x, gamma, beta);
        this.l = l;
        this.xhat = xhat;
        this.invStd = invStd;
        this.gamma = gamma == null ? null : gamma.data();
        this.training = training;
    }

    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               boolean training, float momentum, float eps) {
        int[] s = x.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("batchNorm: input " + Shapes.str(s) + " must be [n, c, ...]");
        }
        int c = s[1];
        AxisLayout l = AxisLayout.of("batchNorm", s, 1);
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && (t.dim() != 1 || t.size(0) != c)) {
                throw new IllegalArgumentException("batchNorm: parameter/statistic " + Shapes.str(t.shape())
                        + " must be [" + c + "] for input " + Shapes.str(s));
            }
        }
        int m = l.outer() * l.inner();
        if (training && m < 2) {
            throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, input "
                    + Shapes.str(s));
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation needs the running mean and variance");
        }
        float[] d = x.data();
        float[] mean = new float[c];
        float[] var = new float[c];
        if (training) {
            batchStats(d, l, mean, var);
            update(runningMean, mean, momentum, 1);
            update(runningVar, var, momentum, (double) m / (m - 1));
        } else {
            System.arraycopy(runningMean.data(), 0, mean, 0, c);
            System.arraycopy(runningVar.data(), 0, var, 0, c);
        }
        float[] invStd = new float[c];
        for (int ch = 0; ch < c; ch++) {
            invStd[ch] = (float) (1 / Math.sqrt(var[ch] + eps));
        }
        float[] g = gamma == null ? null : gamma.data();
        float[] b = beta == null ? null : beta.data();
        float[] xhat = new float[d.length];
        float[] y = new float[d.length];
        for (int o = 0, k = 0; o < l.outer(); o++) {
            for (int ch = 0; ch < c; ch++) {
                float scale = g == null ? 1f : g[ch];
                float shift = b == null ? 0f : b[ch];
                for (int i = 0; i < l.inner(); i++, k++) {
                    xhat[k] = (d[k] - mean[ch]) * invStd[ch];
                    y[k] = xhat[k] * scale + shift;
                }
            }
        }
        BatchNorm op = new BatchNorm(x, gamma, beta, l, xhat, invStd, training);
        return Tensor.fromOp(y, s, op.ifRecording());
    }

    private static void batchStats(float[] d, AxisLayout l, float[] mean, float[] var) {
        int m = l.outer() * l.inner();
        for (int ch = 0; ch < l.len(); ch++) {
            double sum = 0;
            for (int o = 0; o < l.outer(); o++) {
                for (int i = 0; i < l.inner(); i++) {
                    sum += d[l.at(o, ch, i)];
                }
            }
            double mu = sum / m;
            double sq = 0;
            for (int o = 0; o < l.outer(); o++) {
                for (int i = 0; i < l.inner(); i++) {
                    double v = d[l.at(o, ch, i)] - mu;
                    sq += v * v;
                }
            }
            mean[ch] = (float) mu;
            var[ch] = (float) (sq / m);
        }
    }

    private static void update(Tensor running, float[] batch, float momentum, double correction) {
        if (running == null) {
            return;
        }
        if (running.dense() == null) {
            throw new IllegalArgumentException("batchNorm: running statistics must be contiguous tensors");
        }
        float[] r = running.storage().write();
        for (int ch = 0; ch < r.length; ch++) {
            r[ch] = (float) ((1 - momentum) * r[ch] + momentum * batch[ch] * correction);
        }
    }

    @Override
    public String name() {
        return "batchNorm";
    }

    @Override
    protected float[][] backward(float[] gy) {
        int c = l.len();
        double[] sumG = new double[c];
        double[] sumGx = new double[c];
        for (int o = 0, k = 0; o < l.outer(); o++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < l.inner(); i++, k++) {
                    sumG[ch] += gy[k];
                    sumGx[ch] += gy[k] * xhat[k];
                }
            }
        }
        float[][] g = new float[3][];
        if (needs(0)) {
            g[0] = inputGradient(gy, sumG, sumGx);
        }
        if (needs(1)) {
            g[1] = toFloat(sumGx);
        }
        if (needs(2)) {
            g[2] = toFloat(sumG);
        }
        return g;
    }

    /** Training: through the batch statistics; evaluation: through the constant running statistics. */
    private float[] inputGradient(float[] gy, double[] sumG, double[] sumGx) {
        float[] gx = new float[gy.length];
        int m = l.outer() * l.inner();
        for (int o = 0, k = 0; o < l.outer(); o++) {
            for (int ch = 0; ch < l.len(); ch++) {
                double scale = (gamma == null ? 1f : gamma[ch]) * invStd[ch];
                for (int i = 0; i < l.inner(); i++, k++) {
                    gx[k] = (float) (training
                            ? scale * (gy[k] - sumG[ch] / m - xhat[k] * sumGx[ch] / m)
                            : scale * gy[k]);
                }
            }
        }
        return gx;
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
