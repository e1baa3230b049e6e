package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * 2-D convolution (cross-correlation) in NCHW with stride, padding, dilation and groups:
 * x [n, c, h, w], weight [o, c/groups, kh, kw], bias [o] or null. Forward and the input and weight
 * gradients are the {@link Backend}'s conv2d kernels; the bias gradient sums dy over n, h and w. With
 * a device backend and dense inputs all of it runs on the device ({@link DeviceKernels}).
 */
public final class Conv2d extends Node {
    private final Conv2dShape s;
    private final Storage x;
    private final Storage w;

    private Conv2d(Tensor tx, Tensor tw, Tensor tb, Conv2dShape s, Storage x, Storage w) {
        super(tx, tw, tb);
        this.s = s;
        this.x = x;
        this.w = w;
    }

    /**
     * @param stride   {strideH, strideW}
     * @param padding  {padH, padW} (zeros)
     * @param dilation {dilationH, dilationW}
     */
    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                               int groups) {
        int[] xs = x.shape();
        int[] ws = weight.shape();
        if (xs.length != 4 || ws.length != 4) {
            throw new IllegalArgumentException("conv2d: input " + Shapes.str(xs) + " and weight " + Shapes.str(ws)
                    + " must be 4-d: [n, c, h, w] and [out, c/groups, kh, kw]");
        }
        Conv2dShape s = new Conv2dShape(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3],
                stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
        if (ws[1] != xs[1] / groups) {
            throw new IllegalArgumentException("conv2d: weight " + Shapes.str(ws) + " expects " + ws[1] * groups
                    + " input channels with groups=" + groups + ", input " + Shapes.str(xs) + " has " + xs[1]);
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != ws[0])) {
            throw new IllegalArgumentException("conv2d: bias " + Shapes.str(bias.shape()) + " must be [" + ws[0] + "]");
        }
        int[] ys = {s.n(), s.outChannels(), s.outH(), s.outW()};
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && x.dense() != null && weight.dense() != null && (bias == null || bias.dense() != null)) {
            Storage y = dk.allocate(s.outputSize());
            dk.conv2dForward(s, x.dense(), weight.dense(), bias == null ? null : bias.dense(), y);
            return Tensor.fromOp(y, ys, new Conv2d(x, weight, bias, s, x.dense(), weight.dense()).ifRecording());
        }
        float[] xd = x.data();
        float[] wd = weight.data();
        float[] y = new float[s.outputSize()];
        Backends.current().conv2dForward(s, xd, wd, bias == null ? null : bias.data(), y);
        Conv2d op = new Conv2d(x, weight, bias, s, saved(x, xd), saved(weight, wd));
        return Tensor.fromOp(y, ys, op.ifRecording());
    }

    @Override
    public String name() {
        return "conv2d";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null) {
            return super.backward(gy, dk);
        }
        Storage[] g = new Storage[3];
        if (needs(0)) {
            g[0] = dk.allocate(s.inputSize());
            dk.conv2dBackwardData(s, gy, w, g[0]);
        }
        if (needs(1)) {
            g[1] = dk.allocate(s.weightSize());
            dk.conv2dBackwardWeight(s, x, gy, g[1]);
        }
        if (needs(2)) {
            g[2] = dk.allocate(s.outChannels());
            dk.sumPlanes(gy, s.n(), s.outChannels(), s.outH() * s.outW(), g[2]);
        }
        return g;
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[][] g = new float[3][];
        Backend be = Backends.current();
        if (needs(0)) {
            g[0] = GradientArrays.take(s.inputSize());
            be.conv2dBackwardData(s, gy, w.read(), g[0]);
        }
        if (needs(1)) {
            g[1] = GradientArrays.take(s.weightSize());
            be.conv2dBackwardWeight(s, x.read(), gy, g[1]);
        }
        if (needs(2)) {
            g[2] = biasGradient(gy, s.n(), s.outChannels(), s.outH() * s.outW());
        }
        return g;
    }

    /**
     * db[o] = sum over images b (in order) of the float-rounded double sum of plane (b, o) of gy. The
     * plane sums are independent, so they run in parallel ({@link HostChunks}); the sum over images
     * stays in order, so the result does not depend on the threads.
     */
    private static float[] biasGradient(float[] gy, int n, int channels, int plane) {
        float[] sums = new float[n * channels];
        HostChunks.forEach(sums.length, Math.max(1, HostChunks.GRAIN / Math.max(1, plane)), (first, end) -> {
            double[] partials = new double[PlaneSum.PARTIALS]; // one per chunk, not per plane
            for (int i = first; i < end; i++) {
                sums[i] = (float) PlaneSum.of(gy, i * plane, plane, partials);
            }
        });
        float[] db = GradientArrays.takeZeroed(channels);
        for (int i = 0; i < sums.length; i++) {
            db[i % channels] += sums[i];
        }
        return db;
    }
}
