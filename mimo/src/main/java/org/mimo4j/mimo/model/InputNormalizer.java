package org.mimo4j.mimo.model;

import org.mimo4j.data.Modality;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Standardises one modality's input element-wise, x ↦ (x − mean) / std, with the mean and standard
 * deviation of each input element over the training split. Spectrogram bins have very different
 * offsets and spreads; without this the audio encoder barely moves from chance on AV-Digits. The
 * statistics are model buffers, so checkpoints carry them and evaluation uses the training ones.
 */
public final class InputNormalizer {
    private static final float MIN_STD = 1e-3f;

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
        float[] inv = new float[size];
        for (int j = 0; j < size; j++) {
            double mu = sum[j] / m.count();
            double var = Math.max(sq[j] / m.count() - mu * mu, 0);
            mean[j] = (float) mu;
            inv[j] = 1f / Math.max((float) Math.sqrt(var), MIN_STD);
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
