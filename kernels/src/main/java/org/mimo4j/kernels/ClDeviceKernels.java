package org.mimo4j.kernels;

import static org.jocl.CL.clReleaseProgram;

import java.util.List;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.backend.PoolShape;
import org.mimo4j.engine.tensor.Storage;

/**
 * {@link DeviceKernels} on one OpenCL device: every method checks its storages, makes the inputs
 * current on the device through {@link ClResidency} (an upload only where the host copy is newer),
 * enqueues the kernels on the buffers and marks the outputs as written by the device. Nothing is read
 * back: values reach the host only when someone reads a storage. GEMM, convolution and attention share
 * their launch code with the host-array path ({@link ClGemm}, {@link ClConv}, {@link ClAttention}); the
 * other families are the kernels of {@code elementwise.cl} (its strided-view section through
 * {@link ClStrided}), {@code reduce.cl}, {@code pool.cl},
 * {@code loss.cl}, {@code optim.cl}, {@code index.cl} (through {@link ClIndex}, which also does the checks
 * and residency of its indices) and {@code norm.cl} (whose helper {@link ClNorm} also does the
 * checks and residency of its many optional operands).
 */
final class ClDeviceKernels implements DeviceKernels, AutoCloseable {
    /** The kernel sources this class builds on, in the order {@link #ClDeviceKernels} takes their programs. */
    static final List<String> SOURCES = List.of("elementwise.cl", "reduce.cl", "pool.cl", "loss.cl", "optim.cl",
            "norm.cl", "index.cl");

    private final ClResidency res;
    private final ClLauncher launcher;
    private final ClBufferPool pool;
    private final ClGemm gemm;
    private final ClConv conv;
    private final ClAttention attention;
    private final List<cl_program> programs;
    private final ClElementwise elementwise;
    private final ClReduce reduce;
    private final ClPool pooling;
    private final ClLoss loss;
    private final ClOptim optim;
    private final ClNorm norm;
    private final ClStrided strided;
    private final ClDeviceViews views;
    private final ClIndex indexing;

    /**
     * {@code programs}: built from {@link #SOURCES}, in that order; released by {@link #close()}. {@code cpuDevice}:
     * the device is a CPU, where the strided sums vectorise inside a work-item ({@link ClStrided#sumTo}).
     */
    ClDeviceKernels(ClResidency res, ClBufferPool pool, ClLauncher launcher, ClTuning tuning, ClGemm gemm, ClConv conv,
                    ClAttention attention, List<cl_program> programs, boolean cpuDevice) {
        this.res = res;
        this.launcher = launcher;
        this.pool = pool;
        this.gemm = gemm;
        this.conv = conv;
        this.attention = attention;
        this.programs = programs;
        this.elementwise = new ClElementwise(launcher, tuning, programs.get(0));
        this.reduce = new ClReduce(launcher, tuning, programs.get(1));
        this.pooling = new ClPool(launcher, tuning, programs.get(2));
        this.loss = new ClLoss(launcher, tuning, programs.get(3));
        this.optim = new ClOptim(launcher, tuning, programs.get(4));
        this.norm = new ClNorm(res, pool, launcher, tuning, programs.get(5));
        this.strided = new ClStrided(launcher, reduce, tuning, programs.get(0), cpuDevice);
        this.views = new ClDeviceViews(res, pool, strided, elementwise);
        this.indexing = new ClIndex(res, pool, launcher, tuning, programs.get(6));
    }

    @Override
    public void finish() {
        launcher.finish();
    }

    @Override
    public DeviceScope openScope() {
        return res.openScope();
    }

