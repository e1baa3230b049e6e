package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
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
        ClBackend cl = OpenClTests.backend();
        Backend before = Backends.current();
        Run cpu;
        Run ocl;
        try {
            cpu = train(new CpuBackend(2), null);
            ocl = train(cl, cl);
        } finally {
            Backends.use(before);
        }
        for (int s = 0; s < STEPS; s++) {
            double tol = 1e-4 * (1 + Math.abs(cpu.losses[s]));
            assertTrue(Math.abs(cpu.losses[s] - ocl.losses[s]) <= tol, "step " + s + ": cpu loss " + cpu.losses[s]
                    + ", opencl loss " + ocl.losses[s] + " (tolerance " + tol + ")");
        }
        assertTrue(ocl.losses[STEPS - 1] < ocl.losses[0] - 0.01, "training must reduce the loss: " + ocl.losses[0]
                + " -> " + ocl.losses[STEPS - 1]);
        int params = 3;
        assertEquals(3 + 2 * params, ocl.moved[0].uploads(), "step 0 uploads the ids, their inverse map, the labels,"
                + " the " + params + " parameters and their momentum buffers, nothing more: " + ocl.moved[0]);
        assertEquals(1, ocl.moved[0].downloads(), "step 0 downloads only the loss: " + ocl.moved[0]);
        ClTransfers batchAndLoss = new ClTransfers(3, 4L * (N * S + (VOCAB + 1 + N * S) + N), 1, 4);
        for (int s = 1; s < STEPS; s++) {
            assertEquals(batchAndLoss, ocl.moved[s], "step " + s + " moved more than the ids, the inverse map, the"
                    + " labels and the loss");
        }
    }

    private record Run(float[] losses, ClTransfers[] moved) {
    }

    /** STEPS SGD steps from the same seed; {@code counted}: the backend whose transfers are recorded. */
    private static Run train(Backend backend, ClBackend counted) {
        Backends.use(backend);
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
        float[] losses = new float[STEPS];
        ClTransfers[] moved = new ClTransfers[STEPS];
        for (int s = 0; s < STEPS; s++) {
            ClTransfers t0 = counted == null ? null : counted.transfers();
            Tensor bag = F.embedding(p.get("embedding").tensor(), ids.clone(), N, S).mean(false, 1);
            Tensor loss = F.crossEntropy(F.linear(bag, p.get("w").tensor(), p.get("b").tensor()), labels);
            losses[s] = loss.item();
            loss.backward();
            opt.step();
            p.values().forEach(Parameter::zeroGrad);
            moved[s] = counted == null ? null : counted.transfers().since(t0);
        }
        return new Run(losses, moved);
    }
}
