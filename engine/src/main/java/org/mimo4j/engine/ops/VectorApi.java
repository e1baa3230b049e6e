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
}
