package org.mimo4j.engine.backend;

/**
 * Cache-blocked, multi-threaded SGEMM in the style of GotoBLAS/BLIS: op(B) is packed once into column panels,
 * row-major B row by row (or, when C has a single block of rows, each panel right before its only use, and a full
 * panel of row-major B not at all: the microkernel reads its rows in place), each task packs a block of rows of
 * alpha * op(A) (or, for the column chunks of a single block of rows, shares one packing of all of it) and sweeps
 * the {@link Microkernel} over its tile of C. A single block of rows over a narrow, deep B sums its blocks of k
 * apart instead, in parallel, and adds the sums onto C in order ({@code BlockSums}).
 *
 * <p>Determinism: k's blocking depends only on the sizes, each block's sum is taken in registers, and the sums
 * are added onto C block after block (where tasks take blocks of k apart, their sums are added in the same order
 * afterwards), so each element of C sees the same operations in the same order for any thread count — results are
 * bitwise identical for 1 or N threads (the blocks of rows follow the thread count, but they only decide
 * which rows are packed together). Arguments are assumed checked by {@link CpuBackend}.
 */
final class SgemmCpu {
    /**
     * Depth of one packed block, the k steps one microkernel call sums in registers before adding onto C. A
     * {@code KC x nr} panel of B (128 KiB at nr = 32, 64 KiB at nr = 16) streams from L2; the MC x KC block of A
     * (384 KiB) stays in L2. It was 256 (a panel in L1) until session 26; 1024 takes the time of square SGEMM to
     * 0.85x at n = 2048, 0.89x at 1024, 0.95x at 512 and AV-Digits' deep forward (64 x 128 x 12544) to 0.94x
     * (AMD EPYC Zen 5, AVX-512, 2 threads, one JVM alternating both builds, medians of 8 rounds); with AVX2
     * code (-XX:UseAVX=2, the 6 x 16 tile) 0.95x at n = 2048 and 0.96x at 1024. 2048 measured level with 1024
     * at n = 2048 (0.99x) and 512 slower at 1024 (1.07x): fewer passes over C and fewer calls per product. Each
     * block's sum is added onto C, so KC sets which roundings a sum takes: changing it changes bits, the same for
     * every thread count and route.
     */
    static final int KC = 1024;
    /**
     * Floats of packed A that let a product over a shallow k run as a single block of rows: 96 x 256, the
     * L2-sized block of the 256-deep blocking this rule was measured with (see {@link #blockRows}).
     */
    private static final int ONE_BLOCK_FLOATS = 96 * 256;
    /** Below this many multiply-adds a matrix is done on the calling thread: forking costs more. */
    private static final long PARALLEL_WORK = 1L << 18;

    private final Microkernel kernel;
    private final WorkerPool pool;
    /** Per thread and shared by all backends: a thread packs for one product at a time. */
    private static final Scratch PACKED_B = new Scratch();
    private static final Scratch PACKED_A = new Scratch();
    /**
     * One panel of B packed just before use, when C has a single block of rows; or a column chunk's panels over one
     * block of k ({@code BlockSums}).
     */
    private static final Scratch PANEL_B = new Scratch();
    /** Per calling thread: each k block's sums, when the k blocks of a single block of rows run apart. */
    private static final Scratch BLOCK_SUMS = new Scratch();
    /** All of op(A), packed once for several column chunks of a single block of rows. */
    private static final Scratch SHARED_A = new Scratch();
    private final int mr;
    private final int nr;
    /**
     * Rows of A per task block of a deep product (96): 48, 128, 192, 256 and 384 measured level at KC = 1024
     * (n = 1024, 2048; 0.93-1.07x with either build first in one JVM).
     */
    private final int mc;
    /**
     * Floats of packed A a block of rows may hold over a k shallower than KC, on 512-bit tiles (nr >= 32): mc x KC,
     * the L2-sized block of a deep product; 0 (blocks of mc rows) on narrower ones. See {@link #blockRows}.
     */
    private final long shallowBlockFloats;
    /**
     * Panels of row-major B that one packing task copies, row by row ({@link Packing#packRowsOfB}): a run of
     * 8 x nr floats of each row. Walking B panel by panel (one short piece of every row, ldb apart, as packing
     * went before ff265be) took 2.7-5.0 ns a float against 0.7-0.8 for AV-Digits' 12544 x 128 weight,
     * 4.5-5.0 against 2.2-2.6 for a 1024 x 1024 B (single thread, from memory after a 32 MB sweep). Inside
     * square SGEMM (2 threads, separate JVMs) the packing of B took 0.39-0.46 against 0.66-0.77 ms at n = 512,
     * 1.57-1.63 against 3.31-3.53 at 1024 and 6.6-11.6 against 12.4-14.8 at 2048; the same bits.
     */
    private static final int PANEL_GROUP = 8;
    /** At most this many panels of B, and at least {@link #DEEP_B} deep: see sumsBlocksApart. */
    private static final int NARROW_B_PANELS = 8;
    private static final int DEEP_B = 4096;

