package org.mimo4j.engine.ops;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checker itself must be able to fail, with a message naming op, argument, index, expected, actual. */
class OpCheckerTest {

    /** x^2 whose backward forgets the factor 2: a deliberately wrong op. */
    private static final class WrongSquare extends Node {
        private WrongSquare(Tensor x) {
            super(x);
        }

        static Tensor apply(Tensor x) {
            float[] d = x.data();
            float[] y = new float[d.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = d[i] * d[i];
            }
            return Tensor.fromOp(y, x.shape(), new WrongSquare(x).ifRecording());
        }

        @Override
        public String name() {
            return "wrongSquare";
        }

        @Override
        protected float[][] backward(float[] gy) {
            float[] x = input(0).data();
            float[] gx = new float[gy.length];
            for (int i = 0; i < gx.length; i++) {
                gx[i] = gy[i] * x[i];
            }
            return new float[][] {gx};
        }
    }

    private static OpCase square(java.util.function.Function<Tensor[], Tensor> op) {
        return new OpCase("wrongSquare").input(new int[] {2}, new double[] {0.5, -1.25}, true)
                .op(op)
                .reference(x -> new OpCase.RefOut(Ref.map(x[0], v -> v * v), new int[] {2}));
    }

    @Test
    void aWrongBackwardIsReportedWithArgumentIndexExpectedAndActual() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> OpChecker.checkGradient(square(t -> WrongSquare.apply(t[0])), new Rng(1)));
        assertEquals(true, e.getMessage().startsWith("wrongSquare: gradient of argument 0 [2] at index 0: expected "),
                e.getMessage());
    }

    @Test
    void aWrongForwardIsReportedWithTheOutputIndex() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> OpChecker.checkForward(square(t -> t[0].mul(t[0]).add(Tensor.of(new float[] {0, 1e-3f}, 2)))));
        assertEquals(true, e.getMessage().startsWith("wrongSquare: forward output index 1"), e.getMessage());
    }

    @Test
    void aWrongOutputShapeIsReported() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> OpChecker.checkForward(square(t -> t[0].mul(t[0]).reshape(1, 2))));
        assertEquals(true, e.getMessage().contains("output shape [1, 2], expected [2]"), e.getMessage());
    }

    @Test
    void aCorrectOpPasses() {
        OpChecker.checkForward(square(t -> t[0].mul(t[0])));
        OpChecker.checkGradient(square(t -> t[0].mul(t[0])), new Rng(1));
    }
}
