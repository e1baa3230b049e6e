package org.mimo4j.kernels;

import java.util.Map;
import java.util.TreeMap;

/**
 * Kernel launches made by one {@link ClBackend} so far, by the name each launch site gives its kernel.
 * On PoCL every launch costs tens of microseconds whatever its size, so for the small networks of the
 * tests the count, not the arithmetic, sets the time of a step; tests and benchmarks take the
 * difference of two snapshots to count what a training step launched.
 */
public record ClLaunches(Map<String, Long> byKernel) {

    public ClLaunches {
        byKernel = Map.copyOf(byKernel);
    }

    /** All launches, whatever the kernel. */
    public long total() {
        long n = 0;
        for (long c : byKernel.values()) {
            n += c;
        }
        return n;
    }

    /** What was launched between {@code earlier} and this snapshot; kernels not launched in between are left out. */
    public ClLaunches since(ClLaunches earlier) {
        Map<String, Long> out = new TreeMap<>();
        byKernel.forEach((name, n) -> {
            long d = n - earlier.byKernel.getOrDefault(name, 0L);
            if (d != 0) {
                out.put(name, d);
            }
        });
        return new ClLaunches(out);
    }

    @Override
    public String toString() {
        return total() + " launches " + new TreeMap<>(byKernel);
    }
}
