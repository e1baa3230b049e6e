package org.mimo4j.bench.probe;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Class loaders of their own for the sides of an A/B ({@link SgemmAb}, {@link ConvPartAb} on the CPU backend):
 * each loads the engine from its own class path (a build before a change and one after it), with the platform
 * class loader as parent, so neither sees the other's classes or this JVM's, and static finals may differ.
 * Only JDK types cross between a side and the probe.
 */
final class IsolatedClasses {
    private IsolatedClasses() {
    }

    /** A class loader over {@code classPath}, whose entries must exist. */
    static URLClassLoader loader(List<Path> classPath) {
        URL[] urls = new URL[classPath.size()];
        for (int i = 0; i < urls.length; i++) {
            Path p = classPath.get(i);
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("no such class path entry: " + p);
            }
            try {
                urls[i] = p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("bad class path entry " + p, e);
            }
        }
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }

    /** Closes a loader a side failed to build in. */
    static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (java.io.IOException e) {
            // nothing was loaded from it that is still used
        }
    }

    /** The entries of a {@code :}-separated class path; none for an empty string. */
    static List<Path> paths(String classPath) {
        List<Path> paths = new ArrayList<>();
        for (String p : classPath.split(File.pathSeparator)) {
            if (!p.isBlank()) {
                paths.add(Path.of(p));
            }
        }
        return paths;
    }

    /** Where {@code type} was loaded from in this JVM (a jar or a classes folder). */
    static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
