package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void numelSaturatesInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, NdArray.numel(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(0, NdArray.numel(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
        assertEquals(1, NdArray.numel(new int[0]));
        assertThrows(IllegalArgumentException.class, () -> NdArray.numel(3, -1));
    }

    @Test
    void dataLengthMustMatchTheShape() {
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofFloats(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> NdArray.ofBytes(DType.INT16, new byte[2], 2));
        assertThrows(IllegalArgumentException.class, () -> NdArray.zeros(DType.FLOAT32, 1 << 16, 1 << 16));
    }

    @Test
    void typedAccessorsRefuseTheWrongType() {
        NdArray a = NdArray.ofInts(new int[] {1, 2}, 2);
        assertThrows(IllegalStateException.class, a::floats);
        assertThrows(IllegalStateException.class, a::bytes);
        assertArrayEquals(new int[] {1, 2}, a.ints());
    }

    @Test
    void unsignedTypesWidenWithoutSign() {
        assertEquals(255.0, NdArray.ofBytes(DType.UINT8, new byte[] {-1}, 1).getDouble(0));
        assertEquals(-1.0, NdArray.ofBytes(DType.INT8, new byte[] {-1}, 1).getDouble(0));
        assertEquals(65535.0, NdArray.ofShorts(DType.UINT16, new short[] {-1}, 1).getDouble(0));
    }

    @Test
    void rowsCopiesASliceOfTheFirstAxis() {
        NdArray a = NdArray.ofLongs(new long[] {0, 1, 2, 3, 4, 5}, 3, 2);
        NdArray r = a.rows(1, 3);
        assertArrayEquals(new int[] {2, 2}, r.shape());
        assertArrayEquals(new long[] {2, 3, 4, 5}, r.longs());
        assertThrows(IndexOutOfBoundsException.class, () -> a.rows(2, 4));
    }

    @Test
    void reshapeKeepsStorage() {
        NdArray a = NdArray.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 6);
        NdArray b = a.reshape(2, 3);
        assertArrayEquals(new int[] {2, 3}, b.shape());
        a.floats()[0] = 9;
        assertEquals(9.0, b.getDouble(0));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
    }
}
