package org.mimo4j.engine.autograd;

/** Whether ops record the graph on the current thread (on by default; off inside {@link NoGrad}). */
public final class GradMode {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private GradMode() {
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    static void set(boolean enabled) {
        ENABLED.set(enabled);
    }
}
