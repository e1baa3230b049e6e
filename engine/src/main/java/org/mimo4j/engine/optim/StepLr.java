package org.mimo4j.engine.optim;

/**
 * Step decay: {@code lr(step) = base * gamma^floor(step / stepSize)}, e.g. divide by 10 every 30
 * epochs' worth of steps.
 */
public final class StepLr implements LrSchedule {
    private final double base;
    private final long stepSize;
    private final double gamma;

    public StepLr(double base, long stepSize, double gamma) {
        if (!(base > 0) || stepSize <= 0 || !(gamma > 0)) {
            throw new IllegalArgumentException("StepLr needs base > 0, stepSize > 0 and gamma > 0; got base="
                    + base + ", stepSize=" + stepSize + ", gamma=" + gamma);
        }
        this.base = base;
        this.stepSize = stepSize;
        this.gamma = gamma;
    }

    @Override
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        return base * Math.pow(gamma, step / stepSize);
    }
}
