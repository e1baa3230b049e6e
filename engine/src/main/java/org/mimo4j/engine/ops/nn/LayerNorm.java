package org.mimo4j.engine.ops.nn;

import java.util.Arrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Layer normalisation over the trailing axes given by {@code normalizedShape}:
 * y = gamma (x - mu) / sqrt(var + eps) + beta per row of D = numel(normalizedShape) values, gamma and
 * beta of shape normalizedShape (null means 1 and 0). Gradient per row:
 * dx = (1 / (D sigma)) (D dxhat - sum dxhat - xhat sum(dxhat xhat)), dxhat = gamma dy.
 */
public final class LayerNorm extends Node {
    private final float[] xhat;
    private final float[] invStd;
    private final float[] gamma;
    private final int width;

    private LayerNorm(Tensor x, Tensor gamma, Tensor beta, float[] xhat, float[] invStd, int width) {
        super(x, gamma, beta);
        this.xhat = xhat;
        this.invStd = invStd;
        this.gamma = gamma == null ? null : gamma.data();
        this.width = width;
    }

    public static Tensor apply(Tensor x, int[] normalizedShape, Tensor gamma, Tensor beta, float eps) {
        int[] s = x.shape();
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
        float[] d = x.data();
        int rows = d.length / width;
        float[] g = gamma == null ? null : gamma.data();
        float[] b = beta == null ? null : beta.data();
        float[] xhat = new float[d.length];
        float[] invStd = new float[rows];
        float[] y = new float[d.length];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int j = 0; j < width; j++) {
                sum += d[r * width + j];
            }
            double mu = sum / width;
            double sq = 0;
            for (int j = 0; j < width; j++) {
                double v = d[r * width + j] - mu;
                sq += v * v;
            }
            invStd[r] = (float) (1 / Math.sqrt(sq / width + eps));
            for (int j = 0; j < width; j++) {
                int k = r * width + j;
                xhat[k] = (float) ((d[k] - mu) * invStd[r]);
                y[k] = xhat[k] * (g == null ? 1f : g[j]) + (b == null ? 0f : b[j]);
            }
        }
        return Tensor.fromOp(y, s, new LayerNorm(x, gamma, beta, xhat, invStd, width).ifRecording());
    }

    @Override
    public String name() {
        return "layerNorm";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[][] g = new float[3][];
        double[] dGamma = new double[width];
        double[] dBeta = new double[width];
        float[] gx = needs(0) ? new float[gy.length] : null;
        for (int r = 0; r < invStd.length; r++) {
            double sumD = 0;
            double sumDx = 0;
            for (int j = 0; j < width; j++) {
                int k = r * width + j;
                double dxhat = gy[k] * (gamma == null ? 1f : gamma[j]);
                sumD += dxhat;
                sumDx += dxhat * xhat[k];
                dGamma[j] += gy[k] * xhat[k];
                dBeta[j] += gy[k];
            }
            for (int j = 0; gx != null && j < width; j++) {
                int k = r * width + j;
                double dxhat = gy[k] * (gamma == null ? 1f : gamma[j]);
                gx[k] = (float) (invStd[r] * (dxhat - sumD / width - xhat[k] * sumDx / width));
            }
        }
        g[0] = gx;
        g[1] = needs(1) ? BatchNorm.toFloat(dGamma) : null;
        g[2] = needs(2) ? BatchNorm.toFloat(dBeta) : null;
        return g;
    }
}
