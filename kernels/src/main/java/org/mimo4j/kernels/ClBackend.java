package org.mimo4j.kernels;

import static org.jocl.CL.clReleaseProgram;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.DeviceKernels;

/**
 * The engine's {@link Backend} on an OpenCL device, in two forms. The host-array methods upload their
 * inputs into pooled device buffers, run the kernels of {@code matmul.cl}, {@code conv2d.cl} and
 * {@code attention.cl}, and read the outputs back: the host-array contract of {@link Backend} allows
 * nothing else. {@link #deviceKernels()} offers the same GEMM, convolution and attention plus elementwise ops,
 * reductions, pooling, cross-entropy and optimizer updates on {@link org.mimo4j.engine.tensor.Storage}s
 * that stay on the device between calls (see {@link ClResidency}); {@link #transfers()} counts what
 * crosses. One in-order queue serves both.
 *
 * <p>Extra compiler options can be given with {@value #OPTIONS_PROPERTY} (e.g.
 * {@code -cl-fast-relaxed-math}); they are part of the binary-cache key.
 */
public final class ClBackend implements Backend {
    /** System property: extra OpenCL build options appended to the tuning table's. */
    public static final String OPTIONS_PROPERTY = "mimo4j.opencl.options";
    /**
     * System property: {@code false} keeps the shifted GEMM of convolutions on the table's tile instead of a
     * narrower build ({@link ClGemm#shiftedTile}: TM = m below the tile's TM, 4 x 64 on AVX-512's 8 x 32; read
     * when the backend is built), for same-JVM A/B measurements.
     */
    static final String NARROW_PROPERTY = "mimo4j.opencl.narrowTiles";

    private static final long MAX_POOLED_BYTES = 512L << 20;
    private static final List<String> SOURCES = Stream.concat(Stream.of("matmul.cl", "conv2d.cl", "attention.cl"),
            ClDeviceKernels.SOURCES.stream()).toList();
    /**
     * The sources that read the tile macros (TM, NV, BK, RM, RN); the others are built without them, so
     * their binaries are shared by every tuning (the autotune builds six tunings, not six of everything).
     * attention.cl writes the packed layout that matmul.cl reads, so it takes the tile too; conv2d.cl also
     * takes its own register blocks ({@link ClConvTiles}).
     */
    static final Set<String> TILED_SOURCES = Set.of("matmul.cl", "conv2d.cl", "attention.cl");

    private final ClRuntime runtime;
    private final ClBufferPool pool;
    private final ClHost host;
    private final List<cl_program> programs;
    private final ClGemm gemm;
    /** The GEMM builds on the smaller tiles of {@link ClTuning#tileLadder} (none on most rows), largest first. */
    private final List<ClGemm> smallerGemms = new ArrayList<>();
    private final ClConv conv;
    private final ClAttention attention;
    private final ClResidency residency;
    private final ClLauncher launcher;
    private final ClDeviceKernels device;

    /**
     * {@code built}: {@link #SOURCES} in order, matmul.cl on {@code ladder}'s first tile, conv2d.cl and
     * attention.cl on its last; {@code ladderBuilds}: matmul.cl on each later tile of the ladder; {@code rowBlocks}:
     * the attention row kernels' form ({@link ClAttention#rowBlocks}).
     */
    private ClBackend(ClRuntime runtime, List<cl_program> built, List<ClTuning> ladder, List<cl_program> ladderBuilds,
                      ClConvTiles convTiles, ClGemm.Narrow narrow, boolean rowBlocks) {
        this.runtime = runtime;
        this.programs = new ArrayList<>(built.subList(0, 3));
        this.programs.addAll(ladderBuilds);
        this.pool = new ClBufferPool(runtime.context(), MAX_POOLED_BYTES);
        this.host = new ClHost(runtime);
        this.launcher = new ClLauncher(runtime);
        for (int i = 1; i < ladder.size(); i++) {
            smallerGemms.add(new ClGemm(launcher, ladder.get(i), ladderBuilds.get(i - 1)));
        }
        this.gemm = new ClGemm(launcher, ladder.get(0), programs.get(0), narrow, smallerGemms, runtime.computeUnits());
        ClGemm smallest = smallerGemms.isEmpty() ? gemm : smallerGemms.get(smallerGemms.size() - 1);
        ClTuning small = ladder.get(ladder.size() - 1);
        this.conv = new ClConv(launcher, small, convTiles, smallest, programs.get(1));
        this.attention = new ClAttention(launcher, small, smallest, programs.get(2), rowBlocks);
        this.residency = new ClResidency(this, pool, host);
        this.device = new ClDeviceKernels(residency, pool, launcher, ladder.get(0), gemm, conv, attention,
                built.subList(3, built.size()), runtime.kind() == ClRuntime.DeviceKind.CPU);
    }

