package org.mimo4j.engine.optim;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Base of the optimizers: holds named parameters, the learning rate, the step count and named
 * per-parameter slot arrays (momentum, moment estimates), and applies an update rule to every
 * parameter that has a gradient. Parameters without a gradient (not reached by the last backward)
 * are left untouched, as in PyTorch; the step count is shared by all parameters.
 *
 * <p>Slots are {@link Storage}s like the parameters: with a device backend an optimizer that has a
 * device update ({@link #updateOnDevice}) keeps parameters, gradients and slots on the device, and
 * {@link #state()} downloads the slots only when a checkpoint asks for them.
 */
public abstract class Optimizer {
    private final String[] names;
    private final Parameter[] params;
    private final Map<String, Storage[]> slots = new LinkedHashMap<>();
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
        refuseSharedStorage();
    }

    /**
     * Fails when two entries are one parameter, or share its storage: each step would update it twice (on
     * the host) or refuse (one device update writing a storage twice). Module.namedParameters lists a shared
     * parameter once.
     */
    private void refuseSharedStorage() {
        Map<Storage, String> owner = new IdentityHashMap<>();
        for (int i = 0; i < params.length; i++) {
            String first = owner.putIfAbsent(params[i].storage(), names[i]);
            if (first != null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameters '" + first + "' and '"
                        + names[i] + "' are the same storage, which each step would update twice; list it once");
            }
        }
    }

    /**
     * Declares a per-parameter slot (zero-initialised host storages); returns them, indexed like the
     * parameters.
     */
    protected final Storage[] addSlot(String slot) {
        Storage[] storages = new Storage[params.length];
        for (int i = 0; i < params.length; i++) {
            storages[i] = Storage.wrap(new float[params[i].numel()]);
        }
        slots.put(slot, storages);
        return storages;
    }

    /**
     * Updates parameter {@code index} in place from its gradient on the host; {@code step} is 1 for the
     * first update. Subclasses modify their slots for that index through {@code write()}.
     */
    protected abstract void update(int index, float[] w, float[] g, float lr, long step);

    /**
     * The same update with device kernels, for the parameters {@code indices}, on their storages {@code w}
     * and their gradients' {@code g} (all dense), all in one call so that a device can update them in few
     * launches; the default runs the host {@link #update} one by one (downloading what the device holds).
     */
    protected void updateOnDevice(int[] indices, DeviceKernels dk, Storage[] w, Storage[] g, float lr, long step) {
        for (int k = 0; k < indices.length; k++) {
            update(indices[k], w[k].write(), g[k].read(), lr, step);
        }
    }

    /** The storages of {@code slot} for the parameters {@code indices}, in that order. */
    protected static Storage[] select(Storage[] slot, int[] indices) {
        Storage[] out = new Storage[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = slot[indices[k]];
        }
        return out;
    }

    /**
     * Applies one update to every parameter that has a gradient and increments the step count. A
     * parameter is updated on the device when the backend has device kernels, its gradient is dense and
     * the parameter or its gradient lives on the device (all such parameters in one {@link
     * #updateOnDevice} call); parameters whose values and gradients are all on the host (trained through
     * host-only ops) are updated there, so they never cross.
     */
    public final void step() {
        step++;
        DeviceKernels dk = Backends.current().deviceKernels();
        int[] onDevice = new int[params.length];
        Storage[] w = new Storage[params.length], g = new Storage[params.length];
        int count = 0;
        for (int i = 0; i < params.length; i++) {
            Tensor grad = params[i].grad();
            if (grad == null) {
                continue;
            }
            Storage ws = params[i].storage();
            Storage gs = grad.dense();
            if (dk != null && gs != null && ws.length() > 0 && (ws.mirrorCurrent() || gs.mirrorCurrent())) {
                onDevice[count] = i;
                w[count] = ws;
                g[count++] = gs;
            } else {
                update(i, ws.write(), grad.data(), lr, step);
            }
        }
        if (count > 0) {
            updateOnDevice(Arrays.copyOf(onDevice, count), dk, Arrays.copyOf(w, count), Arrays.copyOf(g, count), lr,
                    step);
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

    /**
     * The step count and the slots' current host values (downloaded where the device held them), named
     * "slot/parameter"; read-only: change slots through {@link #restore}.
     */
    public final OptimizerState state() {
        Map<String, float[]> out = new LinkedHashMap<>();
        slots.forEach((slot, storages) -> {
            for (int i = 0; i < names.length; i++) {
                out.put(slot + "/" + names[i], storages[i].read());
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
        slots.forEach((slot, storages) -> {
            for (int i = 0; i < names.length; i++) {
                float[] src = state.slots().get(slot + "/" + names[i]);
                System.arraycopy(src, 0, storages[i].write(), 0, src.length);
            }
        });
        this.step = state.step();
    }

    private static void checkLearningRate(float lr) {
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }
}
