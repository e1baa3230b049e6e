package org.mimo4j.kernels;

import java.util.Locale;

/**
 * Register blocks of conv2d.cl's CPU-shaped convolution kernels, which follow the vector registers as
 * the GEMM's tile does ({@link ClTuning#cpuTile}): a block whose accumulators do not fit the register
 * file spills on every multiply-add. Built into conv2d.cl as {@code -DDW_R -DDW_C -DLN}.
 *
 * @param dwRows output channels per work-item of conv_dw_grid and conv_dw_direct (DW_R)
 * @param dwTaps taps per work-item of those kernels (DW_C); the work-item keeps dwRows * dwTaps float16
 *               accumulators
 * @param lanes  output channels across the vector lanes of conv_lanes (LN, 8 or 16), whose work-items
 *               keep 8 accumulators of that width
 */
record ClConvTiles(int dwRows, int dwTaps, int lanes) {
    /**
     * System property overriding the blocks as {@code RxC:LN}, e.g. {@code 2x4:8}, read when a backend is
     * built: for same-JVM A/B measurements and tests.
     */
    static final String PROPERTY = "mimo4j.opencl.convTiles";

    ClConvTiles {
        if (dwRows < 1 || dwRows > 8 || dwTaps < 1 || dwTaps > 8 || (lanes != 8 && lanes != 16)) {
            throw new IllegalArgumentException(PROPERTY + " must be RxC:LN with R, C in 1..8 and LN 8 or 16, got "
                    + dwRows + "x" + dwTaps + ":" + lanes);
        }
    }

    /**
     * The blocks for vector registers of {@code floatLanes} floats, or {@value #PROPERTY}'s: from 16 lanes
     * up (AVX-512) 4 x 4 weight-gradient tiles (16 of the 32 registers) and 16 channels across the lanes,
     * the blocks measured on AVX-512 before; below that {@link #narrow}.
     */
    static ClConvTiles forLanes(int floatLanes) {
        String forced = System.getProperty(PROPERTY);
        if (forced != null) {
            return parse(forced);
        }
        return floatLanes >= 16 ? new ClConvTiles(4, 4, 16) : narrow();
    }

    /**
     * The blocks where registers hold 8 floats (AVX2, 16 registers): 2 x 2 weight-gradient tiles (4 float16
     * accumulators, 8 registers) and 8 channels across the lanes (8 float8 accumulators). The 4 x 4 tile's
     * 32 accumulator registers spill. PoCL 3.1 on AMD EPYC (Zen 3, 2 cores), whole backward-weight calls
     * of 32 images alternating in one JVM, medians of 48, 4 x 4 against 2 x 2: CIFAR 3 -> 64 6.63 vs
     * 2.91 ms, LeNet 1 -> 6 on 28 x 28 1.23 vs 0.32 ms, LeNet 6 -> 16 0.66 vs 0.61 ms, the small CNN's
     * 16 -> 32 1.44 vs 1.29 ms (2 x 3, 4 x 2 and 1 x 4 were between or worse); LeNet 6 -> 16's forward
     * on conv_lanes 0.48 ms with 16 lanes, 0.34 ms with 8.
     */
    static ClConvTiles narrow() {
        return new ClConvTiles(2, 2, 8);
    }

    /** Parses {@code RxC:LN}. */
    static ClConvTiles parse(String spec) {
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split("[x:]");
        try {
            if (parts.length == 3) {
                return new ClConvTiles(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                        Integer.parseInt(parts[2]));
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new IllegalArgumentException(PROPERTY + " must be RxC:LN, e.g. 4x4:16, got '" + spec + "'");
    }

    /** These blocks as {@value #PROPERTY} spells them, {@code RxC:LN}; {@link #parse} reads it back. */
    String spec() {
        return dwRows + "x" + dwTaps + ":" + lanes;
    }

    /** The build options that set these blocks in conv2d.cl. */
    String options() {
        return "-DDW_R=" + dwRows + " -DDW_C=" + dwTaps + " -DLN=" + lanes;
    }
}