    /**
     * Opens the preferred device and builds every kernel with the tuning {@link ClTuningChoice#choose}
     * picks (forcing property, cached autotune result or table); the exception says why when either fails.
     */
    public static ClBackend create() throws BackendUnavailableException {
        ClRuntime runtime = ClRuntime.open();
        try {
            return create(runtime, ClTuningChoice.choose(runtime).tuning(), System.getProperty(OPTIONS_PROPERTY, ""));
        } catch (BackendUnavailableException | RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /**
     * Builds the kernels on {@code runtime} with {@code tuning}'s options (only {@link #TILED_SOURCES} get
     * its tile) plus {@code extraOptions}; the backend owns the runtime from then on and closes it. On the GPU
     * table row ({@link ClTuning#tileLadder}) matmul.cl is built on each tile of the ladder and convolution
     * and attention run on its smallest.
     */
    public static ClBackend create(ClRuntime runtime, ClTuning tuning, String extraOptions)
            throws BackendUnavailableException {
        ClConv.checkProperties();
        boolean rowBlocks = ClAttention.rowBlocks(runtime.kind());
        ClConvTiles convTiles = ClConvTiles.forLanes(runtime.floatLanes());
        List<ClTuning> ladder = tuning.tileLadder();
        ClTuning small = ladder.get(ladder.size() - 1);
        ClProgramBuilder builder = new ClProgramBuilder(runtime);
        List<cl_program> built = new ArrayList<>();
        List<cl_program> ladderBuilds = new ArrayList<>();
        try {
            for (String file : SOURCES) {
                String options = options(file, file.equals("matmul.cl") ? tuning : small, convTiles, extraOptions);
                built.add(builder.build(file, ClProgramBuilder.resource(file), options));
            }
            for (ClTuning t : ladder.subList(1, ladder.size())) {
                ladderBuilds.add(builder.build("matmul.cl", ClProgramBuilder.resource("matmul.cl"),
                        options("matmul.cl", t, convTiles, extraOptions)));
            }
            ClGemm.Narrow narrow = narrow(builder, tuning, extraOptions);
            return new ClBackend(runtime, built, ladder, ladderBuilds, convTiles, narrow, rowBlocks);
        } catch (BackendUnavailableException | RuntimeException e) {
            built.forEach(p -> clReleaseProgram(p));
            ladderBuilds.forEach(p -> clReleaseProgram(p));
            throw e;
        }
    }

    /** Build options of {@code file}: the tile's for {@link #TILED_SOURCES}, conv2d.cl's register blocks too. */
    private static String options(String file, ClTuning tuning, ClConvTiles convTiles, String extraOptions) {
        String options = !TILED_SOURCES.contains(file) ? ClTuning.BASE_OPTIONS
                : file.equals("conv2d.cl") ? tuning.options() + " " + convTiles.options() : tuning.options();
        return (options + " " + extraOptions).trim();
    }

    /**
     * matmul.cl with a narrower register block of {@code tuning}'s kind, for {@link ClGemm#shiftedTile};
     * null when {@value #NARROW_PROPERTY} is false.
     */
    private static ClGemm.Narrow narrow(ClProgramBuilder builder, ClTuning tuning, String extraOptions) {
        if ("false".equals(System.getProperty(NARROW_PROPERTY))) {
            return null;
        }
        return (tm, nv) -> {
            String options = (tuning.withTile(tm + "x" + nv).options() + " " + extraOptions).trim();
            try {
                return builder.build("matmul.cl", ClProgramBuilder.resource("matmul.cl"), options);
            } catch (BackendUnavailableException e) {
                throw new IllegalStateException("matmul.cl does not build with " + options + ": " + e.getMessage(), e);
            }
        };
    }

    /** The GEMM behind sgemm and the linear layers, for tests that check which tile a product gets. */
    ClGemm gemm() {
        return gemm;
    }

    /** The convolution launcher, for tests that check which route a shape takes. */
    ClConv conv() {
        return conv;
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return runtime.description();
    }

    /** The device buffer pool, exposed so tests can prove that calls release what they take. */
    public ClBufferPool pool() {
        return pool;
    }

    /** The kernels on device-resident storages; storages this backend touched live on its device. */
    @Override
    public DeviceKernels deviceKernels() {
        return device;
    }

    /** Host-device copies made so far, by both the host-array methods and the resident storages. */
    public ClTransfers transfers() {
        return host.transfers();
    }

    /** Kernel launches made so far, by both the host-array methods and the resident storages. */
    public ClLaunches launches() {
        return launcher.launches();
    }

    /** Storages that currently have a device copy here (dead ones leave once the GC has noticed). */
    public int residentStorages() {
        return residency.liveCount();
    }

    @Override
    public synchronized void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   float[] a, int aOff, int lda, long strideA,
                                   float[] b, int bOff, int ldb, long strideB,
                                   float beta, float[] c, int cOff, int ldc, long strideC, int batch) {
        ClChecks.sgemm(transA, transB, m, n, k, a, aOff, lda, strideA, b, bOff, ldb, strideB, c, cOff, ldc, strideC,
                batch);
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        int sa = batch == 1 ? 0 : (int) strideA, sb = batch == 1 ? 0 : (int) strideB;
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer da = host.upload(scope, a, aOff, ClChecks.span(transA ? k : m, transA ? m : k, lda, sa, batch));
            ClBuffer db = host.upload(scope, b, bOff, ClChecks.span(transB ? n : k, transB ? k : n, ldb, sb, batch));
            ClCompactC cc = new ClCompactC(c, cOff, ldc, batch == 1 ? 0 : strideC, m, n, batch);
            ClBuffer dc = beta == 0 ? scope.buffer(cc.size()) : host.upload(scope, cc.gather(), 0, cc.size());
            gemm.sgemm(scope, transA, transB, m, n, k, alpha, da, 0, lda, sa, db, 0, ldb, sb, beta, dc, 0, n, m * n,
                    batch);
            cc.scatter(host, dc);
        }
    }

