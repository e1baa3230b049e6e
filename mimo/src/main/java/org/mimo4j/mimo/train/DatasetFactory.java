package org.mimo4j.mimo.train;

import java.util.List;

/**
 * Opens the dataset a run config names, as train, validation and test splits. "synthetic" is the
 * built-in imbalanced toy set ({@link SyntheticDataset}; presets tiny, small, full).
 */
public final class DatasetFactory {
    /** Dataset names a config may use. */
    public static final List<String> NAMES = List.of("synthetic");

    private DatasetFactory() {
    }

    /** Loads (building if needed) the splits of {@code spec}; the seed fixes synthetic data. */
    public static Splits load(RunConfig.DatasetSpec spec) {
        return switch (spec.name) {
            case "synthetic" -> synthetic(spec.preset);
            default -> throw new ConfigException("unknown dataset '" + spec.name + "'; expected one of " + NAMES);
        };
    }

    /** One line about dataset {@code name} for {@code mimo4j data list}. */
    public static String describe(String name) {
        return switch (name) {
            case "synthetic" -> "built-in imbalanced toy set, 10 classes, image and audio 32-vectors (presets tiny, small, full)";
            default -> "unknown";
        };
    }

    private static Splits synthetic(String preset) {
        return switch (preset) {
            case "tiny" -> SyntheticDataset.create(400, 200, 200, 7);
            case "small" -> SyntheticDataset.create(2000, 500, 1000, 7);
            case "full" -> SyntheticDataset.create(10000, 2000, 4000, 7);
            default -> throw new ConfigException("dataset 'synthetic' has no preset '" + preset
                    + "'; expected one of [tiny, small, full]");
        };
    }
}
