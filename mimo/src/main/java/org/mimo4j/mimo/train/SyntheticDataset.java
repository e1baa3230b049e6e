package org.mimo4j.mimo.train;

import java.util.List;

import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.engine.tensor.Rng;

/**
 * A small, deterministic two-modality dataset with a built-in imbalance, for smoke runs and tests
 * where AV-Digits would be too slow: 10 classes, each modality a 32-vector "prototype of the class
 * times a signal level, plus unit Gaussian noise". The "image" modality has a strong signal (1.0), the
 * "audio" one a weak signal (0.35), so joint training favours the image branch as on AV-Digits.
 */
public final class SyntheticDataset {
    public static final int CLASSES = 10;
    public static final int DIM = 32;
    private static final String[] NAMES = {"image", "audio"};
    private static final double[] SIGNAL = {1.0, 0.35};

    private SyntheticDataset() {
    }

    /** Train, validation and test splits of the given sizes, all drawn from the same prototypes. */
    public static Splits create(int train, int validation, int test, long seed) {
        Rng rng = new Rng(seed);
        float[][] prototypes = new float[NAMES.length][CLASSES * DIM];
        for (float[] p : prototypes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) rng.nextGaussian();
            }
        }
        return new Splits(split("synthetic/train", train, prototypes, rng), split("synthetic/val", validation, prototypes, rng),
                split("synthetic/test", test, prototypes, rng));
    }

    private static Dataset split(String name, int n, float[][] prototypes, Rng rng) {
        int[] labels = new int[n];
        float[][] data = new float[NAMES.length][n * DIM];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(CLASSES);
            for (int m = 0; m < NAMES.length; m++) {
                for (int j = 0; j < DIM; j++) {
                    data[m][i * DIM + j] = (float) (SIGNAL[m] * prototypes[m][labels[i] * DIM + j] + rng.nextGaussian());
                }
            }
        }
        return new Dataset(name, List.of(Modality.ofFloats(NAMES[0], data[0], DIM), Modality.ofFloats(NAMES[1], data[1], DIM)),
                labels, CLASSES);
    }
}
