package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.moo.ParameterGroup;

/**
 * The named trainable tensors of a model, in a fixed order, each with the {@link ParameterGroup}
 * (owner role and modality) the multi-objective methods route gradients by. Names follow the
 * model's structure ("encoders.audio.layer0.weight", "heads.image.linear.bias",
 * "fusion.block.audio.weight"), so optimizer state, checkpoints and per-encoder groups share the keys.
 */
public final class ParameterSet {
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Map<String, ParameterGroup> groups = new LinkedHashMap<>();

    /** Registers {@code t} as a parameter under {@code group.name()}; returns the tensor to compute with. */
    public Tensor add(ParameterGroup group, Tensor t) {
        if (params.containsKey(group.name())) {
            throw new IllegalArgumentException("duplicate parameter name '" + group.name() + "'");
        }
        if (group.size() != t.numel()) {
            throw new IllegalArgumentException("parameter '" + group.name() + "' has " + t.numel()
                    + " elements but its group says " + group.size());
        }
        Parameter p = new Parameter(t);
        params.put(group.name(), p);
        groups.put(group.name(), group);
        return p.tensor();
    }

    /** Registers an engine module's existing parameter (no copy) under {@code group.name()}. */
    public void add(ParameterGroup group, Parameter p) {
        if (params.containsKey(group.name())) {
            throw new IllegalArgumentException("duplicate parameter name '" + group.name() + "'");
        }
        if (group.size() != p.numel()) {
            throw new IllegalArgumentException("parameter '" + group.name() + "' has " + p.numel()
                    + " elements but its group says " + group.size());
        }
        params.put(group.name(), p);
        groups.put(group.name(), group);
    }

    /** Names in registration order. */
    public List<String> names() {
        return List.copyOf(params.keySet());
    }

    /** The parameter named {@code name}; fails naming it when absent. */
    public Parameter get(String name) {
        Parameter p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return p;
    }

    /** Parameters in registration order. */
    public List<Parameter> list() {
        return new ArrayList<>(params.values());
    }

    /** Groups in registration order (same order as {@link #list()}). */
    public List<ParameterGroup> groups() {
        return new ArrayList<>(groups.values());
    }

    /** Read-only name to parameter view (what optimizers take). */
    public Map<String, Parameter> asMap() {
        return Collections.unmodifiableMap(params);
    }

    /** Total number of scalars. */
    public long count() {
        long n = 0;
        for (Parameter p : params.values()) {
            n += p.numel();
        }
        return n;
    }

    /** Sets every gradient to zeros, allocating one where a parameter has none yet. */
    public void zeroGrad() {
        for (Parameter p : params.values()) {
            if (!p.hasGrad()) {
                p.tensor().setGrad(Tensor.zeros(p.shape()));
            } else {
                p.zeroGrad();
            }
        }
    }
}
