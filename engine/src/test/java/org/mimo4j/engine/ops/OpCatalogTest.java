package org.mimo4j.engine.ops;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs every catalog entry on several seeded random cases: forward against the reference, and gradients. */
class OpCatalogTest {
    static final int CASES_PER_OP = 6;

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OpCatalog.Entry e : OpCatalog.all()) {
            for (int seed = 0; seed < CASES_PER_OP; seed++) {
                out.add(Arguments.of(e, seed));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void forwardMatchesDoubleReference(OpCatalog.Entry entry, int seed) {
        OpChecker.checkForward(entry.generator().apply(new Rng(1000L * seed + entry.name().hashCode())));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferences(OpCatalog.Entry entry, int seed) {
        Rng rng = new Rng(1000L * seed + entry.name().hashCode());
        OpChecker.checkGradient(entry.generator().apply(rng), rng);
    }

    /** Same inputs, same backend, same threads: bitwise the same outputs and gradients. */
    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void repeatedRunsAreBitwiseIdentical(OpCatalog.Entry entry, int seed) {
        OpCase c = entry.generator().apply(new Rng(1000L * seed + entry.name().hashCode()));
        float[][] first = run(c);
        float[][] second = run(c);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], entry.name() + ": run-to-run difference in result " + i);
        }
    }

    /** The output and every input gradient of one forward/backward with a fixed upstream gradient. */
    private static float[][] run(OpCase c) {
        Tensor[] in = c.tensors();
        Tensor out = c.apply(in);
        Tensor up = Tensor.rand(new Rng(7), out.shape());
        out.backward(up);
        float[][] r = new float[in.length + 1][];
        r[0] = out.data().clone();
        for (int i = 0; i < in.length; i++) {
            r[i + 1] = in[i].grad() == null ? new float[0] : in[i].grad().data();
        }
        return r;
    }

    @Test
    void everyPublicOpHasAnEntry() {
        List<String> names = new ArrayList<>();
        OpCatalog.all().forEach(e -> names.add(e.name()));
        for (String op : new String[] {"add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "pow", "abs", "clamp",
            "relu", "leakyRelu", "gelu", "sigmoid", "tanh", "sum", "mean", "max", "reshape", "transpose", "permute",
            "slice", "expand", "contiguous", "concat", "stack", "indexSelect", "gather", "matmul", "linear", "conv2d",
            "maxPool2d", "reluMaxPool2d", "avgPool2d", "globalAvgPool", "batchNorm", "batchNormEval", "layerNorm", "softmax",
            "logSoftmax", "crossEntropy", "dropout", "embedding", "attention"}) {
            assertTrue(names.contains(op), "no catalog entry for " + op);
        }
    }
}
