package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class GradClipTest {

    private static double norm(List<Parameter> ps) {
        double sq = 0;
        for (Parameter p : ps) {
            if (p.grad() != null) {
                for (float x : p.grad().data()) {
                    sq += (double) x * x;
                }
            }
        }
        return Math.sqrt(sq);
    }

    private static List<Parameter> withGradients(Rng rng) {
        Parameter a = new Parameter(Tensor.zeros(3, 4));
        Parameter b = new Parameter(Tensor.zeros(7));
        Parameter unused = new Parameter(Tensor.zeros(2));
        a.tensor().setGrad(Tensor.randn(rng, 3, 4).mul(5f));
        b.tensor().setGrad(Tensor.randn(rng, 7).mul(5f));
        return List.of(a, b, unused);
    }

    @Test
    void clipsTheGlobalNormToTheLimitKeepingTheDirection() {
        List<Parameter> ps = withGradients(new Rng(4));
        double before = norm(ps);
        float[] a = ps.get(0).grad().data().clone();
        double returned = GradClip.byGlobalNorm(ps, 1.5);
        assertEquals(before, returned, 1e-9 * before);
        assertEquals(1.5, norm(ps), 1e-5);
        float[] clipped = ps.get(0).grad().data();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] * (1.5 / before), clipped[i], 1e-5, "element " + i);
        }
    }

    @Test
    void gradientsWithinTheLimitAreUntouched() {
        List<Parameter> ps = withGradients(new Rng(4));
        float[] a = ps.get(0).grad().data().clone();
        double n = GradClip.byGlobalNorm(ps, 1e6);
        assertEquals(norm(ps), n, 1e-9 * n);
        assertArrayEquals(a, ps.get(0).grad().data());
    }

    @Test
    void nonFiniteNormIsReturnedAndNothingIsScaled() {
        List<Parameter> ps = withGradients(new Rng(4));
        ps.get(1).grad().storage().write()[2] = Float.POSITIVE_INFINITY;
        float[] a = ps.get(0).grad().data().clone();
        assertEquals(Double.POSITIVE_INFINITY, GradClip.byGlobalNorm(ps, 1.0));
        assertArrayEquals(a, ps.get(0).grad().data());
    }
}
