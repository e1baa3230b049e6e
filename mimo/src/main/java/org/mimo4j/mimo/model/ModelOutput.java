package org.mimo4j.mimo.model;

import java.util.List;

import org.mimo4j.engine.tensor.Tensor;

/**
 * One forward pass of a {@link MultiModalModel}, lists in modality order.
 *
 * @param fused         fused logits [batch, C] (objective f_0)
 * @param heads         each modality's head logits [batch, C] (objectives f_1..f_M)
 * @param features      each encoder's features z_m [batch, D]
 * @param contributions each modality's share of the fused logits, or null for non-additive fusions
 */
public record ModelOutput(Tensor fused, List<Tensor> heads, List<Tensor> features, List<Tensor> contributions) {
}
