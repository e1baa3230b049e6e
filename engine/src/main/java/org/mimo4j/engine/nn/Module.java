package org.mimo4j.engine.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * A node of a model tree: it owns named {@link Parameter}s, named buffers (non-trained state such as
 * batch-norm running statistics), named random generators (dropout) and named child modules. Names join with dots along the tree
 * ("encoders.audio.conv1.weight"), in registration order (own entries first, then each child's), so
 * the order is stable across runs: checkpoints key on these names, and the multi-objective methods
 * take one encoder's parameters as a group with {@link #parameterGroup(String)}.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Rng> rngs = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable tensor under {@code name}; returns the new parameter. */
    protected final Parameter addParameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(value);
        parameters.put(name, p);
        return p;
    }

    /** Registers non-trained state (updated in place, saved in checkpoints); returns it. */
    protected final Tensor addBuffer(String name, Tensor value) {
        checkName(name);
        if (value.dense() == null) {
            throw new IllegalArgumentException("buffer '" + name + "' must be a contiguous tensor with its own storage");
        }
        buffers.put(name, value);
        return value;
    }

    /**
     * Registers a random generator the module draws from while running (e.g. dropout masks), so that
     * checkpoints can save and restore its state and a resumed run draws the same numbers; returns it.
     */
    protected final Rng addRng(String name, Rng rng) {
        checkName(name);
        rngs.put(name, rng);
        return rng;
    }

    /** Registers a child module; returns it. */
    protected final <M extends Module> M addModule(String name, M module) {
        checkName(name);
        if (module == this) {
            throw new IllegalArgumentException("module '" + name + "' cannot be its own child");
        }
        children.put(name, module);
        module.train(training);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.indexOf('.') >= 0) {
            throw new IllegalArgumentException("a module entry name must be non-empty and contain no '.', got '" + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)
                || rngs.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " already has an entry named '" + name + "'");
        }
    }

    /**
     * Every parameter of this module and its descendants, by dotted name, in a stable order. A parameter
     * reachable under several names (a child registered twice, tied weights) is listed once, under the
     * first, as PyTorch's named_parameters() does: an optimizer given it twice would update it twice.
     */
    public final Map<String, Parameter> namedParameters() {
        return parametersUnder("");
    }

    /** This module's parameters and its descendants', each once, names prefixed with {@code prefix}. */
    private Map<String, Parameter> parametersUnder(String prefix) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collectParameters(prefix, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return Collections.unmodifiableMap(out);
    }

    private void collectParameters(String prefix, Map<String, Parameter> out, Set<Parameter> seen) {
        parameters.forEach((n, p) -> {
            if (seen.add(p)) {
                out.put(prefix + n, p);
            }
        });
        children.forEach((n, c) -> c.collectParameters(prefix + n + ".", out, seen));
    }

    /** Every buffer of this module and its descendants, by dotted name, in a stable order. */
    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collectBuffers("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectBuffers(String prefix, Map<String, Tensor> out) {
        buffers.forEach((n, b) -> out.put(prefix + n, b));
        children.forEach((n, c) -> c.collectBuffers(prefix + n + ".", out));
    }

    /** Every registered generator of this module and its descendants, by dotted name, in a stable order. */
    public final Map<String, Rng> namedRngs() {
        Map<String, Rng> out = new LinkedHashMap<>();
        collectRngs("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectRngs(String prefix, Map<String, Rng> out) {
        rngs.forEach((n, r) -> out.put(prefix + n, r));
        children.forEach((n, c) -> c.collectRngs(prefix + n + ".", out));
    }

    public final List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Total number of trainable values. */
    public final long parameterCount() {
        long n = 0;
        for (Parameter p : namedParameters().values()) {
            n += p.numel();
        }
        return n;
    }

    /** Direct children by name (read-only). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** The descendant at a dotted path such as "encoders.audio"; fails listing the names that exist. */
    public final Module child(String path) {
        Module m = this;
        for (String part : path.split("\\.", -1)) {
            Module next = m.children.get(part);
            if (next == null) {
                throw new IllegalArgumentException("no child module '" + part + "' in path '" + path + "' (a "
                        + m.getClass().getSimpleName() + " with children " + m.children.keySet() + ")");
            }
            m = next;
        }
        return m;
    }

    /**
     * The parameters under the descendant at {@code path}, keyed by their full names as in
     * {@link #namedParameters()} (e.g. one encoder's parameters, for a per-encoder gradient group).
     */
    public final Map<String, Parameter> parameterGroup(String path) {
        return child(path).parametersUnder(path + ".");
    }

    /** Sets training mode (dropout active, batch norm on batch statistics) here and in every descendant. */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    public final Module train() {
        return train(true);
    }

    /** Evaluation mode: dropout off, batch norm on running statistics. */
    public final Module eval() {
        return train(false);
    }

    public final boolean isTraining() {
        return training;
    }

    /** Resets the gradients of every parameter to zeros. */
    public final void zeroGrad() {
        for (Parameter p : namedParameters().values()) {
            p.zeroGrad();
        }
    }
}
