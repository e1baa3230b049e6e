package org.mimo4j.engine.optim;

/**
 * Cosine annealing from {@code base} to {@code min} over {@code totalSteps}, with an optional linear
 * warmup over the first {@code warmupSteps}:
 * <pre>
 *   step &lt; W:          lr = base * (step + 1) / W                     (reaches base on the last warmup step)
 *   W &lt;= step &lt; T:    lr = min + (base - min) * (1 + cos(pi * (step - W) / (T - W))) / 2
 *   step &gt;= T:         lr = min
 * </pre>
 * The warmup avoids large early updates with adaptive optimizers whose second-moment estimate is
 * still poor.
 */
public final class CosineLr implements LrSchedule {
    private final double base;
    private final double min;
    private final long totalSteps;
    private final long warmupSteps;

    public CosineLr(double base, double min, long totalSteps, long warmupSteps) {
        if (!(base > 0) || !(min >= 0) || min > base) {
            throw new IllegalArgumentException("CosineLr needs base > 0 and 0 <= min <= base; got base=" + base
                    + ", min=" + min);
        }
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("CosineLr needs 0 <= warmupSteps < totalSteps; got warmupSteps="
                    + warmupSteps + ", totalSteps=" + totalSteps);
        }
        this.base = base;
        this.min = min;
        this.totalSteps = totalSteps;
        this.warmupSteps = warmupSteps;
    }

    /** Cosine annealing without warmup. */
    public CosineLr(double base, double min, long totalSteps) {
        this(base, min, totalSteps, 0);
    }

    @Override
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return min;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
