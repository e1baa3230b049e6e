package org.mimo4j.mimo.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.CrossEntropy;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.GradientBank;
import org.mimo4j.mimo.moo.ParameterGroup;

/**
 * The K = M + 1 objectives of one training forward pass (f_0 = CE(fused logits), f_m = CE(head m)),
 * with the graph cut at the encoders' features: the encoders produce z_m, and fusion and heads run on
 * leaves ẑ_m that share z_m's values but start a graph of their own.
 *
 * <p>A backward pass therefore comes in two halves. {@link #backwardToFeatures} goes through heads and
 * fusion only and leaves ∂/∂z_m in the leaves, which is what MGDA-UB's representation-space rows need;
 * {@link #backwardIntoEncoders} continues from there (z_m.backward(ẑ_m.grad)). Both halves together
 * compute exactly what one backward through the uncut graph computes, bit for bit: the leaf receives the
 * same contributions, summed in the same order, that the uncut graph would have summed at z_m.
 */
public final class Objectives {
    private final List<String> modalities;
    private final List<Tensor> features;
    private final List<Tensor> leaves;
    private final ModelOutput output;
    private final Tensor[] losses;
    private final double[] values;

    private Objectives(List<String> modalities, List<Tensor> features, List<Tensor> leaves, ModelOutput output,
                       Tensor[] losses) {
        this.modalities = modalities;
        this.features = features;
        this.leaves = leaves;
        this.output = output;
        this.losses = losses;
        this.values = new double[losses.length];
        for (int k = 0; k < losses.length; k++) {
            values[k] = losses[k].item();
        }
    }

    /** Runs {@code model} on {@code inputs} (training graph) and the cross-entropies against {@code labels}. */
    public static Objectives forward(MultiModalModel model, Map<String, Tensor> inputs, int[] labels) {
        List<Tensor> z = model.encode(inputs);
        List<Tensor> leaves = new ArrayList<>(z.size());
        for (Tensor t : z) {
            leaves.add(t.detach().requiresGrad(true));
        }
        ModelOutput out = model.fromFeatures(leaves);
        Tensor[] losses = new Tensor[z.size() + 1];
        Storage labelValues = CrossEntropy.labelValues(labels);
        losses[0] = CrossEntropy.loss(out.fused(), labels, labelValues);
        for (int m = 1; m < losses.length; m++) {
            losses[m] = CrossEntropy.loss(out.heads().get(m - 1), labels, labelValues);
        }
        return new Objectives(model.modalities(), z, leaves, out, losses);
    }

    /** Number of objectives K. */
    public int count() {
        return losses.length;
    }

    /** The loss values f_0..f_M. */
    public double[] values() {
        return values.clone();
    }

    /** Fusion and head outputs (computed on the leaves; their values are the model's outputs). */
    public ModelOutput output() {
        return output;
    }

    /** Backpropagates Σ_k w_k f_k through heads, fusion and encoders into every parameter. */
    public void backward(double[] w, boolean retainGraph) {
        backwardToFeatures(w, retainGraph);
        backwardIntoEncoders(retainGraph);
    }

    /**
     * Backpropagates Σ_k w_k f_k through heads and fusion only (zero weights skipped): their parameters
     * accumulate gradients, and each leaf's gradient is set afresh to ∂/∂z_m of this sum (null when the
     * sum does not depend on z_m).
     */
    public void backwardToFeatures(double[] w, boolean retainGraph) {
        for (Tensor leaf : leaves) {
            leaf.setGrad(null);
        }
        Tensor total = null;
        for (int k = 0; k < losses.length; k++) {
            if (w[k] != 0) {
                Tensor term = losses[k].mul((float) w[k]);
                total = total == null ? term : total.add(term);
            }
        }
        if (total != null) {
            total.backward(retainGraph);
        }
    }

    /** Continues the last {@link #backwardToFeatures} through the encoders that it reached. */
    public void backwardIntoEncoders(boolean retainGraph) {
        for (int m = 0; m < leaves.size(); m++) {
            Tensor g = leaves.get(m).grad();
            if (g != null && features.get(m).requiresGrad()) {
                features.get(m).backward(g, retainGraph);
            }
        }
    }

    /** One REPRESENTATION group per modality, "features.&lt;modality&gt;", sized like this batch's z_m. */
    public List<ParameterGroup> representationGroups() {
        List<ParameterGroup> groups = new ArrayList<>(leaves.size());
        for (int m = 0; m < leaves.size(); m++) {
            groups.add(ParameterGroup.representation("features." + modalities.get(m), leaves.get(m).numel(), m + 1));
        }
        return groups;
    }

    /** Copies the leaves' gradients into {@code bank}'s row {@code r} (zeros where a leaf has none). */
    public void copyFeatureGradients(GradientBank bank, int r) {
        for (int m = 0; m < leaves.size(); m++) {
            float[] block = bank.block(r, m);
            Tensor g = leaves.get(m).grad();
            if (g == null) {
                Arrays.fill(block, 0f);
            } else {
                System.arraycopy(g.data(), 0, block, 0, block.length);
            }
        }
    }
}