    @Override
    public synchronized void conv2dForward(Conv2dShape s, float[] x, float[] w, float[] bias, float[] y) {
        ClChecks.conv("conv2dForward", x, "x", s.inputSize(), w, "w", s.weightSize(), y, "y", s.outputSize());
        if (bias != null) {
            ClChecks.length("conv2dForward", "bias", bias, s.outChannels());
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dbias = bias == null ? null : host.upload(scope, bias, 0, s.outChannels());
            ClBuffer dy = scope.buffer(s.outputSize());
            conv.forward(scope, s, host.upload(scope, x, 0, s.inputSize()), host.upload(scope, w, 0, s.weightSize()),
                    dbias, dy);
            host.download(dy, y, 0, s.outputSize());
        }
    }

    @Override
    public synchronized void conv2dBackwardData(Conv2dShape s, float[] dy, float[] w, float[] dx) {
        ClChecks.conv("conv2dBackwardData", dy, "dy", s.outputSize(), w, "w", s.weightSize(), dx, "dx", s.inputSize());
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer ddx = scope.buffer(s.inputSize());
            conv.backwardData(scope, s, host.upload(scope, dy, 0, s.outputSize()),
                    host.upload(scope, w, 0, s.weightSize()), ddx);
            host.download(ddx, dx, 0, s.inputSize());
        }
    }

    @Override
    public synchronized void conv2dBackwardWeight(Conv2dShape s, float[] x, float[] dy, float[] dw) {
        ClChecks.conv("conv2dBackwardWeight", x, "x", s.inputSize(), dy, "dy", s.outputSize(), dw, "dw",
                s.weightSize());
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer ddw = scope.buffer(s.weightSize());
            conv.backwardWeight(scope, s, host.upload(scope, x, 0, s.inputSize()),
                    host.upload(scope, dy, 0, s.outputSize()), ddw);
            host.download(ddw, dw, 0, s.weightSize());
        }
    }

    @Override
    public synchronized void attentionForward(AttentionShape s, float[] q, float[] k, float[] v, float[] mask,
                                              float scale, float[] out, float[] probs) {
        ClChecks.attention(s, q, k, v);
        long outLen = (long) s.batch() * s.seqQ() * s.dimV(), pLen = (long) s.batch() * s.seqQ() * s.seqK();
        ClChecks.length("attentionForward", "out", out, outLen);
        ClChecks.length("attentionForward", "probs", probs, pLen);
        if (mask != null) {
            ClChecks.length("attentionForward", "mask", mask, (long) s.seqQ() * s.seqK());
        }
        String[] names = {"q", "k", "v"};
        ClChecks.distinct("attentionForward", "out", out, names, q, k, v);
        ClChecks.distinct("attentionForward", "probs", probs, names, q, k, v);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dmask = mask == null ? null : host.upload(scope, mask, 0, (long) s.seqQ() * s.seqK());
            ClBuffer dout = scope.buffer(outLen), dprobs = scope.buffer(pLen);
            attention.forward(scope, s, upQ(scope, s, q), upK(scope, s, k), upV(scope, s, v), dmask, scale, dout,
                    dprobs);
            host.download(dout, out, 0, outLen);
            host.download(dprobs, probs, 0, pLen);
        }
    }

    @Override
    public synchronized void attentionBackward(AttentionShape s, float[] q, float[] k, float[] v, float[] probs,
                                               float[] dOut, float scale, float[] dq, float[] dk, float[] dv) {
        ClChecks.attention(s, q, k, v);
        long pLen = (long) s.batch() * s.seqQ() * s.seqK(), oLen = (long) s.batch() * s.seqQ() * s.dimV();
        ClChecks.length("attentionBackward", "probs", probs, pLen);
        ClChecks.length("attentionBackward", "dOut", dOut, oLen);
        long qLen = (long) s.batch() * s.seqQ() * s.dim(), kLen = (long) s.batch() * s.seqK() * s.dim();
        long vLen = (long) s.batch() * s.seqK() * s.dimV();
        ClChecks.length("attentionBackward", "dq", dq, qLen);
        ClChecks.length("attentionBackward", "dk", dk, kLen);
        ClChecks.length("attentionBackward", "dv", dv, vLen);
        String[] names = {"q", "k", "v", "probs", "dOut"};
        for (float[] g : new float[][] {dq, dk, dv}) {
            ClChecks.distinct("attentionBackward", g == dq ? "dq" : g == dk ? "dk" : "dv", g, names, q, k, v, probs,
                    dOut);
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer ddq = scope.buffer(qLen), ddk = scope.buffer(kLen), ddv = scope.buffer(vLen);
            attention.backward(scope, s, upQ(scope, s, q), upK(scope, s, k), upV(scope, s, v),
                    host.upload(scope, probs, 0, pLen), host.upload(scope, dOut, 0, oLen), scale, ddq, ddk, ddv);
            host.download(ddq, dq, 0, qLen);
            host.download(ddk, dk, 0, kLen);
            host.download(ddv, dv, 0, vLen);
        }
    }

    private ClBuffer upQ(ClScope scope, AttentionShape s, float[] q) {
        return host.upload(scope, q, 0, (long) s.batch() * s.seqQ() * s.dim());
    }

    private ClBuffer upK(ClScope scope, AttentionShape s, float[] k) {
        return host.upload(scope, k, 0, (long) s.batch() * s.seqK() * s.dim());
    }

    private ClBuffer upV(ClScope scope, AttentionShape s, float[] v) {
        return host.upload(scope, v, 0, (long) s.batch() * s.seqK() * s.dimV());
    }

    /**
     * Saves every live storage whose newest values are on this device to its host array (so no values
     * are lost), then frees the device buffers, kernels, programs and the device context.
     */
    @Override
    public synchronized void close() {
        residency.close();
        device.close();
        gemm.close();
        smallerGemms.forEach(ClGemm::close);
        conv.close();
        attention.close();
        programs.forEach(p -> clReleaseProgram(p));
        pool.close();
        runtime.close();
    }
}
