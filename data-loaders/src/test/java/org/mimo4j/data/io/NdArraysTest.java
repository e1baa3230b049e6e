package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class NdArraysTest {

    @Test
    void float32ArraysShareStorageWithTheTensor() {
        NdArray a = NpyWriterTest.random(DType.FLOAT32, new Rng(1), 2, 3);
        Tensor t = NdArrays.toTensor(a);
        assertArrayEquals(new int[] {2, 3}, t.shape());
        a.floats()[4] = 42f;
        assertEquals(42f, t.get(1, 1));
    }

    @Test
    void otherDtypesAreConvertedWithUnsignedValuesKept() {
        NdArray bytes = NdArray.ofBytes(DType.UINT8, new byte[] {0, (byte) 200, (byte) 255}, 3);
        assertArrayEquals(new float[] {0, 200, 255}, NdArrays.toTensor(bytes).data());
        NdArray half = NdArray.halfOf(new float[] {0.5f, -1.25f}, 2, 1);
        Tensor t = NdArrays.toTensor(half);
        assertArrayEquals(new int[] {2, 1}, t.shape());
        assertArrayEquals(new float[] {0.5f, -1.25f}, t.data());
    }

    @Test
    void fromTensorCopiesValuesAndShape() {
        Tensor t = Tensor.randn(new Rng(2), 3, 4);
        NdArray a = NdArrays.fromTensor(t);
        assertArrayEquals(t.shape(), a.shape());
        assertArrayEquals(t.data(), a.floats());
        a.floats()[0] += 1;
        assertEquals(a.floats()[0] - 1, t.data()[0]);
    }
}
