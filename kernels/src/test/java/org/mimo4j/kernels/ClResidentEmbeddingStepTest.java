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
 * A training step of a bag-of-embeddings classifier stays on the device: token ids [n, s] (with
 * repeats, and most of the vocabulary unused) -> Embedding [vocab, dim] -> mean over the sequence ->
 * Linear -> cross-entropy, trained with SGD with momentum on the OpenCL backend. The losses must match
 * the CPU backend's step by step (tolerance 1e-4 * (1 + |loss|), as in ClResidentStepTest) and fall;
 * after the first step (which also uploads the parameters and their momentum buffers once) each step
 * moves exactly the ids, their inverse map (IndexSelect.inverseMap: vocab + 1 offsets and n s
 * positions, for the embedding's gradient) and the labels up, and the 4-byte loss down.
 */
class ClResidentEmbeddingStepTest {
    private static final int N = 4;
    private static final int S = 6;
    private static final int VOCAB = 50;
    private static final int DIM = 8;
    private static final int CLASSES = 3;
    private static final int STEPS = 6;

    @Test
    void anEmbeddingStepMovesOnlyTheIdsTheirInverseMapTheLabelsAndTheLoss() throws Exception {
        ResidentTraining.Run ocl = ResidentTraining.onBoth(STEPS, 0.01, ClResidentEmbeddingStepTest::model);
        int params = 3;
        ResidentTraining.assertMoved(ocl, 3 + 2 * params,
                new ClTransfers(3, 4L * (N * S + (VOCAB + 1 + N * S) + N), 1, 4),
                "the ids, their inverse map, the labels, the " + params + " parameters and their momentum buffers");
    }

    /** The seeded model on the current backend. */
    private static ResidentTraining.Model model() {
        Rng rng = new Rng(29);
        Map<String, Parameter> p = new LinkedHashMap<>();
        p.put("embedding", new Parameter(Tensor.randn(rng, VOCAB, DIM)));
        p.put("w", new Parameter(Tensor.randn(rng, CLASSES, DIM)));
        p.put("b", new Parameter(Tensor.zeros(CLASSES)));
        Optimizer opt = new Sgd(p, 0.5f, 0.9f, false, 0f);
        int[] ids = new int[N * S];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rng.nextInt(VOCAB / 5); // repeats within and across rows; most rows of the table unread
        }
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = rng.nextInt(CLASSES);
        }
        return new ResidentTraining.Model(p, opt, s -> {
            Tensor bag = F.embedding(p.get("embedding").tensor(), ids.clone(), N, S).mean(false, 1);
            return F.crossEntropy(F.linear(bag, p.get("w").tensor(), p.get("b").tensor()), labels);
        });
    }
}
