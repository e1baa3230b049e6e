package org.mimo4j.mimo.model;

import org.mimo4j.data.Modality;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Standardises one modality's input element-wise, x ↦ (x − mean) / max(std, floor), with the mean
 * and standard deviation of each input element over the training split. Spectrogram bins have very
 * different offsets and spreads; without this the audio encoder barely moves from chance on
 * AV-Digits. The floor is a tenth of the modality's pooled std: elements that hardly vary (the
 * blank border of a digit image) would otherwise multiply any perturbation of them by up to 1000,
 * which made the fused model collapse under mild image noise. The statistics are model buffers, so
 * checkpoints carry them and evaluation uses the training ones.
 */
public final class InputNormalizer {
    /** The std floor as a share of the modality's pooled std. */
    static final double FLOOR = 0.1;

    private final Tensor mean;
    private final Tensor invStd;

    private InputNormalizer(Tensor mean, Tensor invStd) {
        this.mean = mean;
        this.invStd = invStd;
    }

    /** Statistics of every sample of {@code m}. */
    public static InputNormalizer fit(Modality m) {
        int size = m.sampleSize();
        double[] sum = new double[size];
        double[] sq = new double[size];
        float[] buf = new float[size];
        for (int i = 0; i < m.count(); i++) {
            m.copySample(i, buf, 0);
            for (int j = 0; j < size; j++) {
                sum[j] += buf[j];
                sq[j] += (double) buf[j] * buf[j];
            }
        }
        float[] mean = new float[size];
        double[] std = new double[size];
        double pooled = 0;
        for (int j = 0; j < size; j++) {
            double mu = sum[j] / m.count();
            double var = Math.max(sq[j] / m.count() - mu * mu, 0);
            mean[j] = (float) mu;
            std[j] = Math.sqrt(var);
            pooled += var;
        }
        double floor = Math.max(FLOOR * Math.sqrt(pooled / size), 1e-6);
        float[] inv = new float[size];
        for (int j = 0; j < size; j++) {
            inv[j] = (float) (1 / Math.max(std[j], floor));
        }
        return new InputNormalizer(Tensor.of(mean, m.sampleShape()), Tensor.of(inv, m.sampleShape()));
    }

    /** Identity statistics for a sample shape (replaced by a checkpoint's on load). */
    public static InputNormalizer identity(int[] sampleShape) {
        return new InputNormalizer(Tensor.zeros(sampleShape), Tensor.ones(sampleShape));
    }

    /** x: [batch, ...sample shape]. */
    public Tensor apply(Tensor x) {
        return x.sub(mean).mul(invStd);
    }

    Tensor mean() {
        return mean;
    }

    Tensor invStd() {
        return invStd;
    }
}
