package org.mimo4j.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The ops with device kernels, run through the catalog with a device backend installed (the
 * {@link HostDeviceBackend} test double, whose device arrays are separate from the host's): forward
 * and gradients against the double reference, the same results as the host path, and proof that the
 * device path ran (results left on the device, host copy stale until read).
 */
class DevicePathOpsTest {
    /**
     * Ops whose forward leaves its output on the device in every catalog case (add, sub, mul, div and
     * matmul broadcast in any way up to DeviceKernels.MAX_RANK axes, which the catalog never exceeds);
     * reshape, transpose, permute, expand and slice are views whose outputs share their input's storage, and
     * only their gradients run on the device; the catalog's contiguous case ends in an exp, on the device too.
     */
    private static final String[] WRITES_ON_DEVICE = {"relu", "linear", "conv2d", "maxPool2d", "reluMaxPool2d", "crossEntropy",
        "softmax", "logSoftmax", "layerNorm", "batchNorm", "batchNormEval", "attention",
        "add", "sub", "mul", "div", "matmul", "avgPool2d", "globalAvgPool", "concat", "stack",
        "contiguous", "neg", "exp", "log", "sqrt", "pow", "abs", "clamp", "leakyRelu", "gelu", "sigmoid", "tanh", "sum", "mean", "max",
        "dropout", "indexSelect", "gather", "embedding"};

    static List<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (OpCatalog.Entry e : OpCatalog.named("relu", "linear", "conv2d", "maxPool2d", "reluMaxPool2d", "crossEntropy",
                "reshape",
                "add", "sub", "mul", "div", "matmul", "softmax", "logSoftmax", "layerNorm", "batchNorm", "batchNormEval",
                "attention", "avgPool2d", "globalAvgPool", "transpose", "permute", "expand", "contiguous", "slice", "concat",
                "stack", "neg", "exp", "log", "sqrt", "pow", "abs", "clamp", "leakyRelu", "gelu", "sigmoid", "tanh", "sum",
                "mean", "max", "dropout", "indexSelect", "gather", "embedding")) {
            for (int seed = 0; seed < OpCatalogTest.CASES_PER_OP; seed++) {
                out.add(Arguments.of(e, seed));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void forwardMatchesDoubleReferenceOnTheDevicePath(OpCatalog.Entry entry, int seed) {
        try (var device = HostDeviceBackend.install()) {
            OpChecker.checkForward(entry.generator().apply(new Rng(1000L * seed + entry.name().hashCode())));
        }
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferencesOnTheDevicePath(OpCatalog.Entry entry, int seed) {
        try (var device = HostDeviceBackend.install()) {
            Rng rng = new Rng(1000L * seed + entry.name().hashCode());
            OpChecker.checkGradient(entry.generator().apply(rng), rng);
        }
    }

    @ParameterizedTest(name = "{0} case {1}")
    @MethodSource("cases")
    void devicePathGivesTheHostPathsOutputAndGradients(OpCatalog.Entry entry, int seed) {
        OpCase c = entry.generator().apply(new Rng(1000L * seed + entry.name().hashCode()));
        float[][] host = run(c, false);
        float[][] device;
        try (var d = HostDeviceBackend.install()) {
            device = run(c, List.of(WRITES_ON_DEVICE).contains(entry.name()));
        }
        for (int r = 0; r < host.length; r++) {
            assertEquals(host[r].length, device[r].length, entry.name() + ": length of result " + r);
            for (int i = 0; i < host[r].length; i++) {
                float h = host[r][i];
                assertEquals(h, device[r][i], 1e-6 * (1 + Math.abs(h)),
                        entry.name() + ": result " + r + " (0 = output, then input gradients) index " + i);
            }
        }
    }

    /** Output and input gradients for a fixed upstream gradient; checks where the values live first. */
    private static float[][] run(OpCase c, boolean expectOnDevice) {
        Tensor[] in = c.tensors();
        Tensor out = c.apply(in);
        if (expectOnDevice) {
            assertFalse(out.storage().hostCurrent(), c.name() + ": the output should have been written on the device");
        }
        out.backward(Tensor.rand(new Rng(7), out.shape()));
        float[][] r = new float[in.length + 1][];
        r[0] = out.data().clone();
        for (int i = 0; i < in.length; i++) {
            Tensor g = in[i].grad();
            if (expectOnDevice && g != null) {
                assertFalse(g.storage().hostCurrent(), c.name() + ": the gradient of input " + i + " should be on the device");
            }
            r[i + 1] = g == null ? new float[0] : g.data().clone();
        }
        return r;
    }

    @Test
    void aNonDenseInputRunsTheHostPathWithTheSameResult() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 5, 3);
        Tensor w = Tensor.randn(rng, 4, 5);
        float[] expected = F.linear(x.transpose(0, 1), w, null).data().clone();
        try (var d = HostDeviceBackend.install()) {
            Tensor y = F.linear(x.transpose(0, 1), w, null);
            assertNull(y.storage().mirror(), "a transposed input has no dense storage, so the host path runs");
            float[] actual = y.data();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), "index " + i);
            }
        }
    }

    @Test
    void crossEntropyUploadsItsLabelsOnceForForwardAndBackward() {
        Rng rng = new Rng(5);
        Tensor logits = Tensor.randn(rng, 6, 4).requiresGrad(true);
        try (var d = HostDeviceBackend.install()) {
            Tensor loss = F.crossEntropy(logits, new int[] {0, 1, 2, 3, 0, 1});
            assertEquals(2, d.memory().uploads(), "logits and labels");
            assertEquals(0, d.memory().downloads());
            loss.backward();
            assertEquals(2, d.memory().uploads(), "backward reuses the uploaded labels and logProbs");
            assertEquals(0, d.memory().downloads(), "the loss and the gradient stay on the device");
            assertTrue(logits.grad().storage().mirrorCurrent());
            loss.item();
            assertEquals(1, d.memory().downloads());
            assertEquals(4, d.memory().downloadedBytes(), "only the loss comes down");
        }
    }

    @Test
    void dropoutUploadsOnlyItsHostDrawnMaskOnceForForwardAndBackward() {
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(rng, 4, 7).requiresGrad(true);
        Tensor gOut = Tensor.randn(rng, 4, 7);
        float[] expected = F.dropout(x, 0.3f, true, new Rng(5)).data().clone();
        try (var d = HostDeviceBackend.install()) {
            Tensor y = F.dropout(x, 0.3f, true, new Rng(5));
            assertEquals(2, d.memory().uploads(), "x and the mask go up");
            assertEquals(4L * 2 * 28, d.memory().uploadedBytes());
            y.backward(gOut);
            assertEquals(3, d.memory().uploads(), "backward uploads only the output gradient, reusing the mask");
            assertEquals(0, d.memory().downloads(), "output and gradient stay on the device");
            assertTrue(x.grad().storage().mirrorCurrent());
            assertArrayEquals(expected, y.data(), "the same mask as the host path draws from the same seed");
        }
    }

    @Test
    void maxKeepsItsArgMaxOnTheDeviceForTheBackward() {
        Rng rng = new Rng(13);
        Tensor x = Tensor.randn(rng, 3, 5, 4).requiresGrad(true);
        try (var d = HostDeviceBackend.install()) {
            Tensor m = x.max(false, 1);
            assertEquals(1, d.memory().uploads(), "x goes up");
            m.backward(Tensor.randn(rng, 3, 4));
            assertEquals(2, d.memory().uploads(), "backward uploads only the output gradient it is given");
            assertEquals(0, d.memory().downloads(), "maxima, arg-maxima and the gradient stay on the device");
        }
    }

    @Test
    void indexSelectUploadsItsIndicesForwardAndItsInverseMapBackward() {
        Rng rng = new Rng(17);
        Tensor x = Tensor.randn(rng, 3, 6, 2).requiresGrad(true);
        try (var d = HostDeviceBackend.install()) {
            Tensor y = F.indexSelect(x, 1, new int[] {4, 0, 4, 5});
            assertEquals(2, d.memory().uploads(), "x and the indices go up");
            y.backward(Tensor.randn(rng, 3, 4, 2));
            assertEquals(4, d.memory().uploads(), "backward uploads the output gradient it is given and the inverse map");
            assertEquals(4L * (36 + 4 + 24 + 6 + 1 + 4), d.memory().uploadedBytes(),
                    "x, the indices, the output gradient, and an inverse map of 6 + 1 offsets and 4 positions");
            assertEquals(0, d.memory().downloads(), "output and gradient stay on the device");
        }
    }

    @Test
    void gatherUploadsItsIndicesOnceForForwardAndBackward() {
        Rng rng = new Rng(19);
        Tensor x = Tensor.randn(rng, 5, 3).requiresGrad(true);
        try (var d = HostDeviceBackend.install()) {
            Tensor y = F.gather(x, 1, new int[] {2, 0, 0, 1, 2});
            assertEquals(2, d.memory().uploads(), "x and the indices go up");
            y.backward(Tensor.randn(rng, 5));
            assertEquals(3, d.memory().uploads(), "backward uploads only the output gradient, reusing the indices");
            assertEquals(0, d.memory().downloads(), "output and gradient stay on the device");
        }
    }

    @Test
    void attentionKeepsQkvAndProbabilitiesOnTheDeviceBetweenForwardAndBackward() {
        Rng rng = new Rng(9);
        Tensor q = Tensor.randn(rng, 2, 3, 5, 4).requiresGrad(true);
        Tensor k = Tensor.randn(rng, 2, 3, 7, 4).requiresGrad(true);
        Tensor v = Tensor.randn(rng, 2, 3, 7, 3).requiresGrad(true);
        Tensor mask = Tensor.zeros(5, 7);
        Tensor gOut = Tensor.randn(rng, 2, 3, 5, 3);
        try (var d = HostDeviceBackend.install()) {
            Tensor out = F.attention(q, k, v, mask);
            assertEquals(4, d.memory().uploads(), "q, k, v and the mask go up once");
            out.backward(gOut);
            assertEquals(5, d.memory().uploads(), "backward uploads only the output gradient it is given");
            assertEquals(0, d.memory().downloads(), "the saved q, k, v and probabilities are used where they live");
            for (Tensor t : new Tensor[] {q, k, v}) {
                assertTrue(t.grad().storage().mirrorCurrent() && !t.grad().storage().hostCurrent(),
                        "the gradients are written on the device");
            }
        }
    }
}
