package org.mimo4j.mimo.train;

import java.util.List;
import java.util.Map;

import org.mimo4j.mimo.model.ModelFactory;

/**
 * Checks a {@link RunConfig} before anything expensive starts: names that must come from a known set,
 * sizes that must be positive, rates that must be finite. The first problem found is thrown as a
 * one-line {@link ConfigException} naming the source, the key path, the value and what is allowed.
 */
public final class ConfigValidator {
    private ConfigValidator() {
    }

    /** Validates {@code c}; {@code source} (a file name or "command line") prefixes the message. */
    public static void validate(RunConfig c, String source) {
        check(c.dataset != null && c.model != null && c.method != null && c.optimizer != null
                && c.training != null && c.evaluation != null, source, "a section is null (remove it to use the defaults)");
        oneOf(source, "dataset.name", c.dataset.name, DatasetFactory.NAMES);
        oneOf(source, "model.fusion", c.model.fusion, ModelFactory.FUSIONS);
        positive(source, "model.featureDim", c.model.featureDim);
        for (Map.Entry<String, RunConfig.EncoderSpec> e : c.model.encoders.entrySet()) {
            String at = "model.encoders." + e.getKey();
            RunConfig.EncoderSpec s = e.getValue();
            oneOf(source, at + ".type", s.type, ModelFactory.ENCODERS);
            positive(source, at + ".width", s.width);
            positive(source, at + ".layers", s.layers);
            positive(source, at + ".heads", s.heads);
            check(s.dropout >= 0 && s.dropout < 1, source, at + ".dropout must be in [0, 1), got " + s.dropout);
            check(s.dropout == 0 || ModelFactory.DROPOUT_ENCODERS.contains(s.type), source, at + ".dropout is "
                    + s.dropout + " but a " + s.type + " encoder has no dropout; only " + ModelFactory.DROPOUT_ENCODERS
                    + " encoders do");
        }
        oneOf(source, "method.name", c.method.name, MethodFactory.NAMES);
        for (Map.Entry<String, Double> o : c.method.options.entrySet()) {
            check(o.getValue() != null && Double.isFinite(o.getValue()), source,
                    "method.options." + o.getKey() + " must be a finite number, got " + o.getValue());
        }
        MethodFactory.checkOptions(c.method, source);
        oneOf(source, "optimizer.name", c.optimizer.name, OptimizerFactory.NAMES);
        oneOf(source, "optimizer.schedule", c.optimizer.schedule, OptimizerFactory.SCHEDULES);
        check(c.optimizer.lr > 0 && Double.isFinite(c.optimizer.lr), source,
                "optimizer.lr must be a positive number, got " + c.optimizer.lr);
        nonNegative(source, "optimizer.momentum", c.optimizer.momentum);
        nonNegative(source, "optimizer.weightDecay", c.optimizer.weightDecay);
        nonNegative(source, "optimizer.clipNorm", c.optimizer.clipNorm);
        nonNegative(source, "optimizer.warmupSteps", c.optimizer.warmupSteps);
        positive(source, "training.epochs", c.training.epochs);
        positive(source, "training.batchSize", c.training.batchSize);
        positive(source, "training.logEvery", c.training.logEvery);
        nonNegative(source, "training.checkpointEvery", c.training.checkpointEvery);
        nonNegative(source, "training.patience", c.training.patience);
        nonNegative(source, "training.maxStepsPerEpoch", c.training.maxStepsPerEpoch);
        nonNegative(source, "evaluation.probeEpochs", c.evaluation.probeEpochs);
        for (double level : c.evaluation.noiseLevels) {
            check(level >= 0 && Double.isFinite(level), source,
                    "evaluation.noiseLevels must hold finite numbers >= 0, got " + level);
        }
        oneOf(source, "backend", c.backend, List.of("auto", "cpu", "opencl"));
        nonNegative(source, "threads", c.threads);
    }

    private static void oneOf(String source, String key, String value, List<String> allowed) {
        check(value != null && allowed.contains(value), source,
                key + " is '" + value + "'; expected one of " + allowed);
    }

    private static void positive(String source, String key, long value) {
        check(value > 0, source, key + " must be > 0, got " + value);
    }

    private static void nonNegative(String source, String key, long value) {
        check(value >= 0, source, key + " must be >= 0, got " + value);
    }

    private static void nonNegative(String source, String key, double value) {
        check(value >= 0 && Double.isFinite(value), source, key + " must be >= 0, got " + value);
    }

    static void check(boolean ok, String source, String problem) {
        if (!ok) {
            throw new ConfigException(source + ": " + problem);
        }
    }
}
