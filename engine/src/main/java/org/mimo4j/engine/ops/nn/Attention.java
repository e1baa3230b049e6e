package org.mimo4j.engine.ops.nn;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.shape.Contiguous;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Scaled dot-product attention, out = softmax(scale q k^T + mask) v, for q [..., sq, d],
 * k [..., sk, d], v [..., sk, dv] with equal leading (batch, head) axes, which are folded into one
 * batch axis for the {@link Backend}'s attention kernels. The optional additive mask [sq, sk] (0 or
 * -infinity, broadcast over the batch) is a constant: it receives no gradient.
 *
 * <p>With a device backend and dense q, k and v the forward and backward run on the device
 * ({@link DeviceKernels#attentionForward}, {@link DeviceKernels#attentionBackward}): q, k, v and the
 * probabilities are saved as the storages they live in, so nothing crosses between the passes. The
 * host path saves storages too (the inputs' own when dense), so a backward on another backend finds
 * them wherever they are current.
 */
public final class Attention extends Node {
    private final AttentionShape s;
    private final Storage q;
    private final Storage k;
    private final Storage v;
    private final Storage probs;
    private final float scale;

    private Attention(Tensor tq, Tensor tk, Tensor tv, AttentionShape s, Storage[] qkv, Storage probs, float scale) {
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
        AttentionShape s = shape(q, k, v, mask);
        int[] outShape = q.shape().clone();
        outShape[outShape.length - 1] = s.dimV();
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && (q.dense() == null || k.dense() == null || v.dense() == null)) {
            // heads split by a permute are views: gather them on the device rather than run on the host
            return apply(dense(q), dense(k), dense(v), mask, scale);
        }
        if (dk != null) {
            Storage[] qkv = {q.dense(), k.dense(), v.dense()};
            Storage out = dk.allocate(s.batch() * s.seqQ() * s.dimV());
            Storage probs = dk.allocate(s.batch() * s.seqQ() * s.seqK());
            Storage m = mask == null ? null : mask.dense() != null ? mask.dense() : Storage.wrap(mask.data());
            dk.attentionForward(s, qkv[0], qkv[1], qkv[2], m, scale, out, probs);
            return Tensor.fromOp(out, outShape, new Attention(q, k, v, s, qkv, probs, scale).ifRecording());
        }
        float[] qd = q.data(), kd = k.data(), vd = v.data();
        float[] out = new float[s.batch() * s.seqQ() * s.dimV()];
        float[] probs = new float[s.batch() * s.seqQ() * s.seqK()];
        Backends.current().attentionForward(s, qd, kd, vd, mask == null ? null : mask.data(), scale, out, probs);
        Storage[] qkv = {saved(q, qd), saved(k, kd), saved(v, vd)};
        return Tensor.fromOp(out, outShape, new Attention(q, k, v, s, qkv, Storage.wrap(probs), scale).ifRecording());
    }

    private static Tensor dense(Tensor t) {
        return t.dense() != null ? t : Contiguous.apply(t);
    }

    /** The folded geometry of q, k, v (and the mask's shape), or an exception saying what does not fit. */
    private static AttentionShape shape(Tensor q, Tensor k, Tensor v, Tensor mask) {
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
        return s;
    }

    @Override
    public String name() {
        return "attention";
    }

    @Override
    protected Storage[] backward(Storage gOut, DeviceKernels kernels) {
        if (kernels == null) {
            return super.backward(gOut, kernels);
        }
        Storage[] g = new Storage[3];
        Storage[] like = {q, k, v};
        for (int i = 0; i < 3; i++) {
            g[i] = needs(i) ? kernels.allocate(like[i].length()) : null;
        }
        kernels.attentionBackward(s, q, k, v, probs, gOut, scale, g[0], g[1], g[2]);
        return g;
    }

    @Override
    protected float[][] backward(float[] gOut) {
        float[] dq = GradientArrays.take(q.length());
        float[] dk = GradientArrays.take(k.length());
        float[] dv = GradientArrays.take(v.length());
        Backends.current().attentionBackward(s, q.read(), k.read(), v.read(), probs.read(), gOut, scale, dq, dk, dv);
        return new float[][] {needs(0) ? dq : null, needs(1) ? dk : null, needs(2) ? dv : null};
    }
}
