package org.mimo4j.data.avdigits;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external programs the AV-Digits build needs (npm, apt-get, dpkg, tar, sox, espeak-ng,
 * flite). A missing program is reported before anything runs, with the package that provides it;
 * a failing one with its command line, exit code and error output.
 */
public final class Tools {
    /** Program name -> how to install it on Debian/Ubuntu (the platform the sources come from). */
    private static final Map<String, String> INSTALL = Map.of(
            "npm", "sudo apt-get install npm",
            "sox", "sudo apt-get install sox",
            "espeak-ng", "sudo apt-get install espeak-ng",
            "flite", "sudo apt-get install flite",
            "apt-get", "a Debian or Ubuntu system (apt-get downloads the Asterisk voice packages)",
            "dpkg", "a Debian or Ubuntu system (dpkg -x extracts the Asterisk voice packages)",
            "tar", "sudo apt-get install tar");
    private static final long TIMEOUT_SECONDS = 600;

    private Tools() {
    }

    /** Fails with the install command if {@code program} is not on the PATH. */
    public static void require(String program) throws ToolException {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return;
                }
            }
        }
        throw new ToolException("AV-Digits needs the program '" + program + "', which is not on the PATH; install it with: "
                + INSTALL.getOrDefault(program, "your package manager"));
    }

    /** Runs {@code command} in {@code dir} and returns its standard output; fails on a non-zero exit. */
    public static String run(Path dir, List<String> command) throws IOException {
        return run(dir, command, false);
    }

    private static String run(Path dir, List<String> command, boolean anyExitCode) throws IOException {
        require(command.get(0));
        Path err = Files.createTempFile("mimo4j-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ToolException("'" + String.join(" ", command) + "' did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0 && !anyExitCode) {
                throw new ToolException("'" + String.join(" ", command) + "' failed with exit code " + p.exitValue()
                        + " in " + dir + ": " + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running '" + String.join(" ", command) + "'");
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * What a program prints for {@code --version}, as a provenance record: the line that says
     * "version" if there is one (flite prints a copyright first), else the first line, without
     * espeak-ng's data path. The exit code is ignored: flite answers --version with 1.
     */
    public static String version(String program) throws IOException {
        String[] lines = run(Path.of(".").toAbsolutePath(), List.of(program, "--version"), true).strip().split("\n");
        String line = lines[0];
        for (String l : lines) {
            if (l.contains("version")) {
                line = l;
                break;
            }
        }
        int data = line.indexOf("Data at:");
        return (data < 0 ? line : line.substring(0, data)).strip().replaceAll("\\s+", " ");
    }
}
