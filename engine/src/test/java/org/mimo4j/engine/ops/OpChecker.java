package org.mimo4j.engine.ops;

import java.util.Arrays;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Checks one {@link OpCase} of the catalog: the float32 forward against the double reference, and the
 * analytic backward against central differences of the reference computed in double precision, for a
 * random upstream gradient u (so the checked quantity is d(u . f(x))/dx). Failures name the op, the
 * argument, the index, the expected and the actual value. Whatever backend is current is checked, so
 * an accelerated backend's tests run the same catalog after {@code Backends.use(...)}.
 */
public final class OpChecker {
    /** Central-difference step (the reference is evaluated in double). */
    public static final double EPS = 1e-6;
    /** Forward tolerance: |actual - expected| <= FORWARD_TOL (1 + |expected|). */
    public static final double FORWARD_TOL = 1e-5;
    /** Gradient tolerance: |actual - expected| <= GRAD_TOL (1 + |expected|). */
    public static final double GRAD_TOL = 1e-4;

    private OpChecker() {
    }

    public static void checkForward(OpCase c) {
        Tensor out = c.apply(c.tensors());
        OpCase.RefOut ref = c.reference(c.values());
        if (!Arrays.equals(out.shape(), ref.shape())) {
            throw new AssertionError(c.name() + ": output shape " + Arrays.toString(out.shape()) + ", expected "
                    + Arrays.toString(ref.shape()));
        }
        float[] actual = out.data();
        for (int i = 0; i < actual.length; i++) {
            double e = ref.values()[i];
            if (!(Math.abs(actual[i] - e) <= FORWARD_TOL * (1 + Math.abs(e)))) {
                throw new AssertionError(c.name() + ": forward output index " + i + " of shape "
                        + Arrays.toString(ref.shape()) + ": expected " + e + ", actual " + actual[i]);
            }
        }
    }

    public static void checkGradient(OpCase c, Rng rng) {
        Tensor[] in = c.tensors();
        Tensor out = c.apply(in);
        double[] u = Gen.uniform(rng, out.shape(), -1.5, 1.5);
        float[] uf = new float[u.length];
        for (int i = 0; i < u.length; i++) {
            uf[i] = (float) u[i];
            u[i] = uf[i];
        }
        out.backward(Tensor.of(uf, out.shape()));
        boolean any = false;
        for (int arg = 0; arg < c.inputCount(); arg++) {
            if (!c.differentiable(arg)) {
                continue;
            }
            any = true;
            Tensor g = in[arg].grad();
            if (g == null) {
                throw new AssertionError(c.name() + ": argument " + arg + " received no gradient");
            }
            compare(c, arg, g.data(), numeric(c, arg, u));
        }
        if (!any) {
            throw new AssertionError(c.name() + ": the case has no differentiable argument to check");
        }
    }

    private static double[] numeric(OpCase c, int arg, double[] u) {
        double[][] x = c.values();
        double[] g = new double[x[arg].length];
        for (int j = 0; j < g.length; j++) {
            double keep = x[arg][j];
            x[arg][j] = keep + EPS;
            double plus = dot(u, c.reference(x).values());
            x[arg][j] = keep - EPS;
            double minus = dot(u, c.reference(x).values());
            x[arg][j] = keep;
            g[j] = (plus - minus) / (2 * EPS);
        }
        return g;
    }

    private static void compare(OpCase c, int arg, float[] actual, double[] expected) {
        for (int j = 0; j < expected.length; j++) {
            if (!(Math.abs(actual[j] - expected[j]) <= GRAD_TOL * (1 + Math.abs(expected[j])))) {
                throw new AssertionError(c.name() + ": gradient of argument " + arg + " " + Arrays.toString(c.shape(arg))
                        + " at index " + j + ": expected " + expected[j] + " (central difference), actual " + actual[j]);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
