package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Batch normalisation over every axis but the channel axis 1 of x [n, c, ...]:
 * y = gamma (x - mu) / sqrt(var + eps) + beta, with gamma, beta [c] (null means 1 and 0).
 *
 * <p>Training: mu and var (biased) are the batch statistics, and the caller's running tensors (if not
 * null) are updated in place: running = (1 - momentum) running + momentum * batch, with the unbiased
 * variance. The gradient flows through the batch statistics:
 * dx = (gamma / (m sigma)) (m dy - sum dy - xhat sum(dy xhat)) over the m values of a channel.
 * Evaluation: mu and var are the running statistics (constants), dx = gamma dy / sigma. In both,
 * dgamma = sum dy xhat and dbeta = sum dy per channel.
 *
 * <p>Forward saves xhat and 1 / sigma per channel for backward. With a device backend and dense
 * tensors the statistics, the running update, the saved values and the gradients all stay on the
 * device, x seen as [n, c, plane].
 */
public final class BatchNorm extends Normalisation {
    private final AxisLayout l;
    private final Storage xhat;
    private final Storage invStd;
    private final Storage gamma;
    private final boolean training;

    private BatchNorm(Tensor x, Tensor tGamma, Tensor beta, AxisLayout l, Storage xhat, Storage invStd, Storage gamma,
                      boolean training) {
        super(x, tGamma, beta);
        this.l = l;
        this.xhat = xhat;
        this.invStd = invStd;
        this.gamma = gamma;
        this.training = training;
    }

