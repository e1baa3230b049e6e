package org.mimo4j.engine.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Base of the optimizers: holds named parameters, the learning rate, the step count and named
 * per-parameter slot arrays (momentum, moment estimates), and applies an update rule to every
 * parameter that has a gradient. Parameters without a gradient (not reached by the last backward)
 * are left untouched, as in PyTorch; the step count is shared by all parameters.
 */
public abstract class Optimizer {
    private final String[] names;
    private final Parameter[] params;
    private final Map<String, float[][]> slots = new LinkedHashMap<>();
    private float lr;
    private long step;

    protected Optimizer(Map<String, Parameter> parameters, float lr) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " got no parameters to optimize");
        }
        checkLearningRate(lr);
        this.names = parameters.keySet().toArray(new String[0]);
        this.params = parameters.values().toArray(new Parameter[0]);
        this.lr = lr;
    }

    /** Declares a per-parameter slot (zero-initialised); returns its arrays, indexed like the parameters. */
    protected final float[][] addSlot(String slot) {
        float[][] arrays = new float[params.length][];
        for (int i = 0; i < params.length; i++) {
            arrays[i] = new float[params[i].numel()];
        }
        slots.put(slot, arrays);
        return arrays;
    }

    /**
     * Updates parameter {@code index} in place from its gradient; {@code step} is 1 for the first update.
     * Subclasses read and write their slot arrays for that index.
     */
    protected abstract void update(int index, float[] w, float[] g, float lr, long step);

    /** Applies one update to every parameter that has a gradient and increments the step count. */
    public final void step() {
        step++;
        for (int i = 0; i < params.length; i++) {
            Tensor g = params[i].grad();
            if (g != null) {
                update(i, params[i].data(), g.data(), lr, step);
            }
        }
    }

    /** Resets every parameter's gradient to zeros. */
    public final void zeroGrad() {
        for (Parameter p : params) {
            p.zeroGrad();
        }
    }

    public final float learningRate() {
        return lr;
    }

    public final void setLearningRate(float lr) {
        checkLearningRate(lr);
        this.lr = lr;
    }

    /** The number of {@link #step()} calls so far (restored from checkpoints). */
    public final long stepCount() {
        return step;
    }

    /** The step count and live slot arrays, named "slot/parameter". */
    public final OptimizerState state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        slots.forEach((slot, arrays) -> {
            for (int i = 0; i < names.length; i++) {
                out.put(slot + "/" + names[i], arrays[i]);
            }
        });
        return new OptimizerState(step, out);
    }

    /**
     * Copies {@code state} into this optimizer after checking that it has exactly this optimizer's slot
     * names and lengths; on a mismatch nothing changes and the message names the slot.
     */
    public final void restore(OptimizerState state) {
        Map<String, float[]> mine = state().slots();
        for (Map.Entry<String, float[]> e : mine.entrySet()) {
            float[] theirs = state.slots().get(e.getKey());
            if (theirs == null) {
                throw new IllegalArgumentException("optimizer state lacks slot '" + e.getKey() + "' that this "
                        + getClass().getSimpleName() + " has");
            }
            if (theirs.length != e.getValue().length) {
                throw new IllegalArgumentException("optimizer slot '" + e.getKey() + "' has " + theirs.length
                        + " values, this " + getClass().getSimpleName() + " expects " + e.getValue().length);
            }
        }
        for (String k : state.slots().keySet()) {
            if (!mine.containsKey(k)) {
                throw new IllegalArgumentException("optimizer state has slot '" + k + "' that this "
                        + getClass().getSimpleName() + " lacks");
            }
        }
        mine.forEach((k, v) -> System.arraycopy(state.slots().get(k), 0, v, 0, v.length));
        this.step = state.step();
    }

    private static void checkLearningRate(float lr) {
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }
}
