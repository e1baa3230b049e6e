package org.mimo4j.kernels;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.ops.OpCatalog;
import org.mimo4j.engine.ops.OpChecker;
import org.mimo4j.engine.tensor.Rng;

/**
 * The engine's op catalog (forward against the double reference, backward against central
 * differences) with the OpenCL backend installed, for every op that dispatches to the backend:
 * attention (host-array kernels), and linear, conv2d, relu, maxPool2d, crossEntropy, reshape, softmax,
 * logSoftmax, layerNorm, batchNorm (training and evaluation), matmul (batched and broadcast), add, sub,
 * mul and div (any broadcast), avgPool2d, globalAvgPool, the views transpose, permute, expand, slice and
 * contiguous, concat and stack (gathers, scatters and sums on the device), the unary functions neg, exp,
 * log, sqrt, pow, abs, clamp, leakyRelu, gelu, sigmoid and tanh, the reductions sum, mean and max,
 * dropout (its host-drawn mask uploaded, the products on the device), and the picks by index
 * indexSelect, gather and embedding (host indices uploaded, IndexSelect's inverse map for the backward),
 * which run on resident storages through ClDeviceKernels (forward, backward and the gradient
 * accumulation of backprop).
 * Tolerances are the catalog's own (OpChecker).
 */
class ClOpCatalogTest {
    private static final int CASES_PER_OP = 6;
    private static Backend previous;

    @BeforeAll
    static void install() throws Exception {
        ClBackend cl = OpenClTests.backend();
        previous = Backends.current();
        Backends.use(cl);
    }

    @AfterAll
    static void restore() {
        if (previous != null) {
            Backends.use(previous);
        }
    }

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OpCatalog.Entry e : OpCatalog.named("matmul", "linear", "conv2d", "attention", "relu", "maxPool2d", "reluMaxPool2d",
                "crossEntropy", "reshape", "add", "sub", "mul", "div",
                "softmax", "logSoftmax", "layerNorm", "batchNorm", "batchNormEval", "avgPool2d", "globalAvgPool",
                "transpose", "permute", "expand", "contiguous", "slice", "concat", "stack", "neg", "exp", "log", "sqrt",
                "pow", "abs", "clamp", "leakyRelu", "gelu", "sigmoid", "tanh", "sum", "mean", "max", "dropout",
                "indexSelect", "gather", "embedding")) {
            for (int seed = 0; seed < CASES_PER_OP; seed++) {
                out.add(Arguments.of(e, seed));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void forwardMatchesDoubleReferenceOnOpenCl(OpCatalog.Entry entry, int seed) {
        OpChecker.checkForward(entry.generator().apply(new Rng(1000L * seed + entry.name().hashCode())));
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferencesOnOpenCl(OpCatalog.Entry entry, int seed) {
        Rng rng = new Rng(1000L * seed + entry.name().hashCode());
        OpChecker.checkGradient(entry.generator().apply(rng), rng);
    }
}