    SgemmCpu(Microkernel kernel, WorkerPool pool) {
        this.kernel = kernel;
        this.pool = pool;
        this.mr = kernel.mr();
        this.nr = kernel.nr();
        this.mc = mr * Math.max(1, 96 / mr);
        this.shallowBlockFloats = nr >= 32 ? (long) mc * KC : 0;
    }

    String describe() {
        return kernel.describe();
    }

    /** The register-tile kernel, for products that feed it their own operands ({@link PaddedGridConv}). */
    Microkernel kernel() {
        return kernel;
    }

    /** Rows of the microkernel's tile of C. */
    int mr() {
        return mr;
    }

    /** Columns of the microkernel's tile of C. */
    int nr() {
        return nr;
    }

    /**
     * Rows of A per task block: MC, or all m rows when their packed block (m x min(k, KC) floats) is no larger
     * than {@link #ONE_BLOCK_FLOATS}, as over a shallow k. One block of rows reads row-major B in place and packs
     * transposed B panel by panel right before use, instead of packing all of B up front: a linear layer's
     * weight gradient over a wide input, 128 x 12544 x 64 (C = gy^T x), took 4.8-5.7 against 6.5-8.0 ms as
     * two blocks of 96 and 32 rows (2 threads, a 32 MB sweep between calls, one JVM alternating, the same
     * bits).
     *
     * <p>Taller products over a shallow k take, on 512-bit tiles, as many rows as fill MC x KC floats of packed A (the
     * deep product's L2-sized block), at most a quarter of m: each block packs longer runs of A and B's panels are
     * swept fewer times. AVX-512, 2 threads, one JVM alternating (SgemmAb, both orders), against blocks of 96:
     * AV-Digits' weight gradient 12544 x 128 x 64 (A transposed, a 32 MiB sweep between calls) 0.69-0.94x in seven runs
     * (median 0.78x), 2048 x 2048 x 256 0.93-0.94x, 1024 x 1024 x 300 0.92-0.97x, 512 x 512 x 512 0.96-0.99x; a half of
     * m instead of a quarter took 300 x 300 x 300 to 1.06-1.09x. With AVX2 code's 6 x 16 tile (-XX:UseAVX=2) the weight
     * gradient ran 1.12-1.17x (its blocks of 96 keep their packed A, 24 KiB, in L1, which that tile reads twice as
     * often per multiply-add; a Zen 3 measured the same before): narrower tiles keep MC rows.
     */
    int blockRows(int m, int k) {
        long depth = Math.max(1, Math.min(k, KC));
        if (m > mc && m * depth <= ONE_BLOCK_FLOATS) {
            return m;
        }
        long fill = shallowBlockFloats / depth / mr * mr, quarter = ((m + 3) / 4 + mr - 1) / mr * mr;
        return (int) Math.max(mc, Math.min(fill, quarter));
    }

