package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The multi-modal classifier every method trains: one {@link Encoder} per modality producing z_m, a
 * {@link Fusion} with the fused head (objective f_0), and one linear head per modality (objective
 * f_m). Modality m (1-based, in {@link #modalities()} order) owns the parameter groups
 * "encoders.&lt;name&gt;.*" and "heads.&lt;name&gt;.*"; the fusion owns "fusion.*".
 */
public final class MultiModalModel {
    private final List<String> modalities;
    private final List<Encoder> encoders;
    private final List<Dense> heads;
    private final Fusion fusion;
    private final Map<String, InputNormalizer> normalizers = new java.util.LinkedHashMap<>();
    private final ParameterSet params;
    private final int classes;

    MultiModalModel(List<String> modalities, List<Encoder> encoders, List<Dense> heads, Fusion fusion,
                    ParameterSet params, int classes) {
        this.modalities = List.copyOf(modalities);
        this.encoders = List.copyOf(encoders);
        this.heads = List.copyOf(heads);
        this.fusion = fusion;
        this.params = params;
        this.classes = classes;
    }

    /** Forward pass on a batch: modality name to input tensor [batch, ...]. */
    public ModelOutput forward(Map<String, Tensor> inputs) {
        return fromFeatures(encode(inputs));
    }

    /** The encoders' features z_m, in modality order. */
    public List<Tensor> encode(Map<String, Tensor> inputs) {
        List<Tensor> z = new ArrayList<>();
        for (int i = 0; i < modalities.size(); i++) {
            Tensor x = inputs.get(modalities.get(i));
            if (x == null) {
                throw new IllegalArgumentException("batch has no input for modality '" + modalities.get(i)
                        + "'; it has " + inputs.keySet());
            }
            InputNormalizer n = normalizers.get(modalities.get(i));
            z.add(encoders.get(i).forward(n == null ? x : n.apply(x)));
        }
        return z;
    }

    /** Fusion and heads on given features (which may be detached leaves, for representation gradients). */
    public ModelOutput fromFeatures(List<Tensor> z) {
        List<Tensor> headLogits = new ArrayList<>();
        for (int i = 0; i < heads.size(); i++) {
            headLogits.add(heads.get(i).forward(z.get(i)));
        }
        return new ModelOutput(fusion.forward(z), headLogits, z, fusion.contributions(z));
    }

    /** Standardises modality {@code name}'s input with {@code n} from now on. */
    public void normalize(String name, InputNormalizer n) {
        if (!modalities.contains(name)) {
            throw new IllegalArgumentException("no modality '" + name + "' to normalise; the model has " + modalities);
        }
        normalizers.put(name, n);
    }

    /** Training mode (true) or evaluation mode for every encoder. */
    public void train(boolean on) {
        for (Encoder e : encoders) {
            e.train(on);
        }
    }

    /**
     * Every buffer, for checkpoints: input statistics ("inputs.&lt;modality&gt;.mean" and ".invStd") and
     * encoder buffers ("encoders.&lt;modality&gt;.&lt;local name&gt;").
     */
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        normalizers.forEach((m, n) -> {
            out.put("inputs." + m + ".mean", n.mean());
            out.put("inputs." + m + ".invStd", n.invStd());
        });
        for (int i = 0; i < encoders.size(); i++) {
            for (Map.Entry<String, Tensor> e : encoders.get(i).buffers().entrySet()) {
                out.put("encoders." + modalities.get(i) + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** Every encoder's random generators, for checkpoints: "encoders.&lt;modality&gt;.&lt;local name&gt;". */
    public Map<String, Rng> rngs() {
        Map<String, Rng> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < encoders.size(); i++) {
            for (Map.Entry<String, Rng> e : encoders.get(i).rngs().entrySet()) {
                out.put("encoders." + modalities.get(i) + "." + e.getKey(), e.getValue());
            }
        }
        return out;
    }

    public List<String> modalities() {
        return modalities;
    }

    public ParameterSet parameters() {
        return params;
    }

    public int classes() {
        return classes;
    }

    /** Feature width of modality {@code i} (0-based). */
    public int featureDim(int i) {
        return encoders.get(i).featureDim();
    }
}
