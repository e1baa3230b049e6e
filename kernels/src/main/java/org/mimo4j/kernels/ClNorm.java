package org.mimo4j.kernels;

import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.mimo4j.engine.tensor.Storage;

/**
 * Softmax, layer norm and batch norm of {@code norm.cl} on device-resident storages: one work-group
 * of {@link ClTuning#local1d()} items per line, row or channel, so every statistic has a summation
 * order fixed by the tuning. Unlike the other families' helpers this one takes the storages itself
 * (entry checks, residency, marking outputs), because these kernels have many optional operands and
 * keeping that bookkeeping next to the launches keeps {@link ClDeviceKernels} a list of delegations.
 * An operand that is not given is replaced by a one-float scratch buffer that the kernel's flags tell
 * it never to touch.
 */
final class ClNorm implements AutoCloseable {
    private static final int HAS_GAMMA = 1;
    private static final int HAS_BETA = 2;
    private static final int HAS_RUNNING_MEAN = 4;
    private static final int HAS_RUNNING_VAR = 8;
    private static final int WANT_GX = 1;
    private static final int WANT_DGAMMA = 2;
    private static final int WANT_DBETA = 4;
    private static final int GIVEN_GAMMA = 8;

    private final ClResidency res;
    private final ClBufferPool pool;
    private final ClLauncher launcher;
    private final int local;
    private final cl_kernel softmaxForward;
    private final cl_kernel softmaxBackward;
    private final cl_kernel layerForward;
    private final cl_kernel layerBackwardInput;
    private final cl_kernel layerBackwardParams;
    private final cl_kernel batchForward;
    private final cl_kernel batchBackward;

    ClNorm(ClResidency res, ClBufferPool pool, ClLauncher launcher, ClTuning tuning, cl_program program) {
        this.res = res;
        this.pool = pool;
        this.launcher = launcher;
        this.local = tuning.local1d();
        this.softmaxForward = clCreateKernel(program, "softmax_forward", null);
        this.softmaxBackward = clCreateKernel(program, "softmax_backward", null);
        this.layerForward = clCreateKernel(program, "layer_norm_forward", null);
        this.layerBackwardInput = clCreateKernel(program, "layer_norm_backward_input", null);
        this.layerBackwardParams = clCreateKernel(program, "layer_norm_backward_params", null);
        this.batchForward = clCreateKernel(program, "batch_norm_forward", null);
        this.batchBackward = clCreateKernel(program, "batch_norm_backward", null);
    }

    void softmaxForward(int outer, int len, int inner, boolean log, Storage x, Storage y) {
        String op = "softmaxForward";
        long n = ClStorageChecks.count(op, "outer x len x inner", outer, len, inner);
        ClStorageChecks.length(op, "x", x, n);
        ClStorageChecks.length(op, "y", y, n);
        ClStorageChecks.distinct(op, "y", y, new String[] {"x"}, x);
        try (ClScope scope = new ClScope(pool)) {
            launcher.launch1d("softmax_forward", softmaxForward, groups(outer, inner), local, outer, len, inner,
                    log ? 1 : 0, res.read(scope, x), res.write(scope, y), new ClLocal(local));
            y.deviceWrote();
        }
    }

    void softmaxBackward(int outer, int len, int inner, boolean log, Storage y, Storage gy, Storage gx) {
        String op = "softmaxBackward";
        long n = ClStorageChecks.count(op, "outer x len x inner", outer, len, inner);
        ClStorageChecks.length(op, "y", y, n);
        ClStorageChecks.length(op, "gy", gy, n);
        ClStorageChecks.length(op, "gx", gx, n);
        ClStorageChecks.distinct(op, "gx", gx, new String[] {"y", "gy"}, y, gy);
        try (ClScope scope = new ClScope(pool)) {
            launcher.launch1d("softmax_backward", softmaxBackward, groups(outer, inner), local, outer, len, inner,
                    log ? 1 : 0, res.read(scope, y), res.read(scope, gy), res.write(scope, gx), new ClLocal(local));
            gx.deviceWrote();
        }
    }

