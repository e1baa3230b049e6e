package org.mimo4j.engine.backend;

/**
 * Geometry of one 2-D convolution in NCHW layout, shared by every backend's conv kernels.
 *
 * <p>Input x: [n, inChannels, inH, inW]; weight w: [outChannels, inChannels / groups, kernelH,
 * kernelW]; output y: [n, outChannels, outH, outW]. The constructor validates everything, so a
 * kernel never sees an impossible geometry.
 */
public record Conv2dShape(
        int n, int inChannels, int inH, int inW,
        int outChannels, int kernelH, int kernelW,
        int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    public Conv2dShape {
        requirePositive("n", n);
        requirePositive("inChannels", inChannels);
        requirePositive("inH", inH);
        requirePositive("inW", inW);
        requirePositive("outChannels", outChannels);
        requirePositive("kernelH", kernelH);
        requirePositive("kernelW", kernelW);
        requirePositive("strideH", strideH);
        requirePositive("strideW", strideW);
        requirePositive("dilationH", dilationH);
        requirePositive("dilationW", dilationW);
        requirePositive("groups", groups);
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padH + "x" + padW);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("channels (" + inChannels + " in, " + outChannels
                    + " out) must both be divisible by groups=" + groups);
        }
        if (outSize(inH, kernelH, strideH, padH, dilationH) < 1 || outSize(inW, kernelW, strideW, padW, dilationW) < 1) {
            throw new IllegalArgumentException("kernel " + kernelH + "x" + kernelW + " (dilation " + dilationH + "x"
                    + dilationW + ") does not fit input " + inH + "x" + inW + " with padding " + padH + "x" + padW);
        }
    }

    /** A square-kernel convolution with equal stride/padding/dilation on both axes. */
    public static Conv2dShape of(int n, int inChannels, int inH, int inW, int outChannels, int kernel,
                                 int stride, int pad, int dilation, int groups) {
        return new Conv2dShape(n, inChannels, inH, inW, outChannels, kernel, kernel,
                stride, stride, pad, pad, dilation, dilation, groups);
    }

    private static int outSize(int in, int k, int stride, int pad, int dil) {
        return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1;
    }

    private static void requirePositive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    public int outH() {
        return outSize(inH, kernelH, strideH, padH, dilationH);
    }

    public int outW() {
        return outSize(inW, kernelW, strideW, padW, dilationW);
    }

    public int inputSize() {
        return n * inChannels * inH * inW;
    }

    public int weightSize() {
        return outChannels * (inChannels / groups) * kernelH * kernelW;
    }

    public int outputSize() {
        return n * outChannels * outH() * outW();
    }
}
