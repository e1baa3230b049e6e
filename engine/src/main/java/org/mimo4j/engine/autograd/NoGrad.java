package org.mimo4j.engine.autograd;

/**
 * A scope in which ops record no graph (evaluation, optimizer updates):
 * {@code try (var g = NoGrad.enter()) { ... }}. Scopes nest; closing restores the previous mode.
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad(boolean previous) {
        this.previous = previous;
    }

    public static NoGrad enter() {
        NoGrad scope = new NoGrad(GradMode.isEnabled());
        GradMode.set(false);
        return scope;
    }

    @Override
    public void close() {
        GradMode.set(previous);
    }
}
