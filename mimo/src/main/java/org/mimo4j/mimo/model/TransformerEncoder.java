package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mimo4j.engine.nn.Activation;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.nn.TransformerEncoderLayer;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * An encoder for sequences: a linear embedding of each step to {@code width}, {@code layers} pre-norm
 * Transformer encoder blocks (the engine's, with the given dropout; checkpoints keep the blocks' dropout
 * generators, so a resumed run stays exact), mean pooling over the steps and a ReLU projection to the feature width. Samples are [steps, features];
 * a one-channel spectrogram [1, frequency, time] is read as a sequence over time.
 */
public final class TransformerEncoder implements Encoder {
    private final Dense embed;
    private final List<TransformerEncoderLayer> blocks = new ArrayList<>();
    private final Dense out;
    private final boolean spectrogram;
    private final int featureDim;

    public TransformerEncoder(ParameterSet params, Owner owner, int[] shape, int width, int layers, int heads,
                              double dropout, int featureDim, Rng rng) {
        spectrogram = shape.length == 3 && shape[0] == 1;
        if (!spectrogram && shape.length != 2) {
            throw new IllegalArgumentException(owner.prefix() + ": a transformer encoder needs [steps, features] or "
                    + "[1, frequency, time] samples, got " + java.util.Arrays.toString(shape));
        }
        this.featureDim = featureDim;
        embed = new Dense(params, owner, "embed", shape[1], width, rng);
        for (int i = 0; i < layers; i++) {
            TransformerEncoderLayer block = new TransformerEncoderLayer(width, heads, 2 * width, dropout,
                    Activation.Kind.GELU, true, rng);
            for (Map.Entry<String, Parameter> e : block.namedParameters().entrySet()) {
                Parameter p = e.getValue();
                params.add(owner.group("block" + i + "." + e.getKey(), p.numel(), p.shape().length), p);
            }
            blocks.add(block);
        }
        out = new Dense(params, owner, "out", width, featureDim, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor seq = spectrogram ? x.reshape(x.size(0), x.size(2), x.size(3)).transpose(1, 2) : x;
        Tensor h = embed.forward(seq);
        for (TransformerEncoderLayer b : blocks) {
            h = b.forward(h);
        }
        return out.forward(h.mean(false, 1)).relu();
    }

    @Override
    public int featureDim() {
        return featureDim;
    }

    @Override
    public void train(boolean on) {
        for (TransformerEncoderLayer b : blocks) {
            b.train(on);
        }
    }

    @Override
    public Map<String, Rng> rngs() {
        Map<String, Rng> out = new LinkedHashMap<>();
        for (int i = 0; i < blocks.size(); i++) {
            out.putAll(MlpEncoder.prefixed("block" + i + ".", blocks.get(i).namedRngs()));
        }
        return out;
    }
}
