package org.mimo4j.kernels;

import java.util.List;

/**
 * Tile parameters per device kind: the small tuning table the kernels are built with.
 *
 * <p>This table is the fallback: {@link ClBackend#create()} takes its row from {@link ClTuningChoice},
 * which prefers the forcing properties {@value #GEMM_PROPERTY} / {@value #TILE_PROPERTY}, then a
 * measured choice of the one-time autotune ({@link ClAutotune}, {@code mimo4j tune}) cached on disk
 * for this device ({@link ClTuneCache}), as {@value ClTuningChoice#MODE_PROPERTY} allows.
 * {@link #forKind} is the property-or-table part.
 *
 * <p>CPU devices (PoCL) want big register blocks and single-item work-groups, and every distinct local
 * size costs PoCL a fresh 0.2-0.3 s work-group compile, so local sizes are fixed per kernel, never left
 * to the driver. The block follows the vector registers ({@link #cpuTile}): where they hold 16 floats
 * (AVX-512) a work-item computing 8 x 32 of C with float16 fma reached ~200 GFLOP/s at n=1024-2048;
 * where they hold 8 (AVX2) that block's 32 accumulator registers spill, and 6 x 16 is the one that fits.
 * GPUs want work-groups that share operands through local memory: their row runs {@code sgemm_tiled},
 * where a group of 16 x 16 work-items computes a 128 x 128 tile of C in 8 x 8 register blocks from
 * 16-deep slices (see matmul.cl for the desk check), with smaller tiles for products that would leave
 * compute units idle ({@link #tileLadder}); the register-blocked {@code sgemm_packed} in groups
 * of 4 x 16 items of 4 x 16 blocks reached only 0.4-3.6 TFLOP/s on an H100 (n = 512-4096, host copies
 * included).
 *
 * @param tm        rows of a packed A block: rows of C per work-item of {@code sgemm_packed}, per
 *                  work-group of {@code sgemm_tiled}
 * @param nv        float16 vectors per packed B panel row (panels are 16*nv wide): columns of C per
 *                  work-item of {@code sgemm_packed}, per work-group of {@code sgemm_tiled}
 * @param gemmLocal GEMM work-group size along (panels, row blocks); for {@code sgemm_tiled} it also
 *                  fixes the register tile, tm/gemmLocal[1] x tn/gemmLocal[0]
 * @param local1d   work-group size of the one-dimensional helper kernels
 * @param packRows  work-items per work-group of the packing kernels (each item copies one panel or
 *                  block row); PoCL pays about a microsecond per work-group, and packing one element
 *                  per item in groups of 32 spent more time scheduling than copying (37 ms to pack a
 *                  32768 x 27 column matrix)
 * @param packBudget floats of packed operands one convolution launch may use; larger batches are
 *                  processed in chunks of images, so device memory stays bounded whatever the batch
 * @param tileK     depth of the local-memory slices of {@code sgemm_tiled}; 0 selects {@code sgemm_packed}
 */
public record ClTuning(int tm, int nv, int[] gemmLocal, int local1d, int packRows, long packBudget, int tileK) {
    /** System property overriding the GEMM tile as {@code TMxNV}, e.g. {@code 4x1}, for tuning runs. */
    public static final String TILE_PROPERTY = "mimo4j.opencl.tile";
    /**
     * System property forcing the GEMM kernel: {@code packed}, {@code packed:TMxNV}, {@code tiled} (the
     * GPU row's tile) or {@code tiled:BMxBNxBK:RMxRN}, e.g. {@code tiled:64x64x16:8x8}, for tests and
     * tuning runs. {@link #spec()} writes a row in this form; the autotune cache stores it so.
     */
    public static final String GEMM_PROPERTY = "mimo4j.opencl.gemm";
    private static final String TILED_FORM = "tiled:BMxBNxBK:RMxRN";
    private static final String PACKED_FORM = "packed:TMxNV";

    /** A row for the register-blocked {@code sgemm_packed}. */
    public ClTuning(int tm, int nv, int[] gemmLocal, int local1d, int packRows, long packBudget) {
        this(tm, nv, gemmLocal, local1d, packRows, packBudget, 0);
    }

    /** The table row for {@code runtime}'s device: {@link #forKind} of its kind and vector width. */
    public static ClTuning forDevice(ClRuntime runtime) {
        return forKind(runtime.kind(), runtime.floatLanes());
    }

