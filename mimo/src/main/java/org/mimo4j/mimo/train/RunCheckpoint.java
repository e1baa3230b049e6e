package org.mimo4j.mimo.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
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
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;

/**
 * The training checkpoint of a run ({@code checkpoint.ckpt}, written atomically by the engine's
 * checkpoint writer): parameters ({@code param/<name>}), buffers ({@code buffer/<name>}), the encoders'
 * own generators such as dropout's ({@code rng/<name>}), optimizer slots and step count
 * ({@code optim/...}, {@code optim.step}), the run's {@link Rng} ({@code rng}), the trainer's
 * {@link TrainState} ({@code trainer}) and the method's state ({@link MethodState}). Loading checks every
 * name and shape before copying anything; a generator missing from the file, or one the model lacks,
 * is an error naming the entry.
 */
final class RunCheckpoint {
    static final String FILE = "checkpoint.ckpt";
    private static final String RNG_PREFIX = "rng/";

    /** {@code dir}'s checkpoint, which a resumed run needs: a usage error when there is none. */
    static Path toResume(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("cannot resume: " + file + " does not exist (the run stopped before its first"
                    + " checkpoint)");
        }
        return file;
    }

    private RunCheckpoint() {
    }

    static void save(Path file, MultiModalModel model, MultiObjectiveMethod method, Optimizer opt, Rng rng, TrainState state)
            throws IOException {
        CheckpointData d = new CheckpointData();
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            d.add(CheckpointEntry.ofFloats("param/" + e.getKey(), e.getValue().shape(), e.getValue().data().clone()));
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            d.add(CheckpointEntry.ofFloats("buffer/" + e.getKey(), e.getValue().shape(), e.getValue().contiguous().data().clone()));
        }
        for (Map.Entry<String, Rng> e : model.rngs().entrySet()) {
            d.add(CheckpointEntry.ofLongs(RNG_PREFIX + e.getKey(), e.getValue().state()));
        }
        OptimizerState os = opt.state();
        for (Map.Entry<String, float[]> e : os.slots().entrySet()) {
            d.add(CheckpointEntry.ofFloats("optim/" + e.getKey(), new int[] {e.getValue().length}, e.getValue().clone()));
        }
        d.add(CheckpointEntry.ofLongs("optim.step", new long[] {os.step()}));
        d.add(CheckpointEntry.ofLongs("rng", rng.state()));
        d.add(CheckpointEntry.ofLongs("trainer", state.encode()));
        MethodState.save(method, d);
        CheckpointWriter.write(file, d);
    }

    /** Restores parameters and buffers only (evaluation of a finished run). */
    static void loadModel(Path file, MultiModalModel model) throws IOException {
        CheckpointData d = CheckpointReader.read(file);
        copyModel(file, d, model);
    }

    /** Restores everything and returns the trainer state. */
    static TrainState load(Path file, MultiModalModel model, MultiObjectiveMethod method, Optimizer opt, Rng rng)
            throws IOException {
        CheckpointData d = CheckpointReader.read(file);
        Map<String, float[]> slots = new LinkedHashMap<>();
        for (String k : opt.state().slots().keySet()) {
            slots.put(k, require(file, d, "optim/" + k).floats());
        }
        long step = require(file, d, "optim.step").longs()[0];
        long[] rngState = require(file, d, "rng").longs();
        TrainState state = TrainState.decode(require(file, d, "trainer").longs());
        Map<Rng, long[]> moduleRngs = moduleRngs(file, d, model);
        copyModel(file, d, model);
        try {
            opt.restore(new OptimizerState(step, slots));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage());
        }
        rng.restore(rngState);
        moduleRngs.forEach(Rng::restore);
        MethodState.restore(method, d);
        return state;
    }

    /** Each of the model's generators with its saved state, after checking that the names match both ways. */
    private static Map<Rng, long[]> moduleRngs(Path file, CheckpointData d, MultiModalModel model)
            throws CheckpointException {
        Map<String, Rng> rngs = model.rngs();
        for (String name : d.entries().keySet()) {
            if (name.startsWith(RNG_PREFIX) && !rngs.containsKey(name.substring(RNG_PREFIX.length()))) {
                throw new CheckpointException(file, "'" + name + "' is a generator the model does not have (its "
                        + "generators are " + rngs.keySet() + "; was the config changed?)");
            }
        }
        Map<Rng, long[]> out = new IdentityHashMap<>();
        for (Map.Entry<String, Rng> e : rngs.entrySet()) {
            long[] saved = require(file, d, RNG_PREFIX + e.getKey()).longs();
            if (saved.length != e.getValue().state().length) {
                throw new CheckpointException(file, "'" + RNG_PREFIX + e.getKey() + "' has " + saved.length
                        + " state words; expected " + e.getValue().state().length);
            }
            out.put(e.getValue(), saved);
        }
        return out;
    }

    private static void copyModel(Path file, CheckpointData d, MultiModalModel model) throws CheckpointException {
        Map<String, float[]> targets = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            targets.put("param/" + e.getKey(), check(file, d, "param/" + e.getKey(), e.getValue().shape()));
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            targets.put("buffer/" + e.getKey(), check(file, d, "buffer/" + e.getKey(), e.getValue().shape()));
        }
        for (Map.Entry<String, Parameter> e : model.parameters().asMap().entrySet()) {
            float[] src = targets.get("param/" + e.getKey());
            System.arraycopy(src, 0, e.getValue().storage().write(), 0, src.length);
        }
        for (Map.Entry<String, Tensor> e : model.buffers().entrySet()) {
            float[] src = targets.get("buffer/" + e.getKey());
            System.arraycopy(src, 0, e.getValue().storage().write(), 0, src.length);
        }
    }

    /** The entry's data after checking it exists with the model's shape. */
    private static float[] check(Path file, CheckpointData d, String name, int[] shape) throws CheckpointException {
        CheckpointEntry c = require(file, d, name);
        if (!Arrays.equals(c.shape(), shape)) {
            throw new CheckpointException(file, "'" + name + "' has shape " + Arrays.toString(c.shape())
                    + " in the file but " + Arrays.toString(shape) + " in the model (was the config changed?)");
        }
        return c.floats();
    }

    private static CheckpointEntry require(Path file, CheckpointData d, String name) throws CheckpointException {
        CheckpointEntry e = d.get(name);
        if (e == null) {
            throw new CheckpointException(file, "no entry '" + name + "' (a checkpoint of another model or method?)");
        }
        return e;
    }
}
