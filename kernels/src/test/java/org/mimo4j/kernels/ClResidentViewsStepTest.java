package org.mimo4j.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A training step of an attention-shaped model stays on the device: x [n, s, d] -> three Linear
 * projections, each reshaped and permuted to heads [n, h, s, dh] (views), scores q k^T (a batched
 * matmul of a permuted and a transposed view, gathered on the device) plus a broadcast bias [h, 1, s],
 * relu, a batched matmul with the (contiguous) values, a per-head scale [1, h, 1, 1] expanded to
 * [n, h, 1, 1] and broadcast, AvgPool2d 2/2 and GlobalAvgPool to [n, h], a Linear to the classes and
 * cross-entropy, trained with SGD with momentum on the OpenCL backend. The losses must match the CPU
 * backend's step by step (tolerance 1e-4 * (1 + |loss|), as in ClResidentStepTest) and fall; after the
 * first step (which uploads the parameters and their momentum buffers once) each step moves exactly
 * the batch up (x and the labels) and the 4-byte loss down.
 */
class ClResidentViewsStepTest {
    private static final int N = 4;
    private static final int S = 6;
    private static final int D = 8;
    private static final int H = 2;
    private static final int DH = 4;
    private static final int CLASSES = 3;
    private static final int STEPS = 6;

    @Test
    void anAttentionShapedStepMovesOnlyTheBatchAndTheLoss() throws Exception {
        ResidentTraining.Run ocl = ResidentTraining.onBoth(STEPS, 0.01, ClResidentViewsStepTest::model);
        int params = 10;
        ResidentTraining.assertMoved(ocl, 2 + 2 * params, new ClTransfers(2, 4L * N * (S * D + 1), 1, 4),
                "the batch, the " + params + " parameters and their momentum buffers");
    }

    /** The seeded model on the current backend. */
    private static ResidentTraining.Model model() {
        Rng rng = new Rng(13);
        Map<String, Parameter> p = new LinkedHashMap<>();
        for (String proj : new String[] {"q", "k", "v"}) {
            p.put("w" + proj, new Parameter(randn(rng, (float) (1 / Math.sqrt(D)), H * DH, D)));
            p.put("b" + proj, new Parameter(randn(rng, 0.1f, H * DH)));
        }
        p.put("bias", new Parameter(randn(rng, 0.1f, H, 1, S)));
        p.put("scale", new Parameter(randn(rng, 1f, 1, H, 1, 1)));
        p.put("wo", new Parameter(randn(rng, 1f, CLASSES, H)));
        p.put("bo", new Parameter(Tensor.zeros(CLASSES)));
        Optimizer opt = new Sgd(p, 0.2f, 0.9f, false, 0f);
        float[] batch = randn(rng, 1f, N * S * D).storage().read();
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        return new ResidentTraining.Model(p, opt, s -> {
            Tensor x = Tensor.of(batch.clone(), N, S, D); // a new host tensor, as a loader gives
            return F.crossEntropy(forward(p, x), labels);
        });
    }

    private static Tensor forward(Map<String, Parameter> p, Tensor x) {
        Tensor q = heads(F.linear(x, p.get("wq").tensor(), p.get("bq").tensor()));
        Tensor k = heads(F.linear(x, p.get("wk").tensor(), p.get("bk").tensor()));
        Tensor v = heads(F.linear(x, p.get("wv").tensor(), p.get("bv").tensor())).contiguous();
        Tensor scores = q.matmul(k.transpose(-2, -1)).add(p.get("bias").tensor());
        Tensor mixed = scores.relu().matmul(v).mul(p.get("scale").tensor().expand(N, H, 1, 1));
        Tensor pooled = F.globalAvgPool(F.avgPool2d(mixed, 2, 2, 0));
        return F.linear(pooled, p.get("wo").tensor(), p.get("bo").tensor());
    }

    /** [n, s, h dh] -> [n, h, s, dh] as a view (reshape, then permute). */
    private static Tensor heads(Tensor t) {
        return t.reshape(N, S, H, DH).permute(0, 2, 1, 3);
    }

    private static Tensor randn(Rng rng, float scale, int... shape) {
        float[] d = Tensor.randn(rng, shape).storage().read().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] *= scale;
        }
        return Tensor.of(d, shape);
    }
}
