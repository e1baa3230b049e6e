package org.mimo4j.data.io;

import org.mimo4j.engine.tensor.Tensor;

/**
 * The one bridge between file arrays and engine tensors, kept apart so that the readers themselves do
 * not depend on the engine's tensor type.
 */
public final class NdArrays {
    private NdArrays() {
    }

    /**
     * A float tensor of the array's shape. A float32 array is wrapped without copying (the tensor and
     * the array share storage); every other dtype is converted to a new float array (unsigned bytes
     * keep their 0..255 values).
     */
    public static Tensor toTensor(NdArray array) {
        return Tensor.of(array.toFloatArray(), array.shape());
    }

    /** A float32 array holding a copy of the tensor's values in C order. */
    public static NdArray fromTensor(Tensor tensor) {
        return NdArray.ofFloats(tensor.data().clone(), tensor.shape());
    }
}
