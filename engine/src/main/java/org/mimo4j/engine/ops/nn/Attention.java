package org.mimo4j.engine.ops.nn;

import java.util.Arrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Scaled dot-product attention, out = softmax(scale q k^T + mask) v, for q [..., sq, d],
 * k [..., sk, d], v [..., sk, dv] with equal leading (batch, head) axes, which are folded into one
 * batch axis for the {@link Backend}'s attention kernels. The optional additive mask [sq, sk] (0 or
 * -infinity, broadcast over the batch) is a constant: it receives no gradient.
 */
public final class Attention extends Node {
    private final AttentionShape s;
    private final float[] q;
    private final float[] k;
    private final float[] v;
    private final float[] probs;
    private final float scale;

    private Attention(Tensor tq, Tensor tk, Tensor tv, AttentionShape s, float[][] qkv, float[] probs, float scale) {
        super(tq, tk, tv);
        this.s = s;
        this.q = qkv[0];
        this.k = qkv[1];
        this.v = qkv[2];
        this.probs = probs;
        this.scale = scale;
    }

    /** With {@code scale} = 1 / sqrt(d). */
    public static Tensor apply(Tensor q, Tensor k, Tensor v, Tensor mask) {
        return apply(q, k, v, mask, (float) (1 / Math.sqrt(q.size(-1))));
    }

    public static Tensor apply(Tensor q, Tensor k, Tensor v, Tensor mask, float scale) {
        int[] qs = q.shape();
        int[] ks = k.shape();
        int[] vs = v.shape();
        int r = qs.length;
        boolean ok = r >= 2 && ks.length == r && vs.length == r
                && Arrays.equals(Arrays.copyOf(qs, r - 2), Arrays.copyOf(ks, r - 2))
                && Arrays.equals(Arrays.copyOf(qs, r - 2), Arrays.copyOf(vs, r - 2))
                && qs[r - 1] == ks[r - 1] && ks[r - 2] == vs[r - 2];
        if (!ok) {
            throw new IllegalArgumentException("attention: q " + Shapes.str(qs) + ", k " + Shapes.str(ks) + ", v "
                    + Shapes.str(vs) + " do not fit [..., sq, d], [..., sk, d], [..., sk, dv] with equal leading axes");
        }
        AttentionShape s = new AttentionShape(Shapes.numel(Arrays.copyOf(qs, r - 2)), qs[r - 2], ks[r - 2], qs[r - 1],
                vs[r - 1]);
        if (mask != null && !Arrays.equals(mask.shape(), new int[] {s.seqQ(), s.seqK()})) {
            throw new IllegalArgumentException("attention: mask " + Shapes.str(mask.shape()) + " must be [" + s.seqQ()
                    + "," + s.seqK() + "]");
        }
        float[][] qkv = {q.data(), k.data(), v.data()};
        float[] out = new float[s.batch() * s.seqQ() * s.dimV()];
        float[] probs = new float[s.batch() * s.seqQ() * s.seqK()];
        Backends.current().attentionForward(s, qkv[0], qkv[1], qkv[2], mask == null ? null : mask.data(), scale, out,
                probs);
        int[] outShape = qs.clone();
        outShape[r - 1] = s.dimV();
        return Tensor.fromOp(out, outShape, new Attention(q, k, v, s, qkv, probs, scale).ifRecording());
    }

    @Override
    public String name() {
        return "attention";
    }

    @Override
    protected float[][] backward(float[] gOut) {
        float[] dq = new float[q.length];
        float[] dk = new float[k.length];
        float[] dv = new float[v.length];
        Backends.current().attentionBackward(s, q, k, v, probs, gOut, scale, dq, dk, dv);
        return new float[][] {needs(0) ? dq : null, needs(1) ? dk : null, needs(2) ? dv : null};
    }
}
