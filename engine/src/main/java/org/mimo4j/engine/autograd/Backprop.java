package org.mimo4j.engine.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.ops.HostChunks;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The reverse-mode sweep: orders the graph below a root topologically (iterative depth-first search,
 * so depth is limited by memory, not by the stack), then visits nodes from the root down, handing each
 * its summed output gradient and routing the input gradients to producer nodes or, for leaves, adding
 * them to {@link Tensor#grad()}.
 *
 * <p>Gradients travel as {@link Storage}s. With a device backend ({@code deviceKernels() != null}) the
 * seed is made on the device, and a sum or a leaf accumulation runs as a device kernel whenever one of
 * its operands lives on the device, so gradients that the nodes leave there stay there; gradients
 * that host-only ops produced are summed on the host, where they are. With a host backend all of it
 * is plain loops. Device gradients that the pass made give their memory back as soon as nothing will
 * read them again ({@link GradientLifetimes}). A leaf whose gradient is cleared (or absent) keeps a device
 * gradient that nothing else holds as its own instead of a copy ({@link GradientLifetimes#handOver}):
 * measured on PoCL, steps alternating in one JVM, the AV-Digits step went 11.10 -> 10.08 ms (its MLP's
 * 1.6M-float weight gradient was copied every step) and the small CNN's 3.45 -> 3.38.
 */
public final class Backprop {
    private Backprop() {
    }

    /**
     * The one-element gradient 1 that starts backward from the scalar {@code root}: made on the device
     * when the backend has one and the root lives there (a loss left on the device by its op).
     */
    private static Storage unitSeed(Tensor root) {
        DeviceKernels dk = Backends.current().deviceKernels();
        if (dk == null || !root.storage().mirrorCurrent()) {
            return Storage.wrap(new float[] {1f});
        }
        Storage s = dk.allocate(1);
        dk.fill(s, 1f);
        return s;
    }

    /**
     * Runs backward from {@code root} with upstream gradient {@code seed} (row-major, root's shape),
     * which is read, never modified.
     */
    public static void run(Tensor root, Storage seed, boolean retainGraph) {
        run(root, seed, retainGraph, new GradientLifetimes());
    }

    /** Runs backward from the scalar {@code root} with gradient 1 (made, and freed after, on the device). */
    public static void runFromOne(Tensor root, boolean retainGraph) {
        GradientLifetimes lifetimes = new GradientLifetimes();
        run(root, unitSeed(root), retainGraph, lifetimes);
    }

    private static void run(Tensor root, Storage seed, boolean retainGraph, GradientLifetimes lifetimes) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor " + Shapes.str(root.shape())
                    + " does not require a gradient (no input had requiresGrad(true), or it was computed under NoGrad)");
        }
        DeviceKernels dk = Backends.current().deviceKernels();
        if (root.isLeaf()) {
            accumulate(root, seed, dk, false);
            lifetimes.settle(seed);
            return;
        }
        List<Node> order = topologicalOrder(root.gradFn());
        Map<Node, Storage> pending = new IdentityHashMap<>();
        pending.put(root.gradFn(), seed);
        lifetimes.held(seed);
        Set<float[]> outerPass = GradientArrays.openPass();
        try (NoGrad scope = NoGrad.enter()) {
            for (Node node : order) {
                Storage g = pending.remove(node);
                if (g != null) {
                    visit(node, g, pending, dk, lifetimes);
                    lifetimes.dropped(g);
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        } finally {
            GradientArrays.closePass(outerPass);
        }
    }

    private static void visit(Node node, Storage g, Map<Node, Storage> pending, DeviceKernels dk,
                              GradientLifetimes lifetimes) {
        if (node.isReleased()) {
            throw new IllegalStateException("backward: the graph through '" + node.name()
                    + "' was already freed by an earlier backward; pass retainGraph=true to the first backward"
                    + " to differentiate the same forward pass more than once");
        }
        Storage[] grads = node.backward(g, dk);
        for (int i = 0; i < node.inputCount(); i++) {
            Tensor in = node.input(i);
            if (in == null || !in.requiresGrad() || grads[i] == null) {
                continue;
            }
            if (grads[i].length() != in.numel()) {
                throw new IllegalStateException("backward of '" + node.name() + "' returned " + grads[i].length()
                        + " gradient values for input " + i + " of shape " + Shapes.str(in.shape()));
            }
            if (in.isLeaf()) {
                accumulate(in, grads[i], dk, lifetimes.handOver(grads, i));
            } else {
                route(pending, in.gradFn(), grads[i], dk, lifetimes);
            }
        }
        for (Storage gi : grads) {
            if (gi != null) {
                lifetimes.settle(gi);
            }
        }
    }

    /** Hands {@code g} to {@code target}, summing it with what the node already has pending. */
    private static void route(Map<Node, Storage> pending, Node target, Storage g, DeviceKernels dk,
                              GradientLifetimes lifetimes) {
        Storage before = pending.get(target);
        Storage now = before == null ? g : sum(before, g, dk);
        pending.put(target, now);
        lifetimes.held(now);
        if (before != null) {
            lifetimes.dropped(before);
        }
    }

    /**
     * A fresh a + b: never in place, because a node may hand the same storage to several inputs (or
     * pass its own output gradient through) and a sum written into it would corrupt the other uses.
     */
    private static Storage sum(Storage a, Storage b, DeviceKernels dk) {
        if (onDevice(dk, a, b)) {
            Storage s = dk.allocate(a.length());
            dk.add(a, b, s);
            return s;
        }
        float[] x = a.read();
        float[] y = b.read();
        float[] s = GradientArrays.take(x.length);
        HostChunks.forEach(s.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                s[i] = x[i] + y[i];
            }
        });
        return Storage.wrap(s);
    }

    /**
     * Adds {@code g} into the leaf's gradient. Where the leaf has none, or a cleared one, and {@code
     * handOver} (a device gradient nothing else holds, see {@link GradientLifetimes#handOver}), g itself
     * becomes the gradient: no copy, and a cleared gradient's device memory goes back to the pool at once.
     */
    private static void accumulate(Tensor leaf, Storage g, DeviceKernels dk, boolean handOver) {
        Storage cleared = leaf.takeClearedGrad();
        if (cleared != null) {
            if (!handOver) {
                overwrite(g, cleared, dk);
                return;
            }
            leaf.setGrad(Tensor.fromOp(g, leaf.shape(), null));
            if (cleared.mirror() != null) {
                cleared.dropMirror();
            }
            return;
        }
        Tensor grad = leaf.grad();
        if (grad == null) {
            leaf.setGrad(Tensor.fromOp(handOver ? g : copy(g, dk), leaf.shape(), null));
            return;
        }
        Storage acc = grad.dense();
        if (acc == null) {
            throw new IllegalStateException("backward: the gradient of a " + Shapes.str(leaf.shape())
                    + " leaf is a non-contiguous view and cannot be accumulated into; set a contiguous one");
        }
        if (onDevice(dk, g, acc)) {
            dk.axpy(1f, g, acc);
            return;
        }
        float[] a = acc.write();
        float[] x = g.read();
        HostChunks.forEach(a.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] += x[i];
            }
        });
    }

    /**
     * acc = g + 0 into a gradient that zeroGrad cleared: bit for bit what adding g into the zeros gives
     * (a -0 becomes +0, as 0 + -0 does), in one pass instead of writing the zeros and adding to them.
     */
    private static void overwrite(Storage g, Storage acc, DeviceKernels dk) {
        if (onDevice(dk, g, acc)) {
            dk.scalar(DeviceKernels.Arith.ADD, g, 0f, acc);
            return;
        }
        float[] a = acc.write();
        float[] x = g.read();
        // Elementwise, in chunks on the backend's threads (the bits of one loop): a 1.6M-float weight's
        // gradient took one core ~0.3 ms per step while the other waited.
        HostChunks.forEach(a.length, HostChunks.GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                a[i] = x[i] + 0f;
            }
        });
    }

    /** A copy the leaf owns: the gradient a node returned may be shared or be the caller's seed. */
    private static Storage copy(Storage g, DeviceKernels dk) {
        if (onDevice(dk, g)) {
            Storage c = dk.allocate(g.length());
            dk.copy(g, c);
            return c;
        }
        return Storage.wrap(g.read().clone());
    }

    /** Whether to use the device kernels: there are some, and an operand's device copy is current. */
    private static boolean onDevice(DeviceKernels dk, Storage... operands) {
        if (dk == null || operands[0].length() == 0) {
            return false;
        }
        for (Storage s : operands) {
            if (s.mirrorCurrent()) {
                return true;
            }
        }
        return false;
    }

    /** Nodes reachable from {@code root}, each after every node that consumes its output. */
    static List<Node> topologicalOrder(Node root) {
        List<Node> postOrder = new ArrayList<>();
        Map<Node, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Node> nodes = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        nodes.push(root);
        next.push(new int[] {0});
        seen.put(root, Boolean.TRUE);
        while (!nodes.isEmpty()) {
            Node n = nodes.peek();
            int[] i = next.peek();
            if (i[0] < n.inputCount()) {
                Tensor in = n.input(i[0]++);
                Node child = in == null ? null : in.gradFn();
                if (child != null && seen.put(child, Boolean.TRUE) == null) {
                    nodes.push(child);
                    next.push(new int[] {0});
                }
            } else {
                postOrder.add(nodes.pop());
                next.pop();
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}
