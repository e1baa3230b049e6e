package org.mimo4j.engine.ops;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import org.mimo4j.engine.ops.OpCatalog.Entry;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/** Catalog entries of the elementwise ops (broadcast binary and unary). */
final class ElementwiseCatalog {
    private static final double GELU_K = Math.sqrt(2 / Math.PI);

    private ElementwiseCatalog() {
    }

    static List<Entry> entries() {
        return List.of(
                binary("add", Tensor::add, (a, b) -> a + b, false),
                binary("sub", Tensor::sub, (a, b) -> a - b, false),
                binary("mul", Tensor::mul, (a, b) -> a * b, false),
                binary("div", Tensor::div, (a, b) -> a / b, true),
                unary("neg", Tensor::neg, x -> -x, Gen::signed),
                unary("exp", Tensor::exp, Math::exp, Gen::signed),
                unary("log", Tensor::log, Math::log, ElementwiseCatalog::positive),
                unary("sqrt", Tensor::sqrt, Math::sqrt, ElementwiseCatalog::positive),
                unary("pow", x -> x.pow(2.5f), x -> Math.pow(x, 2.5), ElementwiseCatalog::positive),
                unary("abs", Tensor::abs, Math::abs, Gen::signed),
                unary("clamp", x -> x.clamp(-0.45f, 0.55f), x -> Math.min(Math.max(x, -0.45), 0.55), Gen::signed),
                unary("relu", Tensor::relu, x -> Math.max(x, 0), Gen::signed),
                unary("leakyRelu", x -> x.leakyRelu(0.1f), x -> x > 0 ? x : 0.1 * x, Gen::signed),
                unary("gelu", Tensor::gelu,
                        x -> 0.5 * x * (1 + Math.tanh(GELU_K * (x + 0.044715 * x * x * x))), ElementwiseCatalog::wide),
                unary("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x)), ElementwiseCatalog::wide),
                unary("tanh", Tensor::tanh, Math::tanh, ElementwiseCatalog::wide));
    }

    private static double[] positive(Rng r, int[] shape) {
        return Gen.uniform(r, shape, 0.2, 2.0);
    }

    private static double[] wide(Rng r, int[] shape) {
        return Gen.uniform(r, shape, -3, 3);
    }

    private static Entry unary(String name, Function<Tensor, Tensor> op, DoubleUnaryOperator ref,
                               BiFunction<Rng, int[], double[]> values) {
        return new Entry(name, r -> {
            int[] s = Gen.shape(r, r.nextInt(4));
            return new OpCase(name)
                    .input(s, values.apply(r, s), true)
                    .op(t -> op.apply(t[0]))
                    .reference(x -> new OpCase.RefOut(Ref.map(x[0], ref), s));
        });
    }

    /** Shapes: a random shape and a broadcast partner of it, on either side. */
    private static Entry binary(String name, BiFunction<Tensor, Tensor, Tensor> op, DoubleBinaryOperator ref,
                                boolean denominator) {
        return new Entry(name, r -> {
            int[] big = Gen.shape(r, 1 + r.nextInt(3));
            int[] small = Gen.broadcastPartner(r, big);
            boolean swap = r.nextInt(2) == 0;
            int[] as = swap ? small : big;
            int[] bs = swap ? big : small;
            double[] b = denominator ? Ref.map(Gen.uniform(r, bs, 0.5, 1.5), v -> r.nextInt(2) == 0 ? v : -v)
                    : Gen.signed(r, bs);
            return new OpCase(name)
                    .input(as, Gen.signed(r, as), true)
                    .input(bs, b, true)
                    .op(t -> op.apply(t[0], t[1]))
                    .reference(x -> Ref.zip(x[0], as, x[1], bs, ref));
        });
    }
}