    /**
     * The table row for a device of {@code kind} whose vector registers hold {@code floatLanes} floats;
     * {@value #GEMM_PROPERTY} forces the kernel, and {@value #TILE_PROPERTY} sets the tile of
     * {@code sgemm_packed} (it implies {@code packed}).
     */
    public static ClTuning forKind(ClRuntime.DeviceKind kind, int floatLanes) {
        String gemm = System.getProperty(GEMM_PROPERTY);
        ClTuning row = gemm == null ? table(kind, floatLanes) : withGemm(kind, gemm);
        String tile = System.getProperty(TILE_PROPERTY);
        return tile == null ? row : (row.tiled() ? packed(kind) : row).withTile(tile);
    }

    /**
     * The forcing properties as {@code -Dname=value} when one is set (then {@link #forKind} ignores the
     * table and the autotune cache), else null.
     */
    public static String forcedBy() {
        String forced = null;
        for (String p : new String[] {GEMM_PROPERTY, TILE_PROPERTY}) {
            String v = System.getProperty(p);
            if (v != null) {
                forced = (forced == null ? "" : forced + " ") + "-D" + p + "=" + v;
            }
        }
        return forced;
    }

    /** The row for {@code kind} running the kernel that {@code spec} names ({@value #GEMM_PROPERTY}'s values). */
    public static ClTuning withGemm(ClRuntime.DeviceKind kind, String spec) {
        String s = spec.trim().toLowerCase(java.util.Locale.ROOT);
        ClTuning base = packed(kind);
        if (s.equals("packed")) {
            return base;
        }
        if (s.startsWith("packed:")) {
            return base.withTile(s.substring(7));
        }
        if (s.equals("tiled")) {
            return tiledRow(128, 128, 16, 8, 8, base);
        }
        if (s.startsWith("tiled:")) {
            String[] parts = s.substring(6).split(":");
            try {
                String[] b = parts[0].split("x"), r = parts[1].split("x");
                if (parts.length == 2 && b.length == 3 && r.length == 2) {
                    return tiledRow(Integer.parseInt(b[0]), Integer.parseInt(b[1]), Integer.parseInt(b[2]),
                            Integer.parseInt(r[0]), Integer.parseInt(r[1]), base);
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                // reported below with the expected form
            }
        }
        throw new IllegalArgumentException(GEMM_PROPERTY + " must be " + PACKED_FORM + ", packed, tiled or "
                + TILED_FORM + ", got '" + spec + "'");
    }

    /**
     * A {@code sgemm_tiled} row: work-groups compute bm x bn of C from bk-deep slices, each work-item
     * rm x rn of it; packing and helper sizes come from {@code base}.
     */
    static ClTuning tiledRow(int bm, int bn, int bk, int rm, int rn, ClTuning base) {
        String why = null;
        if (bm < 1 || bn < 1 || bk < 1 || rm < 4 || rn < 4 || rm % 4 != 0 || rn % 4 != 0) {
            why = "all sizes must be positive and RM, RN multiples of 4";
        } else if (bm % rm != 0 || bn % rn != 0 || bn % 16 != 0) {
            why = "RM must divide BM, RN divide BN, and BN be a multiple of 16";
        } else if ((bm / rm) * (bn / rn) > 1024) {
            why = "a work-group of (BM/RM) x (BN/RN) work-items must have at most 1024";
        } else if (bk * bm / 4 % ((bm / rm) * (bn / rn)) != 0 || bk * bn / 4 % ((bm / rm) * (bn / rn)) != 0) {
            why = "BK*BM/4 and BK*BN/4 (float4 per slice) must be multiples of the work-group size";
        } else if (8L * bk * (bm + bn) > 32768) {
            why = "the two local slice buffers, 8*BK*(BM+BN) bytes, must fit OpenCL 1.2's 32 KB";
        }
        if (why != null) {
            throw new IllegalArgumentException(GEMM_PROPERTY + " " + TILED_FORM + ": " + why + ", got tiled:" + bm
                    + "x" + bn + "x" + bk + ":" + rm + "x" + rn);
        }
        return new ClTuning(bm, bn / 16, new int[] {bn / rn, bm / rm}, base.local1d, base.packRows,
                base.packBudget, bk);
    }

    /**
     * Parses {@code TMxNV}: TM rows in 1..16 and NV float16 vectors in 1..4 per work-item. The result
     * runs {@code sgemm_packed} in this row's work-group size.
     */
    public ClTuning withTile(String tile) {
        String[] parts = tile.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            int t = Integer.parseInt(parts[0]), v = Integer.parseInt(parts[1]);
            if (parts.length == 2 && t >= 1 && t <= 16 && v >= 1 && v <= 4) {
                return new ClTuning(t, v, gemmLocal, local1d, packRows, packBudget);
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException(TILE_PROPERTY + " must be TMxNV with TM in 1..16 and NV in 1..4, got '"
                + tile + "'");
    }

    private static ClTuning table(ClRuntime.DeviceKind kind, int floatLanes) {
        return kind == ClRuntime.DeviceKind.CPU ? packed(kind).withTile(cpuTile(floatLanes)) : withGemm(kind, "tiled");
    }

    /**
     * The register block of {@code sgemm_packed} on a CPU whose vector registers hold {@code floatLanes}
     * floats, as TMxNV: 8x2 (16 float16 accumulators, half of AVX-512's 32 registers) from 16 lanes up,
     * else 6x1 (6 float16 accumulators, 12 of AVX2's 16 ymm registers: the 6 x 16 block of the CPU
     * backend's VectorMicrokernel). Measured with {@code mimo4j tune} on PoCL 3.1, AMD EPYC (Zen 3,
     * AVX2, 2 cores), n = 256/512/1024: 6x1 57.6/99.0/103.5 GFLOP/s, 8x2 23.3/50.8/53.7, 8x1
     * 34.3/65.3/76.4, 4x1 31.6/52.5/89.5. Narrower registers (SSE, NEON) get 6x1 unmeasured;
     * {@code mimo4j tune} finds their block.
     */
    static String cpuTile(int floatLanes) {
        return floatLanes >= 16 ? "8x2" : "6x1";
    }

    /**
     * The base {@code sgemm_packed} row (what {@code packed} names in {@link #withGemm}): the AVX-512 block
     * on CPUs (the table picks the block per vector width), GPU-sized work-groups elsewhere.
     */
    private static ClTuning packed(ClRuntime.DeviceKind kind) {
        return switch (kind) {
            case CPU -> new ClTuning(8, 2, new int[] {1, 1}, 128, 16, 1L << 25);
            case GPU, ACCELERATOR -> new ClTuning(4, 1, new int[] {4, 16}, 64, 64, 1L << 25);
        };
    }

    /**
     * This row's GEMM in {@value #GEMM_PROPERTY}'s form, {@code packed:TMxNV} or
     * {@code tiled:BMxBNxBK:RMxRN}; {@link #withGemm} of it gives the same kernel and tile back.
     */
    public String spec() {
        if (!tiled()) {
            return "packed:" + tm + "x" + nv;
        }
        return "tiled:" + tm + "x" + tn() + "x" + tileK + ":" + tm / gemmLocal[1] + "x" + tn() / gemmLocal[0];
    }

    /**
     * The tiles a backend on this row builds, largest first: for the GPU table row (128 x 128, neither
     * forced nor tuned) also 64 x 64 and 16 x 64, which {@link ClGemm#forShape} gives the products that
     * leave a GPU's compute units idle on larger tiles, and on which convolution and attention run (the
     * last); for any other row this row alone. H200, resident, one fork of 3 x 0.3 s (ms, tiles 128 x 128
     * / 64 x 64:8x8 / 64 x 64:4x4 / 16 x 64): SGEMM n = 512 0.113 / 0.073 / 0.064 / 0.046, n = 1024 0.171 /
     * 0.129 / 0.134 / 0.134, n = 2048 0.554 / 0.735 / 0.687 / 0.760; attention forward and backward 0.374 /
     * 0.250 / 0.239 / 0.242; convolutions forward and backward, device time per call, 128 x 128 / 16 x 64:
     * LeNet 112x112 conv1 3785 / 1209 us, conv2 1469 / 927, CIFAR 392 / 272, the small CNN's 16 -> 32 246 /
     * 173 (bench/gpu/tiles-gpu.sh and trace-gpu.sh). The autotune builds its candidates through {@link
     * ClBackend#create(ClRuntime, ClTuning, String)}, so its candidate of this row's spec is timed with the
     * ladder too, and a cached choice of that spec means the ladder.
     */
    public List<ClTuning> tileLadder() {
        if (!spec().equals(withGemm(ClRuntime.DeviceKind.GPU, "tiled").spec()) || forcedBy() != null) {
            return List.of(this);
        }
        return List.of(this, tiledRow(64, 64, 16, 8, 8, this), tiledRow(16, 64, 16, 4, 4, this));
    }

    /** Whether this row runs {@code sgemm_tiled}. */
    public boolean tiled() {
        return tileK > 0;
    }

    /** The GEMM kernel of {@code matmul.cl} this row compiles and launches. */
    String gemmKernel() {
        return tiled() ? "sgemm_tiled" : "sgemm_packed";
    }

    /** Columns of C per GEMM work-item, also the width of B's packed panels. */
    public int tn() {
        return 16 * nv;
    }

    /**
     * Images per chunk of a convolution, so that {@code perImage} floats of packed operands per image stay
     * within the budget.
     */
    int imagesPerChunk(long perImage, int n) {
        return (int) Math.max(1, Math.min(n, packBudget / Math.max(1, perImage)));
    }

    /**
     * Global range of a packing kernel over {@code units} row blocks or column panels {@code width} floats
     * wide (TM or TN, multiples of 4 on tiled rows), {@code rows} rows each, {@code batch} times: one
     * work-item per block or panel row on register-blocked rows, one per four floats on tiled (GPU) rows,
     * whose kernels have a form of their own with neighbouring items on neighbouring floats (see matmul.cl's
     * pack_b).
     */
    long[] packGlobal(long units, int width, long rows, long batch) {
        return new long[] {tiled() ? units * width / 4 : units, rows, batch};
    }

    /** Local size of the packing kernels for {@link #packGlobal}'s range: 64 items on tiled rows. */
    long[] packLocal(int width) {
        return tiled() ? new long[] {width / 4, Math.max(1, 256 / width), 1} : new long[] {1, packRows, 1};
    }

    /** The build options every kernel source gets, whatever the tile. */
    static final String BASE_OPTIONS = "-cl-mad-enable";

    /**
     * Steps of k one pack_a or pack_b work-item covers: 16 in the register-blocked rows' forms (built with
     * -DPACK_STEPS), 1 in the tiled rows' GPU forms, whose items copy four floats of one step (see matmul.cl's
     * pack_a and pack_b).
     */
    int packSteps() {
        return tiled() ? 1 : 16;
    }

    /**
     * Panels one pack_b work-item copies, its rows read across all of them: 8 in the register-blocked rows'
     * form (built with -DPACK_PANELS), 1 in the tiled rows' GPU form. One panel per item read 64 bytes of each
     * row, rows ldb apart; AV-Digits' 12544 x 128 weight (8 panels) took 1.11-1.25 ms of device time to pack
     * (median 1.21, 6 traced runs) against 0.63-1.17 (median 0.89) with 8 (PoCL 3.1, AMD EPYC Zen 3). Resident
     * SGEMM's B (3 traced JMH runs each): n = 1024 0.83-0.89 against 0.90-0.95 ms, n = 512 0.15-0.22 against
     * 0.16-0.18.
     */
    int packPanels() {
        return tiled() ? 1 : 8;
    }

    /**
     * Work-group of sgemm_rows (register-blocked rows only): up to 8 panels of one row block, where gemmLocal
     * makes each item a group of its own. PoCL pays for every work-group it schedules, and a shallow product
     * has many items: AV-Digits' weight gradient (12544 x 128 x 64, 16,728 items) took 2.5-3.4 ms of device
     * time in groups of 8 against 3.4-4.1 alone (1.20-1.74x against 1.74-2.39x the forward's time in the same
     * traced run, 3 runs each), resident SGEMM at n = 512 1.9-2.5 against 2.5-3.1 ms (PoCL 3.1, AMD EPYC Zen 3);
     * inside the traced AV-Digits step, against sgemm_shifted's time as the pace, 3.61-3.98x against 3.84-4.44x.
     * sgemm_packed (n = 1024, 2048) was level in groups of 8, so it keeps gemmLocal.
     */
    long[] rowsLocal(int panels) {
        return new long[] {Math.min(panels, 8), gemmLocal[1], 1};
    }

    /** Work-items across the panels of pack_b: {@link #packPanels} panels each. */
    long packPanelItems(int panels) {
        return (panels + packPanels() - 1) / packPanels();
    }

    /** Work-items along k of pack_a or pack_b for depth k: {@link #packSteps} steps each. */
    long packItems(int k) {
        return (k + packSteps() - 1) / packSteps();
    }

    /** The build options that carry the table into the kernel sources that read it (matmul.cl, conv2d.cl). */
    public String options() {
        String blocks = BASE_OPTIONS + " -DTM=" + tm + " -DNV=" + nv;
        return tiled() ? blocks + " -DBK=" + tileK + " -DRM=" + tm / gemmLocal[1] + " -DRN=" + tn() / gemmLocal[0]
                : blocks + " -DPACK_STEPS=" + packSteps() + " -DPACK_PANELS=" + packPanels();
    }
}
