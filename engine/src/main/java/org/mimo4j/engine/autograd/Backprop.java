package org.mimo4j.engine.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.mimo4j.engine.tensor.Shapes;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The reverse-mode sweep: orders the graph below a root topologically (iterative depth-first search,
 * so depth is limited by memory, not by the stack), then visits nodes from the root down, handing each
 * its summed output gradient and routing the input gradients to producer nodes or, for leaves, adding
 * them to {@link Tensor#grad()}.
 */
public final class Backprop {
    private Backprop() {
    }

    /** Runs backward from {@code root} with upstream gradient {@code seed} (row-major, root's shape). */
    public static void run(Tensor root, float[] seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward: the tensor " + Shapes.str(root.shape())
                    + " does not require a gradient (no input had requiresGrad(true), or it was computed under NoGrad)");
        }
        if (root.isLeaf()) {
            accumulate(root, seed);
            return;
        }
        List<Node> order = topologicalOrder(root.gradFn());
        Map<Node, float[]> pending = new IdentityHashMap<>();
        pending.put(root.gradFn(), seed);
        try (NoGrad scope = NoGrad.enter()) {
            for (Node node : order) {
                float[] g = pending.remove(node);
                if (g != null) {
                    visit(node, g, pending);
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
    }

    private static void visit(Node node, float[] g, Map<Node, float[]> pending) {
        if (node.isReleased()) {
            throw new IllegalStateException("backward: the graph through '" + node.name()
                    + "' was already freed by an earlier backward; pass retainGraph=true to the first backward"
                    + " to differentiate the same forward pass more than once");
        }
        float[][] grads = node.backward(g);
        for (int i = 0; i < node.inputCount(); i++) {
            Tensor in = node.input(i);
            if (in == null || !in.requiresGrad() || grads[i] == null) {
                continue;
            }
            if (grads[i].length != in.numel()) {
                throw new IllegalStateException("backward of '" + node.name() + "' returned " + grads[i].length
                        + " gradient values for input " + i + " of shape " + Shapes.str(in.shape()));
            }
            if (in.isLeaf()) {
                accumulate(in, grads[i]);
            } else {
                pending.merge(in.gradFn(), grads[i], Backprop::sum);
            }
        }
    }

    private static float[] sum(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    private static void accumulate(Tensor leaf, float[] g) {
        Tensor grad = leaf.grad();
        if (grad == null) {
            leaf.setGrad(Tensor.of(g.clone(), leaf.shape()));
            return;
        }
        float[] acc = grad.data();
        if (acc != grad.storage()) {
            throw new IllegalStateException("backward: the gradient of a " + Shapes.str(leaf.shape())
                    + " leaf is a non-contiguous view and cannot be accumulated into; set a contiguous one");
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i] += g[i];
        }
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
