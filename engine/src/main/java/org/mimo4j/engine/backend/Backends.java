package org.mimo4j.engine.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses the backend the ops dispatch to: {@code cpu}, {@code opencl} (or any other registered
 * provider) or {@code auto}, which prefers a non-CPU provider and falls back to the CPU with one log
 * line saying why. The default comes from the system property {@code mimo4j.backend} (else
 * {@code cpu}) and the thread count from {@code mimo4j.threads} (else all processors).
 */
public final class Backends {
    public static final String PROPERTY = "mimo4j.backend";
    public static final String THREADS_PROPERTY = "mimo4j.threads";

    private static volatile Backend current;

    private Backends() {
    }

    /** What a selection produced, and why (the fallback reason, when there was one). */
    public record Selection(Backend backend, String note) {
    }

    /** The backend in use; created from the system properties on first use. */
    public static Backend current() {
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                if (current == null) {
                    Selection s = select(System.getProperty(PROPERTY, "cpu"), defaultThreads());
                    if (!s.note().isEmpty()) {
                        System.err.println("mimo4j: " + s.note());
                    }
                    current = s.backend();
                }
                b = current;
            }
        }
        return b;
    }

    /** Makes {@code backend} the one the ops use from now on. */
    public static synchronized void use(Backend backend) {
        current = backend;
    }

    public static int defaultThreads() {
        String t = System.getProperty(THREADS_PROPERTY);
        if (t == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int n = Integer.parseInt(t.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(THREADS_PROPERTY + " must be a positive integer, got '" + t + "'");
    }

    /**
     * Creates the named backend. {@code cpu} always works; a named provider that cannot start throws
     * an {@link IllegalStateException} with its reason; {@code auto} falls back to the CPU.
     */
    public static Selection select(String name, int threads) {
        String wanted = name.trim().toLowerCase();
        if (wanted.equals("cpu")) {
            return new Selection(new CpuBackend(threads), "");
        }
        List<String> reasons = new ArrayList<>();
        for (BackendProvider p : providers()) {
            if (wanted.equals("auto") || wanted.equals(p.name())) {
                try {
                    return new Selection(p.create(threads), "");
                } catch (BackendUnavailableException | RuntimeException | LinkageError e) {
                    reasons.add(p.name() + ": " + e.getMessage());
                    if (!wanted.equals("auto")) {
                        throw new IllegalStateException("backend '" + p.name() + "' is unavailable: " + e.getMessage(), e);
                    }
                }
            }
        }
        if (wanted.equals("auto")) {
            String why = reasons.isEmpty() ? "no accelerated backend is installed" : String.join("; ", reasons);
            return new Selection(new CpuBackend(threads), "using the CPU backend (" + why + ")");
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; expected one of " + names());
    }

    /** The names {@link #select} accepts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>(List.of("auto", "cpu"));
        for (BackendProvider p : providers()) {
            names.add(p.name());
        }
        return names;
    }

    private static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(list::add);
        return list;
    }
}
