package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * What {@link BatchNorm} and {@link LayerNorm} share: inputs (x, gamma, beta), gradients for those
 * that want one - x's of x's length, gamma's and beta's one per normalised feature - and the store of
 * the affine parameters' gradients from the sums a host backward accumulated.
 */
abstract class Normalisation extends Node {
    Normalisation(Tensor x, Tensor gamma, Tensor beta) {
        super(x, gamma, beta);
    }

    /** Device gradients for x ({@code n} values) and gamma, beta ({@code features} each), null where not wanted. */
    final Storage[] deviceGradients(DeviceKernels dk, int n, int features) {
        return new Storage[] {needs(0) ? dk.allocate(n) : null, needs(1) ? dk.allocate(features) : null,
            needs(2) ? dk.allocate(features) : null};
    }

    /** The same on the host. */
    final float[][] hostGradients(int n, int features) {
        return new float[][] {needs(0) ? GradientArrays.takeZeroed(n) : null,
            needs(1) ? GradientArrays.takeZeroed(features) : null, needs(2) ? GradientArrays.takeZeroed(features) : null};
    }

    /**
     * The affine parameters' gradients from the per-feature sums a backward accumulated in double:
     * dGamma = sum gy xhat, dBeta = sum gy; either may be null (not wanted).
     */
    static void storeAffineGradients(double[] sumGyXhat, double[] sumGy, float[] dGamma, float[] dBeta) {
        for (int f = 0; f < sumGy.length; f++) {
            if (dGamma != null) {
                dGamma[f] = (float) sumGyXhat[f];
            }
            if (dBeta != null) {
                dBeta[f] = (float) sumGy[f];
            }
        }
    }
}
