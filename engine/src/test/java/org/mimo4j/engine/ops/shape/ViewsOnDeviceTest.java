package org.mimo4j.engine.ops.shape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.ops.OneInputOnDevice;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Materialising views on the HostDeviceBackend test double: Contiguous of a permuted or expanded view
 * is a device gather, a permutation's gradient a gather with the inverse strides, an expansion's
 * gradient a device sumTo, a slice's gradient a scatter into zeros, Concat (and Stack, composed from
 * it) a scatter of every input and a gather of every gradient. Values and gradients equal the host path's bit for bit, and only the input
 * and the upstream gradient go up, only the results come down.
 */
class ViewsOnDeviceTest {

    @Test
    void aPermutedViewIsMaterialisedAndDifferentiatedOnTheDevice() {
        check("permute [2, 3, 4, 5] -> [0, 2, 1, 3]", new int[] {2, 3, 4, 5}, x -> x.permute(0, 2, 1, 3).contiguous());
        check("permute [1, 5, 3] -> [2, 0, 1]", new int[] {1, 5, 3}, x -> x.permute(2, 0, 1).contiguous());
        check("transpose [7, 2]", new int[] {7, 2}, x -> x.transpose(0, 1).contiguous());
    }

    @Test
    void anExpandedViewIsMaterialisedOnTheDeviceAndItsGradientSummedThere() {
        check("expand [3, 1, 5] -> [2, 3, 4, 5]", new int[] {3, 1, 5}, x -> x.expand(2, 3, 4, 5).contiguous());
        check("expand [1, 1] -> [9, 7]", new int[] {1, 1}, x -> x.expand(9, 7).contiguous());
        check("expand [4] -> [3, 1, 4]", new int[] {4}, x -> x.expand(3, 1, 4).contiguous());
    }

    @Test
    void aSlicesGradientIsScatteredIntoZerosOnTheDevice() {
        check("slice [4, 6, 3] axis 1 [2, 5)", new int[] {4, 6, 3}, x -> x.slice(1, 2, 5).contiguous());
        check("slice [5] [0, 1)", new int[] {5}, x -> x.slice(0, 0, 1).mul(x.slice(0, 4, 5)));
    }

    @Test
    void concatAndStackScatterTheirInputsAndGatherTheirGradientsOnTheDevice() {
        check("concat of three parts along axis 1", new int[] {2, 7, 3},
                x -> Concat.apply(1, x.slice(1, 0, 2), x.slice(1, 2, 3).mul(x.slice(1, 6, 7)), x.slice(1, 3, 7)));
        check("stack along a new axis 2", new int[] {3, 4},
                x -> Stack.apply(2, x, x.transpose(0, 1).contiguous().reshape(3, 4), x.mul(x)));
        check("concat along axis 0 of an empty part", new int[] {3, 2}, x -> Concat.apply(0, x.slice(0, 1, 1), x));
    }

    @Test
    void aSlicedThenPermutedViewIsGatheredFromItsOffset() {
        float[] x = Tensor.randn(new Rng(3), 4, 6, 3).data().clone();
        float[] expected = Tensor.of(x, 4, 6, 3).slice(1, 2, 5).permute(2, 0, 1).contiguous().data().clone();
        try (var d = HostDeviceBackend.install()) {
            Tensor y = Tensor.of(x.clone(), 4, 6, 3).slice(1, 2, 5).permute(2, 0, 1).contiguous();
            assertFalse(y.storage().hostCurrent(), "the view was materialised on the device");
            assertArrayEquals(expected, y.data());
        }
    }

    private static void check(String what, int[] shape, UnaryOperator<Tensor> f) {
        OneInputOnDevice.check(what, shape, shape.length * 13 + shape[0], f);
    }
}
