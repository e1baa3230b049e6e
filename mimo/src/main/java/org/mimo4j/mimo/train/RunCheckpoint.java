package org.mimo4j.mimo.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.mimo4j.engine.io.CheckpointData;
import org.mimo4j.engine.io.CheckpointEntry;
import org.mimo4j.engine.io.CheckpointException;
import org.mimo4j.engine.io.CheckpointReader;
import org.mimo4j.engine.io.CheckpointWriter;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.OptimizerState;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.mimo.model.ParameterSet;

/**
 * The training checkpoint of a run ({@code checkpoint.ckpt}, written atomically by the engine's
 * checkpoint writer): parameters ({@code param/<name>}), optimizer slots and step count
 * ({@code optim/...}, {@code optim.step}), the run's {@link Rng} ({@code rng}) and the trainer's
 * {@link TrainState} ({@code trainer}). Loading checks every name and shape before copying anything.
 */
final class RunCheckpoint {
    static final String FILE = "checkpoint.ckpt";

    private RunCheckpoint() {
    }

    static void save(Path file, ParameterSet params, Optimizer opt, Rng rng, TrainState state) throws IOException {
        CheckpointData d = new CheckpointData();
        for (Map.Entry<String, Parameter> e : params.asMap().entrySet()) {
            d.add(CheckpointEntry.ofFloats("param/" + e.getKey(), e.getValue().shape(), e.getValue().data().clone()));
        }
        OptimizerState os = opt.state();
        for (Map.Entry<String, float[]> e : os.slots().entrySet()) {
            d.add(CheckpointEntry.ofFloats("optim/" + e.getKey(), new int[] {e.getValue().length}, e.getValue().clone()));
        }
        d.add(CheckpointEntry.ofLongs("optim.step", new long[] {os.step()}));
        d.add(CheckpointEntry.ofLongs("rng", rng.state()));
        d.add(CheckpointEntry.ofLongs("trainer", state.encode()));
        CheckpointWriter.write(file, d);
    }

    /** Restores parameters only (evaluation of a finished run). */
    static void loadParameters(Path file, ParameterSet params) throws IOException {
        CheckpointData d = CheckpointReader.read(file);
        copyParameters(file, d, params);
    }

    /** Restores everything and returns the trainer state. */
    static TrainState load(Path file, ParameterSet params, Optimizer opt, Rng rng) throws IOException {
        CheckpointData d = CheckpointReader.read(file);
        java.util.LinkedHashMap<String, float[]> slots = new java.util.LinkedHashMap<>();
        for (String k : opt.state().slots().keySet()) {
            slots.put(k, require(file, d, "optim/" + k).floats());
        }
        long step = require(file, d, "optim.step").longs()[0];
        long[] rngState = require(file, d, "rng").longs();
        TrainState state = TrainState.decode(require(file, d, "trainer").longs());
        copyParameters(file, d, params);
        try {
            opt.restore(new OptimizerState(step, slots));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage());
        }
        rng.restore(rngState);
        return state;
    }

    private static void copyParameters(Path file, CheckpointData d, ParameterSet params) throws CheckpointException {
        for (Map.Entry<String, Parameter> e : params.asMap().entrySet()) {
            CheckpointEntry c = require(file, d, "param/" + e.getKey());
            if (!Arrays.equals(c.shape(), e.getValue().shape())) {
                throw new CheckpointException(file, "parameter '" + e.getKey() + "' has shape "
                        + Arrays.toString(c.shape()) + " in the file but " + Arrays.toString(e.getValue().shape())
                        + " in the model (was the config changed?)");
            }
        }
        for (Map.Entry<String, Parameter> e : params.asMap().entrySet()) {
            float[] src = d.get("param/" + e.getKey()).floats();
            System.arraycopy(src, 0, e.getValue().data(), 0, src.length);
        }
    }

    private static CheckpointEntry require(Path file, CheckpointData d, String name) throws CheckpointException {
        CheckpointEntry e = d.get(name);
        if (e == null) {
            throw new CheckpointException(file, "no entry '" + name + "' (a checkpoint of another model or method?)");
        }
        return e;
    }
}
