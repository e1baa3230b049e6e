package org.mimo4j.engine.ops.nn;

import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.tensor.Shapes;

/** Argument checks shared by the pooling ops: they build the {@link PoolShape} every kernel trusts. */
final class Pooling {
    private Pooling() {
    }

    /** The geometry of pooling an NCHW input of {@code shape}, or an exception naming {@code op}. */
    static PoolShape shape(String op, int[] shape, int kernel, int stride, int padding) {
        if (shape.length != 4) {
            throw new IllegalArgumentException(op + ": input " + Shapes.str(shape) + " must be 4-d [n, c, h, w]");
        }
        if (kernel <= 0 || stride <= 0 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + ", stride " + stride + ", padding "
                    + padding + " are invalid (need kernel, stride > 0 and 0 <= padding <= kernel/2)");
        }
        if (shape[2] + 2 * padding < kernel || shape[3] + 2 * padding < kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " does not fit input " + Shapes.str(shape)
                    + " with padding " + padding);
        }
        return new PoolShape(shape[0], shape[1], shape[2], shape[3], kernel, stride, padding);
    }

    /** [n, c, outH, outW]. */
    static int[] outShape(PoolShape p) {
        return new int[] {p.n(), p.c(), p.outH(), p.outW()};
    }
}
