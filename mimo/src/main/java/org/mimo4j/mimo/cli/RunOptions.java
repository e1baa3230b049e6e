package org.mimo4j.mimo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import picocli.CommandLine.Option;

import org.mimo4j.mimo.train.ConfigException;
import org.mimo4j.mimo.train.ConfigLoader;
import org.mimo4j.mimo.train.ConfigValidator;
import org.mimo4j.mimo.train.MethodFactory;
import org.mimo4j.mimo.train.RunConfig;

/**
 * Options shared by {@code train}, {@code compare} and {@code demo}: a config file and command-line
 * overrides of its most used values. Overrides win over the file; the result is validated once.
 */
public final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "JSON run config (see configs/).")
    Path config;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name (default: avdigits).")
    String dataset;

    @Option(names = "--preset", paramLabel = "NAME", description = "Dataset size preset: tiny, small or standard (avdigits); tiny, small or full (synthetic).")
    String preset;

    @Option(names = "--data-root", paramLabel = "DIR", description = "Where the dataset lives.")
    String dataRoot;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs.")
    Integer epochs;

    @Option(names = "--max-steps", paramLabel = "N", description = "Cap on steps per epoch (0: all).")
    Integer maxSteps;

    @Option(names = "--batch-size", paramLabel = "N", description = "Mini-batch size.")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate.")
    Double lr;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (fixes init, shuffling, noise).")
    Long seed;

    @Option(names = "--backend", paramLabel = "NAME", description = "cpu, opencl or auto (default auto).")
    String backend;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (0: all processors).")
    Integer threads;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Also checkpoint every N steps.")
    Integer checkpointEvery;

    @Option(names = {"-O", "--method-option"}, paramLabel = "KEY=VALUE",
            description = "Method option, e.g. -O gamma=1 -O mu=0.5 (repeatable).")
    Map<String, Double> methodOptions = new LinkedHashMap<>();

    /** The config file (or the defaults) with the overrides applied; {@code method} may be null. */
    RunConfig resolve(String method) {
        return resolve(method, new RunConfig());
    }

    /**
     * The base config of a comparison: the config file and options without {@code -O}, validated for its
     * own method; then every {@code -O} option, each of which must belong to at least one compared method
     * (the comparison hands each method only the options it has).
     */
    RunConfig resolveForComparison(List<String> methods) {
        Set<String> known = new TreeSet<>();
        for (String m : methods) {
            known.addAll(MethodFactory.optionNames(m));
        }
        for (String key : methodOptions.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException("-O " + key + ": none of the compared methods " + methods
                        + " has this option; their options are " + known);
            }
        }
        Map<String, Double> options = new LinkedHashMap<>(methodOptions);
        methodOptions.clear();
        try {
            RunConfig c = resolve(null);
            c.method.options.putAll(options);
            return c;
        } finally {
            methodOptions.putAll(options);
        }
    }

    /** As {@link #resolve(String)}, with {@code defaults} in place of a missing config file. */
    RunConfig resolve(String method, RunConfig defaults) {
        RunConfig c = config == null ? defaults : ConfigLoader.load(config);
        String source = config == null ? "command line" : config + " + command line";
        if (dataset != null) {
            c.dataset.name = dataset;
        }
        if (preset != null) {
            c.dataset.preset = preset;
        }
        if (dataRoot != null) {
            c.dataset.root = dataRoot;
        }
        if (method != null) {
            c.method.name = method;
        }
        c.method.options.putAll(methodOptions);
        applyTraining(c);
        ConfigValidator.validate(c, source);
        return c;
    }

    private void applyTraining(RunConfig c) {
        if (epochs != null) {
            c.training.epochs = epochs;
        }
        if (maxSteps != null) {
            c.training.maxStepsPerEpoch = maxSteps;
        }
        if (batchSize != null) {
            c.training.batchSize = batchSize;
        }
        if (lr != null) {
            c.optimizer.lr = lr;
        }
        if (seed != null) {
            c.training.seed = seed;
        }
        if (backend != null) {
            c.backend = backend;
        }
        if (threads != null) {
            c.threads = threads;
        }
        if (checkpointEvery != null) {
            c.training.checkpointEvery = checkpointEvery;
        }
    }
}
