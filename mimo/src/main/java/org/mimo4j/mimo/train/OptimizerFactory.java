package org.mimo4j.mimo.train;

import java.util.List;
import java.util.Map;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.AdamW;
import org.mimo4j.engine.optim.CosineLr;
import org.mimo4j.engine.optim.LrSchedule;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.optim.StepLr;

/** Creates the optimizer and learning-rate schedule of a run config's optimizer section. */
public final class OptimizerFactory {
    /** Optimizers a config may name. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw");
    /** Learning-rate schedules a config may name. */
    public static final List<String> SCHEDULES = List.of("constant", "cosine", "step");

    private OptimizerFactory() {
    }

    /** The optimizer over {@code params}. */
    public static Optimizer optimizer(RunConfig.OptimizerSpec s, Map<String, Parameter> params) {
        float lr = (float) s.lr;
        return switch (s.name) {
            case "sgd" -> new Sgd(params, lr, (float) s.momentum, false, (float) s.weightDecay);
            case "adam" -> new Adam(params, lr, 0.9f, 0.999f, 1e-8f, (float) s.weightDecay);
            case "adamw" -> new AdamW(params, lr, 0.9f, 0.999f, 1e-8f, (float) s.weightDecay);
            default -> throw new ConfigException("unknown optimizer '" + s.name + "'; expected one of " + NAMES);
        };
    }

    /**
     * The schedule over {@code totalSteps} updates: constant; cosine to 0 with linear warmup; or step
     * decay by 10x at half of training.
     */
    public static LrSchedule schedule(RunConfig.OptimizerSpec s, long totalSteps) {
        return switch (s.schedule) {
            case "constant" -> step -> s.lr;
            case "cosine" -> new CosineLr(s.lr, 0, Math.max(totalSteps, 1), s.warmupSteps);
            case "step" -> new StepLr(s.lr, Math.max(totalSteps / 2, 1), 0.1);
            default -> throw new ConfigException("unknown schedule '" + s.schedule + "'; expected one of " + SCHEDULES);
        };
    }
}
