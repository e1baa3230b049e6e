package org.mimo4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Floating-point operations a benchmark did, reported per second next to its time as the secondary
 * row {@code <benchmark>:flop}; divided by 1e9 that row is GFLOP/s. Shared by the SGEMM benchmarks.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class FlopCounter {
    public long flop;

    /** Counts one n x n x n matrix product (2 n^3 operations). */
    public void squareProduct(int n) {
        flop += 2L * n * n * n;
    }
}
