package org.mimo4j.engine.tensor;

/**
 * Renders a tensor for humans: its shape, then nested brackets of values, eliding the middle of any
 * axis longer than {@value #EDGE} * 2 elements so big tensors stay readable.
 */
final class TensorFormat {
    static final int EDGE = 3;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(t.shape()));
        if (t.requiresGrad()) {
            sb.append(t.isLeaf() ? " requiresGrad" : " grad_fn=" + t.gradFn().name());
        }
        sb.append(' ');
        float[] d = t.data();
        appendAxis(sb, d, t.shape(), Shapes.contiguousStrides(t.shape()), 0, 0);
        return sb.toString();
    }

    private static void appendAxis(StringBuilder sb, float[] d, int[] shape, int[] strides, int axis, int base) {
        if (axis == shape.length) {
            sb.append(d[base]);
            return;
        }
        sb.append('[');
        int n = shape[axis];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            appendAxis(sb, d, shape, strides, axis + 1, base + i * strides[axis]);
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }
}
