package org.mimo4j.mimo.model;

import java.util.List;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Fusion by summing features: logits = (Σ_m z_m) W + b. Additive, so modality m's contribution is
 * z_m W + b / M.
 */
public final class SumFusion implements Fusion {
    private final Dense head;
    private final Tensor bias;

    public SumFusion(ParameterSet params, int featureDim, int classes, Rng rng) {
        Owner owner = Owner.fusion();
        head = new Dense(params, owner, "head", featureDim, classes, false, rng);
        bias = params.add(owner.group("bias", classes, 1), Tensor.zeros(classes));
    }

    @Override
    public Tensor forward(List<Tensor> features) {
        Tensor sum = features.get(0);
        for (int i = 1; i < features.size(); i++) {
            sum = sum.add(features.get(i));
        }
        return head.forward(sum).add(bias);
    }

    @Override
    public List<Tensor> contributions(List<Tensor> features) {
        Tensor share = bias.div(features.size());
        return features.stream().map(z -> head.forward(z).add(share)).toList();
    }
}
