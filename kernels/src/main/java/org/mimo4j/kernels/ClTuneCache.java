package org.mimo4j.kernels;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The autotune's choice on disk, so a device is tuned once and not in every JVM: one small properties
 * file per device and GEMM source, {@code autotune-<key>.properties} in the directory the kernel binary
 * cache uses ({@value ClProgramBuilder#CACHE_PROPERTY}, else {@code ~/.cache/mimo4j/cl}; with
 * {@code off} nothing is cached). The key hashes the device description (device name, platform,
 * OpenCL version, driver version) and the SHA-256 of {@code matmul.cl}, so a kernel change or a driver
 * update finds no entry and is tuned again; both are also written into the file and compared on load.
 * Files are written atomically (a temporary file renamed over the old one). A file that cannot be read,
 * is malformed or names another device or source is ignored with one log line: the cache only ever
 * saves a tune, it never stops a backend.
 */
public final class ClTuneCache {
    private static final String HEADER = "mimo4j OpenCL GEMM autotune result (mimo4j tune); delete it to tune again";

    private final Path dir;
    private final Consumer<String> log;

    /** A cache in {@code dir} (none when null), reporting ignored files to {@code log}. */
    public ClTuneCache(Path dir, Consumer<String> log) {
        this.dir = dir;
        this.log = log;
    }

    /** The cache next to the kernel binaries, logging to stderr. */
    public static ClTuneCache standard() {
        return new ClTuneCache(ClProgramBuilder.defaultCacheDir(), line -> System.err.println("mimo4j: " + line));
    }

    /**
     * A cached choice: the GEMM row as {@link ClTuning#spec()}, the sizes it was timed at with its
     * GFLOP/s there, when, and the file it came from.
     */
    public record Entry(String gemm, int[] sizes, double[] gflops, String tuned, Path file) {
    }

    /** The file for {@code runtime}'s device and the shipped {@code matmul.cl}; null when caching is off. */
    public Path file(ClRuntime runtime) {
        return file(runtime.description(), matmulSource());
    }

    Path file(String device, String matmul) {
        return dir == null ? null : dir.resolve("autotune-" + key(device, matmul) + ".properties");
    }

    /** The cache key: a hash of the device description and of the GEMM source. */
    static String key(String device, String matmul) {
        return ClProgramBuilder.sha256(device, ClProgramBuilder.sha256(matmul)).substring(0, 24);
    }

    /** The cached choice for {@code runtime}, if there is a usable one. */
    public Optional<Entry> load(ClRuntime runtime) {
        return load(runtime.description(), matmulSource(), runtime.kind());
    }

    Optional<Entry> load(String device, String matmul, ClRuntime.DeviceKind kind) {
        Path f = file(device, matmul);
        if (f == null || !Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(read(f), device, ClProgramBuilder.sha256(matmul), kind, f));
        } catch (IOException | RuntimeException e) {
            log.accept("ignoring the autotune cache file " + f + " (" + e.getMessage() + "); using the tuning table");
            return Optional.empty();
        }
    }

    private static Properties read(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static Entry parse(Properties p, String device, String matmulSha, ClRuntime.DeviceKind kind, Path f) {
        String writtenFor = required(p, "device");
        if (!device.equals(writtenFor)) {
            throw new IllegalArgumentException("it was written for device '" + writtenFor + "'");
        }
        if (!matmulSha.equals(required(p, "matmul.sha256"))) {
            throw new IllegalArgumentException("it was written for another matmul.cl");
        }
        String gemm = required(p, "gemm");
        ClTuning.withGemm(kind, gemm);
        int[] sizes = Arrays.stream(required(p, "sizes").split(",")).mapToInt(s -> Integer.parseInt(s.trim()))
                .toArray();
        double[] gflops = Arrays.stream(required(p, "gflops").split(",")).mapToDouble(s -> Double.parseDouble(s.trim()))
                .toArray();
        if (sizes.length != gflops.length) {
            throw new IllegalArgumentException(sizes.length + " sizes but " + gflops.length + " GFLOP/s values");
        }
        return new Entry(gemm, sizes, gflops, required(p, "tuned"), f);
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("no '" + key + "' entry");
        }
        return v.trim();
    }

    /**
     * Writes {@code result}'s choice for {@code runtime}'s device and returns the file; null when caching
     * is off. Throws when the result has no choice or the file cannot be written.
     */
    public Path store(ClRuntime runtime, ClAutotune.Result result) throws IOException {
        return store(runtime.description(), matmulSource(), result);
    }

    Path store(String device, String matmul, ClAutotune.Result result) throws IOException {
        ClAutotune.Outcome chosen = result.chosen();
        if (chosen == null) {
            throw new IllegalArgumentException("no candidate passed, so there is nothing to cache");
        }
        Path f = file(device, matmul);
        if (f == null) {
            return null;
        }
        Properties p = new Properties();
        p.setProperty("device", device);
        p.setProperty("matmul.sha256", ClProgramBuilder.sha256(matmul));
        p.setProperty("gemm", chosen.gemm());
        p.setProperty("sizes", Arrays.stream(result.sizes()).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        p.setProperty("gflops", gflops(result, chosen));
        p.setProperty("tuned", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        StringWriter text = new StringWriter();
        p.store(text, HEADER);
        ClProgramBuilder.writeAtomically(f, text.toString().getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static String gflops(ClAutotune.Result result, ClAutotune.Outcome o) {
        return Arrays.stream(o.gflops(result.sizes())).mapToObj(g -> String.format(Locale.ROOT, "%.1f", g))
                .collect(Collectors.joining(","));
    }

    static String matmulSource() {
        return ClProgramBuilder.resource("matmul.cl");
    }
}
