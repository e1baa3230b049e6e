package org.mimo4j.engine.ops;

import java.util.function.IntSupplier;

/**
 * Whether an op's Vector API path can run: {@code jdk.incubator.vector} is in the boot layer (the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) and the path's class links. The ops
 * decide once, in a static field, so which path runs is fixed for the life of the JVM.
 */
public final class VectorApi {
    private VectorApi() {
    }

    /**
     * True when the module is present and {@code lanes} reports more than one lane. Pass a lambda that
     * calls the Vector API class ({@code () -> FooSimd.lanes()}), not a method reference: a reference
     * resolves that class where it is written, before the module check, and fails without the module.
     */
    public static boolean usable(IntSupplier lanes) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return lanes.getAsInt() > 1;
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * lanes[0] + lanes[1] + ... , added in that order: a vector's lanes, stored with
     * {@code intoArray}, summed the same way in interpreted and compiled code. {@code reduceLanes(ADD)} leaves
     * the order of a float sum to the implementation: JDK 17's C2 adds lane after lane like the interpreter,
     * JDK 25's folds halves of the vector, so the bits of a result depended on whether the JIT had compiled
     * the loop yet (a thread-count test failed on JDK 25 by one ulp in a weight gradient).
     */
    public static float sumInOrder(float[] lanes) {
        return sumInOrder(lanes, 0, lanes.length);
    }

    /** {@link #sumInOrder(float[])} of the n lanes that start at {@code from}. */
    public static float sumInOrder(float[] lanes, int from, int n) {
        float sum = lanes[from];
        for (int i = from + 1; i < from + n; i++) {
            sum += lanes[i];
        }
        return sum;
    }
}