    /**
     * {@link #blockRows} evened out over {@code threads}: where C has several blocks of rows, as many blocks
     * as the next multiple of the thread count, of equal rows rounded up to the tile's. The threads claim one
     * block at a time, so a short last block left one thread idle for most of a block: n = 512 on 2 threads ran
     * as 5 blocks of 96 rows and one of 32, 3 blocks' time on one thread against 2 1/3 on the other; as blocks
     * of 88 it took 0.89-0.94x the time (AVX-512, one JVM alternating both builds, medians of 10-12 rounds; with
     * AVX2 code's 6 x 16 tile 0.93x), n = 768-2048 level (0.99-1.02x). Which rows share a block decides only
     * which rows are packed together, never the order of a sum, so the bits are the same for any thread count.
     */
    int blockRows(int m, int k, int threads) {
        int rows = blockRows(m, k), blocks = (m + rows - 1) / rows;
        if (threads == 1 || blocks == 1) {
            return rows;
        }
        int even = (blocks + threads - 1) / threads * threads;
        return ((m + even - 1) / even + mr - 1) / mr * mr;
    }

    /** The {@link Backend#sgemm} contract, on checked arguments. */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOff, int lda, long strideA, float[] b, int bOff, int ldb, long strideB,
               float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        long work = (long) m * n * Math.max(k, 1);
        boolean overBatch = batch > 1 && (batch >= pool.threads() || work < PARALLEL_WORK);
        if (overBatch) {
            pool.forEach(batch, bi -> new Job(transA, transB, m, n, k, alpha, a, aOff + bi * strideA, lda,
                    b, bOff + bi * strideB, ldb, beta, c, cOff + bi * strideC, ldc, false).run());
        } else {
            for (int bi = 0; bi < batch; bi++) {
                new Job(transA, transB, m, n, k, alpha, a, aOff + bi * strideA, lda, b, bOff + bi * strideB, ldb,
                        beta, c, cOff + bi * strideC, ldc, work >= PARALLEL_WORK).run();
            }
        }
    }

    /** One matrix product C = alpha op(A) op(B) + beta C. */
    private final class Job {
        private final boolean transA, transB, parallel;
        private final int m, n, k, lda, ldb, ldc, panels, blockRows;
        private final float alpha, beta;
        private final float[] a, b, c;
        private final long aOff, bOff, cOff;
        private float[] packedB;
        /** op(A) packed whole, k block after k block (set when chunks share one block of rows), else null. */
        private float[] sharedA;
        /** {0, ldb, 2 ldb, ...}: where rows of B start, for {@link #sweepInPlace}; set before the tiles run. */
        private int[] rowStarts;

        Job(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, long aOff, int lda,
            float[] b, long bOff, int ldb, float beta, float[] c, long cOff, int ldc, boolean parallel) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
            this.parallel = parallel;
            this.panels = (n + nr - 1) / nr;
            this.blockRows = blockRows(m, k, parallel ? pool.threadsHere() : 1);
        }

        void run() {
            boolean product = k > 0 && alpha != 0;
            int rowBlocks = (m + blockRows - 1) / blockRows;
            if (product && rowBlocks == 1 && sumsBlocksApart()) {
                new BlockSums().run();
                return;
            }
            // With one block of rows every panel of B is used once: tile() packs each right before its use,
            // while it is still in cache, instead of all of op(B) up front (megabytes for a convolution's columns),
            // and reads row-major B in place.
            if (product && rowBlocks > 1) {
                packAllOfB();
            } else if (product && !transB) {
                rowStarts = new int[Math.min(KC, k)];
                for (int p = 0; p < rowStarts.length; p++) {
                    rowStarts[p] = p * ldb;
                }
            }
            // Enough column chunks to keep every thread busy when C has few row blocks: the chunks of a
            // single block of rows share one packing of A (packWholeA); with several row blocks each chunk
            // packs its rows again. Alone on its thread (serial, or nested in a parallel region as
            // attention's per-head products are) a job takes one chunk.
            int threads = parallel ? pool.threadsHere() : 1;
            int chunks = threads == 1 ? 1 : Math.min(panels, Math.max(1, (2 * threads + rowBlocks - 1) / rowBlocks));
            int perChunk = (panels + chunks - 1) / chunks;
            int used = (panels + perChunk - 1) / perChunk;
            if (product && rowBlocks == 1 && used > 1) {
                packWholeA();
            }
            forEach(rowBlocks * used, t -> tile(t / used, t % used, perChunk, product));
        }

        /**
         * Packs all of op(A) once, k blocks in parallel, for the column chunks of a single block of rows to
         * share: each would otherwise pack it again. A linear layer's weight gradient over a wide input
         * (64 x 64 x 12544 for AV-Digits' MLP) packed its A four times, as long as its products took.
         * The same packed values, so the same bits.
         */
        private void packWholeA() {
            int padded = (m + mr - 1) / mr * mr;
            sharedA = SHARED_A.get(padded * k);
            forEach((k + KC - 1) / KC, kb -> Packing.packA(transA, a, aOff, lda, 0, m, kb * KC,
                    Math.min(KC, k - kb * KC), alpha, mr, sharedA, padded * kb * KC));
        }

        private void forEach(int tasks, java.util.function.IntConsumer body) {
            if (parallel) {
                pool.forEach(tasks, body);
            } else {
                for (int t = 0; t < tasks; t++) {
                    body.accept(t);
                }
            }
        }

        /**
         * Whether a single block of rows sums its k blocks apart ({@link BlockSums}): B at most {@link
         * #NARROW_B_PANELS} panels wide (the blocks' sums, m x n floats each, stay small) and at least {@link
         * #DEEP_B} deep. Before this route such a product packed row-major B up front, since reading it in place
         * (each panel of a k block as short pieces of 256 rows, ldb apart) ran slower from memory (AMD EPYC Zen 3,
         * AVX2, 2 threads, a 32 MB sweep between calls, packed / in place: AV-Digits' forward 64 x 128 x 12544
         * 0.68-0.84, 64 x 128 x 4096 0.81-0.84, 64 x 96 x 8192 0.74; but 64 x 128 x 2048 1.07, 64 x 256 x 8192
         * 1.11, 64 x 1024 x 4096 1.11: hence both bounds). Summing the blocks apart, against that (AMD EPYC Zen 5,
         * AVX-512, 2 threads, SgemmAb, one JVM alternating both builds): 64 x 128 x 12544 0.53x the time warm and
         * 0.63x after a 32 MB sweep, 64 x 256 x 8192 0.65x, 32 x 64 x 8192 0.68x, 16 x 128 x 12544 0.41x, B
         * transposed 0.79x; with AVX2 code (-XX:UseAVX=2) 0.70-0.91x. Shallower, it lost: 64 x 128 x 2048 took
         * 1.34x with AVX2 code (two tasks per k block packing A twice where column chunks share one packing). The
         * same bits. Reading B in place inside a task instead of packing its rows: 0.75-0.91x warm, 1.04x after
         * a sweep; packing kept.
         */
        private boolean sumsBlocksApart() {
            return k >= DEEP_B && panels <= NARROW_B_PANELS;
        }

        /**
         * A single block of rows over several k blocks with the blocks, not the columns, spread over the threads:
         * each task packs one k block of A and of its columns of B, sums their product apart, and the blocks' sums
         * are then added onto C one after another, in the order and with the roundings the other routes add them
         * (beta C first, unless beta = 0, where the first block's sum is C). So each operand is read from memory
         * once, where column chunks read all of packed A once per chunk: AV-Digits' forward, 64 x 128 x 12544
         * (x times a weight of 6.4 MB), read A four times and packed all of B up front, about 38 MB a call.
         */
        private final class BlockSums {
            private final int blocks = (k + KC - 1) / KC, size = m * n;
            private final int chunks = chunks(), perChunk = (panels + chunks - 1) / chunks;
            private final int used = (panels + perChunk - 1) / perChunk;
            private final float[] sums = BLOCK_SUMS.get(blocks * size);

            /** Column chunks per k block: enough for two tasks per thread where the blocks alone are fewer. */
            private int chunks() {
                int threads = parallel ? pool.threadsHere() : 1;
                return Math.min(panels, Math.max(1, (2 * threads + blocks - 1) / blocks));
            }

            void run() {
                forEach(blocks * used, t -> sumBlock(t / used, t % used));
                forEach((m + mr - 1) / mr, t -> addBlocks(t * mr, Math.min(m, t * mr + mr)));
            }

            /** sums[kb] := k block kb of op(A) op(B) (alpha taken with A), on the columns of one chunk. */
            private void sumBlock(int kb, int chunk) {
                int p0 = kb * KC, kc = Math.min(KC, k - p0), padded = (m + mr - 1) / mr * mr;
                int jp0 = chunk * perChunk, jp1 = Math.min(panels, jp0 + perChunk);
                float[] packedA = PACKED_A.get(padded * kc), packedB = PANEL_B.get((jp1 - jp0) * kc * nr);
                Packing.packA(transA, a, aOff, lda, 0, m, p0, kc, alpha, mr, packedA, 0);
                if (transB) {
                    for (int jp = jp0; jp < jp1; jp++) {
                        Packing.packB(true, b, bOff, ldb, n, jp, p0, kc, nr, packedB, (jp - jp0) * kc * nr);
                    }
                } else {
                    Packing.packRowsOfB(b, bOff, ldb, n, jp0, jp1, p0, kc, nr, packedB, -jp0 * kc * nr);
                }
                for (int jp = jp0; jp < jp1; jp++) {
                    for (int ip = 0; ip < m; ip += mr) {
                        kernel.run(kc, packedA, ip * kc, packedB, (jp - jp0) * kc * nr, sums,
                                kb * size + ip * n + jp * nr, n, Math.min(mr, m - ip), Math.min(nr, n - jp * nr), true);
                    }
                }
            }

            /** Rows [i0, i1) of C := beta C + sums[0] + sums[1] + ..., in that order (beta = 0: sums[0] + ...). */
            private void addBlocks(int i0, int i1) {
                for (int i = i0; i < i1; i++) {
                    int row = (int) (cOff + (long) i * ldc);
                    for (int j = 0; j < n; j++) {
                        float sum = beta == 0 ? sums[i * n + j] : (beta == 1 ? c[row + j] : beta * c[row + j])
                                + sums[i * n + j];
                        for (int kb = 1; kb < blocks; kb++) {
                            sum += sums[kb * size + i * n + j];
                        }
                        c[row + j] = sum;
                    }
                }
            }
        }

        /**
         * Packs all of op(B) into {@link #packedB} in blocks of KC steps of k: block p0's panel jp at
         * {@code p0 * panels * nr + jp * kc * nr}.
         */
        private void packAllOfB() {
            packedB = PACKED_B.get(panels * nr * k);
            if (transB) {
                forEach(panels, this::packPanel);
            } else {
                int groups = (panels + PANEL_GROUP - 1) / PANEL_GROUP;
                forEach((k + KC - 1) / KC * groups, t -> packRows(t / groups, t % groups));
            }
        }

        /** Panel group g of k block kb of row-major B, row by row ({@link Packing#packRowsOfB}). */
        private void packRows(int kb, int g) {
            int p0 = kb * KC, kc = Math.min(KC, k - p0), jp0 = g * PANEL_GROUP;
            Packing.packRowsOfB(b, bOff, ldb, n, jp0, Math.min(panels, jp0 + PANEL_GROUP), p0, kc, nr, packedB,
                    p0 * panels * nr);
        }

        /** Panel jp of transposed B, block after block of KC steps of k ({@link Packing#packB}). */
        private void packPanel(int jp) {
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                Packing.packB(transB, b, bOff, ldb, n, jp, p0, kc, nr, packedB, p0 * panels * nr + jp * kc * nr);
            }
        }

        private void tile(int rowBlock, int chunk, int perChunk, boolean product) {
            int i0 = rowBlock * blockRows, rows = Math.min(blockRows, m - i0);
            int jp0 = chunk * perChunk, jp1 = Math.min(panels, jp0 + perChunk);
            int j0 = jp0 * nr, j1 = Math.min(n, jp1 * nr);
            // With beta = 0 the first k block stores its sums over C instead of adding them onto a zero-filled
            // C: one pass over C fewer (in-place B's sweep adds, so it keeps the fill).
            boolean store = product && beta == 0 && rowStarts == null;
            if (!store) {
                scale(i0, rows, j0, j1);
            }
            if (!product) {
                return;
            }
            int padded = ((rows + mr - 1) / mr) * mr;
            float[] packedA = sharedA != null ? sharedA : PACKED_A.get(padded * Math.min(KC, k));
            float[] panel = packedB == null ? PANEL_B.get(nr * Math.min(KC, k)) : packedB;
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0), aBase = sharedA != null ? padded * p0 : 0;
                if (sharedA == null) {
                    Packing.packA(transA, a, aOff, lda, i0, rows, p0, kc, alpha, mr, packedA, 0);
                }
                for (int jp = jp0; jp < jp1; jp++) {
                    int cols = Math.min(nr, n - jp * nr);
                    if (rowStarts != null && cols == nr) { // one block of rows, row-major B
                        sweepInPlace(packedA, aBase, rows, i0, jp, p0, kc);
                        continue;
                    }
                    int bp = 0;
                    if (packedB == null) {
                        Packing.packB(transB, b, bOff, ldb, n, jp, p0, kc, nr, panel, 0);
                    } else {
                        bp = p0 * panels * nr + jp * kc * nr;
                    }
                    for (int ip = 0; ip < rows; ip += mr) {
                        kernel.run(kc, packedA, aBase + ip * kc, panel, bp, c,
                                (int) (cOff + (long) (i0 + ip) * ldc + jp * nr), ldc, Math.min(mr, rows - ip), cols,
                                store && p0 == 0);
                    }
                }
            }
        }

        /**
         * The microkernel down one full column panel with B read where it lies: rows of row-major B are nr
         * floats apart by ldb, and a panel used once is cheaper read in place than copied (attention's
         * 64 x 64 x 64 products spent as long packing as multiplying). The same products in the same order
         * as from a packed panel, so the same bits.
         */
        private void sweepInPlace(float[] packedA, int aBase, int rows, int i0, int jp, int p0, int kc) {
            int bAt = (int) (bOff + (long) p0 * ldb + jp * nr);
            for (int ip = 0; ip < rows; ip += mr) {
                kernel.runShifted(kc, packedA, aBase + ip * kc, b, bAt, rowStarts, 0, c,
                        (int) (cOff + (long) (i0 + ip) * ldc + jp * nr), ldc, Math.min(mr, rows - ip), nr);
            }
        }

        /** C := beta * C on this tile; beta == 0 overwrites, so stale NaNs in C do not survive. */
        private void scale(int i0, int rows, int j0, int j1) {
            if (beta == 1) {
                return;
            }
            for (int i = i0; i < i0 + rows; i++) {
                int row = (int) (cOff + (long) i * ldc);
                if (beta == 0) {
                    java.util.Arrays.fill(c, row + j0, row + j1, 0f);
                    continue;
                }
                for (int j = row + j0; j < row + j1; j++) {
                    c[j] = beta * c[j];
                }
            }
        }
    }
}
