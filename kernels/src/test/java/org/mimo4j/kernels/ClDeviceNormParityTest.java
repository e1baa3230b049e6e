package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.nn.BatchNorm;
import org.mimo4j.engine.ops.nn.LayerNorm;
import org.mimo4j.engine.ops.nn.Softmax;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * Softmax, log-softmax, layer norm and batch norm (norm.cl) against the host ops' loops
 * (Softmax/LayerNorm/BatchNorm.hostForward and hostBackward, which accumulate in double), forward and
 * backward, on lines of length 1, odd lengths and lengths that are no multiple of the work-group size
 * (64 or 128), with gamma/beta present or absent and only some gradients wanted. Backward kernels get
 * the host forward's saved values, so each kernel is judged on its own error.
 *
 * <p>Tolerances, with u the float unit roundoff and k the count of a reduced line (len, cols or
 * m = n plane): the device sums k floats (error gamma_k of the sum of magnitudes) and its exp/log are
 * within 3 ulp, so every result is allowed 2 (k + 16) u (4 (k + 16) u for the normalisations, whose
 * mean error also enters through invStd) times the magnitude of what it is made of: softmax |y|;
 * log-softmax 1 + |y| (|log-sum| <= |y|); softmax backward |y| (|gy| + sum |gy y|), log-softmax
 * backward |gy| + e^y sum |gy|; xhat (1 + |xhat|)(1 + invStd mean|x - shift|), y that times 1 + |gamma|
 * plus |beta|; input gradients invStd |gamma| (|gy| + sum |gy| / k + |xhat| sum |gy xhat| / k);
 * parameter gradients the sums of |gy xhat| and |gy|; running statistics their two terms' magnitudes.
 */
class ClDeviceNormParityTest {

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void softmaxAndLogSoftmaxMatchTheHostOp(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(91);
        for (int[] s : withRandom(rng, new int[][] {{1, 1, 1}, {1, 3, 1}, {5, 1, 4}, {7, 10, 1}, {3, 129, 1},
            {4, 77, 2}, {2, 300, 3}, {1, 1000, 1}}, 9, 300, 4)) {
            for (boolean log : new boolean[] {false, true}) {
                checkSoftmax(dk, rng, s[0], s[1], s[2], log);
            }
        }
    }

