package org.mimo4j.mimo.moo;

import java.util.ArrayList;
import java.util.List;
import org.mimo4j.engine.tensor.Rng;

/**
 * Seeded per-objective gradient banks with realistic conflicts, for tests and benchmarks that need a
 * method's input without a model.
 *
 * <p>Layout of a model with M modalities: per modality an encoder conv kernel (most of d) and bias,
 * and a unimodal head; one fusion head. Row k = s_k·(a_k·b + σ·n_k) with a shared Gaussian direction
 * b, independent noise n_k, σ = 0.7, a_k falling linearly from 1 (f_0) to −0.6 (f_M), so later
 * objectives conflict with the fused one (negative cosines), and scales s_k = 1 + k (imbalance).
 * Losses are 2.3 − 0.4·k/K (positive, as cross-entropies are).
 */
public final class SyntheticBank {
    static final double NOISE = 0.7;
    private static final int SMALL = 16;

    private SyntheticBank() {
    }

    /** The groups of a model with {@code modalities} modalities and about {@code d} parameters. */
    public static List<ParameterGroup> groups(int modalities, int d) {
        int small = SMALL * (2 * modalities + 1);
        if (d < small + modalities) {
            throw new IllegalArgumentException("synthetic bank needs d >= " + (small + modalities) + " for "
                    + modalities + " modalities, got " + d);
        }
        List<ParameterGroup> groups = new ArrayList<>();
        int conv = (d - small) / modalities;
        for (int m = 1; m <= modalities; m++) {
            int size = m == modalities ? d - small - conv * (modalities - 1) : conv;
            groups.add(ParameterGroup.encoderConv("enc" + m + ".conv.weight", size, m));
            groups.add(ParameterGroup.encoder("enc" + m + ".conv.bias", SMALL, m));
            groups.add(ParameterGroup.head("head" + m + ".weight", SMALL, m));
        }
        groups.add(ParameterGroup.fusion("fusion.weight", SMALL));
        return groups;
    }

    /** A K = modalities + 1 row bank over {@link #groups}, filled from {@code seed}. */
    public static GradientBank conflicting(long seed, int modalities, int d) {
        int k = modalities + 1;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            names.add(BaseMethod.objectiveName(i));
        }
        GradientBank bank = new GradientBank(names, groups(modalities, d));
        Rng rng = new Rng(seed);
        for (int p = 0; p < bank.groupCount(); p++) {
            int n = bank.group(p).size();
            for (int i = 0; i < n; i++) {
                double base = rng.nextGaussian();
                for (int r = 0; r < k; r++) {
                    double a = 1 - 1.6 * r / (k - 1);
                    bank.block(r, p)[i] = (float) ((1 + r) * (a * base + NOISE * rng.nextGaussian()));
                }
            }
        }
        for (int r = 0; r < k; r++) {
            bank.setLoss(r, 2.3 - 0.4 * r / k);
        }
        return bank;
    }
}
