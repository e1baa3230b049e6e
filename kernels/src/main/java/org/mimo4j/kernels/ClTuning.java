package org.mimo4j.kernels;

/**
 * Tile parameters per device kind: the small tuning table the kernels are built with.
 *
 * <p>CPU devices (PoCL) want big register blocks and single-item work-groups: a work-item computing
 * 8 x 32 of C with float16 fma reached ~200 GFLOP/s at n=1024-2048 on this project's machine, and
 * every distinct local size costs PoCL a fresh 0.2-0.3 s work-group compile, so local sizes are fixed
 * per kernel, never left to the driver. GPUs want many more, lighter work-items in groups of 64.
 *
 * @param tm        rows of C per GEMM work-item
 * @param nv        float16 vectors per GEMM row, so a work-item computes tm x 16*nv
 * @param gemmLocal GEMM work-group size along (panels, row blocks)
 * @param local1d   work-group size of the one-dimensional helper kernels
 * @param packRows  work-items per work-group of the packing kernels (each item copies one panel or
 *                  block row); PoCL pays about a microsecond per work-group, and packing one element
 *                  per item in groups of 32 spent more time scheduling than copying (37 ms to pack a
 *                  32768 x 27 column matrix)
 * @param packBudget floats of packed operands one convolution launch may use; larger batches are
 *                  processed in chunks of images, so device memory stays bounded whatever the batch
 */
public record ClTuning(int tm, int nv, int[] gemmLocal, int local1d, int packRows, long packBudget) {
    /** System property overriding the GEMM tile as {@code TMxNV}, e.g. {@code 4x1}, for tuning runs. */
    public static final String TILE_PROPERTY = "mimo4j.opencl.tile";

    /** The table row for {@code kind}, with the tile replaced when {@value #TILE_PROPERTY} is set. */
    public static ClTuning forKind(ClRuntime.DeviceKind kind) {
        ClTuning row = table(kind);
        String tile = System.getProperty(TILE_PROPERTY);
        return tile == null ? row : row.withTile(tile);
    }

    /** Parses {@code TMxNV}: TM rows in 1..16 and NV float16 vectors in 1..4 per work-item. */
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

    private static ClTuning table(ClRuntime.DeviceKind kind) {
        return switch (kind) {
            case CPU -> new ClTuning(8, 2, new int[] {1, 1}, 128, 16, 1L << 25);
            case GPU, ACCELERATOR -> new ClTuning(4, 1, new int[] {4, 16}, 64, 64, 1L << 25);
        };
    }

    /** Columns of C per GEMM work-item, also the width of B's packed panels. */
    public int tn() {
        return 16 * nv;
    }

    /** Local size of the packing kernels: (panel or block, row, batch). */
    long[] packLocal() {
        return new long[] {1, packRows, 1};
    }

    /** The build options that carry the table into the kernel sources. */
    public String options() {
        return "-cl-mad-enable -DTM=" + tm + " -DNV=" + nv;
    }
}
