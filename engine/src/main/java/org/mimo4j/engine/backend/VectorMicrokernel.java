package org.mimo4j.engine.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.mimo4j.engine.ops.VectorApi;

/**
 * The fast {@link Microkernel}: an {@link #MR} x (2 * vector length) tile held in 2 MR vector registers,
 * one fused multiply-add per register per step of k. With AVX-512 that is an 8 x 32 tile, with AVX2
 * 6 x 16 on JDK 17 and 5 x 16 on later JDKs ({@link #ROWS_PROPERTY}). Loaded only through
 * {@link Microkernels} after checking that {@code jdk.incubator.vector} is present, so the scalar path never
 * touches the Vector API.
 *
 * <p>Every vector a method is called on in {@link #run} and {@link #runShifted} passes through {@code X.cast} first:
 * C2 does not otherwise know the exact class of the accumulators where they are stored, inlines {@code intoArray}'s
 * internals by their type profile, which all callers in the JVM share, and where that profile holds a second class
 * (another FloatVector shape used anywhere in the JVM) or its type check was dropped, the store intrinsic fails and
 * the accumulators are boxed on every step of the loop. The bias gradient's 128-bit loads (until session 28) did
 * that in some JVMs, 43-87 KB allocated per call of {@code run} and the AV-Digits step at 4x its time in one run in
 * three; without them, a child JVM that ran conv and attention steps first still did in about one run in six (the
 * stores "failed to inline (intrinsic)" under a one-class profile). The cast, an intrinsic on a constant final
 * class, costs nothing. Nothing in the engine uses a FloatVector shape other than {@code SPECIES_PREFERRED}, and
 * {@code VectorMicrokernelTest} checks a training step's ops leave the kernel allocating no more than before them.
 */
final class VectorMicrokernel implements Microkernel {
    // The edge handling stays inside run(). A variant that moved it to the driver made run() small
    // enough to be inlined into the driver loop, and sgemm at n = 1024 then ran 3x slower in most runs.
    // No helper here takes vectors as arguments: when C1 has compiled such a helper before C2 compiles
    // its caller, C2 may refuse to inline it (its C1 code is large) and boxes the vectors; the dot tile
    // then ran about 13x slower in half of the JVMs we started.
    // The k loops step their array indices (ai += MR) instead of computing aOff + p * MR: C2 removes the
    // range checks of A's broadcasts only for the index that drives the loop, and kept two compares per
    // step otherwise. Rows past MR start as null, not as the zero vector: a deoptimisation point in the
    // loop must be able to rebuild every local, so a zero kept for rows the tile does not have held a ymm
    // register on AVX2 and C2 spilled to the stack on every step. Together, one JVM alternating both
    // builds (AMD EPYC Zen 3, AVX2, 2 threads): SGEMM n = 1024 59.5 -> 84.4 and 66.8 -> 99.6 GFLOP/s,
    // n = 2048 61.7 -> 86.8, the same bits.
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length();
    /** The exact class of S's vectors (final), for the casts that tell C2 so: see the class comment. */
    private static final Class<? extends FloatVector> X = S.vectorType().asSubclass(FloatVector.class);
    /** The JVM option that sets the tile's rows where vectors are narrower than 512 bits: 5 or 6. */
    static final String ROWS_PROPERTY = "mimo4j.cpu.tileRows";
    /**
     * Rows of the tile: 8 with 512-bit vectors, whose 32 registers (AVX-512) hold the 16 accumulators, both B
     * vectors and a broadcast. Measured on 1 thread (AVX-512, 8 against 6 rows): SGEMM at n = 512, 1024, 2048
     * went from 166, 179, 172 to 187, 187, 180 GFLOP/s (B loads and broadcasts shared by more multiply-adds),
     * the small CNN's 16 -> 32 forward from 446-465 to 400-404 us (32 rows are four whole tiles, against six
     * tiles of 36 rows).
     *
     * <p>With narrower vectors (AVX2: 16 registers) 6 rows fill 15 registers, and whether they fit depends on
     * how C2 schedules the step: see {@link #narrowRows}. A static final, so the JIT drops the code of rows past
     * MR entirely. Each element's sum runs over k in the same order whatever the rows of its tile, so the rows
     * never change a result's bits.
     */
    private static final int MR = S.vectorBitSize() >= 512 ? 8 : narrowRows();
    private static final int NR = 2 * VL;
    /** Rows of a {@link #runShiftedRows} tile (see there). */
    private static final int SHIFTED_ROWS = 4;
    /** Columns of a dot tile: 4 with 512-bit vectors, 3 with narrower ones (see dotTile). */
    private static final int DOT_COLS = VL >= 16 ? 4 : 3;

