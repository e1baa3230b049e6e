package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * The elementwise device kernels (elementwise.cl) against host loops written as the engine's ops
 * compute them, on lengths 1, odd, and large non-multiples of the work-group size, random non-zero
 * values (the unary functions, relu among them, are ClDeviceUnaryParityTest's). Tolerance: copy, fill,
 * add and addRowVector are one correctly rounded operation or none on both sides, so they must agree
 * bitwise; axpy may be contracted to one fma on
 * the device (-cl-mad-enable), so it may differ by one rounding of each term: 2 eps (|y| + |alpha x|).
 * binary and scalar are one operation each: add, sub and mul exact; div within OpenCL's 2.5 ulp for
 * single-precision division without -cl-fp32-correctly-rounded-divide-sqrt (6 eps |y|, 3 ulp, here).
 */
class ClDeviceElementwiseParityTest {

    private static DeviceKernels dk() throws Exception {
        return OpenClTests.backend().deviceKernels();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 129, 4099})
    void copyAndFillAreExact(int n) throws Exception {
        float[] x = Parity.random(new Rng(n), n);
        Storage y = Storage.wrap(Parity.random(new Rng(n + 1), n));
        dk().copy(Storage.wrap(x.clone()), y);
        assertArrayEquals(x, y.read(), "copy n=" + n);
        dk().fill(y, -0.625f);
        float[] want = new float[n];
        java.util.Arrays.fill(want, -0.625f);
        assertArrayEquals(want, y.read(), "fill n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 129, 4099})
    void addIsExactAlsoInPlace(int n) throws Exception {
        Rng rng = new Rng(10 + n);
        float[] a = Parity.random(rng, n), b = Parity.random(rng, n), want = new float[n];
        for (int i = 0; i < n; i++) {
            want[i] = a[i] + b[i];
        }
        Storage sa = Storage.wrap(a.clone()), sb = Storage.wrap(b.clone()), y = dk().allocate(n);
        dk().add(sa, sb, y);
        assertArrayEquals(want, y.read(), "add n=" + n);
        dk().add(sa, sb, sa);
        assertArrayEquals(want, sa.read(), "add into a, n=" + n);
        dk().add(sb, sb, sb);
        for (int i = 0; i < n; i++) {
            want[i] = b[i] + b[i];
        }
        assertArrayEquals(want, sb.read(), "add b + b into b, n=" + n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 129, 4099})
    void axpyAccumulatesWithinOneRoundingPerTerm(int n) throws Exception {
        Rng rng = new Rng(20 + n);
        float[] x = Parity.random(rng, n), y0 = Parity.random(rng, n), want = y0.clone(), bound = new float[n];
        float alpha = -0.37f;
        for (int i = 0; i < n; i++) {
            want[i] += alpha * x[i];
            bound[i] = Math.abs(y0[i]) + Math.abs(alpha * x[i]);
        }
        Storage y = Storage.wrap(y0.clone());
        dk().axpy(alpha, Storage.wrap(x), y);
        Parity.assertClose("axpy n=" + n, want, y.read(), bound, 2 * Parity.EPS, 0, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 65, 130})
    void addRowVectorAddsTheBiasToEveryRow(int rows) throws Exception {
        Rng rng = new Rng(40 + rows);
        for (int cols : new int[] {1, 10, 77}) {
            float[] bias = Parity.random(rng, cols), y0 = Parity.random(rng, rows * cols), want = y0.clone();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    want[r * cols + c] += bias[c];
                }
            }
            Storage y = Storage.wrap(y0);
            dk().addRowVector(Storage.wrap(bias), rows, cols, y);
            assertArrayEquals(want, y.read(), "addRowVector " + rows + "x" + cols);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 65, 130})
    void binaryRepeatsBAlongTheLeadingAxesForEveryArith(int rows) throws Exception {
        Rng rng = new Rng(50 + rows);
        for (DeviceKernels.Arith op : DeviceKernels.Arith.values()) {
            for (int nb : new int[] {1, 10, 77}) {
                float[] a = Parity.random(rng, rows * nb), b = Parity.random(rng, nb), want = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    want[i] = Parity.arith(op, a[i], b[i % nb]);
                }
                Storage y = dk().allocate(a.length);
                dk().binary(op, Storage.wrap(a.clone()), Storage.wrap(b), y);
                Parity.assertArith(op + " " + rows + "x" + nb, want, y.read());
                Storage inPlace = Storage.wrap(a.clone());
                dk().binary(op, inPlace, Storage.wrap(b), inPlace);
                Parity.assertArith(op + " in place " + rows + "x" + nb, want, inPlace.read());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 129, 4099})
    void scalarAppliesTheConstantToEveryElementForEveryArith(int n) throws Exception {
        Rng rng = new Rng(60 + n);
        float c = -1.37f;
        for (DeviceKernels.Arith op : DeviceKernels.Arith.values()) {
            float[] x = Parity.random(rng, n), want = new float[n];
            for (int i = 0; i < n; i++) {
                want[i] = Parity.arith(op, x[i], c);
            }
            Storage y = dk().allocate(n);
            dk().scalar(op, Storage.wrap(x.clone()), c, y);
            Parity.assertArith(op + " n=" + n, want, y.read());
            Storage inPlace = Storage.wrap(x.clone());
            dk().scalar(op, inPlace, c, inPlace);
            Parity.assertArith(op + " in place n=" + n, want, inPlace.read());
        }
    }

    @Test
    void binaryRejectsABWhoseLengthDoesNotDivideA() throws Exception {
        Storage y = dk().allocate(10);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> dk().binary(DeviceKernels.Arith.ADD, Storage.wrap(new float[10]), Storage.wrap(new float[3]), y));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("multiple"), e.getMessage());
    }

    @Test
    void emptyStoragesAreFine() throws Exception {
        Storage y = dk().allocate(0);
        dk().fill(y, 1f);
        dk().unary(DeviceKernels.Unary.RELU, Storage.wrap(new float[0]), 0, 0, y);
        dk().binary(DeviceKernels.Arith.MUL, Storage.wrap(new float[0]), Storage.wrap(new float[0]), y);
        dk().scalar(DeviceKernels.Arith.DIV, Storage.wrap(new float[0]), 2f, y);
        assertEquals(0, y.read().length);
    }
}
