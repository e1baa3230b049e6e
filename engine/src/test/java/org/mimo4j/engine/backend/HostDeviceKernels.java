package org.mimo4j.engine.backend;

import java.util.Arrays;
import org.mimo4j.engine.ops.elementwise.Relu;
import org.mimo4j.engine.ops.elementwise.UnaryHost;
import org.mimo4j.engine.ops.nn.AvgPool2d;
import org.mimo4j.engine.ops.nn.BatchNorm;
import org.mimo4j.engine.ops.nn.CrossEntropy;
import org.mimo4j.engine.ops.nn.LayerNorm;
import org.mimo4j.engine.ops.nn.Softmax;
import org.mimo4j.engine.ops.reduce.Max;
import org.mimo4j.engine.ops.shape.Gather;
import org.mimo4j.engine.ops.shape.IndexSelect;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.optim.Sgd;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;

/**
 * A test double of a device backend's kernels that runs on the CPU but keeps its own "device" arrays
 * ({@link HostDeviceMemory}): the engine's residency logic (what goes up, what comes down, which side
 * is current) is exercised exactly as with OpenCL, and any slip shows up as wrong numbers or as an
 * unexpected transfer count. The math is the ops' host loops, copied, and the CPU backend's sgemm,
 * conv and attention kernels, so results equal the host path bit for bit where the loops are the same.
 *
 * <p>Checks what the contract promises to check: lengths, and outputs that alias inputs.
 */
public final class HostDeviceKernels implements DeviceKernels {
    private final Backend cpu;
    private final HostDeviceMemory mem = new HostDeviceMemory();
    /** Calls of sgdUpdate and adamUpdate, each of any number of tensors. */
    private int updateCalls;

    /** Kernels whose sgemm, conv2d and attention are {@code cpu}'s. */
    public HostDeviceKernels(Backend cpu) {
        this.cpu = cpu;
    }

    /** The transfer counters. */
    public HostDeviceMemory memory() {
        return mem;
    }

    /** How many optimizer update calls (sgdUpdate, adamUpdate) these kernels got. */
    public int updateCalls() {
        return updateCalls;
    }

    @Override
    public DeviceScope openScope() {
        return mem.openScope();
    }

    @Override
    public Storage allocate(int length) {
        return mem.allocate(length);
    }

    @Override
    public void copy(Storage x, Storage y) {
        same("copy", x, y);
        distinct("copy", y, x);
        float[] a = mem.in(x);
        System.arraycopy(a, 0, mem.out(y), 0, a.length);
        mem.wrote(y);
    }

    @Override
    public void fill(Storage y, float value) {
        Arrays.fill(mem.out(y), value);
        mem.wrote(y);
    }

    @Override
    public void add(Storage a, Storage b, Storage y) {
        same("add", a, b);
        same("add", a, y);
        float[] x1 = mem.in(a);
        float[] x2 = mem.in(b);
        float[] o = y == a ? x1 : y == b ? x2 : mem.out(y);
        for (int i = 0; i < o.length; i++) {
            o[i] = x1[i] + x2[i];
        }
        mem.wrote(y);
    }

    @Override
    public void axpy(float alpha, Storage x, Storage y) {
        same("axpy", x, y);
        distinct("axpy", y, x);
        float[] a = mem.in(x);
        float[] o = mem.in(y);
        for (int i = 0; i < o.length; i++) {
            o[i] += alpha * a[i];
        }
        mem.wrote(y);
    }

    @Override
    public void binary(Arith op, Storage a, Storage b, Storage y) {
        same("binary", a, y);
        distinct("binary", y, b);
        int nb = b.length();
        if (nb == 0 ? a.length() != 0 : a.length() % nb != 0) {
            throw new IllegalArgumentException("binary: a has " + a.length() + " values, not a multiple of b's " + nb);
        }
        float[] x1 = mem.in(a);
        float[] x2 = mem.in(b);
        float[] o = y == a ? x1 : mem.out(y);
        for (int i = 0; i < o.length; i++) {
            o[i] = HostDeviceMath.arith(op, x1[i], x2[i % nb]);
        }
        mem.wrote(y);
    }