    public static Tensor apply(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                               boolean training, float momentum, float eps) {
        AxisLayout l = checkedLayout(x, gamma, beta, runningMean, runningVar, training);
        int n = l.outer();
        int c = l.len();
        int plane = l.inner();
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && x.numel() > 0 && allDense(x, gamma, beta, runningMean, runningVar)) {
            Storage y = dk.allocate(x.numel());
            Storage xhat = dk.allocate(x.numel());
            Storage invStd = dk.allocate(c);
            Storage g = dense(gamma);
            dk.batchNormForward(n, c, plane, training, momentum, eps, x.dense(), g, dense(beta), dense(runningMean),
                    dense(runningVar), y, xhat, invStd);
            return Tensor.fromOp(y, x.shape(), new BatchNorm(x, gamma, beta, l, xhat, invStd, g, training).ifRecording());
        }
        float[] g = gamma == null ? null : gamma.data();
        float[] xhat = new float[x.numel()];
        float[] invStd = new float[c];
        float[] y = new float[x.numel()];
        hostForward(n, c, plane, training, momentum, eps, x.data(), g, beta == null ? null : beta.data(),
                running(runningMean, training), running(runningVar, training), y, xhat, invStd);
        BatchNorm op = new BatchNorm(x, gamma, beta, l, Storage.wrap(xhat), Storage.wrap(invStd),
                gamma == null ? null : saved(gamma, g), training);
        return Tensor.fromOp(y, x.shape(), op.ifRecording());
    }

    private static AxisLayout checkedLayout(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                            boolean training) {
        int[] s = x.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("batchNorm: input " + Shapes.str(s) + " must be [n, c, ...]");
        }
        AxisLayout l = AxisLayout.of("batchNorm", s, 1);
        for (Tensor t : new Tensor[] {gamma, beta, runningMean, runningVar}) {
            if (t != null && (t.dim() != 1 || t.size(0) != l.len())) {
                throw new IllegalArgumentException("batchNorm: parameter/statistic " + Shapes.str(t.shape())
                        + " must be [" + l.len() + "] for input " + Shapes.str(s));
            }
        }
        if (training && l.outer() * l.inner() < 2) {
            throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, input "
                    + Shapes.str(s));
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: evaluation needs the running mean and variance");
        }
        for (Tensor t : new Tensor[] {runningMean, runningVar}) {
            if (training && t != null && t.dense() == null) {
                throw new IllegalArgumentException("batchNorm: running statistics must be contiguous tensors");
            }
        }
        return l;
    }

    private static boolean allDense(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null && t.dense() == null) {
                return false;
            }
        }
        return true;
    }

    private static Storage dense(Tensor t) {
        return t == null ? null : t.dense();
    }

    /** A running statistic's host values: for updating in place when training, for reading otherwise. */
    private static float[] running(Tensor t, boolean training) {
        return t == null ? null : training ? t.storage().write() : t.data();
    }

    /**
     * The host forward on arrays, x [n, channels, plane]: training normalises with the batch mean and
     * biased variance (in double) and updates runningMean and runningVar in place where not null, with
     * momentum and the unbiased variance; evaluation normalises with runningMean and runningVar. Writes
     * y, xhat and invStd [channels] = 1 / sqrt(var + eps); gamma and beta [channels] may be null. The
     * reference the device kernels are held to.
     */
    public static void hostForward(int n, int channels, int plane, boolean training, float momentum, float eps,
                                   float[] x, float[] gamma, float[] beta, float[] runningMean, float[] runningVar,
                                   float[] y, float[] xhat, float[] invStd) {
        AxisLayout l = new AxisLayout(n, channels, plane);
        float[] mean = new float[channels];
        float[] var = new float[channels];
        if (training) {
            int m = n * plane;
            batchStats(x, l, mean, var);
            update(runningMean, mean, momentum, 1);
            update(runningVar, var, momentum, (double) m / (m - 1));
        } else {
            System.arraycopy(runningMean, 0, mean, 0, channels);
            System.arraycopy(runningVar, 0, var, 0, channels);
        }
        for (int ch = 0; ch < channels; ch++) {
            invStd[ch] = (float) (1 / Math.sqrt(var[ch] + eps));
        }
        for (int o = 0, k = 0; o < n; o++) {
            for (int ch = 0; ch < channels; ch++) {
                float scale = gamma == null ? 1f : gamma[ch];
                float shift = beta == null ? 0f : beta[ch];
                for (int i = 0; i < plane; i++, k++) {
                    xhat[k] = (x[k] - mean[ch]) * invStd[ch];
                    y[k] = xhat[k] * scale + shift;
                }
            }
        }
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

    private static void update(float[] running, float[] batch, float momentum, double correction) {
        for (int ch = 0; running != null && ch < running.length; ch++) {
            running[ch] = (float) ((1 - momentum) * running[ch] + momentum * batch[ch] * correction);
        }
    }

    /**
     * The host backward on arrays from the saved xhat and invStd, x [n, channels, plane]: per channel
     * sumG = sum gy and sumGx = sum gy xhat (in double), then gx (through the batch statistics when
     * training, else gamma invStd gy), dGamma = sumGx and dBeta = sumG; each output may be null (not
     * wanted), gamma null means 1.
     */
    public static void hostBackward(int n, int channels, int plane, boolean training, float[] xhat, float[] invStd,
                                    float[] gamma, float[] gy, float[] gx, float[] dGamma, float[] dBeta) {
        double[] sumG = new double[channels];
        double[] sumGx = new double[channels];
        for (int o = 0, k = 0; o < n; o++) {
            for (int ch = 0; ch < channels; ch++) {
                for (int i = 0; i < plane; i++, k++) {
                    sumG[ch] += gy[k];
                    sumGx[ch] += gy[k] * xhat[k];
                }
            }
        }
        int m = n * plane;
        for (int o = 0, k = 0; gx != null && o < n; o++) {
            for (int ch = 0; ch < channels; ch++) {
                double scale = (gamma == null ? 1f : gamma[ch]) * invStd[ch];
                for (int i = 0; i < plane; i++, k++) {
                    gx[k] = (float) (training
                            ? scale * (gy[k] - sumG[ch] / m - xhat[k] * sumGx[ch] / m)
                            : scale * gy[k]);
                }
            }
        }
        Normalisation.storeAffineGradients(sumGx, sumG, dGamma, dBeta);
    }

    @Override
    public String name() {
        return "batchNorm";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || gy.length() == 0) {
            return super.backward(gy, dk);
        }
        Storage[] g = deviceGradients(dk, gy.length(), l.len());
        dk.batchNormBackward(l.outer(), l.len(), l.inner(), training, xhat, invStd, gamma, gy, g[0], g[1], g[2]);
        return g;
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[][] g = hostGradients(gy.length, l.len());
        hostBackward(l.outer(), l.len(), l.inner(), training, xhat.read(), invStd.read(),
                gamma == null ? null : gamma.read(), gy, g[0], g[1], g[2]);
        return g;
    }
}
