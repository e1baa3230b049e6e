package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/** Mean over all spatial positions: [n, c, h, w] -> [n, c] (the ResNet head); dx = dy / (h w). */
public final class GlobalAvgPool extends Node {
    private final int plane;

    private GlobalAvgPool(Tensor x, int plane) {
        super(x);
        this.plane = plane;
    }

    public static Tensor apply(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[2] * s[3] == 0) {
            throw new IllegalArgumentException("globalAvgPool: input " + Shapes.str(s)
                    + " must be 4-d [n, c, h, w] with h, w > 0");
        }
        int plane = s[2] * s[3];
        float[] d = x.data();
        float[] y = new float[s[0] * s[1]];
        for (int i = 0; i < y.length; i++) {
            double acc = 0;
            for (int j = 0; j < plane; j++) {
                acc += d[i * plane + j];
            }
            y[i] = (float) (acc / plane);
        }
        return Tensor.fromOp(y, new int[] {s[0], s[1]}, new GlobalAvgPool(x, plane).ifRecording());
    }

    @Override
    public String name() {
        return "globalAvgPool";
    }

    @Override
    protected float[][] backward(float[] gy) {
        float[] gx = new float[gy.length * plane];
        for (int i = 0; i < gy.length; i++) {
            java.util.Arrays.fill(gx, i * plane, (i + 1) * plane, gy[i] / plane);
        }
        return new float[][] {gx};
    }
}
