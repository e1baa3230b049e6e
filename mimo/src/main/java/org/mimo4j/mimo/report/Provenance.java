package org.mimo4j.mimo.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: mimo4j version, the git commit the running code was built from, JVM,
 * backend and device, seed, thread count and dataset checksum. Every run directory, summary and report
 * carries one, so a number can always be traced back to the code and data that produced it.
 *
 * @param gitCommit      the commit the jar was built from ("-dirty" when tracked files differed), baked
 *                       in at build time; "unknown" for a build outside a git checkout
 * @param checkoutCommit HEAD of the checkout the run was started from ({@link #home()}), read at run time;
 *                       null when that is not a git checkout. It differs from gitCommit when the jar is
 *                       older than the checkout, which is worth knowing.
 */
public record Provenance(String version, String gitCommit, String checkoutCommit, String jvm, String os,
                         String backend, String device, long seed, int threads, String datasetChecksum,
                         String createdUtc) {
    private static final String VERSION_RESOURCE = "/org/mimo4j/mimo/version.properties";

    /** Collects the machine-side facts; the run-side ones (backend, seed, ...) are passed in. */
    public static Provenance collect(String backend, String device, long seed, int threads, String datasetChecksum) {
        String checkout = gitCommit(home());
        return new Provenance(projectVersion(), buildCommit(), checkout.equals("unknown") ? null : checkout,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                backend, device, seed, threads, datasetChecksum, java.time.Instant.now().toString());
    }

    /** The checkout the launcher runs from ({@code -Dmimo4j.home}), else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("mimo4j.home", "."));
    }

    /** The project version baked into the jar at build time ("unknown" outside a Maven build). */
    public static String projectVersion() {
        return buildProperty("version");
    }

    /**
     * The git commit baked into the jar at build time, with "-dirty" when tracked files differed from
     * it; "unknown" when the build ran outside a git checkout or without Maven.
     */
    public static String buildCommit() {
        return buildProperty("commit");
    }

    /** A value of the build's version.properties; "unknown" when missing or never filtered. */
    private static String buildProperty(String key) {
        try (InputStream in = Provenance.class.getResourceAsStream(VERSION_RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String value = p.getProperty(key, "").trim();
            return value.isEmpty() || value.startsWith("${") ? "unknown" : value;
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** HEAD of the git checkout at {@code dir} now, with "-dirty" when files differ; "unknown" without git. */
    public static String gitCommit(Path dir) {
        String head = git(dir, "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "unknown";
        }
        return git(dir, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "git";
        System.arraycopy(args, 0, cmd, 1, args.length);
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                return "";
            }
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The same facts as an ordered map, for JSON and markdown (checkoutCommit only when known). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("gitCommit", gitCommit);
        if (checkoutCommit != null) {
            m.put("checkoutCommit", checkoutCommit);
        }
        m.put("jvm", jvm);
        m.put("os", os);
        m.put("backend", backend);
        m.put("device", device);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("datasetChecksum", datasetChecksum);
        m.put("createdUtc", createdUtc);
        return m;
    }
}
