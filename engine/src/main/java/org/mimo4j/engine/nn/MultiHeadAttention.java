package org.mimo4j.engine.nn;

import java.util.Arrays;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Multi-head attention (Vaswani et al. 2017) on [batch, seq, dModel] tensors: q, k and v are projected
 * ("q_proj", "k_proj", "v_proj"), split into {@code heads} heads of dModel/heads features, attended
 * with scaled dot products ({@link F#attention}, optional additive [seqQ, seqK] mask), concatenated
 * and projected back ("out_proj"). Projection weights are Xavier-uniform and biases zero, as in PyTorch.
 */
public final class MultiHeadAttention extends Layer {
    private final int dModel;
    private final int heads;
    private final Linear qProj;
    private final Linear kProj;
    private final Linear vProj;
    private final Linear outProj;

    public MultiHeadAttention(int dModel, int heads, Rng rng) {
        if (dModel <= 0 || heads <= 0 || dModel % heads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention needs dModel divisible by heads, got dModel=" + dModel
                    + ", heads=" + heads);
        }
        this.dModel = dModel;
        this.heads = heads;
        this.qProj = addModule("q_proj", projection(rng));
        this.kProj = addModule("k_proj", projection(rng));
        this.vProj = addModule("v_proj", projection(rng));
        this.outProj = addModule("out_proj", projection(rng));
    }

    private Linear projection(Rng rng) {
        Linear l = new Linear(dModel, dModel, rng);
        Init.xavierUniform(l.weight().tensor(), rng);
        Arrays.fill(l.bias().storage().write(), 0f);
        return l;
    }

    /** Self-attention without a mask. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, x, x, null);
    }

    /**
     * @param q    [batch, seqQ, dModel]
     * @param k    [batch, seqK, dModel]
     * @param v    [batch, seqK, dModel]
     * @param mask additive [seqQ, seqK] (0 or -infinity) or null
     * @return [batch, seqQ, dModel]
     */
    public Tensor forward(Tensor q, Tensor k, Tensor v, Tensor mask) {
        for (Tensor t : new Tensor[] {q, k, v}) {
            if (t.dim() != 3 || t.size(2) != dModel) {
                throw new IllegalArgumentException("MultiHeadAttention(dModel=" + dModel + "): input shape "
                        + Arrays.toString(t.shape()) + " must be [batch, seq, " + dModel + "]");
            }
        }
        Tensor o = F.attention(split(qProj.forward(q)), split(kProj.forward(k)), split(vProj.forward(v)), mask);
        int b = q.size(0);
        int s = q.size(1);
        return outProj.forward(o.permute(0, 2, 1, 3).reshape(b, s, dModel));
    }

    /** [b, s, dModel] -> [b, heads, s, dModel / heads]. */
    private Tensor split(Tensor x) {
        return x.reshape(x.size(0), x.size(1), heads, dModel / heads).permute(0, 2, 1, 3);
    }
}
