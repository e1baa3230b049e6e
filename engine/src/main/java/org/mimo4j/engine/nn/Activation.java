package org.mimo4j.engine.nn;

import org.mimo4j.engine.tensor.Tensor;

/** A parameter-free elementwise nonlinearity as a layer, so that it can sit in a {@link Sequential}. */
public final class Activation extends Layer {

    /** The nonlinearities a configuration can name. */
    public enum Kind {
        RELU, GELU, TANH, SIGMOID, IDENTITY
    }

    private final Kind kind;

    public Activation(Kind kind) {
        this.kind = kind;
    }

    public static Activation relu() {
        return new Activation(Kind.RELU);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public Tensor forward(Tensor x) {
        return switch (kind) {
            case RELU -> x.relu();
            case GELU -> x.gelu();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case IDENTITY -> x;
        };
    }
}
