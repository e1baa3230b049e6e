package org.mimo4j.bench.probe;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

/**
 * The sides of a one-JVM A/B ({@link SgemmAb}, {@link ConvPartAb}), each built in this JVM's classes or in a class
 * loader of its own: one over a side's engine (a build before a change, or after it) and this probe, with the
 * platform class loader as parent, so neither side sees the other's classes or this JVM's and static finals may
 * differ. A side is a public class of the probe whose only public constructor takes what the run needs, and whose
 * API has only JDK types ({@link IntToDoubleFunction}: the median of that many calls; {@link Supplier}: its
 * outputs; {@link AutoCloseable}), so the copy loaded beside another engine serves as well as this JVM's.
 */
final class IsolatedClasses {
    private IsolatedClasses() {
    }

    /** A built side, and the class loader of its own it may live in. */
    record Side(Object side, URLClassLoader loader) implements AutoCloseable {
        /** Median time of {@code calls} calls. */
        double median(int calls) {
            return ((IntToDoubleFunction) side).applyAsDouble(calls);
        }

        /** What the side's last calls wrote. */
        @SuppressWarnings("unchecked")
        float[][] outputs() {
            return ((Supplier<float[][]>) side).get();
        }

        @Override
        public void close() throws Exception {
            try {
                ((AutoCloseable) side).close();
            } finally {
                if (loader != null) {
                    loader.close();
                }
            }
        }
    }

    /**
     * A {@code type} built from {@code args} under {@code properties}: in this JVM's classes where {@code classPath}
     * is empty, else in a loader over it and {@code type}'s own location.
     */
    static Side build(Class<?> type, List<Path> classPath, Map<String, String> properties, Object... args) {
        if (classPath.isEmpty()) {
            return new Side(AbRounds.under(properties, () -> construct(type, args)), null);
        }
        List<Path> path = new ArrayList<>(classPath);
        path.add(locationOf(type)); // the probe, linked against the side's engine
        URLClassLoader loader = loader(path);
        try {
            Class<?> copy = loader.loadClass(type.getName());
            return new Side(AbRounds.under(properties, () -> construct(copy, args)), loader);
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            closeQuietly(loader);
            throw new IllegalArgumentException("cannot build a side from " + classPath + ": " + e, e);
        }
    }

    /** {@code type}'s one public constructor on {@code args}; a failure inside it is rethrown as it was. */
    private static Object construct(Class<?> type, Object... args) {
        try {
            return type.getConstructors()[0].newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName() + ": " + e, e);
        }
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
    private static void closeQuietly(URLClassLoader loader) {
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
