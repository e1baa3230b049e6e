package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.tensor.Shapes;

/** A row-major shape seen as [outer, len, inner] around one axis, for ops that work along an axis. */
record AxisLayout(int outer, int len, int inner) {

    static AxisLayout of(String op, int[] shape, int axis) {
        int a = Shapes.axis(op, axis, shape.length);
        int outer = 1;
        int inner = 1;
        for (int d = 0; d < shape.length; d++) {
            if (d < a) {
                outer *= shape[d];
            } else if (d > a) {
                inner *= shape[d];
            }
        }
        return new AxisLayout(outer, shape[a], inner);
    }

    /** Index of element j of line (o, i). */
    int at(int o, int j, int i) {
        return (o * len + j) * inner + i;
    }
}
