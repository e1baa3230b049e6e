package org.mimo4j.data.avdigits;

/**
 * Receives one human-readable line per build step (what is being done, with counts), so a CLI can
 * print them and a test can stay quiet.
 */
@FunctionalInterface
public interface Progress {
    /** Discards every line. */
    Progress NONE = line -> { };

    void report(String line);

    /** Prints each line to standard error, prefixed with {@code av-digits: }. */
    static Progress stderr() {
        return line -> System.err.println("av-digits: " + line);
    }
}
