package org.mimo4j.data.features;

/** The O(N^2) textbook DFT in double precision: the reference every FFT plan is checked against. */
final class NaiveDft {
    private NaiveDft() {
    }

    static double[][] forward(double[] re, double[] im) {
        int n = re.length;
        double[] outRe = new double[n];
        double[] outIm = new double[n];
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < n; t++) {
                double angle = -2 * Math.PI * (((long) k * t) % n) / n;
                outRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
                outIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
            }
        }
        return new double[][] {outRe, outIm};
    }
}
