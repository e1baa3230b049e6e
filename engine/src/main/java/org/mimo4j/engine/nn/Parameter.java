package org.mimo4j.engine.nn;

import java.util.Arrays;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A trainable tensor owned by a {@link Module}: a contiguous leaf that requires a gradient. Optimizers
 * and checkpoints write its values in place through {@code storage().write()} (or a device kernel), so
 * every graph built from {@link #tensor()} sees the update.
 */
public final class Parameter {
    private final Tensor value;

    /** Wraps {@code value} (a leaf with its own contiguous storage) and marks it as requiring a gradient. */
    public Parameter(Tensor value) {
        if (!value.isLeaf() || value.dense() == null) {
            throw new IllegalArgumentException("a Parameter needs a contiguous leaf tensor with its own storage, got shape "
                    + Arrays.toString(value.shape()) + (value.isLeaf() ? " (a view)" : " (an op output)"));
        }
        this.value = value.requiresGrad(true);
    }

    /** The tensor to use in forward passes. */
    public Tensor tensor() {
        return value;
    }

    /**
     * The current values (row-major), for reading: downloaded first when the device copy is newer. Do
     * not modify them; {@code storage().write()} gives the array to change the parameter in place.
     */
    public float[] data() {
        return value.storage().read();
    }

    /** The parameter's own storage (host array and device copy). */
    public Storage storage() {
        return value.storage();
    }

    public int[] shape() {
        return value.shape();
    }

    public int numel() {
        return value.numel();
    }

    /** The accumulated gradient, or null when no backward has reached this parameter. */
    public Tensor grad() {
        return value.grad();
    }

    /** Whether a backward has reached this parameter (or a gradient was set), without reading the gradient. */
    public boolean hasGrad() {
        return value.hasGrad();
    }

    public void zeroGrad() {
        value.zeroGrad();
    }

    @Override
    public String toString() {
        return "Parameter" + Arrays.toString(value.shape());
    }
}
