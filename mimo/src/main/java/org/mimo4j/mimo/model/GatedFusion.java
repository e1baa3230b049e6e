package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.List;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Gated fusion: each modality's features pass through a learned sigmoid gate computed from all
 * features, h = Σ_m σ(g_m(s)) ⊙ z_m with s = Σ_m z_m, so the model can turn a modality down per
 * example (e.g. a noisy sensor); logits = h W + b.
 */
public final class GatedFusion implements Fusion {
    private final List<Dense> gates = new ArrayList<>();
    private final Dense head;

    public GatedFusion(ParameterSet params, List<String> modalities, int featureDim, int classes, Rng rng) {
        Owner owner = Owner.fusion();
        for (String m : modalities) {
            gates.add(new Dense(params, owner, "gate." + m, featureDim, featureDim, rng));
        }
        head = new Dense(params, owner, "head", featureDim, classes, rng);
    }

    @Override
    public Tensor forward(List<Tensor> features) {
        Tensor s = features.get(0);
        for (int i = 1; i < features.size(); i++) {
            s = s.add(features.get(i));
        }
        Tensor h = null;
        for (int i = 0; i < features.size(); i++) {
            Tensor gated = gates.get(i).forward(s).sigmoid().mul(features.get(i));
            h = h == null ? gated : h.add(gated);
        }
        return head.forward(h);
    }
}
