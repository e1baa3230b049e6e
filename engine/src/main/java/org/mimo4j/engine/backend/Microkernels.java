package org.mimo4j.engine.backend;

/**
 * Picks the {@link Microkernel} for this JVM: the Vector API one when {@code jdk.incubator.vector} is
 * in the boot layer (started with {@code --add-modules jdk.incubator.vector}), else the scalar one.
 * The vector class is loaded by name so that without the module it is never linked.
 */
final class Microkernels {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_KERNEL = "org.mimo4j.engine.backend.VectorMicrokernel";

    private Microkernels() {
    }

    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /**
     * Whether a Vector API path can run: the module is present and the path's class, asked for its
     * {@code lanes}, loads and has more than one lane. The lambda keeps the class unloaded until asked, so a
     * JVM without the module never touches it.
     */
    static boolean vectorPathUsable(java.util.function.IntSupplier lanes) {
        try {
            return vectorApiPresent() && lanes.getAsInt() > 1;
        } catch (LinkageError e) {
            return false;
        }
    }

    static Microkernel best() {
        return vectorApiPresent() ? vector() : new ScalarMicrokernel();
    }

    /** The Vector API kernel; the caller has checked {@link #vectorApiPresent()}. */
    static Microkernel vector() {
        try {
            return (Microkernel) Class.forName(VECTOR_KERNEL).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("module " + VECTOR_MODULE + " is present but " + VECTOR_KERNEL
                    + " cannot be created: " + e, e);
        }
    }
}
