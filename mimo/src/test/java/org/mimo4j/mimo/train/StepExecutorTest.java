package org.mimo4j.mimo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.CrossEntropy;
import org.mimo4j.mimo.model.ModelFactory;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.GradientBank;
import org.mimo4j.mimo.moo.Mgda;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.ParameterGroup;
import org.mimo4j.mimo.moo.StepContext;
import org.mimo4j.mimo.moo.StepReport;

class StepExecutorTest {
    private static final int BATCH = 5;
    private static final int CLASSES = 3;
    private static final int[] LABELS = {0, 2, 1, 1, 2};

    private static MultiModalModel tinyModel() {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        shapes.put("image", new int[] {6});
        shapes.put("audio", new int[] {4});
        ModelFactory.EncoderChoice mlp = new ModelFactory.EncoderChoice("mlp", 7, 1, 1);
        return ModelFactory.build(shapes, Map.of("image", mlp, "audio", mlp), "concat", 4, CLASSES, new Rng(11));
    }

    private static Map<String, Tensor> batch() {
        Rng rng = new Rng(3);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("image", Tensor.randn(rng, BATCH, 6));
        in.put("audio", Tensor.randn(rng, BATCH, 4));
        return in;
    }

    private static StepContext ctx() {
        return StepContext.of(0, new Rng(1));
    }

    private static Mgda mgdaUb() {
        return new Mgda(2, Mgda.Options.defaults().withUpperBound(true));
    }

    /** The objectives of an uncut forward pass, as the trainer built them before the graph was cut. */
    private static Tensor[] uncutLosses(MultiModalModel model) {
        ModelOutput out = model.forward(batch());
        return new Tensor[] {CrossEntropy.loss(out.fused(), LABELS), CrossEntropy.loss(out.heads().get(0), LABELS),
                CrossEntropy.loss(out.heads().get(1), LABELS)};
    }

    /** Every parameter gradient after one backward of Σ_k w_k f_k through the uncut graph. */
    private static List<float[]> uncutGradients(MultiModalModel model, double[] w) {
        model.parameters().zeroGrad();
        Tensor[] f = uncutLosses(model);
        Tensor total = null;
        for (int k = 0; k < f.length; k++) {
            if (w[k] != 0) {
                total = total == null ? f[k].mul((float) w[k]) : total.add(f[k].mul((float) w[k]));
            }
        }
        total.backward();
        return gradients(model);
    }

    private static List<float[]> gradients(MultiModalModel model) {
        List<float[]> out = new ArrayList<>();
        for (Parameter p : model.parameters().list()) {
            out.add(p.grad().data().clone());
        }
        return out;
    }

    private static StepReport execute(MultiModalModel model, MultiObjectiveMethod method) {
        Objectives objectives = Objectives.forward(model, batch(), LABELS);
        return new StepExecutor(model.parameters()).execute(method, method.plan(objectives.values(), ctx()),
                objectives, ctx());
    }

    @ParameterizedTest
    @ValueSource(strings = {"joint", "uniform"})
    void cuttingTheGraphAtTheFeaturesLeavesAWeightedBackwardBitwiseUnchanged(String name) {
        MultiModalModel model = tinyModel();
        MultiObjectiveMethod method = MethodFactory.create(spec(name), 2);
        StepReport report = execute(model, method);
        List<float[]> cut = gradients(model);
        List<float[]> uncut = uncutGradients(model, report.weights());
        List<String> names = model.parameters().names();
        for (int p = 0; p < cut.size(); p++) {
            assertArrayEquals(uncut.get(p), cut.get(p), name + ": " + names.get(p));
        }
    }

    @Test
    void mgdaUbWeighsTheObjectivesByTheMinNormPointOfTheRepresentationGradients() {
        MultiModalModel model = tinyModel();
        double[] lambda = referenceWeights(model);
        List<float[]> expected = uncutGradients(model, lambda);
        StepReport report = execute(model, mgdaUb());
        assertArrayEquals(lambda, report.weights(), 1e-12);
        assertTrue(lambda[0] > 0 && lambda[0] < 1, "a non-trivial mix: " + java.util.Arrays.toString(lambda));
        List<float[]> actual = gradients(model);
        List<String> names = model.parameters().names();
        for (int p = 0; p < actual.size(); p++) {
            for (int i = 0; i < actual.get(p).length; i++) {
                float e = expected.get(p)[i];
                assertEquals(e, actual.get(p)[i], 1e-6f * (1 + Math.abs(e)), names.get(p) + "[" + i + "]");
            }
        }
    }

    @Test
    void mgdaUbReportCountsOnePartialBackwardPerObjectivePlusTheFullOne() {
        StepReport report = execute(tinyModel(), mgdaUb());
        assertEquals(3 + 1, report.backwardPasses());
        assertEquals("mgda-ub", report.method());
    }

    /**
     * λ from MGDA's solver on ∂f_k/∂z_m computed here one objective at a time, each on its own
     * forward pass with fresh leaves (independent of the executor's retained-graph passes).
     */
    private static double[] referenceWeights(MultiModalModel model) {
        List<ParameterGroup> groups = List.of(ParameterGroup.representation("z.image", BATCH * 4, 1),
                ParameterGroup.representation("z.audio", BATCH * 4, 2));
        GradientBank bank = new GradientBank(List.of("f0", "f1", "f2"), groups);
        double[] values = new double[3];
        for (int k = 0; k < 3; k++) {
            List<Tensor> leaves = new ArrayList<>();
            for (Tensor z : model.encode(batch())) {
                leaves.add(z.detach().requiresGrad(true));
            }
            ModelOutput out = model.fromFeatures(leaves);
            Tensor f = CrossEntropy.loss(k == 0 ? out.fused() : out.heads().get(k - 1), LABELS);
            values[k] = f.item();
            bank.setLoss(k, values[k]);
            f.backward();
            for (int m = 0; m < 2; m++) {
                Tensor g = leaves.get(m).grad();
                if (g != null) {
                    System.arraycopy(g.data(), 0, bank.block(k, m), 0, g.numel());
                }
            }
        }
        Mgda solver = mgdaUb();
        solver.plan(values, ctx());
        return solver.combine(bank, null, ctx()).weights();
    }

    private static RunConfig.MethodSpec spec(String name) {
        RunConfig.MethodSpec s = new RunConfig.MethodSpec();
        s.name = name;
        return s;
    }
}
