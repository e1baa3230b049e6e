package org.mimo4j.engine.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer needs to resume exactly: the number of steps taken and its per-parameter slot
 * arrays, named "slot/parameter" (e.g. "exp_avg/encoders.audio.conv1.weight"), in a stable order.
 * The arrays returned by {@link Optimizer#state()} are the host side of the optimizer's slots: read
 * them (or copy them), never modify them; {@link Optimizer#restore} is the way back in.
 */
public record OptimizerState(long step, Map<String, float[]> slots) {
    public OptimizerState {
        if (step < 0) {
            throw new IllegalArgumentException("step count must be >= 0, got " + step);
        }
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }
}