    void layerNormForward(int rows, int cols, float eps, Storage x, Storage gamma, Storage beta, Storage y,
                          Storage xhat, Storage invStd) {
        String op = "layerNormForward";
        long n = ClStorageChecks.count(op, "rows x cols", rows, cols);
        ClStorageChecks.length(op, "x", x, n);
        optional(op, "gamma", gamma, cols);
        optional(op, "beta", beta, cols);
        String[] outs = {"y", "xhat", "invStd"};
        Storage[] out = {y, xhat, invStd};
        long[] lengths = {n, n, rows};
        for (int i = 0; i < out.length; i++) {
            ClStorageChecks.length(op, outs[i], out[i], lengths[i]);
            ClStorageChecks.distinct(op, outs[i], out[i], new String[] {"x", "gamma", "beta"}, x, gamma, beta);
        }
        try (ClScope scope = new ClScope(pool)) {
            launcher.launch1d("layer_norm_forward", layerForward, groups(rows, 1), local, rows, cols, eps,
                    res.read(scope, x), in(scope, gamma), gamma == null ? 0 : 1, in(scope, beta), beta == null ? 0 : 1,
                    res.write(scope, y), res.write(scope, xhat), res.write(scope, invStd), new ClLocal(local));
            wrote(out);
        }
    }

    void layerNormBackward(int rows, int cols, Storage xhat, Storage invStd, Storage gamma, Storage gy, Storage gx,
                           Storage dGamma, Storage dBeta) {
        String op = "layerNormBackward";
        long n = ClStorageChecks.count(op, "rows x cols", rows, cols);
        ClStorageChecks.length(op, "xhat", xhat, n);
        ClStorageChecks.length(op, "invStd", invStd, rows);
        optional(op, "gamma", gamma, cols);
        ClStorageChecks.length(op, "gy", gy, n);
        String[] ins = {"xhat", "invStd", "gamma", "gy"};
        optionalOut(op, "gx", gx, n, ins, xhat, invStd, gamma, gy);
        optionalOut(op, "dGamma", dGamma, cols, ins, xhat, invStd, gamma, gy);
        optionalOut(op, "dBeta", dBeta, cols, ins, xhat, invStd, gamma, gy);
        try (ClScope scope = new ClScope(pool)) {
            ClBuffer h = res.read(scope, xhat), g = res.read(scope, gy);
            if (gx != null) {
                launcher.launch1d("layer_norm_backward_input", layerBackwardInput, groups(rows, 1), local, rows, cols,
                        h, res.read(scope, invStd), in(scope, gamma), gamma == null ? 0 : 1, g, res.write(scope, gx),
                        new ClLocal(local));
            }
            if (dGamma != null || dBeta != null) {
                launcher.launch1d("layer_norm_backward_params", layerBackwardParams, groups(cols, 1), local, rows,
                        cols, h, g, out(scope, dGamma), dGamma == null ? 0 : 1, out(scope, dBeta), dBeta == null ? 0 : 1,
                        new ClLocal(local));
            }
            wrote(gx, dGamma, dBeta);
        }
    }

    void batchNormForward(int n, int channels, int plane, boolean training, float momentum, float eps, Storage x,
                          Storage gamma, Storage beta, Storage runningMean, Storage runningVar, Storage y,
                          Storage xhat, Storage invStd) {
        String op = "batchNormForward";
        long size = ClStorageChecks.count(op, "n x channels x plane", n, channels, plane);
        ClStorageChecks.length(op, "x", x, size);
        String[] ins = {"x", "gamma", "beta", "runningMean", "runningVar"};
        Storage[] in = {x, gamma, beta, runningMean, runningVar};
        for (int i = 1; i < in.length; i++) {
            optional(op, ins[i], in[i], channels);
        }
        if (!training && (runningMean == null || runningVar == null)) {
            throw new IllegalArgumentException(op + ": evaluation needs runningMean and runningVar");
        }
        String[] outs = {"y", "xhat", "invStd"};
        Storage[] out = {y, xhat, invStd};
        long[] lengths = {size, size, channels};
        for (int i = 0; i < out.length; i++) {
            ClStorageChecks.length(op, outs[i], out[i], lengths[i]);
            ClStorageChecks.distinct(op, outs[i], out[i], ins, in);
        }
        int has = (gamma == null ? 0 : HAS_GAMMA) | (beta == null ? 0 : HAS_BETA)
                | (runningMean == null ? 0 : HAS_RUNNING_MEAN) | (runningVar == null ? 0 : HAS_RUNNING_VAR);
        try (ClScope scope = new ClScope(pool)) {
            launcher.launch1d("batch_norm_forward", batchForward, groups(channels, 1), local, n, channels, plane,
                    training ? 1 : 0, momentum, eps, res.read(scope, x), in(scope, gamma), in(scope, beta),
                    in(scope, runningMean), in(scope, runningVar), has, res.write(scope, y), res.write(scope, xhat),
                    res.write(scope, invStd), new ClLocal(local));
            wrote(out);
            if (training) {
                wrote(runningMean, runningVar);
            }
        }
    }

