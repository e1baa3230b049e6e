package org.mimo4j.bench.probe;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures sustained memory read bandwidth as reached from Java: every thread sums its own contiguous
 * slice of one float array many times the size of the last-level cache, with four independent
 * Vector API accumulators so that the adds never limit the rate. Bytes read divided by the wall time
 * of the slowest thread is the figure; it is the ceiling for bandwidth-bound passes such as MGDA's
 * Gram matrix.
 */
public final class MemoryBandwidthProbe {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidthProbe() {
    }

    /** Sum of {@code a[from, to)}; {@code to - from} must be a multiple of 4 vectors. */
    static float sum(float[] a, int from, int to) {
        int step = SPECIES.length();
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        for (int i = from; i < to; i += 4 * step) {
            s0 = s0.add(FloatVector.fromArray(SPECIES, a, i));
            s1 = s1.add(FloatVector.fromArray(SPECIES, a, i + step));
            s2 = s2.add(FloatVector.fromArray(SPECIES, a, i + 2 * step));
            s3 = s3.add(FloatVector.fromArray(SPECIES, a, i + 3 * step));
        }
        return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    }

    /**
     * A buffer of about {@code megabytes} MiB, rounded down so that each of {@code threads} slices is a
     * whole number of 4-vector blocks, filled with non-zero values.
     */
    static float[] buffer(int megabytes, int threads) {
        int block = 4 * SPECIES.length() * threads;
        int n = (int) ((megabytes * 262_144L) / block * block);
        if (n <= 0) {
            throw new IllegalArgumentException("bandwidth probe buffer of " + megabytes + " MiB is too small for "
                    + threads + " threads");
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i & 1023) * 1e-3f;
        }
        return a;
    }

    /** Best GB/s (1e9 bytes/s) over {@code repeats} full reads of {@code buffer} split over {@code threads}. */
    public static double measure(float[] buffer, int threads, int repeats) {
        int slice = buffer.length / threads;
        ParallelTimer.Kernel read = t -> sum(buffer, t * slice, (t + 1) * slice);
        ParallelTimer.run(threads, read);
        double best = 0;
        for (int r = 0; r < repeats; r++) {
            long nanos = ParallelTimer.run(threads, read);
            best = Math.max(best, 4.0 * slice * threads / nanos);
        }
        return best;
    }
}
