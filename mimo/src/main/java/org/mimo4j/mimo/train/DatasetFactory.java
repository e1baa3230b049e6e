package org.mimo4j.mimo.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.mimo4j.data.avdigits.AvDigits;
import org.mimo4j.data.avdigits.AvDigitsConfig;
import org.mimo4j.data.avdigits.AvDigitsData;
import org.mimo4j.data.avdigits.Progress;
import org.mimo4j.data.formats.AvMnistLoader;
import org.mimo4j.data.formats.AveLoader;
import org.mimo4j.data.formats.CmuMoseiLoader;
import org.mimo4j.data.formats.CremaDLoader;
import org.mimo4j.data.formats.KineticsSoundsLoader;
import org.mimo4j.data.formats.UrFunnyLoader;
import org.mimo4j.data.formats.VggSoundLoader;

/**
 * Opens the dataset a run config names, as train, validation and test splits: "avdigits" (the
 * embedded AV-MNIST look-alike, built once into the cache; presets tiny, small, standard),
 * "synthetic" (the built-in imbalanced toy set, {@link SyntheticDataset}; presets tiny, small, full),
 * or a published benchmark read from {@code dataset.root} with the data-loaders' format readers.
 */
public final class DatasetFactory {
    /** Dataset names a config may use. */
    public static final List<String> NAMES = List.of("avdigits", "synthetic", "avmnist", "ave", "urfunny", "cmumosei",
            "cremad", "kineticssounds", "vggsound");
    /** Share of the training split held out for validation where a benchmark publishes none. */
    static final double HELD_OUT = 0.1;

    private DatasetFactory() {
    }

    /** Loads (building AV-Digits first if it is not cached) the splits of {@code spec}. */
    public static Splits load(RunConfig.DatasetSpec spec) throws IOException {
        return switch (spec.name) {
            case "avdigits" -> avDigits(spec, Progress.stderr());
            case "synthetic" -> synthetic(spec.preset);
            case "avmnist" -> published(AvMnistLoader.load(root(spec)));
            case "ave" -> published(AveLoader.load(root(spec)));
            case "urfunny" -> published(UrFunnyLoader.load(root(spec)));
            case "cmumosei" -> published(CmuMoseiLoader.load(root(spec), CmuMoseiLoader.Task.BINARY));
            case "cremad" -> published(CremaDLoader.load(root(spec), CremaDLoader.Options.ogmGe()));
            case "kineticssounds" -> published(KineticsSoundsLoader.load(root(spec), KineticsSoundsLoader.Options.published()));
            case "vggsound" -> published(VggSoundLoader.load(root(spec), VggSoundLoader.Options.ogmGe()));
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
            case "avmnist" -> "AV-MNIST in the MultiBench layout (needs --data-root)";
            case "ave" -> "AVE HDF5 features (needs --data-root)";
            case "urfunny", "cmumosei" -> "MultiBench " + name + " converted to .npz (needs --data-root)";
            case "cremad", "kineticssounds", "vggsound" -> name + " clips in the published list format (needs --data-root); "
                    + "validation = the last 10% of train";
            default -> "unknown";
        };
    }

    private static Splits avDigits(RunConfig.DatasetSpec spec, Progress progress) throws IOException {
        AvDigitsData d = AvDigits.fetch(cacheRoot(spec), avConfig(spec.preset), progress);
        return new Splits(d.train(), d.validation(), d.test());
    }

    /** The benchmark's splits; where it publishes no validation split, the last 10% of train is held out. */
    static Splits published(org.mimo4j.data.formats.Splits s) {
        if (s.validation().isPresent()) {
            return new Splits(s.train(), s.validation().get(), s.test());
        }
        int n = s.train().size();
        int cut = n - Math.max(1, (int) Math.round(n * HELD_OUT));
        return new Splits(s.train().subset(s.train().name() + "[train]", range(0, cut)),
                s.train().subset(s.train().name() + "[validation]", range(cut, n)), s.test());
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static Path root(RunConfig.DatasetSpec spec) {
        if (spec.root.isEmpty()) {
            throw new ConfigException("dataset '" + spec.name + "' needs its folder: set dataset.root or --data-root");
        }
        Path root = Path.of(spec.root);
        if (!Files.isDirectory(root)) {
            throw new ConfigException("dataset '" + spec.name + "': its folder " + root + " (dataset.root or --data-root)"
                    + " is not a directory");
        }
        return root;
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
