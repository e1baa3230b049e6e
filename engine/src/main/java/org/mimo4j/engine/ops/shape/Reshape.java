package org.mimo4j.engine.ops.shape;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Same elements, new shape (at most one size may be -1, inferred). A view when the input is
 * contiguous, else a copy (through {@link Contiguous} with a device backend, so it stays there); the gradient is the output gradient in the input's shape: the same
 * storage, passed through wherever it lives (flattening conv features costs no transfer).
 */
public final class Reshape extends Node {
    private Reshape(Tensor x) {
        super(x);
    }

    public static Tensor apply(Tensor x, int... newShape) {
        int[] shape = resolve(x.shape(), newShape);
        Node fn = new Reshape(x).ifRecording();
        if (x.isContiguous()) {
            return Tensor.view(x, x.offset(), shape, Shapes.contiguousStrides(shape), fn);
        }
        if (Backends.current().deviceKernels() != null) {
            return apply(Contiguous.apply(x), newShape); // the copy is a gather on the device, not a download
        }
        return Tensor.fromOp(x.data(), shape, fn);
    }

    static int[] resolve(int[] from, int[] to) {
        int[] shape = to.clone();
        int n = Shapes.numel(from);
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && infer < 0) {
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: bad target shape " + Shapes.str(to)
                        + " (sizes must be >= 0, at most one -1)");
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0 && known > 0 && n % known == 0) {
            shape[infer] = (int) (n / known);
            known = n;
        }
        if (known != n || (infer >= 0 && shape[infer] < 0)) {
            throw new IllegalArgumentException("reshape: cannot view " + Shapes.str(from) + " (" + n
                    + " elements) as " + Shapes.str(to));
        }
        return shape;
    }

    @Override
    public String name() {
        return "reshape";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        return new Storage[] {gy};
    }

    @Override
    protected float[][] backward(float[] gy) {
        return new float[][] {gy};
    }
}
