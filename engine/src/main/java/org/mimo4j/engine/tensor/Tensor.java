package org.mimo4j.engine.tensor;

import java.util.Arrays;
import org.mimo4j.engine.autograd.Backprop;
import org.mimo4j.engine.autograd.Node;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.elementwise.Abs;
import org.mimo4j.engine.ops.elementwise.Add;
import org.mimo4j.engine.ops.elementwise.Clamp;
import org.mimo4j.engine.ops.elementwise.Div;
import org.mimo4j.engine.ops.elementwise.Exp;
import org.mimo4j.engine.ops.elementwise.Gelu;
import org.mimo4j.engine.ops.elementwise.LeakyRelu;
import org.mimo4j.engine.ops.elementwise.Log;
import org.mimo4j.engine.ops.elementwise.Mul;
import org.mimo4j.engine.ops.elementwise.Neg;
import org.mimo4j.engine.ops.elementwise.Pow;
import org.mimo4j.engine.ops.elementwise.Relu;
import org.mimo4j.engine.ops.elementwise.Sigmoid;
import org.mimo4j.engine.ops.elementwise.Sqrt;
import org.mimo4j.engine.ops.elementwise.Sub;
import org.mimo4j.engine.ops.elementwise.Tanh;
import org.mimo4j.engine.ops.linalg.MatMul;
import org.mimo4j.engine.ops.reduce.Max;
import org.mimo4j.engine.ops.reduce.Mean;
import org.mimo4j.engine.ops.reduce.Sum;
import org.mimo4j.engine.ops.shape.Contiguous;
import org.mimo4j.engine.ops.shape.Expand;
import org.mimo4j.engine.ops.shape.Permute;
import org.mimo4j.engine.ops.shape.Reshape;
import org.mimo4j.engine.ops.shape.Slice;

/**
 * An n-dimensional float32 array with reverse-mode automatic differentiation: the one value type of
 * the engine.
 *
 * <p><b>Storage and views.</b> A tensor is a view (shape, strides, offset) over a {@link Storage}.
 * {@link #reshape}, {@link #transpose}, {@link #permute}, {@link #slice}, {@link #expand} and
 * {@link #detach} share the storage object of their input (reshape copies only when the input is not
 * contiguous); {@link #contiguous()} materialises a row-major copy. Binary ops broadcast with NumPy
 * rules.
 *
 * <p><b>Residency.</b> A storage has a host array and, once a device backend has used it, a copy on
 * the device; whichever side was written last is current (see {@link Storage}). Ops with a device
 * kernel take {@link #dense()} storages and leave their results on the device; everything that reads
 * values on the host ({@link #data()}, {@link #item()}, {@link #get}, host-only ops) downloads first
 * when the device is newer. So:
 * <ul>
 * <li>read host values with {@link #data()} and never modify the array it returns;</li>
 * <li>modify values in place only through {@code storage().write()}, which marks the device copy
 * stale so that the next device op uploads the new values (a write into {@code data()} or
 * {@code storage().read()} would be lost on the device, silently);</li>
 * <li>a training step on a device backend uploads the batch, downloads the loss, and moves nothing
 * else as long as every op on the path has a device kernel.</li>
 * </ul>
 *
 * <p><b>Autodiff rules.</b>
 * <ul>
 * <li>A leaf is a tensor created by a factory; {@link #requiresGrad(boolean)} marks it as a variable.
 * Every op whose input requires a gradient records a {@link Node} on its output while grad mode is
 * on; inside {@code try (var g = NoGrad.enter()) {...}} nothing is recorded (evaluation).</li>
 * <li>{@link #backward()} (scalars) and {@link #backward(Tensor)} (any shape, with the upstream
 * gradient) walk the recorded graph in a topological order built iteratively, so graphs of any depth
 * work. Only leaves that require a gradient receive one in {@link #grad()}.</li>
 * <li>Gradients <em>accumulate</em>: a second backward adds to {@link #grad()}; {@link #zeroGrad()}
 * resets it to zeros (lazily: the next backward writes over the zeros instead of adding to them, and
 * {@link #grad()} writes them if it is asked first).</li>
 * <li>Without {@code retainGraph} a backward frees the graph it walked: a second backward through any
 * of its nodes fails with an {@link IllegalStateException}. Pass {@code retainGraph = true} to
 * differentiate several objectives that share one forward pass.</li>
 * <li>{@link #detach()} returns a tensor over the same storage that is cut from the graph.</li>
 * </ul>
 */
