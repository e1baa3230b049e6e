package org.mimo4j.engine.ops.nn;

import java.util.Arrays;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Layer normalisation over the trailing axes given by {@code normalizedShape}:
 * y = gamma (x - mu) / sqrt(var + eps) + beta per row of D = numel(normalizedShape) values, gamma and
 * beta of shape normalizedShape (null means 1 and 0). Gradient per row:
 * dx = (1 / (D sigma)) (D dxhat - sum dxhat - xhat sum(dxhat xhat)), dxhat = gamma dy; over the rows,
 * dgamma = sum dy xhat and dbeta = sum dy.
 *
 * <p>Forward saves xhat and 1 / sigma per row for backward; with a device backend and dense tensors
 * both are made, kept and used on the device.
 */
public final class LayerNorm extends Normalisation {
    private final Storage xhat;
    private final Storage invStd;
    private final Storage gamma;
    private final int width;

    private LayerNorm(Tensor x, Tensor tGamma, Tensor beta, Storage xhat, Storage invStd, Storage gamma, int width) {
        super(x, tGamma, beta);
        this.xhat = xhat;
        this.invStd = invStd;
        this.gamma = gamma;
        this.width = width;
    }

    public static Tensor apply(Tensor x, int[] normalizedShape, Tensor gamma, Tensor beta, float eps) {
        int[] s = x.shape();
        int width = checkedWidth(s, normalizedShape, gamma, beta);
        int rows = x.numel() / width;
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && rows > 0 && x.dense() != null && (gamma == null || gamma.dense() != null)
                && (beta == null || beta.dense() != null)) {
            Storage y = dk.allocate(x.numel());
            Storage xhat = dk.allocate(x.numel());
            Storage invStd = dk.allocate(rows);
            Storage g = gamma == null ? null : gamma.dense();
            dk.layerNormForward(rows, width, eps, x.dense(), g, beta == null ? null : beta.dense(), y, xhat, invStd);
            return Tensor.fromOp(y, s, new LayerNorm(x, gamma, beta, xhat, invStd, g, width).ifRecording());
        }
        float[] g = gamma == null ? null : gamma.data();
        float[] xhat = new float[x.numel()];
        float[] invStd = new float[rows];
        float[] y = new float[x.numel()];
        hostForward(rows, width, eps, x.data(), g, beta == null ? null : beta.data(), y, xhat, invStd);
        LayerNorm op = new LayerNorm(x, gamma, beta, Storage.wrap(xhat), Storage.wrap(invStd),
                gamma == null ? null : saved(gamma, g), width);
        return Tensor.fromOp(y, s, op.ifRecording());
    }

    /** D, the number of normalised values per row, after checking the shapes. */
    private static int checkedWidth(int[] s, int[] normalizedShape, Tensor gamma, Tensor beta) {
        int lead = s.length - normalizedShape.length;
        if (lead < 0 || !Arrays.equals(Arrays.copyOfRange(s, lead, s.length), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: input " + Shapes.str(s) + " does not end with the normalized shape "
                    + Shapes.str(normalizedShape));
        }
        for (Tensor t : new Tensor[] {gamma, beta}) {
            if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
                throw new IllegalArgumentException("layerNorm: gamma/beta " + Shapes.str(t.shape()) + " must be "
                        + Shapes.str(normalizedShape));
            }
        }
        int width = Shapes.numel(normalizedShape);
        if (width == 0) {
            throw new IllegalArgumentException("layerNorm: normalized shape " + Shapes.str(normalizedShape) + " is empty");
        }
        return width;
    }

    /**
     * The host forward on arrays, x [rows, cols] normalised per row (mean and biased variance in
     * double), gamma and beta [cols] or null: writes y, xhat and invStd [rows] = 1 / sqrt(var + eps).
     * The reference the device kernels are held to.
     */
    public static void hostForward(int rows, int cols, float eps, float[] x, float[] gamma, float[] beta, float[] y,
                                   float[] xhat, float[] invStd) {
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += x[r * cols + j];
            }
            double mu = sum / cols;
            double sq = 0;
            for (int j = 0; j < cols; j++) {
                double v = x[r * cols + j] - mu;
                sq += v * v;
            }
            invStd[r] = (float) (1 / Math.sqrt(sq / cols + eps));
            for (int j = 0; j < cols; j++) {
                int k = r * cols + j;
                xhat[k] = (float) ((x[k] - mu) * invStd[r]);
                y[k] = xhat[k] * (gamma == null ? 1f : gamma[j]) + (beta == null ? 0f : beta[j]);
            }
        }
    }

    /**
     * The host backward on arrays from the saved xhat and invStd: gx [rows, cols] per row and, summed
     * over the rows in double, dGamma = sum gy xhat and dBeta = sum gy [cols]; each output may be null
     * (not wanted), gamma null means 1.
     */
    public static void hostBackward(int rows, int cols, float[] xhat, float[] invStd, float[] gamma, float[] gy,
                                    float[] gx, float[] dGamma, float[] dBeta) {
        double[] sumGx = new double[cols];
        double[] sumG = new double[cols];
        for (int r = 0; r < rows; r++) {
            double sumD = 0;
            double sumDx = 0;
            for (int j = 0; j < cols; j++) {
                int k = r * cols + j;
                double dxhat = gy[k] * (gamma == null ? 1f : gamma[j]);
                sumD += dxhat;
                sumDx += dxhat * xhat[k];
                sumGx[j] += gy[k] * xhat[k];
                sumG[j] += gy[k];
            }
            for (int j = 0; gx != null && j < cols; j++) {
                int k = r * cols + j;
                double dxhat = gy[k] * (gamma == null ? 1f : gamma[j]);
                gx[k] = (float) (invStd[r] * (dxhat - sumD / cols - xhat[k] * sumDx / cols));
            }
        }
        Normalisation.storeAffineGradients(sumGx, sumG, dGamma, dBeta);
    }

    @Override
    public String name() {
        return "layerNorm";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || gy.length() == 0) {
            return super.backward(gy, dk);
        }
        Storage[] g = deviceGradients(dk, gy.length(), width);
        dk.layerNormBackward(invStd.length(), width, xhat, invStd, gamma, gy, g[0], g[1], g[2]);
        return g;
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[][] g = hostGradients(gy.length, width);
        hostBackward(invStd.length(), width, xhat.read(), invStd.read(), gamma == null ? null : gamma.read(), gy, g[0],
                g[1], g[2]);
        return g;
    }
}
