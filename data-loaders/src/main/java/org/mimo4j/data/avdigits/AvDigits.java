package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.io.DataFormatException;

/**
 * Entry point to AV-Digits, the embedded default dataset (an AV-MNIST look-alike from MNIST digits
 * and spoken digits of real and synthetic voices). {@link #fetch} builds a config once into
 * {@code <cache>/av-digits/<config hash>/} (atomically: a temporary folder renamed into place) and
 * loads it; later calls only load. Downloaded sources are kept in {@code <cache>/av-digits/sources}.
 *
 * <p>The cache root is the {@code MIMO4J_CACHE} environment variable, else {@code ~/.cache/mimo4j}.
 */
public final class AvDigits {
    private static final String[] SPLITS = {"train", "validation", "test"};

    private AvDigits() {
    }

    /** {@code $MIMO4J_CACHE}, else {@code ~/.cache/mimo4j}. */
    public static Path defaultCacheRoot() {
        String env = System.getenv("MIMO4J_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "mimo4j");
    }

    /** The folder a config is (or will be) built into. */
    public static Path folder(Path cacheRoot, AvDigitsConfig config) {
        return cacheRoot.resolve("av-digits").resolve(config.hash());
    }

    /** Loads the built dataset for {@code config}, building it first if the cache does not have it. */
    public static AvDigitsData fetch(Path cacheRoot, AvDigitsConfig config, Progress progress) throws IOException {
        return fetch(cacheRoot, cacheRoot.resolve("av-digits").resolve("sources"), config, progress);
    }

    /**
     * As {@link #fetch(Path, AvDigitsConfig, Progress)} with the downloaded sources kept in
     * {@code sources} instead of under the cache root (tests share one download this way).
     */
    public static AvDigitsData fetch(Path cacheRoot, Path sources, AvDigitsConfig config, Progress progress)
            throws IOException {
        Path target = folder(cacheRoot, config);
        if (Files.exists(target.resolve(Manifest.FILE))) {
            progress.report("using cached " + target);
            return load(cacheRoot, config);
        }
        Path base = target.getParent();
        Files.createDirectories(base);
        Path tmp = Files.createTempDirectory(base, ".building-" + config.hash() + "-");
        try {
            long start = System.nanoTime();
            AvDigitsBuilder.Built built = new AvDigitsBuilder(config, sources, progress).build();
            Manifest manifest = built.manifest();
            for (SplitArrays s : new SplitArrays[] {built.train(), built.validation(), built.test()}) {
                s.write(tmp);
                manifest.put("size." + s.split(), s.size()).put("checksum." + s.split(), s.toDataset().checksum());
            }
            manifest.put("spectrogram.log-range", SpectrogramQuantizer.LOW + " " + SpectrogramQuantizer.HIGH);
            manifest.write(tmp.resolve(Manifest.FILE));
            publish(tmp, target);
            progress.report(String.format("built %s in %.1f s", target, (System.nanoTime() - start) / 1e9));
        } finally {
            deleteTree(tmp);
        }
        return load(cacheRoot, config);
    }

    /** Loads an already built config; fails clearly if it has not been built or was altered. */
    public static AvDigitsData load(Path cacheRoot, AvDigitsConfig config) throws IOException {
        Path dir = folder(cacheRoot, config);
        Path file = dir.resolve(Manifest.FILE);
        if (!Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "AV-Digits is not built for this config;"
                    + " run `mimo4j data fetch` or call AvDigits.fetch");
        }
        Manifest manifest = Manifest.read(file);
        if (!manifest.get("config", file).equals(config.key())) {
            throw new DataFormatException(file.toString(), "key 'config'", "was built for '" + manifest.get("config", file)
                    + "'; expected '" + config.key() + "'");
        }
        Dataset[] sets = new Dataset[SPLITS.length];
        for (int i = 0; i < SPLITS.length; i++) {
            sets[i] = SplitArrays.read(dir, SPLITS[i], config.spectrogram().outFreq(), config.spectrogram().outTime())
                    .toDataset();
            String expected = manifest.get("checksum." + SPLITS[i], file);
            if (!sets[i].checksum().equals(expected)) {
                throw new DataFormatException(dir.resolve(SPLITS[i] + "-*.npy").toString(), "whole split", "checksum "
                        + sets[i].checksum() + " differs from the manifest's " + expected + "; delete " + dir + " to rebuild");
            }
        }
        return new AvDigitsData(sets[0], sets[1], sets[2], dir, manifest);
    }

    /** Renames the finished folder into place; a concurrent builder that won the race is fine. */
    private static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + tmp + " to " + target + " atomically; keep the cache on one file system", e);
        } catch (java.nio.file.FileSystemException e) {
            // Another process published the same build first (Linux reports ENOTEMPTY as a plain
            // FileSystemException, not DirectoryNotEmptyException): its complete copy wins, ours goes.
            if (!Files.exists(target.resolve(Manifest.FILE))) {
                throw e;
            }
            deleteTree(tmp);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
