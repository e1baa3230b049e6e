package org.mimo4j.mimo.model;

import java.util.List;

import org.mimo4j.engine.tensor.Tensor;

/**
 * Combines the modalities' features z_1..z_M (each [batch, D]) into fused class logits [batch, C].
 * The fusion owns the fused head, so every fusion parameter depends on the fused loss f_0 only.
 */
public interface Fusion {

    /** Fused logits of the features, in modality order. */
    Tensor forward(List<Tensor> features);

    /**
     * Each modality's additive share of the fused logits (OGM-GE's o_m), or null when the fusion is
     * not additive in the modalities (FiLM, gated).
     */
    default List<Tensor> contributions(List<Tensor> features) {
        return null;
    }
}
