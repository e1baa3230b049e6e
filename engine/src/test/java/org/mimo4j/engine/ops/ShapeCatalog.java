package org.mimo4j.engine.ops;

import java.util.Arrays;
import java.util.List;
import org.mimo4j.engine.ops.OpCatalog.Entry;
import org.mimo4j.engine.tensor.Rng;

/** Catalog entries of reductions, shape ops (views included), concat/stack, index ops and matmul. */
final class ShapeCatalog {
    private ShapeCatalog() {
    }

    static List<Entry> entries() {
        return List.of(
                reduction("sum", Ref.Kind.SUM),
                reduction("mean", Ref.Kind.MEAN),
                reduction("max", Ref.Kind.MAX),
                new Entry("reshape", ShapeCatalog::reshape),
                new Entry("transpose", ShapeCatalog::transpose),
                new Entry("permute", ShapeCatalog::permute),
                new Entry("slice", ShapeCatalog::slice),
                new Entry("expand", ShapeCatalog::expand),
                new Entry("contiguous", ShapeCatalog::contiguousOfView),
                new Entry("concat", ShapeCatalog::concat),
                new Entry("stack", ShapeCatalog::stack),
                new Entry("indexSelect", ShapeCatalog::indexSelect),
                new Entry("gather", ShapeCatalog::gather),
                new Entry("matmul", MatMulCases::matmul));
    }

    private static Entry reduction(String name, Ref.Kind kind) {
        return new Entry(name, r -> {
            int[] s = Gen.shape(r, 1 + r.nextInt(3));
            int[] axes = randomAxes(r, s.length);
            boolean keep = r.nextInt(2) == 0;
            double[] v = kind == Ref.Kind.MAX ? Gen.distinct(r, s) : Gen.signed(r, s);
            return new OpCase(name)
                    .input(s, v, true)
                    .op(t -> switch (kind) {
                        case SUM -> t[0].sum(keep, axes);
                        case MEAN -> t[0].mean(keep, axes);
                        case MAX -> t[0].max(keep, axes);
                    })
                    .reference(x -> Ref.reduce(x[0], s, axes, keep, kind));
        });
    }

