package org.mimo4j.bench.probe;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the machine's float32 fused-multiply-add peak as reached from Java: each thread runs a
 * loop of {@value #CHAINS} independent {@code FloatVector.fma} chains on the preferred species (enough
 * independent chains to hide the FMA latency on current x86 and ARM cores), in registers, with no
 * memory traffic. One FMA per lane counts as two flops. This is the ceiling any SGEMM or convolution
 * in the report can be held against.
 */
public final class FmaPeakProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    private FmaPeakProbe() {
    }

    /** Float lanes per vector on this machine. */
    public static int lanes() {
        return SPECIES.length();
    }

    /** Flops one call of {@link #kernel} does for {@code iterations}. */
    static double flops(int iterations) {
        return 2.0 * CHAINS * SPECIES.length() * iterations;
    }

    /**
     * Runs {@code iterations} rounds of the FMA chains and returns a value that depends on all of them,
     * so the JIT cannot drop the work.
     */
    static float kernel(int iterations, float seed) {
        FloatVector a = FloatVector.broadcast(SPECIES, 1.0000001f);
        FloatVector b = FloatVector.broadcast(SPECIES, -1e-7f);
        // Chains start from broadcasts in locals and the loop counts in an int: with a vector loaded
        // from an array, or a long loop counter, C2 (JDK 17) re-boxes the vectors every round and the
        // probe measures allocation (about 30x slower) instead of FMA throughput.
        FloatVector c0 = FloatVector.broadcast(SPECIES, seed), c1 = FloatVector.broadcast(SPECIES, seed + 1);
        FloatVector c2 = FloatVector.broadcast(SPECIES, seed + 2), c3 = FloatVector.broadcast(SPECIES, seed + 3);
        FloatVector c4 = FloatVector.broadcast(SPECIES, seed + 4), c5 = FloatVector.broadcast(SPECIES, seed + 5);
        FloatVector c6 = FloatVector.broadcast(SPECIES, seed + 6), c7 = FloatVector.broadcast(SPECIES, seed + 7);
        FloatVector c8 = FloatVector.broadcast(SPECIES, seed + 8), c9 = FloatVector.broadcast(SPECIES, seed + 9);
        FloatVector c10 = FloatVector.broadcast(SPECIES, seed + 10), c11 = FloatVector.broadcast(SPECIES, seed + 11);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11);
        return s.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Best GFLOP/s over {@code repeats} timed rounds of {@code iterations} per thread on {@code threads}
     * threads (after warm-up calls that let C2 compile the kernel).
     */
    public static double measure(int threads, int iterations, int repeats) {
        // Many short calls first, so that the timed calls run C2's compiled method, not the interpreter.
        for (int i = 0; i < 300; i++) {
            ParallelTimer.sink += kernel(20_000, i);
        }
        double best = 0;
        for (int r = 0; r < repeats; r++) {
            long nanos = ParallelTimer.run(threads, t -> kernel(iterations, t));
            best = Math.max(best, threads * flops(iterations) / nanos);
        }
        return best;
    }
}
