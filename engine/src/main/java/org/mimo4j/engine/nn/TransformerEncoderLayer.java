package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * One Transformer encoder block on [batch, seq, dModel]: self-attention and a two-layer feed-forward
 * network, each with dropout, a residual connection and layer normalisation. Post-norm (the original
 * and PyTorch's default) computes x = norm(x + sublayer(x)); pre-norm computes x = x + sublayer(norm(x)),
 * which trains more stably in deep stacks without warmup.
 */
public final class TransformerEncoderLayer extends Layer {
    private final boolean preNorm;
    private final MultiHeadAttention attention;
    private final Sequential feedForward;
    private final LayerNorm norm1;
    private final LayerNorm norm2;
    private final Dropout drop1;
    private final Dropout drop2;

    public TransformerEncoderLayer(int dModel, int heads, int ffWidth, double dropout, Activation.Kind activation,
                                   boolean preNorm, Rng rng) {
        this.preNorm = preNorm;
        this.attention = addModule("self_attn", new MultiHeadAttention(dModel, heads, rng));
        this.feedForward = addModule("ff", new Sequential(new Linear(dModel, ffWidth, rng), new Activation(activation),
                new Dropout(dropout, rng.split()), new Linear(ffWidth, dModel, rng)));
        this.norm1 = addModule("norm1", new LayerNorm(dModel));
        this.norm2 = addModule("norm2", new LayerNorm(dModel));
        this.drop1 = addModule("dropout1", new Dropout(dropout, rng.split()));
        this.drop2 = addModule("dropout2", new Dropout(dropout, rng.split()));
    }

    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /** @param mask additive [seq, seq] attention mask (0 or -infinity) or null */
    public Tensor forward(Tensor x, Tensor mask) {
        if (preNorm) {
            Tensor h = norm1.forward(x);
            Tensor y = x.add(drop1.forward(attention.forward(h, h, h, mask)));
            return y.add(drop2.forward(feedForward.forward(norm2.forward(y))));
        }
        Tensor y = norm1.forward(x.add(drop1.forward(attention.forward(x, x, x, mask))));
        return norm2.forward(y.add(drop2.forward(feedForward.forward(y))));
    }
}
