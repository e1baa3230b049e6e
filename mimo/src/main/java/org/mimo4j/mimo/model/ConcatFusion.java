package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.List;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Late fusion by concatenation: logits = [z_1, ..., z_M] W + b, computed as Σ_m z_m W_m + b with W
 * split into per-modality blocks W_m (the same function, without materialising the concatenation).
 * Modality m's contribution is z_m W_m + b / M, the split OGM-GE uses.
 */
public final class ConcatFusion implements Fusion {
    private final List<Dense> blocks = new ArrayList<>();
    private final Tensor bias;

    public ConcatFusion(ParameterSet params, List<String> modalities, int featureDim, int classes, Rng rng) {
        Owner owner = Owner.fusion();
        for (String m : modalities) {
            blocks.add(new Dense(params, owner, "block." + m, featureDim, classes, false, rng));
        }
        bias = params.add(owner.group("bias", classes, 1), Tensor.zeros(classes));
    }

    @Override
    public Tensor forward(List<Tensor> features) {
        Tensor sum = blocks.get(0).forward(features.get(0));
        for (int i = 1; i < blocks.size(); i++) {
            sum = sum.add(blocks.get(i).forward(features.get(i)));
        }
        return sum.add(bias);
    }

    @Override
    public List<Tensor> contributions(List<Tensor> features) {
        List<Tensor> out = new ArrayList<>();
        Tensor share = bias.div(blocks.size());
        for (int i = 0; i < blocks.size(); i++) {
            out.add(blocks.get(i).forward(features.get(i)).add(share));
        }
        return out;
    }
}
