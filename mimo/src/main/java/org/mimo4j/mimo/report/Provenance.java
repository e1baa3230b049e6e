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
 * Where a result came from: mimo4j version, git commit, JVM, backend and device, seed, thread count and
 * dataset checksum. Every run directory, summary and report carries one, so a number can always be
 * traced back to the code and data that produced it.
 */
public record Provenance(String version, String gitCommit, String jvm, String os, String backend,
                         String device, long seed, int threads, String datasetChecksum, String createdUtc) {

    /** Collects the machine-side facts; the run-side ones (backend, seed, ...) are passed in. */
    public static Provenance collect(String backend, String device, long seed, int threads, String datasetChecksum) {
        return new Provenance(projectVersion(), gitCommit(home()),
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
        try (InputStream in = Provenance.class.getResourceAsStream("/org/mimo4j/mimo/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** HEAD of the git checkout at {@code dir}, with "-dirty" when files differ; "unknown" without git. */
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

    /** The same facts as an ordered map, for JSON and markdown. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("gitCommit", gitCommit);
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
