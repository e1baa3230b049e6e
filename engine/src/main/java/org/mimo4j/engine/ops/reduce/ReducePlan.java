package org.mimo4j.engine.ops.reduce;

import java.util.Arrays;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Strided;

/**
 * Where each input element of a reduction lands. The input is swept row by row (a row = its last
 * axis): element j of row r feeds output {@code rowTarget[r] + j * step}, so sum, mean and max are
 * single passes over the input with one table entry per row rather than per element.
 */
final class ReducePlan {
    final int[] outShape;
    final int outSize;
    final int inSize;
    private final int[] rowTarget;
    private final int rowLength;
    private final int step;

    ReducePlan(String op, int[] inShape, boolean keepdim, int[] axes) {
        boolean[] reduced = Shapes.axesMask(op, axes, inShape.length);
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
        float[] gx = new float[inSize];
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
}
