package org.mimo4j.mimo.train;

import java.util.List;

/** Creates the optimizer and learning-rate schedule of a run config's optimizer section. */
public final class OptimizerFactory {
    /** Optimizers a config may name. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw");
    /** Learning-rate schedules a config may name. */
    public static final List<String> SCHEDULES = List.of("constant", "cosine", "step");

    private OptimizerFactory() {
    }
}