    /** A random non-empty subset of axes (sometimes none, meaning all), some given as negative numbers. */
    private static int[] randomAxes(Rng r, int rank) {
        if (r.nextInt(4) == 0) {
            return new int[0];
        }
        int[] axes = new int[rank];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (r.nextInt(2) == 0) {
                axes[n++] = r.nextInt(2) == 0 ? d : d - rank;
            }
        }
        return n == 0 ? new int[] {r.nextInt(rank)} : Arrays.copyOf(axes, n);
    }

    private static OpCase reshape(Rng r) {
        int[] s = Gen.shape(r, 3);
        int[] target = r.nextInt(2) == 0 ? new int[] {s[0] * s[1], s[2]} : new int[] {s[0], -1};
        int[] out = target[1] == -1 ? new int[] {s[0], s[1] * s[2]} : target;
        return new OpCase("reshape").input(s, Gen.signed(r, s), true)
                .op(t -> t[0].reshape(target).mul(t[0].reshape(target)))
                .reference(x -> new OpCase.RefOut(Ref.map(x[0], v -> v * v), out));
    }

    private static OpCase transpose(Rng r) {
        int[] s = Gen.shape(r, 2 + r.nextInt(2));
        int[] perm = identity(s.length);
        perm[0] = s.length - 1;
        perm[s.length - 1] = 0;
        return new OpCase("transpose").input(s, Gen.signed(r, s), true)
                .op(t -> t[0].transpose(0, -1))
                .reference(x -> new OpCase.RefOut(Ref.permute(x[0], s, perm), Ref.permuteShape(s, perm)));
    }

    private static OpCase permute(Rng r) {
        int[] s = Gen.shape(r, 3 + r.nextInt(2));
        int[] perm = identity(s.length);
        r.shuffle(perm);
        return new OpCase("permute").input(s, Gen.signed(r, s), true)
                .op(t -> t[0].permute(perm))
                .reference(x -> new OpCase.RefOut(Ref.permute(x[0], s, perm), Ref.permuteShape(s, perm)));
    }

    /** A slice of a transposed view, so offsets and strides compose. */
    private static OpCase slice(Rng r) {
        int[] s = Gen.shape(r, 2);
        s[1] += 2;
        int start = r.nextInt(s[1] - 1);
        int end = start + 1 + r.nextInt(s[1] - start);
        return new OpCase("slice").input(s, Gen.signed(r, s), true)
                .op(t -> t[0].transpose(0, 1).slice(0, start, end))
                .reference(x -> {
                    double[] tr = Ref.permute(x[0], s, new int[] {1, 0});
                    return new OpCase.RefOut(Arrays.copyOfRange(tr, start * s[0], end * s[0]),
                            new int[] {end - start, s[0]});
                });
    }

    private static OpCase expand(Rng r) {
        int[] big = Gen.shape(r, 3);
        int[] small = Gen.broadcastPartner(r, big);
        return new OpCase("expand").input(small, Gen.signed(r, small), true)
                .op(t -> t[0].expand(big))
                .reference(x -> new OpCase.RefOut(Ref.broadcast(x[0], small, big), big));
    }

    private static OpCase contiguousOfView(Rng r) {
        int[] s = Gen.shape(r, 2);
        int[] perm = {1, 0};
        return new OpCase("contiguous").input(s, Gen.signed(r, s), true)
                .op(t -> t[0].transpose(0, 1).contiguous().exp())
                .reference(x -> new OpCase.RefOut(Ref.map(Ref.permute(x[0], s, perm), Math::exp),
                        Ref.permuteShape(s, perm)));
    }

    private static OpCase concat(Rng r) {
        int[] s = Gen.shape(r, 3);
        int axis = r.nextInt(3);
        int[][] shapes = new int[1 + r.nextInt(3)][];
        OpCase c = new OpCase("concat");
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = s.clone();
            shapes[i][axis] = 1 + r.nextInt(3);
            c.input(shapes[i], Gen.signed(r, shapes[i]), true);
        }
        return c.op(t -> F.concat(axis, t)).reference(x -> {
            int[] perm = moveToFront(axis, 3);
            int total = 0;
            double[] joined = new double[0];
            for (int i = 0; i < x.length; i++) {
                double[] moved = Ref.permute(x[i], shapes[i], perm);
                joined = concatArrays(joined, moved);
                total += shapes[i][axis];
            }
            int[] outShape = s.clone();
            outShape[axis] = total;
            int[] back = inverse(perm);
            return new OpCase.RefOut(Ref.permute(joined, Ref.permuteShape(outShape, perm), back), outShape);
        });
    }

    private static OpCase stack(Rng r) {
        int[] s = Gen.shape(r, 2);
        int axis = r.nextInt(3);
        int n = 1 + r.nextInt(3);
        OpCase c = new OpCase("stack");
        for (int i = 0; i < n; i++) {
            c.input(s, Gen.signed(r, s), true);
        }
        return c.op(t -> F.stack(axis, t)).reference(x -> {
            double[] joined = new double[0];
            for (double[] xi : x) {
                joined = concatArrays(joined, xi);
            }
            int[] front = {n, s[0], s[1]};
            int[] perm = inverse(moveToFront(axis, 3));
            return new OpCase.RefOut(Ref.permute(joined, front, perm), Ref.permuteShape(front, perm));
        });
    }

    private static OpCase indexSelect(Rng r) {
        int[] s = Gen.shape(r, 3);
        int axis = r.nextInt(3);
        int[] idx = Gen.labels(r, 1 + r.nextInt(5), s[axis]);
        int[] out = s.clone();
        out[axis] = idx.length;
        return new OpCase("indexSelect").input(s, Gen.signed(r, s), true)
                .op(t -> F.indexSelect(t[0], axis, idx))
                .reference(x -> {
                    double[] y = new double[Ref.numel(out)];
                    for (int i = 0; i < y.length; i++) {
                        int[] o = Ref.unravel(i, out);
                        o[axis] = idx[o[axis]];
                        y[i] = x[0][Ref.ravel(o, s)];
                    }
                    return new OpCase.RefOut(y, out);
                });
    }

    private static OpCase gather(Rng r) {
        int[] s = Gen.shape(r, 2 + r.nextInt(2));
        int axis = r.nextInt(s.length);
        int[] out = new int[s.length - 1];
        for (int d = 0, j = 0; d < s.length; d++) {
            if (d != axis) {
                out[j++] = s[d];
            }
        }
        int[] idx = Gen.labels(r, Ref.numel(out), s[axis]);
        return new OpCase("gather").input(s, Gen.signed(r, s), true)
                .op(t -> F.gather(t[0], axis, idx))
                .reference(x -> {
                    double[] y = new double[idx.length];
                    for (int p = 0; p < y.length; p++) {
                        int[] o = Ref.unravel(p, out);
                        int[] src = new int[s.length];
                        for (int d = 0, j = 0; d < s.length; d++) {
                            src[d] = d == axis ? idx[p] : o[j++];
                        }
                        y[p] = x[0][Ref.ravel(src, s)];
                    }
                    return new OpCase.RefOut(y, out);
                });
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** The permutation that brings {@code axis} to the front, keeping the others in order. */
    private static int[] moveToFront(int axis, int rank) {
        int[] p = new int[rank];
        p[0] = axis;
        for (int d = 0, j = 1; d < rank; d++) {
            if (d != axis) {
                p[j++] = d;
            }
        }
        return p;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    private static double[] concatArrays(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
