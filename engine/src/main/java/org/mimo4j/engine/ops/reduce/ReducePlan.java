package org.mimo4j.engine.ops.reduce;

import java.util.Arrays;
import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Where each input element of a reduction lands. The input is swept row by row (a row = its last
 * axis): element j of row r feeds output {@code rowTarget[r] + j * step}, so sum, mean and max are
 * single passes over the input with one table entry per row rather than per element. On a device
 * backend the same plan is a broadcast seen backwards: the output, with the reduced axes kept as 1
 * ({@link #keptShape}), broadcasts to the input, so the reductions are DeviceKernels.sumTo / maxTo down to
 * it and the gradients a stride-0 gather up from it ({@link #spreadOnDevice}).
 */
final class ReducePlan {
    final int[] outShape;
    final int outSize;
    final int inSize;
    /** The output shape with the reduced axes kept as 1: the input's rank, whatever keepdim says. */
    final int[] keptShape;
    private final int[] inShape;
    /** The strides of {@link #keptShape} with 0 on the reduced axes: input coordinates to output index. */
    private final int[] keptStrides;
    private final int[] rowTarget;
    private final int rowLength;
    private final int step;

    ReducePlan(String op, int[] inShape, boolean keepdim, int[] axes) {
        this(inShape, keepdim, Shapes.axesMask(op, axes, inShape.length));
    }

    /** The plan of the reduction of {@code inShape} to {@code target} (same rank, reduced axes 1), keepdim. */
    static ReducePlan to(int[] inShape, int[] target) {
        if (target.length != inShape.length) {
            throw new IllegalArgumentException("reduce: target " + Shapes.str(target) + " has not the rank of "
                    + Shapes.str(inShape));
        }
        boolean[] reduced = new boolean[inShape.length];
        for (int d = 0; d < reduced.length; d++) {
            reduced[d] = target[d] != inShape[d];
            if (reduced[d] && target[d] != 1) {
                throw new IllegalArgumentException("reduce: target " + Shapes.str(target) + " is not "
                        + Shapes.str(inShape) + " with some axes reduced to 1");
            }
        }
        return new ReducePlan(inShape, true, reduced);
    }

    private ReducePlan(int[] inShape, boolean keepdim, boolean[] reduced) {
        int[] kept = new int[inShape.length];
        int rank = 0;
        for (int i = 0; i < inShape.length; i++) {
            kept[i] = reduced[i] ? 1 : inShape[i];
            rank += reduced[i] ? 0 : 1;
        }
        int[] keptStrides = Shapes.contiguousStrides(kept);
        for (int i = 0; i < inShape.length; i++) {
            if (reduced[i]) {
                keptStrides[i] = 0;
            }
        }
        this.inShape = inShape.clone();
        this.keptShape = kept;
        this.keptStrides = keptStrides;
        int last = inShape.length - 1;
        inSize = Shapes.numel(inShape);
        outSize = Shapes.numel(kept);
        rowLength = last < 0 ? 1 : inShape[last];
        step = last < 0 ? 0 : keptStrides[last];
        rowTarget = Strided.offsets(last < 0 ? inShape : Arrays.copyOf(inShape, last), keptStrides, 0);
        if (keepdim) {
            outShape = kept;
        } else {
            outShape = new int[rank];
            for (int i = 0, j = 0; i < inShape.length; i++) {
                if (!reduced[i]) {
                    outShape[j++] = inShape[i];
                }
            }
        }
    }

    /** How many input elements feed each output element. */
    int groupSize() {
        return outSize == 0 ? 0 : inSize / outSize;
    }

    /** acc[target(i)] += x[i] for every input element i. */
    void accumulate(float[] x, double[] acc) {
        if (step == 0) {
            for (int r = 0, i = 0; r < rowTarget.length; r++) {
                double sum = 0;
                for (int j = 0; j < rowLength; j++) {
                    sum += x[i++];
                }
                acc[rowTarget[r]] += sum;
            }
            return;
        }
        for (int r = 0, i = 0; r < rowTarget.length && rowLength > 0; r++) {
            for (int j = 0, t = rowTarget[r]; j < rowLength; j++, t += step) {
                acc[t] += x[i++];
            }
        }
    }

    /** gx[i] = scale * gy[target(i)] for every input element i. */
    float[] spread(float[] gy, float scale) {
        float[] gx = GradientArrays.take(inSize); // every element is written below
        for (int r = 0, i = 0; r < rowTarget.length && rowLength > 0; r++) {
            for (int j = 0, t = rowTarget[r]; j < rowLength; j++, t += step) {
                gx[i++] = gy[t] * scale;
            }
        }
        return gx;
    }

    /** The input index of the first maximum of each output group. */
    int[] argmax(float[] x) {
        int[] arg = new int[outSize];
        Arrays.fill(arg, -1);
        for (int r = 0, i = 0; r < rowTarget.length && rowLength > 0; r++) {
            for (int j = 0, t = rowTarget[r]; j < rowLength; j++, t += step, i++) {
                if (arg[t] < 0 || x[i] > x[arg[t]]) {
                    arg[t] = i;
                }
            }
        }
        return arg;
    }

    /**
     * The device kernels to reduce {@code x} with, or null for the host loops: null without a device
     * backend, for a view that is not dense, an empty input or output, or more axes than the kernels take.
     */
    DeviceKernels deviceFor(Tensor x) {
        DeviceKernels dk = Backends.current().deviceKernels();
        return fitsDevice(dk) && x.dense() != null ? dk : null;
    }

    /** {@link #spread} on the device: gy broadcast back over the reduced axes (a stride-0 gather), times scale. */
    Storage spreadOnDevice(DeviceKernels dk, Storage gy, float scale) {
        Storage gx = dk.allocate(inSize);
        dk.gather(inShape, gy, 0, keptStrides, gx);
        if (scale != 1f) {
            dk.scalar(DeviceKernels.Arith.MUL, gx, scale, gx);
        }
        return gx;
    }

    /** Whether the device kernels can take this reduction: a device backend, at most MAX_RANK axes, nothing empty. */
    boolean fitsDevice(DeviceKernels dk) {
        return dk != null && inShape.length <= DeviceKernels.MAX_RANK && inSize > 0 && outSize > 0;
    }
}
