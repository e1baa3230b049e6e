package org.mimo4j.engine.optim;

/**
 * A learning rate as a function of the optimizer step (0-based: the rate used for the first update is
 * {@code at(0)}). Schedules are pure functions, so resuming from a checkpoint only needs the step
 * count; {@link #apply} sets the rate an optimizer will use for its next step.
 */
@FunctionalInterface
public interface LrSchedule {

    /** The learning rate for update number {@code step} (0-based). */
    double at(long step);

    /** Sets {@code optimizer}'s rate to the one for its next step, {@code at(optimizer.stepCount())}. */
    default void apply(Optimizer optimizer) {
        optimizer.setLearningRate((float) at(optimizer.stepCount()));
    }
}