public final class Tensor {
    private static final float[] EMPTY = new float[0];

    private final Storage storage;
    private final int offset;
    private final int[] shape;
    private final int[] strides;
    private final Node gradFn;
    private boolean requiresGrad;
    private Tensor grad;
    private boolean gradCleared;

    private Tensor(Storage storage, int offset, int[] shape, int[] strides, Node gradFn) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
        this.gradFn = gradFn;
    }

    // ---------------------------------------------------------------- creation

    /** Wraps {@code data} (no copy) as a row-major tensor of the given shape. */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.clone();
        int n = Shapes.numel(s);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor.of: shape " + Shapes.str(s) + " needs " + n
                    + " values, the array has " + data.length);
        }
        return new Tensor(Storage.wrap(data), 0, s, Shapes.contiguousStrides(s), null);
    }

    public static Tensor zeros(int... shape) {
        return of(new float[Shapes.numel(shape)], shape);
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        Arrays.fill(d, value);
        return of(d, shape);
    }

    /** A 0-dimensional tensor holding one value. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Standard normal values drawn from {@code rng}. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return of(d, shape);
    }

    /** Uniform values in [0, 1) drawn from {@code rng}. */
    public static Tensor rand(Rng rng, int... shape) {
        float[] d = new float[Shapes.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextFloat();
        }
        return of(d, shape);
    }

    /** For op implementations: a fresh row-major result, recording {@code gradFn} (null for none). */
    public static Tensor fromOp(float[] data, int[] shape, Node gradFn) {
        return fromOp(Storage.wrap(data), shape, gradFn);
    }

    /**
     * For op implementations: a fresh row-major result over {@code storage} (typically written by a
     * device kernel), recording {@code gradFn} (null for none).
     */
    public static Tensor fromOp(Storage storage, int[] shape, Node gradFn) {
        int[] s = shape.clone();
        int n = Shapes.numel(s);
        if (storage.length() != n) {
            throw new IllegalArgumentException("Tensor.fromOp: shape " + Shapes.str(s) + " needs " + n
                    + " values, the storage has " + storage.length());
        }
        return new Tensor(storage, 0, s, Shapes.contiguousStrides(s), gradFn);
    }

    /**
     * For view ops: a view over {@code base}'s storage, recording {@code gradFn} (null for none).
     *
     * @throws IllegalArgumentException when the view would reach outside the storage
     */
    public static Tensor view(Tensor base, int offset, int[] shape, int[] strides, Node gradFn) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(shape) + " and strides " + Shapes.str(strides)
                    + " differ in rank");
        }
        long lo = offset;
        long hi = offset;
        for (int i = 0; i < shape.length && Shapes.numel(shape) > 0; i++) {
            long reach = (long) (shape[i] - 1) * strides[i];
            lo += Math.min(reach, 0);
            hi += Math.max(reach, 0);
        }
        if (Shapes.numel(shape) > 0 && (lo < 0 || hi >= base.storage.length())) {
            throw new IllegalArgumentException("view: shape " + Shapes.str(shape) + ", strides " + Shapes.str(strides)
                    + " and offset " + offset + " reach elements [" + lo + ", " + hi + "] outside a storage of "
                    + base.storage.length());
        }
        return new Tensor(base.storage, offset, shape.clone(), strides.clone(), gradFn);
    }

    // ---------------------------------------------------------------- inspection

    public int[] shape() {
        return shape.clone();
    }

    public int dim() {
        return shape.length;
    }

    /** Size along {@code axis} (negative counts from the end). */
    public int size(int axis) {
        return shape[Shapes.axis("size", axis, shape.length)];
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    /**
     * The storage, shared with every view of it; index its host values ({@code storage().read()}) with
     * {@link #offset()} and {@link #strides()}. Modify values only through {@code storage().write()}.
     */
    public Storage storage() {
        return storage;
    }

    /**
     * The storage when this tensor is exactly it: row-major, offset 0 and as many elements as the
     * storage holds; else null. Device kernels work on dense storages only, so an op hands its inputs
     * to the device when all of them are dense and runs its host path otherwise.
     */
    public Storage dense() {
        return offset == 0 && storage.length() == numel() && isContiguous() ? storage : null;
    }

    /** Whether the elements lie row-major, without gaps, from {@link #offset()}. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /**
     * The values in row-major order, for reading: for a {@link #dense()} tensor the storage's current
     * host array ({@code storage().read()}, downloaded first when the device copy is newer), otherwise
     * a fresh copy. Do not modify it; use {@code storage().write()} to change values in place.
     */
    public float[] data() {
        if (numel() == 0) {
            return EMPTY;
        }
        Storage d = dense();
        if (d != null) {
            return d.read();
        }
        return Strided.materialise(storage.read(), shape, strides, offset);
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, this one has shape " + Shapes.str(shape));
        }
        return storage.read()[offset];
    }

    /** The value at a full index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index " + Arrays.toString(index) + " has " + index.length
                    + " coordinates, the tensor has rank " + shape.length);
        }
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " is outside shape "
                        + Shapes.str(shape));
            }
            off += index[i] * strides[i];
        }
        return storage.read()[off];
    }

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    // ---------------------------------------------------------------- autodiff

    /** Marks a leaf as a variable whose gradient {@link #backward()} computes; returns this. */
    public Tensor requiresGrad(boolean flag) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad can only be set on a leaf tensor; this one is the output of '"
                    + gradFn.name() + "' (use detach() for a leaf over the same values)");
        }
        requiresGrad = flag;
        return this;
    }

    /** Whether a gradient flows to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad || gradFn != null;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The accumulated gradient (same shape, row-major), or null before the first backward. */
    public Tensor grad() {
        if (gradCleared) {
            gradCleared = false;
            fillGradWithZeros();
        }
        return grad;
    }

    /**
     * Whether this tensor has a gradient, without {@link #grad()}'s writing the zeros of a cleared one
     * (asking before a second {@link #zeroGrad()} would otherwise cost the pass that the laziness saves).
     */
    public boolean hasGrad() {
        return grad != null;
    }

    /**
     * For backward: the storage of a gradient that {@link #zeroGrad()} cleared and nobody has read since,
     * which the caller now overwrites in full with what adding into the zeros would give (one pass
     * instead of writing the zeros and adding to them), or replaces ({@link #setGrad}) with a device
     * gradient that nothing else holds; null when there is no such gradient (none yet, one holding values
     * to add to, or a non-contiguous one, which {@link #grad()} clears as before).
     */
    public Storage takeClearedGrad() {
        Storage s = gradCleared ? grad.dense() : null;
        if (s != null) {
            gradCleared = false;
        }
        return s;
    }

    /**
     * Replaces the gradient (e.g. with a combined multi-objective gradient); null clears it. The
     * tensor is kept as given: a later backward adds into its storage (after {@link #zeroGrad()} it may
     * replace it instead), so pass one the caller owns.
     * Its storage lives as long as this tensor's ({@link Storage#liveAsLongAs}): a parameter's gradient
     * survives every {@code DeviceScope}, the gradient of a tensor made inside a scope goes with it.
     */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape)
                    + " differs from tensor shape " + Shapes.str(shape));
        }
        if (g != null) {
            g.storage.liveAsLongAs(storage);
        }
        grad = g;
        gradCleared = false;
    }

    /**
     * Lets this tensor outlive the {@code DeviceScope} it was made in (its storage is never freed by a
     * scope; the garbage collector still frees it once unreachable). Returns this tensor.
     */
    public Tensor keep() {
        storage.keep();
        return this;
    }

    /**
     * Resets an existing gradient to zeros; no-op when there is none. Lazily: the zeros are written only
     * if {@link #grad()} asks for the gradient before a backward writes over it ({@link
     * #takeClearedGrad()}), so a training step does not pay a pass over every gradient for them. On the
     * host that backward writes into the same storage. On a device backend it may instead make the
     * gradient the pass computed this tensor's new gradient (no copy, as PyTorch's AccumulateGrad takes
     * over an unshared incoming gradient) and give the old storage's device memory back: a reference to
     * the gradient tensor taken before this call keeps its last host values, or fails to read if it had
     * none. Take {@link #grad()} after the backward.
     */
    public void zeroGrad() {
        gradCleared = grad != null;
    }

    /** The zeros of {@link #zeroGrad()}: on the device when the gradient's device copy is current, so it never comes back to the host. */
    private void fillGradWithZeros() {
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk != null && grad.storage.mirrorCurrent()) {
            dk.fill(grad.storage, 0f);
        } else {
            Arrays.fill(grad.storage.write(), 0f);
        }
    }

    /** Backward from a one-element tensor with upstream gradient 1, freeing the graph. */
    public void backward() {
        backward(false);
    }

    /** Backward from a one-element tensor with upstream gradient 1. */
    public void backward(boolean retainGraph) {
        if (numel() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a one-element tensor, this one has shape "
                    + Shapes.str(shape) + "; pass the upstream gradient with backward(Tensor)");
        }
        Backprop.runFromOne(this, retainGraph);
    }

    /** Backward with an upstream gradient of this tensor's shape, freeing the graph. */
    public void backward(Tensor gradient) {
        backward(gradient, false);
    }

    /** Backward with an upstream gradient of this tensor's shape. */
    public void backward(Tensor gradient, boolean retainGraph) {
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward: gradient shape " + Shapes.str(gradient.shape)
                    + " differs from tensor shape " + Shapes.str(shape));
        }
        Backprop.run(this, gradient.dense() != null ? gradient.storage : Storage.wrap(gradient.data()), retainGraph);
    }

    /** A leaf over the same storage, cut from the graph (does not require a gradient). */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, strides, null);
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) {
        return Add.apply(this, o);
    }

    public Tensor add(float c) {
        return Add.apply(this, scalar(c));
    }

    public Tensor sub(Tensor o) {
        return Sub.apply(this, o);
    }

    public Tensor sub(float c) {
        return Sub.apply(this, scalar(c));
    }

    public Tensor mul(Tensor o) {
        return Mul.apply(this, o);
    }

    public Tensor mul(float c) {
        return Mul.apply(this, scalar(c));
    }

    public Tensor div(Tensor o) {
        return Div.apply(this, o);
    }

    public Tensor div(float c) {
        return Div.apply(this, scalar(c));
    }

    public Tensor neg() {
        return Neg.apply(this);
    }

    public Tensor exp() {
        return Exp.apply(this);
    }

    public Tensor log() {
        return Log.apply(this);
    }

    public Tensor sqrt() {
        return Sqrt.apply(this);
    }

    public Tensor pow(float exponent) {
        return Pow.apply(this, exponent);
    }

    public Tensor abs() {
        return Abs.apply(this);
    }

    public Tensor clamp(float lo, float hi) {
        return Clamp.apply(this, lo, hi);
    }

    public Tensor relu() {
        return Relu.apply(this);
    }

    public Tensor leakyRelu(float slope) {
        return LeakyRelu.apply(this, slope);
    }

    /** GELU, tanh approximation (see {@link Gelu}). */
    public Tensor gelu() {
        return Gelu.apply(this);
    }

    public Tensor sigmoid() {
        return Sigmoid.apply(this);
    }

    public Tensor tanh() {
        return Tanh.apply(this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (a 0-d tensor). */
    public Tensor sum() {
        return Sum.apply(this, false);
    }

    /** Sum over {@code axes} (all when empty), keeping them as size 1 when {@code keepdim}. */
    public Tensor sum(boolean keepdim, int... axes) {
        return Sum.apply(this, keepdim, axes);
    }

    public Tensor mean() {
        return Mean.apply(this, false);
    }

    public Tensor mean(boolean keepdim, int... axes) {
        return Mean.apply(this, keepdim, axes);
    }

    public Tensor max() {
        return Max.apply(this, false);
    }

    /** Maximum over {@code axes}; the gradient goes to the first maximal element. */
    public Tensor max(boolean keepdim, int... axes) {
        return Max.apply(this, keepdim, axes);
    }

    // ---------------------------------------------------------------- shape

    /** Same values in a new shape (one size may be -1); a view when this tensor is contiguous. */
    public Tensor reshape(int... newShape) {
        return Reshape.apply(this, newShape);
    }

    public Tensor transpose(int a, int b) {
        int[] perm = new int[shape.length];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        int x = Shapes.axis("transpose", a, shape.length);
        int y = Shapes.axis("transpose", b, shape.length);
        perm[x] = y;
        perm[y] = x;
        return Permute.apply(this, perm);
    }

    public Tensor permute(int... axes) {
        return Permute.apply(this, axes);
    }

    /** Elements {@code [start, end)} along {@code axis}, as a view. */
    public Tensor slice(int axis, int start, int end) {
        return Slice.apply(this, axis, start, end);
    }

    /** Broadcasts size-1 axes (and new leading axes) to {@code newShape}, as a view. */
    public Tensor expand(int... newShape) {
        return Expand.apply(this, newShape);
    }

    /** This tensor when it is row-major over its whole storage, else a row-major copy. */
    public Tensor contiguous() {
        if (dense() != null) {
            return this;
        }
        return Contiguous.apply(this);
    }

    /** Matrix product with NumPy semantics: batched, batch axes broadcast, 1-d operands promoted. */
    public Tensor matmul(Tensor o) {
        return MatMul.apply(this, o);
    }
}
