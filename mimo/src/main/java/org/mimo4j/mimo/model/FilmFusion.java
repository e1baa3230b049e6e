package org.mimo4j.mimo.model;

import java.util.List;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * FiLM fusion (Perez et al., 2018): the first modality's features are modulated by the others,
 * h = (1 + γ(c)) ⊙ z_1 + β(c) with c = Σ_{m>1} z_m and γ, β linear maps; logits = h W + b.
 * The "1 +" starts the modulation at identity so early training behaves like the unfused z_1.
 */
public final class FilmFusion implements Fusion {
    private final Dense gamma;
    private final Dense beta;
    private final Dense head;

    public FilmFusion(ParameterSet params, int featureDim, int classes, Rng rng) {
        Owner owner = Owner.fusion();
        gamma = new Dense(params, owner, "gamma", featureDim, featureDim, rng);
        beta = new Dense(params, owner, "beta", featureDim, featureDim, rng);
        head = new Dense(params, owner, "head", featureDim, classes, rng);
    }

    @Override
    public Tensor forward(List<Tensor> features) {
        if (features.size() < 2) {
            throw new IllegalArgumentException("FiLM fusion needs at least 2 modalities, got " + features.size());
        }
        Tensor c = features.get(1);
        for (int i = 2; i < features.size(); i++) {
            c = c.add(features.get(i));
        }
        Tensor h = features.get(0).mul(gamma.forward(c).add(1f)).add(beta.forward(c));
        return head.forward(h);
    }
}
