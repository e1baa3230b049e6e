package org.mimo4j.kernels;

import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * What every OpenCL test of this module starts with: {@link RequireOpenCl} (skip without a platform,
 * fail under {@code MIMO4J_REQUIRE_OPENCL=1}). Also holds the one backend the parity tests share,
 * because building the kernels is the slowest part of a test run.
 */
final class OpenClTests {

    private static final java.util.Map<Variant, ClBackend> SHARED = new java.util.EnumMap<>(Variant.class);
    /** The CPU row on a device that is no CPU, shared by the padded-grid tests (see Variant#gridTuning). */
    private static ClBackend cpuRowElsewhere;

    /**
     * Tile configurations the parity tests run: the device's own table row; the packed kernel with
     * GPU-sized work-groups (4 x 16 work-items of 4 x 16 blocks); an odd packed 5 x 48 tile that
     * divides none of the test sizes, with 7-row packing groups and a packing budget so small that
     * every convolution of more than one image runs in chunks; the GPU row (the local-memory tiled
     * kernel, 128 x 128 tiles of 16 x 16 work-items, otherwise never exercised on a CPU-only machine);
     * and an odd tiled kernel: 32 x 64 tiles, 24-deep slices, 4 x 8 per work-item (two B loads per
     * item and slice), with the same small packing groups and budget.
     */
    enum Variant {
        DEVICE, PACKED_GPU_GROUPS, ODD_TILE, GPU_ROW, ODD_TILED;

        ClTuning tuning(ClRuntime rt) {
            return switch (this) {
                case DEVICE -> ClTuning.forDevice(rt);
                case PACKED_GPU_GROUPS -> ClTuning.withGemm(ClRuntime.DeviceKind.GPU, "packed");
                case ODD_TILE -> small(ClTuning.withGemm(rt.kind(), "packed").withTile("5x3"));
                case GPU_ROW -> ClTuning.forKind(ClRuntime.DeviceKind.GPU, rt.floatLanes());
                case ODD_TILED -> small(ClTuning.withGemm(rt.kind(), "tiled:32x64x24:4x8"));
            };
        }

        /**
         * The row the padded-grid tests run (the grid is the register-blocked rows' route): the variant's
         * own, but for DEVICE on a device that is no CPU the table's CPU row, since a GPU's own row (the
         * tiled kernel) has no grid and would give those tests nothing to find.
         */
        ClTuning gridTuning(ClRuntime rt) {
            return this == DEVICE && rt.kind() != ClRuntime.DeviceKind.CPU ? ClTuning.forKind(ClRuntime.DeviceKind.CPU, rt.floatLanes())
                    : tuning(rt);
        }

        private static ClTuning small(ClTuning t) {
            return new ClTuning(t.tm(), t.nv(), t.gemmLocal(), t.local1d(), 7, 3000, t.tileK());
        }
    }

    private OpenClTests() {
    }

    static void requireOpenCl() {
        RequireOpenCl.orSkip();
    }

    /** The backend on the device's own tuning, shared by the tests; it lives until the test JVM exits. */
    static ClBackend backend() throws BackendUnavailableException {
        return backend(Variant.DEVICE);
    }

    /**
     * A backend of the test's own on the device's tuning, for tests that count its buffers or close it
     * (the shared ones hold other tests' resident storages); the caller closes it.
     */
    static ClBackend fresh() throws BackendUnavailableException {
        requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        return ClBackend.create(rt, Variant.DEVICE.tuning(rt), "");
    }

    /** A backend of the test's own, on its own runtime, with the GEMM tile {@code gemm}; the caller closes it. */
    static ClBackend onGemm(String gemm) throws BackendUnavailableException {
        requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        return ClBackend.create(rt, ClTuning.withGemm(rt.kind(), gemm), "");
    }

    /**
     * A backend of the test's own with {@code variant}'s tile, built while the system property {@code key}
     * is {@code value} (the backend reads its switches when built); the caller closes it.
     */
    static ClBackend backendWith(Variant variant, String key, String value) throws BackendUnavailableException {
        requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        return with(key, value, () -> ClBackend.create(rt, variant.tuning(rt), ""));
    }

    /** {@link #backendWith} on the variant's {@link Variant#gridTuning}, for the padded-grid tests. */
    static ClBackend gridBackendWith(Variant variant, String key, String value) throws BackendUnavailableException {
        requireOpenCl();
        ClRuntime rt = ClRuntime.open();
        ClBackend cl = with(key, value, () -> ClBackend.create(rt, variant.gridTuning(rt), ""));
        try {
            return requireGrid(cl);
        } catch (AssertionError e) {
            cl.close();
            throw e;
        }
    }

    /**
     * The backend built while the system property {@code key} is {@code value} (the backend reads its
     * switches when built); the property is cleared after.
     */
    static ClBackend with(String key, String value, Build build) throws BackendUnavailableException {
        System.setProperty(key, value);
        try {
            return build.create();
        } finally {
            System.clearProperty(key);
        }
    }

    interface Build {
        ClBackend create() throws BackendUnavailableException;
    }

    /**
     * The shared backend of the variant's {@link Variant#gridTuning}, for the padded-grid tests; it fails
     * at once where that backend has no grid after all (a forcing property, say), since those tests draw
     * shapes until the grid takes enough of them.
     */
    static synchronized ClBackend gridBackend(Variant variant) throws BackendUnavailableException {
        ClBackend chosen = backend(variant);
        if (!chosen.conv().gridEnabled() && variant == Variant.DEVICE) {
            if (cpuRowElsewhere == null) {
                ClRuntime rt = ClRuntime.open();
                cpuRowElsewhere = ClBackend.create(rt, variant.gridTuning(rt), "");
            }
            chosen = cpuRowElsewhere;
        }
        return requireGrid(chosen);
    }

    /** {@code cl}, or a failure saying why a grid test cannot run on it. */
    static ClBackend requireGrid(ClBackend cl) {
        String forced = ClTuning.forcedBy();
        org.junit.jupiter.api.Assertions.assertTrue(cl.conv().gridEnabled(), "the padded-grid route is off on "
                + cl.device() + (forced == null ? "" : " (" + forced + ")") + ": the grid tests would find no shape");
        return cl;
    }

    /** The shared backend built with {@code variant}'s tile. */
    static synchronized ClBackend backend(Variant variant) throws BackendUnavailableException {
        requireOpenCl();
        ClBackend b = SHARED.get(variant);
        if (b == null) {
            ClRuntime rt = ClRuntime.open();
            b = ClBackend.create(rt, variant.tuning(rt), "");
            SHARED.put(variant, b);
        }
        return b;
    }
}