    @Override
    public Storage allocate(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("allocate: length must be >= 0, got " + length);
        }
        return res.allocate(length);
    }

    @Override
    public void copy(Storage x, Storage y) {
        int n = ClStorageChecks.same("copy", new String[] {"x", "y"}, x, y);
        ClStorageChecks.distinct("copy", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            elementwise.copy(res.read(scope, x), res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    @Override
    public void fill(Storage y, float value) {
        int n = ClStorageChecks.same("fill", new String[] {"y"}, y);
        try (ClScope scope = new ClScope(pool)) {
            elementwise.fill(res.write(scope, y), value, n);
            y.deviceWrote();
        }
    }

    @Override
    public void add(Storage a, Storage b, Storage y) {
        int n = ClStorageChecks.same("add", new String[] {"a", "b", "y"}, a, b, y);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer da = res.read(scope, a), db = res.read(scope, b);
            elementwise.add(da, db, y == a || y == b ? res.read(scope, y) : res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    @Override
    public void axpy(float alpha, Storage x, Storage y) {
        int n = ClStorageChecks.same("axpy", new String[] {"x", "y"}, x, y);
        ClStorageChecks.distinct("axpy", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            elementwise.axpy(alpha, res.read(scope, x), res.read(scope, y), n);
            y.deviceWrote();
        }
    }

    @Override
    public void binary(Arith op, Storage a, Storage b, Storage y) {
        int n = ClStorageChecks.same("binary", new String[] {"a", "y"}, a, y);
        ClStorageChecks.distinct("binary", "y", y, new String[] {"b"}, b);
        int nb = b.length();
        if (nb == 0 ? n != 0 : n % nb != 0) {
            throw new IllegalArgumentException("binary " + op + ": a has " + n + " values, not a multiple of b's " + nb);
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer da = res.read(scope, a), db = res.read(scope, b);
            elementwise.binary(op.ordinal(), da, db, nb, y == a ? da : res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    @Override
    public void scalar(Arith op, Storage x, float c, Storage y) {
        int n = ClStorageChecks.same("scalar", new String[] {"x", "y"}, x, y);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dx = res.read(scope, x);
            elementwise.scalar(op.ordinal(), dx, c, y == x ? dx : res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    @Override
    public void addRowVector(Storage bias, int rows, int cols, Storage y) {
        ClStorageChecks.length("addRowVector", "bias", bias, ClStorageChecks.count("addRowVector", "cols", cols));
        ClStorageChecks.length("addRowVector", "y", y, ClStorageChecks.count("addRowVector", "rows x cols", rows, cols));
        ClStorageChecks.distinct("addRowVector", "y", y, new String[] {"bias"}, bias);
        try (ClScope scope = new ClScope(pool)) {
            elementwise.addRowVector(res.read(scope, bias), rows, cols, res.read(scope, y));
            y.deviceWrote();
        }
    }

    @Override
    public void sumRows(Storage x, int rows, int cols, Storage y) {
        ClStorageChecks.length("sumRows", "x", x, ClStorageChecks.count("sumRows", "rows x cols", rows, cols));
        ClStorageChecks.length("sumRows", "y", y, cols);
        ClStorageChecks.distinct("sumRows", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            reduce.sumRows(res.read(scope, x), rows, cols, res.write(scope, y));
            y.deviceWrote();
        }
    }

    @Override
    public void sumPlanes(Storage x, int n, int channels, int plane, Storage y) {
        ClStorageChecks.length("sumPlanes", "x", x,
                ClStorageChecks.count("sumPlanes", "n x channels x plane", n, channels, plane));
        ClStorageChecks.length("sumPlanes", "y", y, channels);
        ClStorageChecks.distinct("sumPlanes", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            reduce.sumPlanes(res.read(scope, x), n, channels, plane, res.write(scope, y));
            y.deviceWrote();
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      Storage a, int aOff, int lda, long strideA, Storage b, int bOff, int ldb, long strideB,
                      float beta, Storage c, int cOff, int ldc, long strideC, int batch) {
        ClChecks.sgemmSizes(transA, transB, m, n, k, ClStorageChecks.lengthOf(a), aOff, lda, strideA, ClStorageChecks.lengthOf(b), bOff, ldb,
                strideB, ClStorageChecks.lengthOf(c), cOff, ldc, strideC, batch);
        ClStorageChecks.distinct("sgemm", "c", c, new String[] {"a", "b"}, a, b);
        if (m == 0 || n == 0 || batch == 0) {
            return;
        }
        int sa = batch == 1 ? 0 : (int) strideA, sb = batch == 1 ? 0 : (int) strideB;
        int sc = batch == 1 ? 0 : (int) strideC;
        boolean whole = beta == 0 && cOff == 0 && ldc == n && (batch == 1 || sc == m * n)
                && (long) batch * m * n == c.length();
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer da = res.read(scope, a), db = res.read(scope, b);
            ClBuffer dc = whole ? res.write(scope, c) : res.read(scope, c); // partial writes keep the rest
            gemm.sgemm(scope, transA, transB, m, n, k, alpha, da, aOff, lda, sa, db, bOff, ldb, sb, beta, dc, cOff,
                    ldc, sc, batch);
            c.deviceWrote();
        }
    }

    @Override
    public void conv2dForward(Conv2dShape s, Storage x, Storage w, Storage bias, Storage y) {
        convChecks("conv2dForward", x, "x", s.inputSize(), w, "w", s.weightSize(), y, "y", s.outputSize());
        if (bias != null) {
            ClStorageChecks.length("conv2dForward", "bias", bias, s.outChannels());
            ClStorageChecks.distinct("conv2dForward", "y", y, new String[] {"bias"}, bias);
        }
        try (ClScope scope = new ClScope(pool)) {
            conv.forward(scope, s, res.read(scope, x), res.read(scope, w), bias == null ? null : res.read(scope, bias),
                    res.write(scope, y));
            y.deviceWrote();
        }
    }

    @Override
    public void conv2dBackwardData(Conv2dShape s, Storage dy, Storage w, Storage dx) {
        convChecks("conv2dBackwardData", dy, "dy", s.outputSize(), w, "w", s.weightSize(), dx, "dx", s.inputSize());
        try (ClScope scope = new ClScope(pool)) {
            conv.backwardData(scope, s, res.read(scope, dy), res.read(scope, w), res.write(scope, dx));
            dx.deviceWrote();
        }
    }

    @Override
    public void conv2dBackwardWeight(Conv2dShape s, Storage x, Storage dy, Storage dw) {
        convChecks("conv2dBackwardWeight", x, "x", s.inputSize(), dy, "dy", s.outputSize(), dw, "dw", s.weightSize());
        try (ClScope scope = new ClScope(pool)) {
            conv.backwardWeight(scope, s, res.read(scope, x), res.read(scope, dy), res.write(scope, dw));
            dw.deviceWrote();
        }
    }

    @Override
    public void maxPool2dForward(PoolShape p, Storage x, Storage y, boolean relu) {
        ClStorageChecks.length("maxPool2dForward", "x", x, p.inputSize());
        ClStorageChecks.length("maxPool2dForward", "y", y, p.outputSize());
        ClStorageChecks.distinct("maxPool2dForward", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            pooling.forward(p, res.read(scope, x), res.write(scope, y), relu);
            y.deviceWrote();
        }
    }

    @Override
    public void maxPool2dBackward(PoolShape p, Storage x, Storage gy, Storage gx, boolean relu) {
        ClStorageChecks.length("maxPool2dBackward", "x", x, p.inputSize());
        ClStorageChecks.length("maxPool2dBackward", "gy", gy, p.outputSize());
        ClStorageChecks.length("maxPool2dBackward", "gx", gx, p.inputSize());
        ClStorageChecks.distinct("maxPool2dBackward", "gx", gx, new String[] {"x", "gy"}, x, gy);
        try (ClScope scope = new ClScope(pool)) {
            pooling.backward(p, res.read(scope, x), res.read(scope, gy), res.write(scope, gx), relu);
            gx.deviceWrote();
        }
    }

    @Override
    public void crossEntropyForward(int rows, int classes, Storage logits, Storage labels, float smoothing,
                                    boolean mean, Storage logProbs, Storage lossOut) {
        String op = "crossEntropyForward";
        ClStorageChecks.length(op, "logits", logits, ClStorageChecks.count(op, "rows x classes", rows, classes));
        ClStorageChecks.length(op, "labels", labels, rows);
        ClStorageChecks.length(op, "logProbs", logProbs, (long) rows * classes);
        ClStorageChecks.length(op, "loss", lossOut, 1);
        String[] names = {"logits", "labels"};
        ClStorageChecks.distinct(op, "logProbs", logProbs, names, logits, labels);
        ClStorageChecks.distinct(op, "loss", lossOut, new String[] {"logits", "labels", "logProbs"}, logits, labels,
                logProbs);
        try (ClScope scope = new ClScope(pool)) {
            loss.forward(rows, classes, res.read(scope, logits), res.read(scope, labels), smoothing, mean,
                    res.write(scope, logProbs), res.write(scope, lossOut));
            logProbs.deviceWrote();
            lossOut.deviceWrote();
        }
    }

    @Override
    public void crossEntropyBackward(int rows, int classes, Storage logProbs, Storage labels, float smoothing,
                                     boolean mean, Storage gy, Storage gx) {
        String op = "crossEntropyBackward";
        ClStorageChecks.length(op, "logProbs", logProbs, ClStorageChecks.count(op, "rows x classes", rows, classes));
        ClStorageChecks.length(op, "labels", labels, rows);
        ClStorageChecks.length(op, "gy", gy, 1);
        ClStorageChecks.length(op, "gx", gx, (long) rows * classes);
        ClStorageChecks.distinct(op, "gx", gx, new String[] {"logProbs", "labels", "gy"}, logProbs, labels, gy);
        try (ClScope scope = new ClScope(pool)) {
            loss.backward(rows, classes, res.read(scope, logProbs), res.read(scope, labels), smoothing, mean,
                    res.read(scope, gy), res.write(scope, gx));
            gx.deviceWrote();
        }
    }

    @Override
    public void sgdUpdate(Storage[] w, Storage[] g, Storage[] buffers, float lr, float momentum, boolean nesterov,
                          float weightDecay) {
        if ((buffers == null) != (momentum == 0)) {
            throw new IllegalArgumentException("sgdUpdate: the momentum buffers must be given exactly when momentum"
                    + " > 0 (momentum " + momentum + ", buffers " + (buffers == null ? "null" : "given") + ")");
        }
        int[] n = ClStorageChecks.tensorLengths("sgdUpdate", new String[] {"w", "g", "buffers"}, w, g, buffers);
        ClStorageChecks.writtenOnce("sgdUpdate", g, w, buffers);
        try (ClScope scope = new ClScope(pool)) {
            optim.sgd(read(scope, w), read(scope, g), buffers == null ? null : read(scope, buffers), n, lr, momentum,
                    nesterov, weightDecay);
            deviceWrote(w);
            deviceWrote(buffers);
        }
    }

    @Override
    public void adamUpdate(Storage[] w, Storage[] g, Storage[] m, Storage[] v, float lr, float beta1, float beta2,
                           float eps, float l2, float shrink, float c1, float c2) {
        int[] n = ClStorageChecks.tensorLengths("adamUpdate", new String[] {"w", "g", "m", "v"}, w, g, m, v);
        ClStorageChecks.writtenOnce("adamUpdate", g, w, m, v);
        try (ClScope scope = new ClScope(pool)) {
            optim.adam(read(scope, w), read(scope, g), read(scope, m), read(scope, v), n, lr, beta1, beta2, eps, l2,
                    shrink, c1, c2);
            deviceWrote(w);
            deviceWrote(m);
            deviceWrote(v);
        }
    }

    private ClBuffer[] read(ClScope scope, Storage[] storages) {
        ClBuffer[] out = new ClBuffer[storages.length];
        for (int i = 0; i < storages.length; i++) {
            out[i] = res.read(scope, storages[i]);
        }
        return out;
    }

    private static void deviceWrote(Storage[] storages) {
        for (int i = 0; storages != null && i < storages.length; i++) {
            storages[i].deviceWrote();
        }
    }

    // ---------------------------------------------------------------- softmax and normalisation

    @Override
    public void softmaxForward(int outer, int len, int inner, boolean log, Storage x, Storage y) {
        norm.softmaxForward(outer, len, inner, log, x, y);
    }

    @Override
    public void softmaxBackward(int outer, int len, int inner, boolean log, Storage y, Storage gy, Storage gx) {
        norm.softmaxBackward(outer, len, inner, log, y, gy, gx);
    }

    @Override
    public void layerNormForward(int rows, int cols, float eps, Storage x, Storage gamma, Storage beta, Storage y,
                                 Storage xhat, Storage invStd) {
        norm.layerNormForward(rows, cols, eps, x, gamma, beta, y, xhat, invStd);
    }

    @Override
    public void layerNormBackward(int rows, int cols, Storage xhat, Storage invStd, Storage gamma, Storage gy,
                                  Storage gx, Storage dGamma, Storage dBeta) {
        norm.layerNormBackward(rows, cols, xhat, invStd, gamma, gy, gx, dGamma, dBeta);
    }

    @Override
    public void batchNormForward(int n, int channels, int plane, boolean training, float momentum, float eps,
                                 Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
                                 Storage y, Storage xhat, Storage invStd) {
        norm.batchNormForward(n, channels, plane, training, momentum, eps, x, gamma, beta, runningMean, runningVar, y,
                xhat, invStd);
    }

    @Override
    public void batchNormBackward(int n, int channels, int plane, boolean training, Storage xhat, Storage invStd,
                                  Storage gamma, Storage gy, Storage gx, Storage dGamma, Storage dBeta) {
        norm.batchNormBackward(n, channels, plane, training, xhat, invStd, gamma, gy, gx, dGamma, dBeta);
    }

    // --- attention (ClAttention, owned by the backend: its host-array path runs the same launches) ---

    @Override
    public void attentionForward(AttentionShape s, Storage q, Storage k, Storage v, Storage mask, float scale,
                                 Storage out, Storage probs) {
        String op = "attentionForward";
        attentionInputs(op, s, q, k, v);
        if (mask != null) {
            ClStorageChecks.length(op, "mask", mask, (long) s.seqQ() * s.seqK());
        }
        ClStorageChecks.length(op, "out", out, (long) s.batch() * s.seqQ() * s.dimV());
        ClStorageChecks.length(op, "probs", probs, (long) s.batch() * s.seqQ() * s.seqK());
        String[] names = {"q", "k", "v", "mask"};
        ClStorageChecks.distinct(op, "out", out, names, q, k, v, mask);
        ClStorageChecks.distinct(op, "probs", probs, names, q, k, v, mask);
        ClStorageChecks.distinct(op, "out", out, new String[] {"probs"}, probs);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer dq = res.read(scope, q), dk = res.read(scope, k), dv = res.read(scope, v);
            ClBuffer dm = mask == null ? null : res.read(scope, mask);
            attention.forward(scope, s, dq, dk, dv, dm, scale, res.write(scope, out), res.write(scope, probs));
            out.deviceWrote();
            probs.deviceWrote();
        }
    }

    @Override
    public void attentionBackward(AttentionShape s, Storage q, Storage k, Storage v, Storage probs, Storage dOut,
                                  float scale, Storage dq, Storage dk, Storage dv) {
        String op = "attentionBackward";
        attentionInputs(op, s, q, k, v);
        ClStorageChecks.length(op, "probs", probs, (long) s.batch() * s.seqQ() * s.seqK());
        ClStorageChecks.length(op, "dOut", dOut, (long) s.batch() * s.seqQ() * s.dimV());
        String[] names = {"q", "k", "v", "probs", "dOut"};
        Storage[] grads = {dq, dk, dv};
        Storage[] like = {q, k, v};
        String[] gradNames = {"dq", "dk", "dv"};
        for (int i = 0; i < 3; i++) {
            if (grads[i] != null) {
                ClStorageChecks.length(op, gradNames[i], grads[i], like[i].length());
                ClStorageChecks.distinct(op, gradNames[i], grads[i], names, q, k, v, probs, dOut);
                ClStorageChecks.distinct(op, gradNames[i], grads[i], gradNames, i == 0 ? null : dq,
                        i == 1 ? null : dk, i == 2 ? null : dv);
            }
        }
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer bq = res.read(scope, q), bk = res.read(scope, k), bv = res.read(scope, v);
            ClBuffer bp = res.read(scope, probs), bg = res.read(scope, dOut);
            attention.backward(scope, s, bq, bk, bv, bp, bg, scale, dq == null ? null : res.write(scope, dq),
                    dk == null ? null : res.write(scope, dk), dv == null ? null : res.write(scope, dv));
            for (Storage g : grads) {
                if (g != null) {
                    g.deviceWrote();
                }
            }
        }
    }

    private static void attentionInputs(String op, AttentionShape s, Storage q, Storage k, Storage v) {
        ClStorageChecks.length(op, "q", q, (long) s.batch() * s.seqQ() * s.dim());
        ClStorageChecks.length(op, "k", k, (long) s.batch() * s.seqK() * s.dim());
        ClStorageChecks.length(op, "v", v, (long) s.batch() * s.seqK() * s.dimV());
    }

    // ---- strided views, broadcasting and reductions to a shape (ClDeviceViews), average pooling ----

    @Override
    public void gather(int[] shape, Storage x, int offset, int[] strides, Storage y) {
        views.gather(shape, x, offset, strides, y);
    }

    @Override
    public void scatter(int[] shape, Storage x, Storage y, int offset, int[] strides) {
        views.scatter(shape, x, y, offset, strides);
    }

    @Override
    public void broadcastBinary(Arith op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
                                int[] bStrides, Storage y) {
        views.broadcastBinary(op, shape, a, aOff, aStrides, b, bOff, bStrides, y);
    }

    @Override
    public void sumTo(int[] gShape, Storage g, int[] target, Storage y) {
        views.sumTo(gShape, g, target, y);
    }

    @Override
    public void maxTo(int[] xShape, Storage x, int[] target, Storage y, Storage argmax) {
        views.maxTo(xShape, x, target, y, argmax);
    }

    @Override
    public void maxToBackward(Storage argmax, Storage gy, Storage gx) {
        views.maxToBackward(argmax, gy, gx);
    }

    // ---- picking by index: IndexSelect, Gather and Embedding (ClIndex) ----

    @Override
    public void indexSelect(int outer, int axisSize, int inner, Storage x, Storage index, Storage y) {
        indexing.indexSelect(outer, axisSize, inner, x, index, y);
    }

    @Override
    public void indexSelectBackward(int outer, int axisSize, int inner, Storage inverse, Storage gy, Storage gx) {
        indexing.indexSelectBackward(outer, axisSize, inner, inverse, gy, gx);
    }

    @Override
    public void gatherAxis(int axisSize, int inner, Storage x, Storage index, Storage y) {
        indexing.gatherAxis(axisSize, inner, x, index, y);
    }

    @Override
    public void gatherAxisBackward(int axisSize, int inner, Storage index, Storage gy, Storage gx) {
        indexing.gatherAxisBackward(axisSize, inner, index, gy, gx);
    }





    @Override
    public void avgPool2dForward(PoolShape p, Storage x, Storage y) {
        ClStorageChecks.length("avgPool2dForward", "x", x, p.inputSize());
        ClStorageChecks.length("avgPool2dForward", "y", y, p.outputSize());
        ClStorageChecks.distinct("avgPool2dForward", "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            pooling.avgForward(p, res.read(scope, x), res.write(scope, y));
            y.deviceWrote();
        }
    }

    @Override
    public void avgPool2dBackward(PoolShape p, Storage gy, Storage gx) {
        ClStorageChecks.length("avgPool2dBackward", "gy", gy, p.outputSize());
        ClStorageChecks.length("avgPool2dBackward", "gx", gx, p.inputSize());
        ClStorageChecks.distinct("avgPool2dBackward", "gx", gx, new String[] {"gy"}, gy);
        try (ClScope scope = new ClScope(pool)) {
            pooling.avgBackward(p, res.read(scope, gy), res.write(scope, gx));
            gx.deviceWrote();
        }
    }

    // ---- unary elementwise ops ----

    @Override
    public void unary(Unary op, Storage x, float a, float b, Storage y) {
        int n = ClStorageChecks.same("unary " + op, new String[] {"x", "y"}, x, y);
        ClStorageChecks.distinct("unary " + op, "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            elementwise.unary(op, res.read(scope, x), a, b, res.write(scope, y), n);
            y.deviceWrote();
        }
    }

    @Override
    public void unaryBackward(Unary op, Storage x, Storage y, Storage gy, float a, float b, Storage gx) {
        String name = "unaryBackward " + op;
        int n = ClStorageChecks.same(name, new String[] {"x", "y", "gy", "gx"}, x, y, gy, gx);
        ClStorageChecks.distinct(name, "gx", gx, new String[] {"x", "y", "gy"}, x, y, gy);
        try (ClScope scope = new ClScope(pool)) {
            elementwise.unaryBackward(op, res.read(scope, x), res.read(scope, y), res.read(scope, gy), a, b,
                    res.write(scope, gx), n);
            gx.deviceWrote();
        }
    }



    private static void convChecks(String op, Storage in1, String n1, long need1, Storage in2, String n2, long need2,
                                   Storage out, String nOut, long needOut) {
        ClStorageChecks.length(op, n1, in1, need1);
        ClStorageChecks.length(op, n2, in2, need2);
        ClStorageChecks.length(op, nOut, out, needOut);
        ClStorageChecks.distinct(op, nOut, out, new String[] {n1, n2}, in1, in2);
    }

    @Override
    public void close() {
        elementwise.close();
        strided.close();
        reduce.close();
        pooling.close();
        loss.close();
        optim.close();
        norm.close();
        indexing.close();
        programs.forEach(p -> clReleaseProgram(p));
    }
}