    /**
     * Rows of the tile with vectors narrower than 512 bits: {@link #ROWS_PROPERTY} if set, else 6 on JDK 17
     * and 5 on later JDKs. JDK 17's C2 keeps one broadcast live in the 6-row step and fits it in the 16 ymm
     * registers; JDK 25's loads up to three broadcasts ahead of their multiply-adds, and the 17th register went
     * to the stack: an accumulator stored and reloaded on every step, in its own chain, and SGEMM ran at 0.6x.
     * With 5 rows, 10 accumulators leave room for 4 broadcasts. Measured (AMD EPYC Zen 3, AVX2, JMH, 2 threads,
     * separate JVMs alternating, two rounds): on JDK 25, 5 rows against 6 gave SGEMM n = 1024 38.6-46.5
     * against 28.5-29.3 products/s, the small-CNN step 4.82-5.94 against 6.08-6.21 ms, attention fwd+bwd
     * 7.8-8.7 against 10.5-12.2; on JDK 17, 6 rows stayed ahead: SGEMM n = 1024 47.0-55.8 against 37.0-43.2,
     * the small-CNN step 5.28-5.41 against 6.22-6.80, LeNet's 6 -> 16 layer 0.96-1.02 against 1.48-1.57 ms
     * (its backward-data GEMM has 6 rows: one tile of 6, two of 5). JDKs 18-24 were not measured and get 5.
     */
    static int narrowRows() {
        String set = System.getProperty(ROWS_PROPERTY);
        if (set == null) {
            return Runtime.version().feature() <= 17 ? 6 : 5;
        }
        if (!set.equals("5") && !set.equals("6")) {
            throw new IllegalArgumentException("-D" + ROWS_PROPERTY + " must be 5 or 6, was '" + set + "'");
        }
        return Integer.parseInt(set);
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public String describe() {
        return "vector " + S.vectorBitSize() + "-bit, tile " + MR + "x" + NR;
    }

    @Override
    public void run(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
                    int rows, int cols, boolean store) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = MR >= 6 ? zero : null, c51 = MR >= 6 ? zero : null;
        FloatVector c60 = MR == 8 ? zero : null, c61 = MR == 8 ? zero : null;
        FloatVector c70 = MR == 8 ? zero : null, c71 = MR == 8 ? zero : null;
        for (int ai = aOff, bi = bOff, aEnd = aOff + kc * MR; ai < aEnd; ai += MR, bi += NR) {
            FloatVector b0 = X.cast(FloatVector.fromArray(S, bp, bi));
            FloatVector b1 = X.cast(FloatVector.fromArray(S, bp, bi + VL));
            FloatVector a0 = X.cast(FloatVector.broadcast(S, ap[ai + 0]));
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = X.cast(FloatVector.broadcast(S, ap[ai + 1]));
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = X.cast(FloatVector.broadcast(S, ap[ai + 2]));
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = X.cast(FloatVector.broadcast(S, ap[ai + 3]));
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = X.cast(FloatVector.broadcast(S, ap[ai + 4]));
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            if (MR >= 6) {
                FloatVector a5 = X.cast(FloatVector.broadcast(S, ap[ai + 5]));
                c50 = a5.fma(b0, c50);
                c51 = a5.fma(b1, c51);
            }
            if (MR == 8) {
                FloatVector a6 = X.cast(FloatVector.broadcast(S, ap[ai + 6]));
                c60 = a6.fma(b0, c60);
                c61 = a6.fma(b1, c61);
                FloatVector a7 = X.cast(FloatVector.broadcast(S, ap[ai + 7]));
                c70 = a7.fma(b0, c70);
                c71 = a7.fma(b1, c71);
            }
        }
        if (cols == NR) {
            // All columns inside C: whole vector rows, for as many rows as lie inside. A bottom-edge tile
            // is common in convolutions (16 or 32 output channels are not multiples of 5 or 6).
            X.cast(store ? c00 : FloatVector.fromArray(S, c, cOff).add(c00)).intoArray(c, cOff);
            X.cast(store ? c01 : FloatVector.fromArray(S, c, cOff + VL).add(c01)).intoArray(c, cOff + VL);
            if (rows > 1) {
                X.cast(store ? c10 : FloatVector.fromArray(S, c, cOff + ldc).add(c10)).intoArray(c, cOff + ldc);
                X.cast(store ? c11 : FloatVector.fromArray(S, c, cOff + ldc + VL).add(c11))
                        .intoArray(c, cOff + ldc + VL);
            }
            if (rows > 2) {
                X.cast(store ? c20 : FloatVector.fromArray(S, c, cOff + 2 * ldc).add(c20)).intoArray(c, cOff + 2 * ldc);
                X.cast(store ? c21 : FloatVector.fromArray(S, c, cOff + 2 * ldc + VL).add(c21))
                        .intoArray(c, cOff + 2 * ldc + VL);
            }
            if (rows > 3) {
                X.cast(store ? c30 : FloatVector.fromArray(S, c, cOff + 3 * ldc).add(c30)).intoArray(c, cOff + 3 * ldc);
                X.cast(store ? c31 : FloatVector.fromArray(S, c, cOff + 3 * ldc + VL).add(c31))
                        .intoArray(c, cOff + 3 * ldc + VL);
            }
            if (rows > 4) {
                X.cast(store ? c40 : FloatVector.fromArray(S, c, cOff + 4 * ldc).add(c40)).intoArray(c, cOff + 4 * ldc);
                X.cast(store ? c41 : FloatVector.fromArray(S, c, cOff + 4 * ldc + VL).add(c41))
                        .intoArray(c, cOff + 4 * ldc + VL);
            }
            if (MR >= 6 && rows > 5) {
                X.cast(store ? c50 : FloatVector.fromArray(S, c, cOff + 5 * ldc).add(c50)).intoArray(c, cOff + 5 * ldc);
                X.cast(store ? c51 : FloatVector.fromArray(S, c, cOff + 5 * ldc + VL).add(c51))
                        .intoArray(c, cOff + 5 * ldc + VL);
            }
            if (MR == 8 && rows > 6) {
                X.cast(store ? c60 : FloatVector.fromArray(S, c, cOff + 6 * ldc).add(c60)).intoArray(c, cOff + 6 * ldc);
                X.cast(store ? c61 : FloatVector.fromArray(S, c, cOff + 6 * ldc + VL).add(c61))
                        .intoArray(c, cOff + 6 * ldc + VL);
            }
            if (MR == 8 && rows > 7) {
                X.cast(store ? c70 : FloatVector.fromArray(S, c, cOff + 7 * ldc).add(c70)).intoArray(c, cOff + 7 * ldc);
                X.cast(store ? c71 : FloatVector.fromArray(S, c, cOff + 7 * ldc + VL).add(c71))
                        .intoArray(c, cOff + 7 * ldc + VL);
            }
            return;
        }
        // Right-edge tile: spill the registers and add only the part that lies inside C.
        float[] tile = new float[MR * NR];
        X.cast(c00).intoArray(tile, 0 * NR);
        X.cast(c01).intoArray(tile, 0 * NR + VL);
        X.cast(c10).intoArray(tile, 1 * NR);
        X.cast(c11).intoArray(tile, 1 * NR + VL);
        X.cast(c20).intoArray(tile, 2 * NR);
        X.cast(c21).intoArray(tile, 2 * NR + VL);
        X.cast(c30).intoArray(tile, 3 * NR);
        X.cast(c31).intoArray(tile, 3 * NR + VL);
        X.cast(c40).intoArray(tile, 4 * NR);
        X.cast(c41).intoArray(tile, 4 * NR + VL);
        if (MR >= 6) {
            X.cast(c50).intoArray(tile, 5 * NR);
            X.cast(c51).intoArray(tile, 5 * NR + VL);
        }
        if (MR == 8) {
            X.cast(c60).intoArray(tile, 6 * NR);
            X.cast(c61).intoArray(tile, 6 * NR + VL);
            X.cast(c70).intoArray(tile, 7 * NR);
            X.cast(c71).intoArray(tile, 7 * NR + VL);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[cOff + r * ldc + j] = store ? tile[r * NR + j] : c[cOff + r * ldc + j] + tile[r * NR + j];
            }
        }
    }

    /**
     * {@link #run} with B rows read in place. The loop and the store are written out again rather than
     * shared: a helper taking the accumulators would box them whenever the JIT does not inline it, and
     * folding both loops into one behind a flag costs the GEMM a branch per step of k.
     */
    @Override
    public void runShifted(int kc, float[] ap, int aOff, float[] b, int bOff, int[] rowStart, int rOff, float[] c,
                           int cOff, int ldc, int rows, int cols) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = MR >= 6 ? zero : null, c51 = MR >= 6 ? zero : null;
        FloatVector c60 = MR == 8 ? zero : null, c61 = MR == 8 ? zero : null;
        FloatVector c70 = MR == 8 ? zero : null, c71 = MR == 8 ? zero : null;
        for (int ai = aOff, r = rOff, aEnd = aOff + kc * MR; ai < aEnd; ai += MR, r++) {
            int bi = bOff + rowStart[r];
            FloatVector b0 = X.cast(FloatVector.fromArray(S, b, bi));
            FloatVector b1 = X.cast(FloatVector.fromArray(S, b, bi + VL));
            FloatVector a0 = X.cast(FloatVector.broadcast(S, ap[ai + 0]));
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = X.cast(FloatVector.broadcast(S, ap[ai + 1]));
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = X.cast(FloatVector.broadcast(S, ap[ai + 2]));
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = X.cast(FloatVector.broadcast(S, ap[ai + 3]));
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = X.cast(FloatVector.broadcast(S, ap[ai + 4]));
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            if (MR >= 6) {
                FloatVector a5 = X.cast(FloatVector.broadcast(S, ap[ai + 5]));
                c50 = a5.fma(b0, c50);
                c51 = a5.fma(b1, c51);
            }
            if (MR == 8) {
                FloatVector a6 = X.cast(FloatVector.broadcast(S, ap[ai + 6]));
                c60 = a6.fma(b0, c60);
                c61 = a6.fma(b1, c61);
                FloatVector a7 = X.cast(FloatVector.broadcast(S, ap[ai + 7]));
                c70 = a7.fma(b0, c70);
                c71 = a7.fma(b1, c71);
            }
        }
        if (cols == NR) {
            X.cast(FloatVector.fromArray(S, c, cOff).add(c00)).intoArray(c, cOff);
            X.cast(FloatVector.fromArray(S, c, cOff + VL).add(c01)).intoArray(c, cOff + VL);
            if (rows > 1) {
                X.cast(FloatVector.fromArray(S, c, cOff + ldc).add(c10)).intoArray(c, cOff + ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + ldc + VL).add(c11)).intoArray(c, cOff + ldc + VL);
            }
            if (rows > 2) {
                X.cast(FloatVector.fromArray(S, c, cOff + 2 * ldc).add(c20)).intoArray(c, cOff + 2 * ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + 2 * ldc + VL).add(c21)).intoArray(c, cOff + 2 * ldc + VL);
            }
            if (rows > 3) {
                X.cast(FloatVector.fromArray(S, c, cOff + 3 * ldc).add(c30)).intoArray(c, cOff + 3 * ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + 3 * ldc + VL).add(c31)).intoArray(c, cOff + 3 * ldc + VL);
            }
            if (rows > 4) {
                X.cast(FloatVector.fromArray(S, c, cOff + 4 * ldc).add(c40)).intoArray(c, cOff + 4 * ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + 4 * ldc + VL).add(c41)).intoArray(c, cOff + 4 * ldc + VL);
            }
            if (MR >= 6 && rows > 5) {
                X.cast(FloatVector.fromArray(S, c, cOff + 5 * ldc).add(c50)).intoArray(c, cOff + 5 * ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + 5 * ldc + VL).add(c51)).intoArray(c, cOff + 5 * ldc + VL);
            }
            if (MR == 8 && rows > 6) {
                X.cast(FloatVector.fromArray(S, c, cOff + 6 * ldc).add(c60)).intoArray(c, cOff + 6 * ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + 6 * ldc + VL).add(c61)).intoArray(c, cOff + 6 * ldc + VL);
            }
            if (MR == 8 && rows > 7) {
                X.cast(FloatVector.fromArray(S, c, cOff + 7 * ldc).add(c70)).intoArray(c, cOff + 7 * ldc);
                X.cast(FloatVector.fromArray(S, c, cOff + 7 * ldc + VL).add(c71)).intoArray(c, cOff + 7 * ldc + VL);
            }
            return;
        }
        float[] tile = new float[MR * NR];
        X.cast(c00).intoArray(tile, 0 * NR);
        X.cast(c01).intoArray(tile, 0 * NR + VL);
        X.cast(c10).intoArray(tile, 1 * NR);
        X.cast(c11).intoArray(tile, 1 * NR + VL);
        X.cast(c20).intoArray(tile, 2 * NR);
        X.cast(c21).intoArray(tile, 2 * NR + VL);
        X.cast(c30).intoArray(tile, 3 * NR);
        X.cast(c31).intoArray(tile, 3 * NR + VL);
        X.cast(c40).intoArray(tile, 4 * NR);
        X.cast(c41).intoArray(tile, 4 * NR + VL);
        if (MR >= 6) {
            X.cast(c50).intoArray(tile, 5 * NR);
            X.cast(c51).intoArray(tile, 5 * NR + VL);
        }
        if (MR == 8) {
            X.cast(c60).intoArray(tile, 6 * NR);
            X.cast(c61).intoArray(tile, 6 * NR + VL);
            X.cast(c70).intoArray(tile, 7 * NR);
            X.cast(c71).intoArray(tile, 7 * NR + VL);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[cOff + r * ldc + j] += tile[r * NR + j];
            }
        }
    }

    @Override
    public int shiftedRows() {
        return SHIFTED_ROWS;
    }

    /**
     * {@link #run}'s step with each row's broadcast read from a window of its own, which changes how C2 schedules
     * it: it loads all the step's broadcasts first (each from its own base), so with AVX2's 16 registers 6 rows
     * (12 accumulators, 2 B vectors, 6 broadcasts) put 5 accumulators on the stack, a load and a store around
     * their multiply-adds, and 4 rows (14 registers) spill nothing. The small CNN's 16 -> 32 weight gradient, 1
     * thread, the loop alone: 2.0-2.3 ms with 6 rows, 1.04-1.18 with 4. Four rows with 512-bit vectors too, where
     * 8 would fit the 32 registers (not measured: no AVX-512 machine at hand when this was written). The loop
     * runs on p, so every index is p plus an invariant and the range checks leave the loop. Always a whole tile,
     * so the store has no edge cases.
     */
    @Override
    public void runShiftedRows(int kc, float[] a, int aOff, int[] rowStart, int rOff, float[] bp, int bOff, float[] c,
                               int cOff, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        int a0 = aOff + rowStart[rOff], a1 = aOff + rowStart[rOff + 1], a2 = aOff + rowStart[rOff + 2];
        int a3 = aOff + rowStart[rOff + 3];
        for (int p = 0; p < kc; p++) {
            int bi = bOff + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector x = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        FloatVector.fromArray(S, c, cOff).add(c00).intoArray(c, cOff);
        FloatVector.fromArray(S, c, cOff + VL).add(c01).intoArray(c, cOff + VL);
        FloatVector.fromArray(S, c, cOff + ldc).add(c10).intoArray(c, cOff + ldc);
        FloatVector.fromArray(S, c, cOff + ldc + VL).add(c11).intoArray(c, cOff + ldc + VL);
        FloatVector.fromArray(S, c, cOff + 2 * ldc).add(c20).intoArray(c, cOff + 2 * ldc);
        FloatVector.fromArray(S, c, cOff + 2 * ldc + VL).add(c21).intoArray(c, cOff + 2 * ldc + VL);
        FloatVector.fromArray(S, c, cOff + 3 * ldc).add(c30).intoArray(c, cOff + 3 * ldc);
        FloatVector.fromArray(S, c, cOff + 3 * ldc + VL).add(c31).intoArray(c, cOff + 3 * ldc + VL);
    }

    @Override
    public int dotRows() {
        return 4;
    }

    @Override
    public int dotCols() {
        return DOT_COLS;
    }

    /**
     * 4 x DOT_COLS vector accumulators: 4 x 4 on AVX-512 (24 of its 32 registers with the loads of one
     * step). On AVX2 the 4 x 4 tile overflowed the 16 registers: C2 loads a step's 8 vectors before its
     * multiply-adds and kept 9 accumulators on the stack, a load and a store around each multiply-add. With
     * 4 x 3 it keeps 4 there. (3 x 3 and 2 x 4 bodies are small enough that C2 unrolls them, and the
     * unrolled steps' loads spilled as many.) Column 3's accumulators start as null where DOT_COLS is 3, so
     * nothing holds a register for them (see run()). The small CNN's 16 -> 32 weight gradient (batch 32, 2
     * threads, one JVM alternating both builds, either order): 1.28 against 1.36 ms and 1.74 against 1.88.
     */
    @Override
    public void dotTile(int len, float[] a, int aOff, int lda, float[] b, int bOff, int[] bStart, int bs0,
                        float[] out, int outOff, int ldo) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector none = DOT_COLS == 4 ? zero : null;
        FloatVector s00 = zero, s01 = zero, s02 = zero, s03 = none;
        FloatVector s10 = zero, s11 = zero, s12 = zero, s13 = none;
        FloatVector s20 = zero, s21 = zero, s22 = zero, s23 = none;
        FloatVector s30 = zero, s31 = zero, s32 = zero, s33 = none;
        int a0 = aOff, a1 = aOff + lda, a2 = aOff + 2 * lda, a3 = aOff + 3 * lda;
        int b0 = bOff + bStart[bs0], b1 = bOff + bStart[bs0 + 1], b2 = bOff + bStart[bs0 + 2];
        int b3 = DOT_COLS == 4 ? bOff + bStart[bs0 + 3] : 0;
        for (int q = 0; q < len; q += VL) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + q);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + q);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + q);
            FloatVector y3 = DOT_COLS == 4 ? FloatVector.fromArray(S, b, b3 + q) : null;
            FloatVector x = FloatVector.fromArray(S, a, a0 + q);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            if (DOT_COLS == 4) {
                s03 = x.fma(y3, s03);
            }
            x = FloatVector.fromArray(S, a, a1 + q);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            if (DOT_COLS == 4) {
                s13 = x.fma(y3, s13);
            }
            x = FloatVector.fromArray(S, a, a2 + q);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            if (DOT_COLS == 4) {
                s23 = x.fma(y3, s23);
            }
            x = FloatVector.fromArray(S, a, a3 + q);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            if (DOT_COLS == 4) {
                s33 = x.fma(y3, s33);
            }
        }
        // Lanes summed in order through memory, not reduceLanes: see VectorApi.sumInOrder.
        float[] lanes = new float[4 * DOT_COLS * VL];
        s00.intoArray(lanes, 0);
        s01.intoArray(lanes, VL);
        s02.intoArray(lanes, 2 * VL);
        s10.intoArray(lanes, DOT_COLS * VL);
        s11.intoArray(lanes, (DOT_COLS + 1) * VL);
        s12.intoArray(lanes, (DOT_COLS + 2) * VL);
        s20.intoArray(lanes, 2 * DOT_COLS * VL);
        s21.intoArray(lanes, (2 * DOT_COLS + 1) * VL);
        s22.intoArray(lanes, (2 * DOT_COLS + 2) * VL);
        s30.intoArray(lanes, 3 * DOT_COLS * VL);
        s31.intoArray(lanes, (3 * DOT_COLS + 1) * VL);
        s32.intoArray(lanes, (3 * DOT_COLS + 2) * VL);
        if (DOT_COLS == 4) {
            s03.intoArray(lanes, 3 * VL);
            s13.intoArray(lanes, 7 * VL);
            s23.intoArray(lanes, 11 * VL);
            s33.intoArray(lanes, 15 * VL);
        }
        for (int r = 0; r < 4; r++) {
            for (int j = 0; j < DOT_COLS; j++) {
                out[outOff + r * ldo + j] = VectorApi.sumInOrder(lanes, (r * DOT_COLS + j) * VL, VL);
            }
        }
    }

    @Override
    public int lanes() {
        return VL;
    }

    /**
     * Twelve accumulators, one per pixel of the line, each a vector over output channels: per step one
     * vector of weights and twelve broadcasts of consecutive grid floats (constant displacements from one
     * index; a variant with a displacement per row, to span line ends, spilled registers and ran slower).
     */
    @Override
    public void laneTile(int kc, float[] w, int wOff, float[] grid, int gOff, int[] offsets, int oOff, float[] tile) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero;
        FloatVector c6 = zero, c7 = zero, c8 = zero, c9 = zero, c10 = zero, c11 = zero;
        for (int wi = wOff, o = oOff, wEnd = wOff + kc * VL; wi < wEnd; wi += VL, o++) {
            FloatVector wv = FloatVector.fromArray(S, w, wi);
            int i = gOff + offsets[o];
            c0 = FloatVector.broadcast(S, grid[i]).fma(wv, c0);
            c1 = FloatVector.broadcast(S, grid[i + 1]).fma(wv, c1);
            c2 = FloatVector.broadcast(S, grid[i + 2]).fma(wv, c2);
            c3 = FloatVector.broadcast(S, grid[i + 3]).fma(wv, c3);
            c4 = FloatVector.broadcast(S, grid[i + 4]).fma(wv, c4);
            c5 = FloatVector.broadcast(S, grid[i + 5]).fma(wv, c5);
            c6 = FloatVector.broadcast(S, grid[i + 6]).fma(wv, c6);
            c7 = FloatVector.broadcast(S, grid[i + 7]).fma(wv, c7);
            c8 = FloatVector.broadcast(S, grid[i + 8]).fma(wv, c8);
            c9 = FloatVector.broadcast(S, grid[i + 9]).fma(wv, c9);
            c10 = FloatVector.broadcast(S, grid[i + 10]).fma(wv, c10);
            c11 = FloatVector.broadcast(S, grid[i + 11]).fma(wv, c11);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, VL);
        c2.intoArray(tile, 2 * VL);
        c3.intoArray(tile, 3 * VL);
        c4.intoArray(tile, 4 * VL);
        c5.intoArray(tile, 5 * VL);
        c6.intoArray(tile, 6 * VL);
        c7.intoArray(tile, 7 * VL);
        c8.intoArray(tile, 8 * VL);
        c9.intoArray(tile, 9 * VL);
        c10.intoArray(tile, 10 * VL);
        c11.intoArray(tile, 11 * VL);
    }
}
