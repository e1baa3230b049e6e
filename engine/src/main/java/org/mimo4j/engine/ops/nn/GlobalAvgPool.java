package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.GradientArrays;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.DeviceKernels.Arith;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Mean over all spatial positions: [n, c, h, w] -> [n, c] (the ResNet head); dx = dy / (h w).
 *
 * <p>Each mean is a float sum in element order divided by h w, so the device path composes it from
 * {@link DeviceKernels#sumTo} (the same order) and a division, and the backward from a stride-0
 * {@link DeviceKernels#gather} (dy repeated over each plane) and a division: both paths give the same bits.
 */
public final class GlobalAvgPool extends Node {
    private final int rows;
    private final int plane;

    private GlobalAvgPool(Tensor x, int rows, int plane) {
        super(x);
        this.rows = rows;
        this.plane = plane;
    }

    public static Tensor apply(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[2] * s[3] == 0) {
            throw new IllegalArgumentException("globalAvgPool: input " + Shapes.str(s)
                    + " must be 4-d [n, c, h, w] with h, w > 0");
        }
        int rows = s[0] * s[1];
        int plane = s[2] * s[3];
        GlobalAvgPool op = new GlobalAvgPool(x, rows, plane);
        DeviceKernels dk = Backends.current().deviceKernels();
        Storage xs = x.dense();
        if (dk != null && xs != null && rows > 0) {
            Storage y = dk.allocate(rows);
            dk.sumTo(new int[] {rows, plane}, xs, new int[] {rows, 1}, y);
            dk.scalar(Arith.DIV, y, plane, y);
            return Tensor.fromOp(y, new int[] {s[0], s[1]}, op.ifRecording());
        }
        float[] y = new float[rows];
        hostForward(rows, plane, x.data(), y);
        return Tensor.fromOp(y, new int[] {s[0], s[1]}, op.ifRecording());
    }

    /** y[r] = (float sum of row r of x [rows, plane], in order) / plane: the reference of the device path. */
    public static void hostForward(int rows, int plane, float[] x, float[] y) {
        float[] sums = Strided.sumTo(x, new int[] {rows, plane}, new int[] {rows, 1});
        for (int r = 0; r < rows; r++) {
            y[r] = sums[r] / plane;
        }
    }

    /** gx[r, j] = gy[r] / plane for gx [rows, plane]. */
    public static void hostBackward(int rows, int plane, float[] gy, float[] gx) {
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(gx, r * plane, (r + 1) * plane, gy[r] / plane);
        }
    }

    @Override
    public String name() {
        return "globalAvgPool";
    }

    @Override
    protected Storage[] backward(Storage gy, DeviceKernels dk) {
        if (dk == null || rows == 0) {
            return super.backward(gy, dk);
        }
        Storage gx = dk.allocate(rows * plane);
        dk.gather(new int[] {rows, plane}, gy, 0, new int[] {1, 0}, gx);
        dk.scalar(Arith.DIV, gx, plane, gx);
        return new Storage[] {gx};
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = GradientArrays.takeZeroed(rows * plane);
        hostBackward(rows, plane, gy, gx);
        return new float[][] {gx};
    }
}