    void batchNormBackward(int n, int channels, int plane, boolean training, Storage xhat, Storage invStd,
                           Storage gamma, Storage gy, Storage gx, Storage dGamma, Storage dBeta) {
        String op = "batchNormBackward";
        long size = ClStorageChecks.count(op, "n x channels x plane", n, channels, plane);
        ClStorageChecks.length(op, "xhat", xhat, size);
        ClStorageChecks.length(op, "invStd", invStd, channels);
        optional(op, "gamma", gamma, channels);
        ClStorageChecks.length(op, "gy", gy, size);
        String[] ins = {"xhat", "invStd", "gamma", "gy"};
        optionalOut(op, "gx", gx, size, ins, xhat, invStd, gamma, gy);
        optionalOut(op, "dGamma", dGamma, channels, ins, xhat, invStd, gamma, gy);
        optionalOut(op, "dBeta", dBeta, channels, ins, xhat, invStd, gamma, gy);
        int want = (gx == null ? 0 : WANT_GX) | (dGamma == null ? 0 : WANT_DGAMMA) | (dBeta == null ? 0 : WANT_DBETA)
                | (gamma == null ? 0 : GIVEN_GAMMA);
        try (ClScope scope = new ClScope(pool)) {
            launcher.launch1d("batch_norm_backward", batchBackward, groups(channels, 1), local, n, channels, plane,
                    training ? 1 : 0, res.read(scope, xhat), res.read(scope, invStd), in(scope, gamma),
                    res.read(scope, gy), out(scope, gx), out(scope, dGamma), out(scope, dBeta), want,
                    new ClLocal(local));
            wrote(gx, dGamma, dBeta);
        }
    }

    /** Global size of one work-group per line: a x b groups of {@link #local} items. */
    private long groups(int a, int b) {
        return (long) a * b * local;
    }

    /** An optional input's current device buffer, or a scratch stand-in the kernel does not read. */
    private ClBuffer in(ClScope scope, Storage s) {
        return s == null ? scope.buffer(1) : res.read(scope, s);
    }

    /** An optional output's device buffer, or a scratch stand-in the kernel does not write. */
    private ClBuffer out(ClScope scope, Storage s) {
        return s == null ? scope.buffer(1) : res.write(scope, s);
    }

    private static void wrote(Storage... outputs) {
        for (Storage s : outputs) {
            if (s != null) {
                s.deviceWrote();
            }
        }
    }

    private static void optional(String op, String name, Storage s, long want) {
        if (s != null) {
            ClStorageChecks.length(op, name, s, want);
        }
    }

    private static void optionalOut(String op, String name, Storage s, long want, String[] inNames, Storage... ins) {
        if (s != null) {
            ClStorageChecks.length(op, name, s, want);
            ClStorageChecks.distinct(op, name, s, inNames, ins);
        }
    }

    @Override
    public void close() {
        for (cl_kernel k : new cl_kernel[] {softmaxForward, softmaxBackward, layerForward, layerBackwardInput,
            layerBackwardParams, batchForward, batchBackward}) {
            clReleaseKernel(k);
        }
    }
}
