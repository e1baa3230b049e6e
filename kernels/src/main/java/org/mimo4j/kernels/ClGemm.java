package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * Device-side batched GEMM on {@link ClMatrix} views: packs B into TN-wide column panels and runs the
 * GEMM kernel of {@code matmul.cl} that {@link ClTuning} picks: register blocks on CPUs, reading A in
 * place (sgemm_rows, two launches per call), local-memory tiles on GPUs, on A packed into TM-row
 * blocks (three launches), whatever the transposes; on CPUs a product of few rows over a deep k is split along k
 * instead ({@link #splitsK}: sgemm_split, sum_splits). Convolution packs its operands straight from the
 * image and dY and calls {@link #multiplyPacked}, or, for stride 1, reads them in place from
 * zero-padded grids through {@link #multiplyShifted}.
 *
 * <p>The shifted GEMM computes whole TM-row blocks, so a convolution with fewer rows than TM (the
 * backward-data of a 3- or 1-channel input, a 6-channel layer's forward) spent most of its time on
 * zero rows: 3 of 8 rows useful cost a CIFAR layer's backward-data 2.7 times its work. With a builder
 * for narrower tiles ({@link Narrow}) such a GEMM runs a build of matmul.cl whose TM is m and whose
 * panels are wider ({@link #narrowVectors}), made on first use and kept. Each output is the same
 * ordered fma chain over k whatever the tile, so the bits do not change.
 */
final class ClGemm implements AutoCloseable {
    private final ClLauncher launcher;
    private final ClTuning tuning;
    private final cl_kernel packA;
    private final cl_kernel packB;
    private final cl_kernel gemm;
    /** sgemm_shifted, which only the register-blocked build has; null for sgemm_tiled. */
    private final cl_kernel shifted;
    /** sgemm_rows (A read in place), only in the register-blocked build; null for sgemm_tiled. */
    private final cl_kernel rows;
    /** sgemm_split and sum_splits (k split into chunks), only in the register-blocked build; null for sgemm_tiled. */
    private final cl_kernel split;
    private final cl_kernel sumSplits;
    /** sgemm_packed_brows: packed A times row-major B read in place (register-blocked rows only). */
    private final cl_kernel packedBRows;
    /** Builds matmul.cl with a narrower tile; null: every shifted GEMM uses the table's tile. */
    private final Narrow narrow;
    /** The narrow tiles built so far, by TM, and their programs (released on close). */
    private final Map<Integer, ShiftedTile> narrowTiles = new HashMap<>();
    private final Map<Integer, cl_program> narrowPrograms = new HashMap<>();

    /** Builds matmul.cl for the register-blocked GEMM with TM = tm and NV = nv (as {@link ClTuning#options()}). */
    @FunctionalInterface
    interface Narrow {
        cl_program build(int tm, int nv);
    }

    /** One build of sgemm_shifted, its TM and its panel width TN. */
    record ShiftedTile(cl_kernel gemm, int tm, int tn) {
    }

    /**
     * Builds with smaller tiles, largest first, that {@link #multiply} hands the products to which this
     * build's tile would give fewer than {@link #groupsWanted} work-groups; empty on all but the GPU table row.
     */
    private final List<ClGemm> smaller;
    private final int groupsWanted;

    ClGemm(ClLauncher launcher, ClTuning tuning, cl_program matmul) {
        this(launcher, tuning, matmul, null);
    }

    ClGemm(ClLauncher launcher, ClTuning tuning, cl_program matmul, Narrow narrow) {
        this(launcher, tuning, matmul, narrow, List.of(), 1);
    }

    /**
     * A GEMM on {@code tuning}'s tile that passes products to {@code smaller} (tiled builds, largest tile
     * first) when its own tile gives fewer than {@code groupsWanted} work-groups ({@link #forShape}).
     */
    ClGemm(ClLauncher launcher, ClTuning tuning, cl_program matmul, Narrow narrow, List<ClGemm> smaller,
           int groupsWanted) {
        this.smaller = List.copyOf(smaller);
        this.groupsWanted = groupsWanted;
        this.launcher = launcher;
        this.tuning = tuning;
        this.packA = clCreateKernel(matmul, "pack_a", null);
        this.packB = clCreateKernel(matmul, "pack_b", null);
        this.gemm = clCreateKernel(matmul, tuning.gemmKernel(), null);
        this.shifted = tuning.tiled() ? null : clCreateKernel(matmul, "sgemm_shifted", null);
        this.rows = tuning.tiled() ? null : clCreateKernel(matmul, "sgemm_rows", null);
        this.split = tuning.tiled() ? null : clCreateKernel(matmul, "sgemm_split", null);
        this.sumSplits = tuning.tiled() ? null : clCreateKernel(matmul, "sum_splits", null);
        this.packedBRows = tuning.tiled() ? null : clCreateKernel(matmul, "sgemm_packed_brows", null);
        this.narrow = narrow;
    }

    /** Row blocks of height TM needed to cover {@code m} rows. */
    int blocks(int m) {
        return (m + tuning.tm() - 1) / tuning.tm();
    }

    /** Rows of a block of C. */
    int tm() {
        return tuning.tm();
    }

    /** Columns of a panel. */
    int tn() {
        return tuning.tn();
    }

    /** Panels of width TN needed to cover {@code n} columns. */
    int panels(int n) {
        return (n + tuning.tn() - 1) / tuning.tn();
    }

    /** Floats of a packed A for {@code batch} m x k matrices. */
    long packedASize(int m, int k, int batch) {
        return (long) batch * blocks(m) * tuning.tm() * k;
    }

    /** Floats of a packed B for {@code batch} k x n matrices. */
    long packedBSize(int k, int n, int batch) {
        return (long) batch * panels(n) * tuning.tn() * k;
    }

    /**
     * {@link org.mimo4j.engine.backend.Backend#sgemm}'s contract on device buffers (offsets, leading
     * dimensions and batch strides as there, strides already 0 for batch 1): the one entry both the
     * host-array path and the resident-storage path use.
     */
    void sgemm(ClScope scope, boolean transA, boolean transB, int m, int n, int k, float alpha,
               ClBuffer a, int aOff, int lda, int strideA, ClBuffer b, int bOff, int ldb, int strideB,
               float beta, ClBuffer c, int cOff, int ldc, int strideC, int batch) {
        multiply(scope, m, n, k, alpha,
                new ClMatrix(a, aOff, transA ? 1 : lda, transA ? lda : 1, strideA),
                new ClMatrix(b, bOff, transB ? 1 : ldb, transB ? ldb : 1, strideB),
                beta, ClMatrix.rowMajor(c, cOff, ldc, strideC), batch);
    }

    /**
     * Multiply-adds from which register-blocked rows pack a transposed A (column stride not 1): sgemm_rows then
     * steps TM row pointers by the stride on every k step, and on large products that costs more than pack_a's
     * copy (PoCL, AMD EPYC Zen 3, AVX2, resident, one process alternating both forms: 1024^3 TN 64.3 in place
     * against 28.5 ms packed, 2048^3 469.5 against 138.2). A row-major A (NN, NT) is read in place at any size
     * since sgemm_rows indexes its rows by k directly (b4729c0): its time over the packed form's, medians of
     * 8-12 rounds, n = 1024 0.98 and 0.98, 1536 0.99, 2048 0.97 and 0.96 (12 of 12 rounds faster). Before
     * b4729c0 the packed form won above this bound (n = 1024 30.6 / 27.8 ms in place / packed, 2048 133.2 /
     * 125.7). Not measured on AVX-512.
     */
    static final long PACKED_A_WORK = 1L << 30;

    /**
     * C_b = alpha * A_b B_b + beta * C_b for b in [0, batch); A is m x k, B is k x n, C has unit column
     * stride. Register-blocked rows split the products {@link #splitsK} names along k (2 launches, B read in place);
     * the others read A in place (sgemm_rows: 2 launches) when it is row-major or the product is below {@link
     * #PACKED_A_WORK} multiply-adds per matrix; else, and on tiled rows, A is packed (3).
     */
    void multiply(ClScope scope, int m, int n, int k, float alpha, ClMatrix a, ClMatrix b, float beta, ClMatrix c,
                  int batch) {
        ClGemm g = forShape(m, n, batch);
        if (g != this) {
            g.multiply(scope, m, n, k, alpha, a, b, beta, c, batch);
            return;
        }
        if (splitsK(m, n, k, a, b, batch)) {
            multiplySplit(scope, m, n, k, alpha, a, b, beta, c);
            return;
        }
        if (rows != null && (a.colStride() == 1 || (long) m * n * k < PACKED_A_WORK)) {
            multiplyRows(m, n, k, alpha, a, packB(scope, k, n, b, batch), beta, c, batch);
            return;
        }
        boolean shared = a.batchStride() == 0;
        ClBuffer ap = packA(scope, m, k, a, shared ? 1 : batch);
        multiplyPacked(m, n, k, alpha, ap, shared, packB(scope, k, n, b, batch), beta, c, batch, null, 0);
    }

    /**
     * The build for {@code batch} m x n products: this one, or the first of {@link #smaller} whose tile
     * gives at least {@link #groupsWanted} work-groups (the device's compute units: a GPU with fewer groups
     * than units leaves some idle), or the smallest if none does. The output is row-major whatever the
     * tile, so only the packed entries ({@link #packA}, {@link #multiplyPacked}) are bound to one build.
     */
    ClGemm forShape(int m, int n, int batch) {
        ClGemm pick = this;
        for (ClGemm g : smaller) {
            if (pick.groups(m, n, batch) >= groupsWanted) {
                return pick;
            }
            pick = g;
        }
        return pick;
    }

    /** This build, then those {@link #forShape} may pass products to, largest tile first. */
    List<ClGemm> builds() {
        List<ClGemm> all = new ArrayList<>(List.of(this));
        all.addAll(smaller);
        return all;
    }

    /** The work-groups (tiled rows) or work-items (register-blocked) of {@code batch} m x n products. */
    long groups(int m, int n, int batch) {
        return (long) blocks(m) * panels(n) * batch;
    }

    /** op(A) packed into row blocks; a batch stride of 0 packs the single shared matrix once. */
    ClBuffer packA(ClScope scope, int m, int k, ClMatrix a, int batch) {
        ClBuffer ap = scope.buffer(packedASize(m, k, batch));
        int blocks = blocks(m);
        launcher.launch("pack_a", packA, tuning.packGlobal(blocks, tuning.tm(), tuning.packItems(k), batch),
                tuning.packLocal(tuning.tm()), a.buf(), a.off(), a.rowStride(), a.colStride(), a.batchStride(), m, k,
                blocks, ap);
        return ap;
    }

    /** op(B) packed into column panels. */
    ClBuffer packB(ClScope scope, int k, int n, ClMatrix b, int batch) {
        ClBuffer bp = scope.buffer(packedBSize(k, n, batch));
        int panels = panels(n);
        long[] global = tuning.packGlobal(tuning.packPanelItems(panels), tuning.tn(), tuning.packItems(k), batch);
        launcher.launch("pack_b", packB, global, tuning.packLocal(tuning.tn()), b.buf(), b.off(), b.rowStride(),
                b.colStride(), b.batchStride(), k, n, panels, bp);
        return bp;
    }

    /**
     * The GEMM proper on packed operands ({@code sharedA}: one A for the whole batch); {@code rowBias}
     * (m floats from {@code biasOff}) or null is added to every row, which saves conv2d a bias launch.
     */
    void multiplyPacked(int m, int n, int k, float alpha, ClBuffer ap, boolean sharedA, ClBuffer bp, float beta,
                        ClMatrix c, int batch, ClBuffer rowBias, int biasOff) {
        if (c.colStride() != 1) {
            throw new IllegalArgumentException("GEMM output must have unit column stride, got " + c.colStride());
        }
        int panels = panels(n), blocks = blocks(m);
        int[] l = tuning.gemmLocal();
        // sgemm_packed: one work-item per (panel, block); sgemm_tiled: one work-group per (panel, block)
        int gx = tuning.tiled() ? l[0] : 1, gy = tuning.tiled() ? l[1] : 1;
        long[] global = {(long) panels * gx, (long) blocks * gy, batch};
        launcher.launch(tuning.gemmKernel(), gemm, global, new long[] {l[0], l[1], 1},
                m, n, k, blocks, sharedA ? 0 : blocks, panels, ap, bp,
                c.buf(), c.off(), c.rowStride(), c.batchStride(), alpha, beta,
                rowBias == null ? bp : rowBias, biasOff, rowBias == null ? 0 : 1);
    }

    /**
     * C_b = A_b B_b for A_b packed (m x k, {@link #packA}'s layout, one per batch entry) and B row-major (k x n):
     * on register-blocked rows with n a multiple of TN, B read in place (sgemm_packed_brows, 1 launch), else
     * packed first (2).
     */
    void multiplyPackedByRowMajor(ClScope scope, int m, int n, int k, ClBuffer ap, ClMatrix b, ClMatrix c, int batch) {
        if (packedBRows == null || b.colStride() != 1 || n % tuning.tn() != 0 || c.colStride() != 1) {
            multiplyPacked(m, n, k, 1f, ap, false, packB(scope, k, n, b, batch), 0f, c, batch, null, 0);
            return;
        }
        int panels = panels(n), blocks = blocks(m);
        launcher.launch("sgemm_packed_brows", packedBRows, new long[] {panels, blocks, batch}, tuning.rowsLocal(panels),
                m, n, k, blocks, panels, ap, b.buf(), b.off(), b.rowStride(), b.batchStride(), c.buf(), c.off(),
                c.rowStride(), c.batchStride(), 1f, 0f);
    }

    /** sgemm_rows: the register-blocked GEMM reading A in place (no pack_a), on B packed by the caller. */
    private void multiplyRows(int m, int n, int k, float alpha, ClMatrix a, ClBuffer bp, float beta, ClMatrix c,
                              int batch) {
        int panels = panels(n), blocks = blocks(m);
        launcher.launch("sgemm_rows", rows, new long[] {panels, blocks, batch}, tuning.rowsLocal(panels),
                m, n, k, blocks, panels, a.buf(), a.off(), a.rowStride(), a.colStride(), a.batchStride(), bp,
                c.buf(), c.off(), c.rowStride(), c.batchStride(), alpha, beta, bp, 0, 0);
    }

    /** Steps of k per work-item of sgemm_split. */
    static final int SPLIT_K = 512;
    /** The shallowest k {@link #splitsK} splits. */
    static final int SPLIT_MIN_K = 4096;
    /** At most this many blocks of rows and panels of columns for {@link #splitsK}. */
    static final int SPLIT_MAX_BLOCKS = 12;
    static final int SPLIT_MAX_PANELS = 8;

    /**
     * Whether a product runs split along k (sgemm_split, then sum_splits): register-blocked rows, one matrix, A and
     * B row-major, n a multiple of TN (whole panels of B read in place), at most {@link #SPLIT_MAX_BLOCKS} blocks of
     * rows and {@link #SPLIT_MAX_PANELS} panels over a k of at least {@link #SPLIT_MIN_K}: too few blocks of C to
     * keep the device busy and a deep B that sgemm_rows would stream once per block of rows.
     */
    boolean splitsK(int m, int n, int k, ClMatrix a, ClMatrix b, int batch) {
        return split != null && batch == 1 && a.colStride() == 1 && b.colStride() == 1 && n % tuning.tn() == 0
                && k >= SPLIT_MIN_K && blocks(m) <= SPLIT_MAX_BLOCKS && panels(n) <= SPLIT_MAX_PANELS;
    }

    /** C = alpha A B + beta C split along k: each chunk's sums into a partial product, then the chunks in order. */
    private void multiplySplit(ClScope scope, int m, int n, int k, float alpha, ClMatrix a, ClMatrix b, float beta,
                               ClMatrix c) {
        int chunks = (k + SPLIT_K - 1) / SPLIT_K;
        ClBuffer part = scope.buffer((long) chunks * m * n);
        launcher.launch1d("sgemm_split", split, chunks, 1, m, n, k, SPLIT_K, blocks(m), panels(n), a.buf(), a.off(),
                a.rowStride(), b.buf(), b.off(), b.rowStride(), part);
        launcher.launch1d("sum_splits", sumSplits, m, 1, m, n, chunks, part, c.buf(), c.off(), c.rowStride(), alpha,
                beta);
    }

    /** Whether {@link #multiplyShifted} is available: only with the register-blocked GEMM. */
    boolean shifts() {
        return shifted != null;
    }

    /**
     * The tile for a shifted GEMM of {@code m} rows: the table's, or, when narrow builds are on, one whose TM
     * is m where m is below the table's TM, and {@link #deepTileRows} where it is not (built on first use).
     */
    synchronized ShiftedTile shiftedTile(int m) {
        int rows = m < tuning.tm() ? m : deepTileRows();
        if (narrow == null || rows == tuning.tm()) {
            return new ShiftedTile(shifted, tuning.tm(), tuning.tn());
        }
        return narrowTiles.computeIfAbsent(rows, tm -> {
            cl_program p = narrow.build(tm, narrowVectors(tm));
            narrowPrograms.put(tm, p);
            return new ShiftedTile(clCreateKernel(p, "sgemm_shifted", null), tm, 16 * narrowVectors(tm));
        });
    }

    /**
     * Rows of the shifted GEMM's tile for convolutions of at least the table's TM channels: 4 (with 4 vectors,
     * 4 x 64) where the table's tile is AVX-512's 8 x 32, else the table's. The convolutions' GEMMs are short
     * (k = cin x kh x kw taps, 27-288 in the benchmark layers) and each of their tiles reads its own copy of the
     * grid's windows; PoCL on a 2-core EPYC with AVX-512, one JVM alternating backends built with 8 x 32 and
     * 4 x 64 (10 rounds, medians of 40 calls): the small CNN's backward-data (16 rows) 0.89x, 0.92x and 0.93x
     * the time, CIFAR's 3 -> 64 forward 0.89x, faster in 8 of 8 rounds each. Square SGEMM stays on 8 x 32:
     * 4 x 64 took 1.2x its time at n = 1024 and 2048.
     */
    private int deepTileRows() {
        return tuning.tm() == 8 && tuning.nv() == 2 ? 4 : tuning.tm();
    }

    /**
     * Float16 vectors per panel row of a TM = tm tile: as many as keep tm*nv accumulators within the
     * row's own block (8 x 2: 16, so a 3-row tile is 3 x 64; 6 x 1: 6, a 3-row tile is 3 x 32), at most 4.
     */
    int narrowVectors(int tm) {
        return Math.max(1, Math.min(4, tuning.tm() * tuning.nv() / tm));
    }

    /**
     * C_b = A x (the column matrix of grid b) + rowBias, for a stride-1 convolution on zero-padded grids
     * (matmul.cl's sgemm_shifted says how): A (m x k, one for the whole batch) is read in place,
     * {@code grid} holds {@code batch} grids of {@code g}'s geometry (made for the tile's TN), and C_b's
     * rows (ldc apart, C_b at c's offset + b * batch stride) get the compacted output positions.
     */
    void multiplyShifted(ShiftedTile tile, int m, int k, ClMatrix a, ClBuffer grid, ClGrid g, ClMatrix c,
                         int batch, ClBuffer rowBias, int biasOff) {
        int panels = (g.positions() + tile.tn() - 1) / tile.tn(), blocks = (m + tile.tm() - 1) / tile.tm();
        int[] l = tuning.gemmLocal();
        launcher.launch("sgemm_shifted", tile.gemm(), new long[] {panels, blocks, batch}, new long[] {l[0], l[1], 1},
                m, k, blocks, panels, a.buf(), a.off(), a.rowStride(), a.colStride(), grid, g.stride(), g.kh(), g.kw(),
                g.gh(), g.gw(), g.ph(), g.h(), g.positions(), g.ow(), c.buf(), c.off(), c.rowStride(), c.batchStride(),
                rowBias == null ? grid : rowBias, biasOff, rowBias == null ? 0 : 1);
    }

    @Override
    public void close() {
        for (ShiftedTile t : narrowTiles.values()) {
            clReleaseKernel(t.gemm());
        }
        narrowPrograms.values().forEach(p -> clReleaseProgram(p));
        if (shifted != null) {
            clReleaseKernel(shifted);
            clReleaseKernel(rows);
            clReleaseKernel(split);
            clReleaseKernel(sumSplits);
            clReleaseKernel(packedBRows);
        }
        clReleaseKernel(packA);
        clReleaseKernel(packB);
        clReleaseKernel(gemm);
    }
}
