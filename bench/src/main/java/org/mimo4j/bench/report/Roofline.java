package org.mimo4j.bench.report;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Puts a timing next to the machine's limits where the work is known exactly: an SGEMM of size n does
 * 2 n^3 flops, with host arrays or resident operands (held against the FMA peak), a Gram pass over K x d
 * floats reads 4 K d bytes (held against the read bandwidth). Other workloads have no single roofline and are left out.
 */
public final class Roofline {
    private Roofline() {
    }

    /** Whether {@code family} is a square SGEMM's: from host arrays ({@code sgemm}) or resident operands. */
    public static boolean isSgemm(String family) {
        return family.equals("sgemm") || family.equals("sgemm-resident");
    }

    /** GFLOP/s for an {@code sgemm[n=...]} or {@code sgemm-resident[n=...]} timing; empty for other families. */
    public static OptionalDouble gflops(Timing t) {
        if (!isSgemm(t.family())) {
            return OptionalDouble.empty();
        }
        double n = Double.parseDouble(params(t).get("n"));
        return OptionalDouble.of(2 * n * n * n / (t.medianMs() * 1e6));
    }

    /** GB/s read for a {@code gram[d=...,objectives=...]} timing; empty for other families. */
    public static OptionalDouble readGbs(Timing t) {
        if (!t.family().equals("gram")) {
            return OptionalDouble.empty();
        }
        Map<String, String> p = params(t);
        double bytes = 4.0 * Double.parseDouble(p.get("objectives")) * Double.parseDouble(p.get("d"));
        return OptionalDouble.of(bytes / (t.medianMs() * 1e6));
    }

    /** The parameters of a workload key as a map; fails naming the key when one is malformed. */
    static Map<String, String> params(Timing t) {
        Map<String, String> out = new HashMap<>();
        if (t.params().isEmpty()) {
            return out;
        }
        for (String kv : t.params().split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("workload '" + t.workload() + "': parameter '" + kv
                        + "' is not name=value");
            }
            out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }
}
