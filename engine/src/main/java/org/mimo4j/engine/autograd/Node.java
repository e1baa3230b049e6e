package org.mimo4j.engine.autograd;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Strided;
import org.mimo4j.engine.tensor.Tensor;

/**
 * One recorded operation of the graph: it knows its inputs and maps the gradient of its output to
 * the gradients of its inputs. Each op class extends this, with its forward (a static {@code apply})
 * and its {@link #backward} side by side.
 *
 * <p>Contract for {@link #backward}: it receives the row-major gradient of the op's output, must not
 * modify it, and returns one row-major gradient per input in that input's shape, or null for an input
 * that does not require a gradient. It runs with grad mode off.
 *
 * <p>{@link Backprop} calls the storage-level {@link #backward(Storage, DeviceKernels)}, whose default
 * runs the host {@link #backward(float[])} (downloading the gradient first if the device holds it). An
 * op with device kernels overrides it to keep its gradients on the device when {@code dk} is not
 * null; a view op overrides it to pass the gradient storage through untouched.
 */
public abstract class Node {
    private static final Tensor[] NONE = new Tensor[0];

    private Tensor[] inputs;
    private boolean released;

    protected Node(Tensor... inputs) {
        this.inputs = inputs;
    }

    /** The op's name as used in messages, e.g. "matmul". */
    public abstract String name();

    /** Maps the output gradient to one gradient per input (see the class contract): the host path. */
    protected abstract float[][] backward(float[] gradOutput);

    /**
     * The same map on storages, with the device kernels of the current backend ({@code dk}, null for a
     * host backend). Same contract: {@code gradOutput} is not modified; a returned storage may be
     * {@code gradOutput} itself, or shared between inputs, since backprop never writes into them.
     */
    protected Storage[] backward(Storage gradOutput, DeviceKernels dk) {
        float[][] g = backward(gradOutput.read());
        Storage[] out = new Storage[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = g[i] == null ? null : Storage.wrap(g[i]);
        }
        return out;
    }

    /**
     * What a host forward keeps of input {@code t} for its backward, given the row-major {@code values}
     * it read ({@code t.data()}): t's own storage when t is dense (so a later device backward finds the
     * values where they live), else a storage over that copy.
     */
    protected static Storage saved(Tensor t, float[] values) {
        return t.dense() != null ? t.dense() : Storage.wrap(values);
    }

    /** Whether an op applied to {@code inputs} must record a node: grad mode on and some input needs a gradient. */
    public static boolean recording(Tensor... inputs) {
        if (!GradMode.isEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    /** {@code this} when {@link #recording} for this node's inputs, else null: the gradFn to attach. */
    protected Node ifRecording() {
        return recording(inputs) ? this : null;
    }

    protected Tensor input(int i) {
        return inputs[i];
    }

    /** Whether input {@code i} wants a gradient (so backward can skip work for the others). */
    protected boolean needs(int i) {
        return inputs[i] != null && inputs[i].requiresGrad();
    }

    /** Sums a gradient of broadcast shape {@code gShape} down to the shape of input {@code i}. */
    protected float[] reduceToInput(float[] g, int[] gShape, int i) {
        return Strided.sumTo(g, gShape, inputs[i].shape());
    }

    int inputCount() {
        return inputs.length;
    }

    boolean isReleased() {
        return released;
    }

    /**
     * Marks the node as freed and drops its links to the inputs, so that a tensor kept after backward
     * (a logged loss, say) does not keep the whole forward graph and its activations reachable.
     */
    void release() {
        released = true;
        inputs = NONE;
    }
}
