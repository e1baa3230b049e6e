package org.mimo4j.engine.nn;

import java.util.Arrays;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * 2-D convolution layer over NCHW input with square kernels: weight [out, in/groups, k, k], optional
 * bias [out]. Initialised like PyTorch (Kaiming-uniform, bias uniform in +-1/sqrt(fanIn)).
 */
public final class Conv2d extends Layer {
    private final Parameter weight;
    private final Parameter bias;
    private final int inChannels;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation, int groups,
                  boolean bias, Rng rng) {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || dilation <= 0
                || groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: invalid configuration in=" + inChannels + ", out=" + outChannels
                    + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding + ", dilation=" + dilation
                    + ", groups=" + groups + " (sizes > 0, padding >= 0, channels divisible by groups)");
        }
        this.inChannels = inChannels;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        this.weight = addParameter("weight", Tensor.zeros(outChannels, inChannels / groups, kernel, kernel));
        Init.kaimingUniform(weight.tensor(), rng);
        if (bias) {
            this.bias = addParameter("bias", Tensor.zeros(outChannels));
            Init.uniform(this.bias.tensor(), 1.0 / Math.sqrt(Init.fanIn(weight.shape())), rng);
        } else {
            this.bias = null;
        }
    }

    /** Ungrouped, undilated convolution with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, 1, 1, true, rng);
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d(" + inChannels + " -> " + weight.shape()[0] + "): input shape "
                    + Arrays.toString(x.shape()) + " must be [n, " + inChannels + ", h, w]");
        }
        return F.conv2d(x, weight.tensor(), bias == null ? null : bias.tensor(), stride, padding, dilation, groups);
    }
}