    private static void checkSoftmax(DeviceKernels dk, Rng rng, int outer, int len, int inner, boolean log) {
        String what = (log ? "logSoftmax " : "softmax ") + outer + "x" + len + "x" + inner;
        int n = outer * len * inner;
        float[] x = scaled(Parity.random(rng, n), 4);
        float[] y = new float[n];
        Softmax.hostForward(outer, len, inner, log, x, y);
        Storage sy = dk.allocate(n);
        dk.softmaxForward(outer, len, inner, log, Storage.wrap(x), sy);
        float[] yBound = new float[n];
        for (int k = 0; k < n; k++) {
            yBound[k] = log ? 1 + Math.abs(y[k]) : Math.abs(y[k]);
        }
        double tol = 2 * (len + 16) * Parity.EPS;
        Parity.assertClose(what + " forward", y, sy.read(), yBound, tol, 0, n);

        float[] gy = Parity.random(rng, n);
        float[] gx = new float[n];
        Softmax.hostBackward(outer, len, inner, log, y, gy, gx);
        Storage sgx = dk.allocate(n);
        dk.softmaxBackward(outer, len, inner, log, Storage.wrap(y), Storage.wrap(gy), sgx);
        float[] gBound = new float[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    int k = (o * len + j) * inner + i;
                    sum += log ? Math.abs(gy[k]) : Math.abs(gy[k] * y[k]);
                }
                for (int j = 0; j < len; j++) {
                    int k = (o * len + j) * inner + i;
                    gBound[k] = (float) (log ? Math.abs(gy[k]) + Math.exp(y[k]) * sum
                            : Math.abs(y[k]) * (Math.abs(gy[k]) + sum));
                }
            }
        }
        Parity.assertClose(what + " backward", gx, sgx.read(), gBound, tol, 0, n);
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void layerNormMatchesTheHostOp(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(92);
        int c = 0;
        for (int[] s : withRandom(rng, new int[][] {{1, 1}, {1, 3}, {7, 10}, {3, 129}, {16, 300}, {300, 7}, {2, 1000}},
                40, 300)) {
            for (boolean affine : new boolean[] {true, false}) {
                checkLayerNorm(dk, rng, s[0], s[1], affine, c++ % 3);
            }
        }
    }

    /** {@code wanted}: 0 all gradients, 1 only the input's, 2 only the parameters'. */
    private static void checkLayerNorm(DeviceKernels dk, Rng rng, int rows, int cols, boolean affine, int wanted) {
        String what = "layerNorm " + rows + "x" + cols + (affine ? " affine" : "") + " wanted " + wanted;
        int n = rows * cols;
        float[] x = shifted(Parity.random(rng, n), 0.5f);
        float[] gamma = affine ? Parity.random(rng, cols) : null;
        float[] beta = affine ? Parity.random(rng, cols) : null;
        float[] y = new float[n], xhat = new float[n], invStd = new float[rows];
        LayerNorm.hostForward(rows, cols, 1e-5f, x, gamma, beta, y, xhat, invStd);
        Storage sy = dk.allocate(n), sxhat = dk.allocate(n), sInv = dk.allocate(rows);
        dk.layerNormForward(rows, cols, 1e-5f, Storage.wrap(x), wrap(gamma), wrap(beta), sy, sxhat, sInv);
        float[] hBound = new float[n], yBound = new float[n], invBound = Parity.abs(invStd);
        for (int r = 0; r < rows; r++) {
            double spread = 0;
            for (int j = 0; j < cols; j++) {
                spread += Math.abs(x[r * cols + j]) / cols;
            }
            for (int j = 0; j < cols; j++) {
                int k = r * cols + j;
                hBound[k] = (float) ((1 + Math.abs(xhat[k])) * (1 + invStd[r] * spread));
                yBound[k] = hBound[k] * (1 + (affine ? Math.abs(gamma[j]) : 1)) + (affine ? Math.abs(beta[j]) : 0);
            }
        }
        double tol = 4 * (cols + 16) * Parity.EPS;
        Parity.assertClose(what + " invStd", invStd, sInv.read(), invBound, tol, 0, rows);
        Parity.assertClose(what + " xhat", xhat, sxhat.read(), hBound, tol, 0, n);
        Parity.assertClose(what + " y", y, sy.read(), yBound, tol, 0, n);

        float[] gy = Parity.random(rng, n);
        float[] gx = wanted != 2 ? new float[n] : null;
        float[] dGamma = wanted != 1 ? new float[cols] : null, dBeta = wanted != 1 ? new float[cols] : null;
        LayerNorm.hostBackward(rows, cols, xhat, invStd, gamma, gy, gx, dGamma, dBeta);
        Storage sgx = gx == null ? null : dk.allocate(n);
        Storage sdg = dGamma == null ? null : dk.allocate(cols), sdb = dBeta == null ? null : dk.allocate(cols);
        dk.layerNormBackward(rows, cols, Storage.wrap(xhat), Storage.wrap(invStd), wrap(gamma), Storage.wrap(gy), sgx,
                sdg, sdb);
        if (gx != null) {
            float[] bound = new float[n];
            for (int r = 0; r < rows; r++) {
                double sumD = 0, sumDx = 0;
                for (int j = 0; j < cols; j++) {
                    double d = Math.abs(gy[r * cols + j] * (affine ? gamma[j] : 1f));
                    sumD += d;
                    sumDx += d * Math.abs(xhat[r * cols + j]);
                }
                for (int j = 0; j < cols; j++) {
                    int k = r * cols + j;
                    double d = Math.abs(gy[k] * (affine ? gamma[j] : 1f));
                    bound[k] = (float) (invStd[r] * (d + sumD / cols + Math.abs(xhat[k]) * sumDx / cols));
                }
            }
            Parity.assertClose(what + " gx", gx, sgx.read(), bound, tol, 0, n);
        }
        if (dGamma != null) {
            float[][] bounds = columnMagnitudes(rows, cols, gy, xhat);
            double colTol = Parity.dotTolerance(rows);
            Parity.assertClose(what + " dGamma", dGamma, sdg.read(), bounds[0], colTol, 0, cols);
            Parity.assertClose(what + " dBeta", dBeta, sdb.read(), bounds[1], colTol, 0, cols);
        }
    }

    /** Per column of [rows, cols]: sum |gy xhat| and sum |gy|. */
    private static float[][] columnMagnitudes(int rows, int cols, float[] gy, float[] xhat) {
        float[][] b = new float[2][cols];
        for (int k = 0; k < rows * cols; k++) {
            b[0][k % cols] += Math.abs(gy[k] * xhat[k]);
            b[1][k % cols] += Math.abs(gy[k]);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(OpenClTests.Variant.class)
    void batchNormMatchesTheHostOpInTrainingAndEvaluation(OpenClTests.Variant variant) throws Exception {
        DeviceKernels dk = OpenClTests.backend(variant).deviceKernels();
        Rng rng = new Rng(93);
        int c = 0;
        for (int[] s : withRandom(rng, new int[][] {{2, 1, 1}, {1, 3, 2}, {130, 3, 1}, {3, 8, 49}, {5, 6, 131},
            {1, 1, 1031}, {16, 8, 144}}, 9, 7, 200)) {
            int n = s[0] * s[2] < 2 ? 2 : s[0]; // training needs two values per channel
            for (boolean training : new boolean[] {true, false}) {
                checkBatchNorm(dk, rng, n, s[1], s[2], training, c++ % 4);
            }
        }
        checkBatchNorm(dk, rng, 1, 2, 1, false, 0); // one value per channel: evaluation only
    }

    /** {@code variant}: 0 all gradients with gamma, beta and both running statistics, 1 no gamma/beta and
     * only gx, 2 only dGamma and dBeta and no running mean, 3 only dBeta and no running variance. */
    private static void checkBatchNorm(DeviceKernels dk, Rng rng, int n, int channels, int plane, boolean training,
                                       int variant) {
        String what = "batchNorm " + n + "x" + channels + "x" + plane + (training ? " training" : " eval")
                + " variant " + variant;
        int size = n * channels * plane, m = n * plane;
        float[] x = shifted(Parity.random(rng, size), 0.3f);
        float[] gamma = variant == 1 ? null : Parity.random(rng, channels);
        float[] beta = variant == 1 ? null : Parity.random(rng, channels);
        float[] rm = training && variant == 2 ? null : Parity.random(rng, channels);
        float[] rv = training && variant == 3 ? null : shifted(Parity.abs(Parity.random(rng, channels)), 0.5f);
        Storage srm = wrap(rm == null ? null : rm.clone()), srv = wrap(rv == null ? null : rv.clone());
        float[] y = new float[size], xhat = new float[size], invStd = new float[channels];
        float[] rmHost = rm == null ? null : rm.clone(), rvHost = rv == null ? null : rv.clone();
        BatchNorm.hostForward(n, channels, plane, training, 0.1f, 1e-5f, x, gamma, beta, rmHost, rvHost, y, xhat, invStd);
        Storage sy = dk.allocate(size), sxhat = dk.allocate(size), sInv = dk.allocate(channels);
        dk.batchNormForward(n, channels, plane, training, 0.1f, 1e-5f, Storage.wrap(x), wrap(gamma), wrap(beta), srm,
                srv, sy, sxhat, sInv);

        double tol = 4 * (m + 16) * Parity.EPS;
        float[] hBound = new float[size], yBound = new float[size];
        for (int ch = 0; ch < channels; ch++) {
            double spread = 0;
            for (int k = ch * plane; k < size; k += channels * plane) {
                for (int p = 0; p < plane; p++) {
                    spread += (Math.abs(x[k + p]) + (training ? 0 : Math.abs(rm[ch]))) / m;
                }
            }
            for (int k = ch * plane; k < size; k += channels * plane) {
                for (int p = k; p < k + plane; p++) {
                    hBound[p] = (float) ((1 + Math.abs(xhat[p])) * (1 + invStd[ch] * spread));
                    yBound[p] = hBound[p] * (1 + (gamma == null ? 1 : Math.abs(gamma[ch])))
                            + (beta == null ? 0 : Math.abs(beta[ch]));
                }
            }
        }
        Parity.assertClose(what + " invStd", invStd, sInv.read(), Parity.abs(invStd), tol, 0, channels);
        Parity.assertClose(what + " xhat", xhat, sxhat.read(), hBound, tol, 0, size);
        Parity.assertClose(what + " y", y, sy.read(), yBound, tol, 0, size);
        checkRunning(what + " runningMean", rm, rmHost, srm, tol);
        checkRunning(what + " runningVar", rv, rvHost, srv, tol);

        checkBatchNormBackward(dk, rng, what, n, channels, plane, training, variant, xhat, invStd, gamma, tol);
    }

    /**
     * A running statistic, updated when training, else untouched: {@code before} is the value passed in,
     * {@code want} the host's result; bound |before| + |want| + 1 covers the two terms and the batch
     * statistic's error, which scales with the values' magnitudes (at most 1.3 here).
     */
    private static void checkRunning(String what, float[] before, float[] want, Storage got, double tol) {
        if (before == null) {
            return;
        }
        float[] bound = new float[before.length];
        for (int c = 0; c < bound.length; c++) {
            bound[c] = Math.abs(before[c]) + Math.abs(want[c]) + 1;
        }
        Parity.assertClose(what, want, got.read(), bound, tol, 0, bound.length);
    }

    private static void checkBatchNormBackward(DeviceKernels dk, Rng rng, String what, int n, int channels, int plane,
                                               boolean training, int variant, float[] xhat, float[] invStd,
                                               float[] gamma, double tol) {
        int size = n * channels * plane, m = n * plane;
        float[] gy = Parity.random(rng, size);
        float[] gx = variant <= 1 ? new float[size] : null;
        float[] dGamma = variant == 0 || variant == 2 ? new float[channels] : null;
        float[] dBeta = variant != 1 ? new float[channels] : null;
        BatchNorm.hostBackward(n, channels, plane, training, xhat, invStd, gamma, gy, gx, dGamma, dBeta);
        Storage sgx = gx == null ? null : dk.allocate(size);
        Storage sdg = dGamma == null ? null : dk.allocate(channels), sdb = dBeta == null ? null : dk.allocate(channels);
        dk.batchNormBackward(n, channels, plane, training, Storage.wrap(xhat), Storage.wrap(invStd), wrap(gamma),
                Storage.wrap(gy), sgx, sdg, sdb);
        float[] sumGx = new float[channels], sumG = new float[channels];
        for (int k = 0; k < size; k++) {
            int ch = k / plane % channels;
            sumGx[ch] += Math.abs(gy[k] * xhat[k]);
            sumG[ch] += Math.abs(gy[k]);
        }
        if (gx != null) {
            float[] bound = new float[size];
            for (int k = 0; k < size; k++) {
                int ch = k / plane % channels;
                double scale = Math.abs(gamma == null ? 1 : gamma[ch]) * invStd[ch];
                bound[k] = (float) (scale * (Math.abs(gy[k])
                        + (training ? sumG[ch] / m + Math.abs(xhat[k]) * sumGx[ch] / m : 0)));
            }
            Parity.assertClose(what + " gx", gx, sgx.read(), bound, tol, 0, size);
        }
        if (dGamma != null) {
            Parity.assertClose(what + " dGamma", dGamma, sdg.read(), sumGx, Parity.dotTolerance(m), 0, channels);
        }
        if (dBeta != null) {
            Parity.assertClose(what + " dBeta", dBeta, sdb.read(), sumG, Parity.dotTolerance(m), 0, channels);
        }
    }

    @Test
    void statisticsAreBitwiseReproducible() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage x = Storage.wrap(Parity.random(new Rng(94), 9 * 5 * 37));
        Storage[] a = {dk.allocate(9 * 5 * 37), dk.allocate(9 * 5 * 37), dk.allocate(5)};
        Storage[] b = {dk.allocate(9 * 5 * 37), dk.allocate(9 * 5 * 37), dk.allocate(5)};
        dk.batchNormForward(9, 5, 37, true, 0.1f, 1e-5f, x, null, null, null, null, a[0], a[1], a[2]);
        dk.batchNormForward(9, 5, 37, true, 0.1f, 1e-5f, x, null, null, null, null, b[0], b[1], b[2]);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i].read(), b[i].read(), "output " + i);
        }
        Storage s1 = dk.allocate(9 * 5 * 37), s2 = dk.allocate(9 * 5 * 37);
        dk.softmaxForward(9, 185, 1, false, x, s1);
        dk.softmaxForward(9, 185, 1, false, x, s2);
        assertArrayEquals(s1.read(), s2.read(), "softmax");
    }

    /** The fixed shapes and three random ones, each size drawn uniformly from 1 to its {@code max}. */
    private static int[][] withRandom(Rng rng, int[][] fixed, int... max) {
        int[][] all = java.util.Arrays.copyOf(fixed, fixed.length + 3);
        for (int i = fixed.length; i < all.length; i++) {
            all[i] = new int[max.length];
            for (int d = 0; d < max.length; d++) {
                all[i][d] = 1 + rng.nextInt(max[d]);
            }
        }
        return all;
    }

    private static Storage wrap(float[] v) {
        return v == null ? null : Storage.wrap(v);
    }

    private static float[] scaled(float[] v, float factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
        return v;
    }

    /** Adds {@code offset}, so that means are not near zero and the centring is exercised. */
    private static float[] shifted(float[] v, float offset) {
        for (int i = 0; i < v.length; i++) {
            v[i] += offset;
        }
        return v;
    }
}
