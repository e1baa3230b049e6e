package org.mimo4j.mimo.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.mimo4j.data.avdigits.AvDigits;
import org.mimo4j.data.avdigits.AvDigitsConfig;
import org.mimo4j.data.avdigits.AvDigitsData;
import org.mimo4j.data.avdigits.Progress;

/**
 * Opens the dataset a run config names, as train, validation and test splits: "avdigits" (the
 * embedded AV-MNIST look-alike, built once into the cache; presets tiny, small, standard) or
 * "synthetic" (the built-in imbalanced toy set, {@link SyntheticDataset}; presets tiny, small, full).
 */
public final class DatasetFactory {
    /** Dataset names a config may use. */
    public static final List<String> NAMES = List.of("avdigits", "synthetic");

    private DatasetFactory() {
    }

    /** Loads (building AV-Digits first if it is not cached) the splits of {@code spec}. */
    public static Splits load(RunConfig.DatasetSpec spec) throws IOException {
        return switch (spec.name) {
            case "avdigits" -> avDigits(spec, Progress.stderr());
            case "synthetic" -> synthetic(spec.preset);
            default -> throw new ConfigException("unknown dataset '" + spec.name + "'; expected one of " + NAMES);
        };
    }

    /** Whether {@code spec}'s data is ready without building anything. */
    public static boolean isCached(RunConfig.DatasetSpec spec) {
        if (!spec.name.equals("avdigits")) {
            return true;
        }
        return java.nio.file.Files.isDirectory(AvDigits.folder(cacheRoot(spec), avConfig(spec.preset)));
    }

    /** One line about dataset {@code name} for {@code mimo4j data list}. */
    public static String describe(String name) {
        return switch (name) {
            case "avdigits" -> "AV-Digits: MNIST digits paired with spoken digits (28x28 image, 112x112 log spectrogram), "
                    + "10 classes, built once into " + AvDigits.defaultCacheRoot() + " (presets tiny, small, standard)";
            case "synthetic" -> "built-in imbalanced toy set, 10 classes, image and audio 32-vectors (presets tiny, small, full)";
            default -> "unknown";
        };
    }

    private static Splits avDigits(RunConfig.DatasetSpec spec, Progress progress) throws IOException {
        AvDigitsData d = AvDigits.fetch(cacheRoot(spec), avConfig(spec.preset), progress);
        return new Splits(d.train(), d.validation(), d.test());
    }

    private static Path cacheRoot(RunConfig.DatasetSpec spec) {
        return spec.root.isEmpty() ? AvDigits.defaultCacheRoot() : Path.of(spec.root);
    }

    private static AvDigitsConfig avConfig(String preset) {
        try {
            return AvDigitsConfig.preset(preset);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("dataset 'avdigits': " + e.getMessage());
        }
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
