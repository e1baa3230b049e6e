package org.mimo4j.mimo.train;

import java.io.PrintStream;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;

/**
 * Installs the backend a run asks for as the one the ops use. Consecutive runs of a comparison ask
 * for the same one, so it is kept; a different choice closes the previous backend first, so that a
 * long comparison does not pile up thread pools or OpenCL contexts.
 */
final class BackendChoice {
    private static Backend active;
    private static String activeKey;

    private BackendChoice() {
    }

    /** The backend for {@code name} and {@code threads}, now in use; a fallback note goes to {@code log}. */
    static synchronized Backend activate(String name, int threads, PrintStream log) {
        String key = name + "/" + threads;
        if (active != null && key.equals(activeKey)) {
            return active;
        }
        Backends.Selection sel = Backends.select(name, threads);
        if (!sel.note().isEmpty()) {
            log.println("mimo4j: " + sel.note());
        }
        Backends.use(sel.backend());
        if (active != null) {
            active.close();
        }
        active = sel.backend();
        activeKey = key;
        return active;
    }
}