    @Override
    public void scalar(Arith op, Storage x, float c, Storage y) {
        same("scalar", x, y);
        float[] a = mem.in(x);
        float[] o = y == x ? a : mem.out(y);
        for (int i = 0; i < o.length; i++) {
            o[i] = HostDeviceMath.arith(op, a[i], c);
        }
        mem.wrote(y);
    }

    @Override
    public void addRowVector(Storage bias, int rows, int cols, Storage y) {
        length("addRowVector bias", bias, cols);
        length("addRowVector y", y, (long) rows * cols);
        distinct("addRowVector", y, bias);
        float[] b = mem.in(bias);
        float[] o = mem.in(y);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                o[r * cols + c] += b[c];
            }
        }
        mem.wrote(y);
    }

    @Override
    public void sumRows(Storage x, int rows, int cols, Storage y) {
        length("sumRows x", x, (long) rows * cols);
        length("sumRows y", y, cols);
        distinct("sumRows", y, x);
        float[] a = mem.in(x);
        float[] o = mem.out(y);
        Arrays.fill(o, 0f);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                o[c] += a[r * cols + c];
            }
        }
        mem.wrote(y);
    }

    @Override
    public void sumPlanes(Storage x, int n, int channels, int plane, Storage y) {
        length("sumPlanes x", x, (long) n * channels * plane);
        length("sumPlanes y", y, channels);
        distinct("sumPlanes", y, x);
        float[] a = mem.in(x);
        float[] o = mem.out(y);
        Arrays.fill(o, 0f);
        for (int b = 0, i = 0; b < n; b++) {
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                for (int p = 0; p < plane; p++) {
                    sum += a[i++];
                }
                o[c] += (float) sum;
            }
        }
        mem.wrote(y);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      Storage a, int aOff, int lda, long strideA, Storage b, int bOff, int ldb, long strideB,
                      float beta, Storage c, int cOff, int ldc, long strideC, int batch) {
        distinct("sgemm", c, a, b);
        float[] cv = beta == 0 ? mem.out(c) : mem.in(c);
        cpu.sgemm(transA, transB, m, n, k, alpha, mem.in(a), aOff, lda, strideA, mem.in(b), bOff, ldb, strideB,
                beta, cv, cOff, ldc, strideC, batch);
        mem.wrote(c);
    }

    @Override
    public void conv2dForward(Conv2dShape s, Storage x, Storage w, Storage bias, Storage y) {
        distinct("conv2dForward", y, x, w, bias);
        float[] b = bias == null ? null : mem.in(bias);
        cpu.conv2dForward(s, mem.in(x), mem.in(w), b, mem.out(y));
        mem.wrote(y);
    }

    @Override
    public void conv2dBackwardData(Conv2dShape s, Storage dy, Storage w, Storage dx) {
        distinct("conv2dBackwardData", dx, dy, w);
        cpu.conv2dBackwardData(s, mem.in(dy), mem.in(w), mem.out(dx));
        mem.wrote(dx);
    }

    @Override
    public void conv2dBackwardWeight(Conv2dShape s, Storage x, Storage dy, Storage dw) {
        distinct("conv2dBackwardWeight", dw, x, dy);
        cpu.conv2dBackwardWeight(s, mem.in(x), mem.in(dy), mem.out(dw));
        mem.wrote(dw);
    }

    @Override
    public void maxPool2dForward(PoolShape p, Storage x, Storage y, boolean relu) {
        length("maxPool2dForward x", x, p.inputSize());
        length("maxPool2dForward y", y, p.outputSize());
        distinct("maxPool2dForward", y, x);
        float[] d = mem.in(x);
        float[] o = mem.out(y);
        int[] arg = HostDeviceMath.argmax(p, d);
        for (int i = 0; i < o.length; i++) {
            o[i] = relu ? Relu.of(d[arg[i]]) : d[arg[i]];
        }
        mem.wrote(y);
    }

    @Override
    public void maxPool2dBackward(PoolShape p, Storage x, Storage gy, Storage gx, boolean relu) {
        length("maxPool2dBackward x", x, p.inputSize());
        length("maxPool2dBackward gy", gy, p.outputSize());
        length("maxPool2dBackward gx", gx, p.inputSize());
        distinct("maxPool2dBackward", gx, x, gy);
        float[] d = mem.in(x);
        int[] arg = HostDeviceMath.argmax(p, d);
        float[] g = mem.in(gy);
        float[] o = mem.out(gx);
        Arrays.fill(o, 0f);
        for (int i = 0; i < g.length; i++) {
            o[arg[i]] += relu ? Relu.gradient(d[arg[i]], g[i]) : g[i];
        }
        mem.wrote(gx);
    }

    @Override
    public void crossEntropyForward(int rows, int classes, Storage logits, Storage labels, float smoothing, boolean mean,
                                    Storage logProbs, Storage loss) {
        length("crossEntropyForward logits", logits, (long) rows * classes);
        length("crossEntropyForward labels", labels, rows);
        length("crossEntropyForward logProbs", logProbs, (long) rows * classes);
        length("crossEntropyForward loss", loss, 1);
        distinct("crossEntropyForward", logProbs, logits, labels);
        distinct("crossEntropyForward", loss, logits, labels, logProbs);
        float[] lp = mem.out(logProbs);
        float[] l = mem.out(loss);
        l[0] = CrossEntropy.hostForward(rows, classes, mem.in(logits), HostDeviceMath.classes(mem.in(labels)), smoothing,
                mean, lp);
        mem.wrote(logProbs);
        mem.wrote(loss);
    }

    @Override
    public void crossEntropyBackward(int rows, int classes, Storage logProbs, Storage labels, float smoothing,
                                     boolean mean, Storage gy, Storage gx) {
        length("crossEntropyBackward logProbs", logProbs, (long) rows * classes);
        length("crossEntropyBackward labels", labels, rows);
        length("crossEntropyBackward gy", gy, 1);
        length("crossEntropyBackward gx", gx, (long) rows * classes);
        distinct("crossEntropyBackward", gx, logProbs, labels, gy);
        CrossEntropy.hostBackward(rows, classes, mem.in(logProbs), HostDeviceMath.classes(mem.in(labels)), smoothing, mean,
                mem.in(gy)[0], mem.out(gx));
        mem.wrote(gx);
    }

    @Override
    public void sgdUpdate(Storage[] ws, Storage[] gs, Storage[] buffers, float lr, float momentum, boolean nesterov,
                          float weightDecay) {
        updateCalls++;
        for (int i = 0; i < ws.length; i++) {
            Storage w = ws[i], g = gs[i], buffer = buffers == null ? null : buffers[i];
            same("sgdUpdate", w, g);
            distinct("sgdUpdate", w, g, buffer);
            if (buffer != null) {
                same("sgdUpdate", w, buffer);
                distinct("sgdUpdate", buffer, g);
            }
            float[] b = buffer == null ? null : mem.in(buffer);
            Sgd.apply(mem.in(w), mem.in(g), b, lr, momentum, nesterov, weightDecay);
            mem.wrote(w);
            if (buffer != null) {
                mem.wrote(buffer);
            }
        }
    }

    @Override
    public void adamUpdate(Storage[] ws, Storage[] gs, Storage[] ms, Storage[] vs, float lr, float beta1, float beta2,
                           float eps, float l2, float shrink, float c1, float c2) {
        updateCalls++;
        for (int i = 0; i < ws.length; i++) {
            Storage w = ws[i], g = gs[i], m = ms[i], v = vs[i];
            same("adamUpdate", w, g);
            same("adamUpdate", w, m);
            same("adamUpdate", w, v);
            distinct("adamUpdate", w, g, m, v);
            distinct("adamUpdate", m, g, v);
            distinct("adamUpdate", v, g);
            Adam.apply(mem.in(w), mem.in(g), mem.in(m), mem.in(v), lr, beta1, beta2, eps, l2, shrink, c1, c2);
            mem.wrote(w);
            mem.wrote(m);
            mem.wrote(v);
        }
    }

    // ---------------------------------------------------------------- softmax and normalisation

    @Override
    public void softmaxForward(int outer, int len, int inner, boolean log, Storage x, Storage y) {
        length("softmaxForward x", x, (long) outer * len * inner);
        same("softmaxForward", x, y);
        distinct("softmaxForward", y, x);
        Softmax.hostForward(outer, len, inner, log, mem.in(x), mem.out(y));
        mem.wrote(y);
    }

    @Override
    public void softmaxBackward(int outer, int len, int inner, boolean log, Storage y, Storage gy, Storage gx) {
        length("softmaxBackward y", y, (long) outer * len * inner);
        same("softmaxBackward", y, gy);
        same("softmaxBackward", y, gx);
        distinct("softmaxBackward", gx, y, gy);
        Softmax.hostBackward(outer, len, inner, log, mem.in(y), mem.in(gy), mem.out(gx));
        mem.wrote(gx);
    }

    @Override
    public void layerNormForward(int rows, int cols, float eps, Storage x, Storage gamma, Storage beta, Storage y,
                                 Storage xhat, Storage invStd) {
        length("layerNormForward x", x, (long) rows * cols);
        optional("layerNormForward gamma", gamma, cols);
        optional("layerNormForward beta", beta, cols);
        same("layerNormForward", x, y);
        same("layerNormForward", x, xhat);
        length("layerNormForward invStd", invStd, rows);
        for (Storage out : new Storage[] {y, xhat, invStd}) {
            distinct("layerNormForward", out, x, gamma, beta);
        }
        LayerNorm.hostForward(rows, cols, eps, mem.in(x), in(gamma), in(beta), mem.out(y), mem.out(xhat),
                mem.out(invStd));
        wrote(y, xhat, invStd);
    }

    @Override
    public void layerNormBackward(int rows, int cols, Storage xhat, Storage invStd, Storage gamma, Storage gy,
                                  Storage gx, Storage dGamma, Storage dBeta) {
        length("layerNormBackward xhat", xhat, (long) rows * cols);
        length("layerNormBackward invStd", invStd, rows);
        optional("layerNormBackward gamma", gamma, cols);
        same("layerNormBackward", xhat, gy);
        optional("layerNormBackward gx", gx, (long) rows * cols);
        optional("layerNormBackward dGamma", dGamma, cols);
        optional("layerNormBackward dBeta", dBeta, cols);
        for (Storage out : new Storage[] {gx, dGamma, dBeta}) {
            distinct("layerNormBackward", out, xhat, invStd, gamma, gy);
        }
        LayerNorm.hostBackward(rows, cols, mem.in(xhat), mem.in(invStd), in(gamma), mem.in(gy), out(gx), out(dGamma),
                out(dBeta));
        wrote(gx, dGamma, dBeta);
    }

    @Override
    public void batchNormForward(int n, int channels, int plane, boolean training, float momentum, float eps,
                                 Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
                                 Storage y, Storage xhat, Storage invStd) {
        length("batchNormForward x", x, (long) n * channels * plane);
        for (Storage s : new Storage[] {gamma, beta, runningMean, runningVar}) {
            optional("batchNormForward parameter/statistic", s, channels);
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException("batchNormForward: evaluation needs runningMean and runningVar");
        }
        same("batchNormForward", x, y);
        same("batchNormForward", x, xhat);
        length("batchNormForward invStd", invStd, channels);
        for (Storage out : new Storage[] {y, xhat, invStd}) {
            distinct("batchNormForward", out, x, gamma, beta, runningMean, runningVar);
        }
        BatchNorm.hostForward(n, channels, plane, training, momentum, eps, mem.in(x), in(gamma), in(beta),
                in(runningMean), in(runningVar), mem.out(y), mem.out(xhat), mem.out(invStd));
        wrote(y, xhat, invStd);
        if (training) {
            wrote(runningMean, runningVar);
        }
    }

    @Override
    public void batchNormBackward(int n, int channels, int plane, boolean training, Storage xhat, Storage invStd,
                                  Storage gamma, Storage gy, Storage gx, Storage dGamma, Storage dBeta) {
        length("batchNormBackward xhat", xhat, (long) n * channels * plane);
        length("batchNormBackward invStd", invStd, channels);
        optional("batchNormBackward gamma", gamma, channels);
        same("batchNormBackward", xhat, gy);
        optional("batchNormBackward gx", gx, (long) n * channels * plane);
        optional("batchNormBackward dGamma", dGamma, channels);
        optional("batchNormBackward dBeta", dBeta, channels);
        for (Storage out : new Storage[] {gx, dGamma, dBeta}) {
            distinct("batchNormBackward", out, xhat, invStd, gamma, gy);
        }
        BatchNorm.hostBackward(n, channels, plane, training, mem.in(xhat), mem.in(invStd), in(gamma), mem.in(gy),
                out(gx), out(dGamma), out(dBeta));
        wrote(gx, dGamma, dBeta);
    }

    /** The device values of an optional input, null for null. */
    private float[] in(Storage s) {
        return s == null ? null : mem.in(s);
    }

    /** The device array of an optional output, null for null. */
    private float[] out(Storage s) {
        return s == null ? null : mem.out(s);
    }

    /** Marks the given outputs, skipping null ones, as written on the device. */
    private void wrote(Storage... outs) {
        for (Storage s : outs) {
            if (s != null) {
                mem.wrote(s);
            }
        }
    }

    // --- attention: the CPU backend's AttentionCpu on the device arrays ---

    @Override
    public void attentionForward(AttentionShape s, Storage q, Storage k, Storage v, Storage mask, float scale,
                                 Storage out, Storage probs) {
        attentionInputs("attentionForward", s, q, k, v);
        if (mask != null) {
            length("attentionForward mask", mask, (long) s.seqQ() * s.seqK());
        }
        length("attentionForward out", out, (long) s.batch() * s.seqQ() * s.dimV());
        length("attentionForward probs", probs, (long) s.batch() * s.seqQ() * s.seqK());
        distinct("attentionForward", out, q, k, v, mask, probs);
        distinct("attentionForward", probs, q, k, v, mask);
        cpu.attentionForward(s, mem.in(q), mem.in(k), mem.in(v), mask == null ? null : mem.in(mask), scale,
                mem.out(out), mem.out(probs));
        mem.wrote(out);
        mem.wrote(probs);
    }

    @Override
    public void attentionBackward(AttentionShape s, Storage q, Storage k, Storage v, Storage probs, Storage dOut,
                                  float scale, Storage dq, Storage dk, Storage dv) {
        attentionInputs("attentionBackward", s, q, k, v);
        length("attentionBackward probs", probs, (long) s.batch() * s.seqQ() * s.seqK());
        length("attentionBackward dOut", dOut, (long) s.batch() * s.seqQ() * s.dimV());
        Storage[] grads = {dq, dk, dv};
        Storage[] like = {q, k, v};
        float[][] arrays = new float[3][];
        for (int i = 0; i < 3; i++) {
            if (grads[i] != null) {
                length("attentionBackward gradient " + i, grads[i], like[i].length());
                distinct("attentionBackward", grads[i], q, k, v, probs, dOut);
            }
        }
        float[] qa = mem.in(q), ka = mem.in(k), va = mem.in(v), pa = mem.in(probs), ga = mem.in(dOut);
        for (int i = 0; i < 3; i++) {
            arrays[i] = grads[i] == null ? new float[like[i].length()] : mem.out(grads[i]);
        }
        cpu.attentionBackward(s, qa, ka, va, pa, ga, scale, arrays[0], arrays[1], arrays[2]);
        for (Storage g : grads) {
            if (g != null) {
                mem.wrote(g);
            }
        }
    }

    private static void optional(String what, Storage s, long expected) {
        if (s != null) {
            length(what, s, expected);
        }
    }

    private static void attentionInputs(String kernel, AttentionShape s, Storage q, Storage k, Storage v) {
        length(kernel + " q", q, (long) s.batch() * s.seqQ() * s.dim());
        length(kernel + " k", k, (long) s.batch() * s.seqK() * s.dim());
        length(kernel + " v", v, (long) s.batch() * s.seqK() * s.dimV());
    }

    // ---- strided views, general broadcasting and average pooling ----

    @Override
    public void gather(int[] shape, Storage x, int offset, int[] strides, Storage y) {
        length("gather y", y, Shapes.numel(shape));
        distinct("gather", y, x);
        float[] v = Strided.materialise(mem.in(x), shape, strides, offset);
        System.arraycopy(v, 0, mem.out(y), 0, v.length);
        mem.wrote(y);
    }

    @Override
    public void scatter(int[] shape, Storage x, Storage y, int offset, int[] strides) {
        length("scatter x", x, Shapes.numel(shape));
        distinct("scatter", y, x);
        Strided.scatter(mem.in(x), shape, mem.in(y), strides, offset);
        mem.wrote(y);
    }

    @Override
    public void broadcastBinary(Arith op, int[] shape, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
                                int[] bStrides, Storage y) {
        length("broadcastBinary y", y, Shapes.numel(shape));
        distinct("broadcastBinary", y, a, b);
        float[] x1 = Strided.materialise(mem.in(a), shape, aStrides, aOff);
        float[] x2 = Strided.materialise(mem.in(b), shape, bStrides, bOff);
        float[] o = mem.out(y);
        for (int i = 0; i < o.length; i++) {
            o[i] = HostDeviceMath.arith(op, x1[i], x2[i]);
        }
        mem.wrote(y);
    }

    @Override
    public void sumTo(int[] gShape, Storage g, int[] target, Storage y) {
        length("sumTo g", g, Shapes.numel(gShape));
        length("sumTo y", y, Shapes.numel(target));
        distinct("sumTo", y, g);
        float[] v = Strided.sumTo(mem.in(g), gShape, target);
        System.arraycopy(v, 0, mem.out(y), 0, v.length);
        mem.wrote(y);
    }

    @Override
    public void avgPool2dForward(PoolShape p, Storage x, Storage y) {
        length("avgPool2dForward x", x, p.inputSize());
        length("avgPool2dForward y", y, p.outputSize());
        distinct("avgPool2dForward", y, x);
        AvgPool2d.hostForward(p, mem.in(x), mem.out(y));
        mem.wrote(y);
    }

    @Override
    public void avgPool2dBackward(PoolShape p, Storage gy, Storage gx) {
        length("avgPool2dBackward gy", gy, p.outputSize());
        length("avgPool2dBackward gx", gx, p.inputSize());
        distinct("avgPool2dBackward", gx, gy);
        AvgPool2d.hostBackward(p, mem.in(gy), mem.out(gx));
        mem.wrote(gx);
    }

    // ---- unary elementwise ops and reductions over axes ----

    @Override
    public void unary(Unary op, Storage x, float a, float b, Storage y) {
        same("unary " + op, x, y);
        distinct("unary " + op, y, x);
        UnaryHost.forward(op, mem.in(x), a, b, mem.out(y));
        mem.wrote(y);
    }

    @Override
    public void unaryBackward(Unary op, Storage x, Storage y, Storage gy, float a, float b, Storage gx) {
        same("unaryBackward " + op, x, y);
        same("unaryBackward " + op, x, gy);
        same("unaryBackward " + op, x, gx);
        distinct("unaryBackward " + op, gx, x, y, gy);
        UnaryHost.backward(op, mem.in(x), mem.in(y), mem.in(gy), a, b, mem.out(gx));
        mem.wrote(gx);
    }

    @Override
    public void maxTo(int[] xShape, Storage x, int[] target, Storage y, Storage argmax) {
        length("maxTo x", x, Shapes.numel(xShape));
        length("maxTo y", y, Shapes.numel(target));
        length("maxTo argmax", argmax, Shapes.numel(target));
        distinct("maxTo", y, x, argmax);
        distinct("maxTo", argmax, x);
        Max.hostForward(xShape, mem.in(x), target, mem.out(y), mem.out(argmax));
        wrote(y, argmax);
    }

    @Override
    public void maxToBackward(Storage argmax, Storage gy, Storage gx) {
        same("maxToBackward", argmax, gy);
        distinct("maxToBackward", gx, argmax, gy);
        Max.hostBackward(mem.in(argmax), mem.in(gy), mem.out(gx));
        mem.wrote(gx);
    }

    // ---- picking by index: IndexSelect's and Gather's host loops, indices checked as the kernels do ----

    @Override
    public void indexSelect(int outer, int axisSize, int inner, Storage x, Storage index, Storage y) {
        length("indexSelect x", x, (long) outer * axisSize * inner);
        length("indexSelect y", y, (long) outer * index.length() * inner);
        distinct("indexSelect", y, x, index);
        int[] idx = IndexSelect.indices("indexSelect", mem.in(index), axisSize);
        IndexSelect.hostForward(outer, axisSize, inner, mem.in(x), idx, mem.out(y));
        mem.wrote(y);
    }

    @Override
    public void indexSelectBackward(int outer, int axisSize, int inner, Storage inverse, Storage gy, Storage gx) {
        int[] idx = IndexSelect.indicesOf("indexSelectBackward", mem.in(inverse), axisSize);
        length("indexSelectBackward gy", gy, (long) outer * idx.length * inner);
        length("indexSelectBackward gx", gx, (long) outer * axisSize * inner);
        distinct("indexSelectBackward", gx, inverse, gy);
        IndexSelect.hostBackward(outer, axisSize, inner, idx, mem.in(gy), mem.out(gx));
        mem.wrote(gx);
    }

    @Override
    public void gatherAxis(int axisSize, int inner, Storage x, Storage index, Storage y) {
        same("gatherAxis", index, y);
        length("gatherAxis x", x, (long) index.length() * axisSize);
        distinct("gatherAxis", y, x, index);
        int[] idx = IndexSelect.indices("gatherAxis", mem.in(index), axisSize);
        Gather.hostForward(axisSize, inner, mem.in(x), idx, mem.out(y));
        mem.wrote(y);
    }

    @Override
    public void gatherAxisBackward(int axisSize, int inner, Storage index, Storage gy, Storage gx) {
        same("gatherAxisBackward", index, gy);
        length("gatherAxisBackward gx", gx, (long) index.length() * axisSize);
        distinct("gatherAxisBackward", gx, index, gy);
        int[] idx = IndexSelect.indices("gatherAxisBackward", mem.in(index), axisSize);
        Gather.hostBackward(axisSize, inner, idx, mem.in(gy), mem.out(gx));
        mem.wrote(gx);
    }

    private static void same(String kernel, Storage a, Storage b) {
        if (a.length() != b.length()) {
            throw new IllegalArgumentException(kernel + ": lengths differ, " + a.length() + " and " + b.length());
        }
    }

    private static void length(String what, Storage s, long expected) {
        if (s.length() != expected) {
            throw new IllegalArgumentException(what + " has " + s.length() + " floats, expected " + expected);
        }
    }

    private static void distinct(String kernel, Storage out, Storage... ins) {
        for (Storage in : ins) {
            if (out != null && in == out) {
                throw new IllegalArgumentException(kernel + ": the output aliases an input");
            }
        }
    }
}
