package org.mimo4j.engine.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.mimo4j.engine.tensor.Tensor;

/**
 * One concrete test point of a catalog op: its input values and shapes (doubles that are exactly
 * representable as floats), which inputs are differentiated, the op applied to tensors, and the
 * plain-double reference applied to the same values.
 */
public final class OpCase {
    /** The reference result: values in row-major order and the shape the op must produce. */
    public record RefOut(double[] values, int[] shape) {
    }

    private final String op;
    private final List<double[]> values = new ArrayList<>();
    private final List<int[]> shapes = new ArrayList<>();
    private final List<Boolean> differentiable = new ArrayList<>();
    private Function<Tensor[], Tensor> apply;
    private Function<double[][], RefOut> reference;

    public OpCase(String op) {
        this.op = op;
    }

    /** Adds an input; {@code values} are rounded to float precision so op and reference see the same point. */
    public OpCase input(int[] shape, double[] values, boolean differentiable) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values[i];
        }
        this.values.add(v);
        this.shapes.add(shape.clone());
        this.differentiable.add(differentiable);
        return this;
    }

    public OpCase op(Function<Tensor[], Tensor> apply) {
        this.apply = apply;
        return this;
    }

    public OpCase reference(Function<double[][], RefOut> reference) {
        this.reference = reference;
        return this;
    }

    public String name() {
        return op;
    }

    public int inputCount() {
        return values.size();
    }

    public int[] shape(int i) {
        return shapes.get(i).clone();
    }

    public boolean differentiable(int i) {
        return differentiable.get(i);
    }

    /** A copy of the input values (so a perturbation never leaks into the case). */
    public double[][] values() {
        double[][] v = new double[values.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i).clone();
        }
        return v;
    }

    /** Fresh float tensors of the inputs, the differentiable ones with requiresGrad. */
    public Tensor[] tensors() {
        Tensor[] t = new Tensor[values.size()];
        for (int i = 0; i < t.length; i++) {
            double[] v = values.get(i);
            float[] f = new float[v.length];
            for (int j = 0; j < f.length; j++) {
                f[j] = (float) v[j];
            }
            t[i] = Tensor.of(f, shapes.get(i)).requiresGrad(differentiable.get(i));
        }
        return t;
    }

    public Tensor apply(Tensor[] inputs) {
        return apply.apply(inputs);
    }

    public RefOut reference(double[][] inputs) {
        return reference.apply(inputs);
    }
}
