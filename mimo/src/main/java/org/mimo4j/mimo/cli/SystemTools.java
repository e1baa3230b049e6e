package org.mimo4j.mimo.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system programs building AV-Digits needs, and the Debian packages that provide them. The demo
 * installs missing ones with apt-get when it runs as root; otherwise it prints the one command to run.
 */
final class SystemTools {
    /** Program to Debian package. */
    static final Map<String, String> PACKAGES = new LinkedHashMap<>();

    static {
        PACKAGES.put("npm", "npm");
        PACKAGES.put("sox", "sox");
        PACKAGES.put("espeak-ng", "espeak-ng");
        PACKAGES.put("flite", "flite");
    }

    private SystemTools() {
    }

    /** Packages whose program is not on the PATH. */
    static List<String> missingPackages() {
        List<String> missing = new ArrayList<>();
        PACKAGES.forEach((program, pkg) -> {
            if (!onPath(program)) {
                missing.add(pkg);
            }
        });
        return missing;
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs apt-get update and install for {@code packages}, echoing its output; true on success. */
    static boolean aptInstall(List<String> packages, PrintWriter log) throws IOException, InterruptedException {
        for (List<String> cmd : List.of(List.of("apt-get", "update", "-qq"), concat(List.of("apt-get", "install", "-y",
                "-qq", "--no-install-recommends"), packages))) {
            log.println("mimo4j: running " + String.join(" ", cmd));
            log.flush();
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            if (p.waitFor() != 0) {
                return false;
            }
        }
        return true;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
