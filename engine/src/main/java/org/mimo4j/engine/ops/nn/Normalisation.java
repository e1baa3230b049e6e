package org.mimo4j.engine.ops.nn;

/** What the host loops of {@link BatchNorm} and {@link LayerNorm} share. */
final class Normalisation {
    private Normalisation() {
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
