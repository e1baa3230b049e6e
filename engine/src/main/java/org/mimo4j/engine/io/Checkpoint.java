package org.mimo4j.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.mimo4j.engine.nn.Module;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.OptimizerState;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Saves and loads a training state: a model's parameters and buffers, an optimizer's slots and step
 * count, an {@link Rng}'s state and a small string metadata map, in one file.
 *
 * <h2>File format, version 1</h2>
 * All integers and floats are little-endian. Offsets are in bytes; H is the header length and P the
 * payload length.
 * <table>
 * <caption>Byte layout</caption>
 * <tr><th>Offset</th><th>Size</th><th>Field</th></tr>
 * <tr><td>0</td><td>8</td><td>magic: ASCII {@code MIMO4JCK}</td></tr>
 * <tr><td>8</td><td>4</td><td>format version, int32 = 1</td></tr>
 * <tr><td>12</td><td>4</td><td>header length H, uint32</td></tr>
 * <tr><td>16</td><td>H</td><td>header (below)</td></tr>
 * <tr><td>16+H</td><td>8</td><td>payload length P, int64</td></tr>
 * <tr><td>24+H</td><td>P</td><td>payload: each entry's elements, row-major, in header order, no padding</td></tr>
 * <tr><td>24+H+P</td><td>4</td><td>CRC32C (Castagnoli) of bytes [0, 24+H+P)</td></tr>
 * </table>
 * The file is exactly 28+H+P bytes long. The header is:
 * <pre>
 *   int32  metadata count, then per pair:  string key, string value
 *   int32  entry count, then per entry:    string name, uint8 dtype (1 = float32, 2 = int64),
 *                                          uint8 rank, int32 dims[rank]
 *   string = uint16 byte length + UTF-8 bytes
 * </pre>
 * An entry occupies prod(dims) * (4 or 8) payload bytes; the entries together fill exactly P bytes.
 *
 * <h2>Entry names</h2>
 * {@code param/<name>} and {@code buffer/<name>} (float32, the module's shapes and dotted names),
 * {@code module_rng/<name>} (int64[6], the state of a generator a module registered, e.g. dropout's),
 * {@code optim/<slot>/<parameter>} (float32, 1-d), {@code optim.step} (int64[1]) and {@code rng}
 * (int64[6], the caller's generator, {@link Rng#state()}).
 *
 * <h2>Guarantees</h2>
 * Saving writes a temporary file in the target's directory, forces it to disk and atomically renames
 * it, so a crash or failure leaves the previous checkpoint intact. Loading reads and checks the whole
 * file (magic, version, lengths, checksum, header) and compares every name and shape with the model
 * and optimizer before copying anything, so a failed load changes nothing. Every failure is a
 * {@link CheckpointException} naming the file and the problem.
 */
public final class Checkpoint {
    static final String PARAM = "param/";
    static final String BUFFER = "buffer/";
    static final String OPTIM = "optim/";
    static final String STEP = "optim.step";
    static final String RNG = "rng";
    static final String MODULE_RNG = "module_rng/";

    private Checkpoint() {
    }

    /**
     * Writes the state of {@code model} (parameters, buffers, its modules' generators) and, when not
     * null, {@code optimizer} and {@code rng}, with {@code metadata}, to {@code file} (atomically
     * replacing it).
     */
    public static void save(Path file, Module model, Optimizer optimizer, Rng rng, Map<String, String> metadata)
            throws IOException {
        CheckpointData data = new CheckpointData();
        metadata.forEach(data::putMetadata);
        model.namedParameters().forEach((n, p) -> data.add(CheckpointEntry.ofFloats(PARAM + n, p.shape(), p.data())));
        model.namedBuffers().forEach((n, b) -> data.add(CheckpointEntry.ofFloats(BUFFER + n, b.shape(), b.storage().read())));
        model.namedRngs().forEach((n, r) -> data.add(CheckpointEntry.ofLongs(MODULE_RNG + n, r.state())));
        if (optimizer != null) {
            OptimizerState s = optimizer.state();
            s.slots().forEach((n, a) -> data.add(CheckpointEntry.ofFloats(OPTIM + n, new int[] {a.length}, a)));
            data.add(CheckpointEntry.ofLongs(STEP, new long[] {s.step()}));
        }
        if (rng != null) {
            data.add(CheckpointEntry.ofLongs(RNG, rng.state()));
        }
        CheckpointWriter.write(file, data);
    }

    /**
     * Restores {@code model} and, when not null, {@code optimizer} and {@code rng} from {@code file}, and
     * returns its metadata. The file must hold exactly the model's parameters, buffers and module
     * generators (names and shapes), and the optimizer's slots when an optimizer is given; entries for a
     * component passed as null are ignored (e.g. loading weights for evaluation). Nothing is changed
     * unless all checks pass.
     */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer, Rng rng) throws IOException {
        CheckpointData data = CheckpointReader.read(file);
        CheckpointMatcher matcher = new CheckpointMatcher(file, data);
        Map<String, Storage> targets = new LinkedHashMap<>();
        matcher.requireFloats(PARAM, expectations(PARAM, model.namedParameters(), Parameter::storage, Parameter::shape,
                targets), "the model");
        matcher.requireFloats(BUFFER, expectations(BUFFER, model.namedBuffers(), Tensor::storage, Tensor::shape,
                targets), "the model");
        Map<Rng, long[]> rngStates = new LinkedHashMap<>();
        for (Map.Entry<String, Rng> e : model.namedRngs().entrySet()) {
            rngStates.put(e.getValue(), matcher.longs(MODULE_RNG + e.getKey(), e.getValue().state().length));
        }
        matcher.rejectUnexpected(MODULE_RNG, prefixed(MODULE_RNG, model.namedRngs().keySet()), "the model");
        OptimizerState optimState = optimizer == null ? null : optimizerState(matcher, data, optimizer);
        if (rng != null) {
            rngStates.put(rng, matcher.longs(RNG, rng.state().length));
        }
        targets.forEach((n, dst) -> System.arraycopy(data.get(n).floats(), 0, dst.write(), 0, dst.length()));
        if (optimState != null) {
            optimizer.restore(optimState);
        }
        rngStates.forEach(Rng::restore);
        return data.metadata();
    }

    /** Entry name -> expected shape for {@code items}, recording where each entry's values go. */
    private static <T> Map<String, int[]> expectations(String prefix, Map<String, T> items, Function<T, Storage> storage,
                                                      Function<T, int[]> shape, Map<String, Storage> targets) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        items.forEach((n, t) -> {
            shapes.put(prefix + n, shape.apply(t));
            targets.put(prefix + n, storage.apply(t));
        });
        return shapes;
    }

    /** The optimizer state held by the file, checked against {@code optimizer}'s slots. */
    private static OptimizerState optimizerState(CheckpointMatcher matcher, CheckpointData data, Optimizer optimizer)
            throws CheckpointException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        optimizer.state().slots().forEach((n, a) -> shapes.put(OPTIM + n, new int[] {a.length}));
        matcher.requireFloats(OPTIM, shapes, "the " + optimizer.getClass().getSimpleName());
        long step = matcher.stepCount(STEP);
        Map<String, float[]> slots = new LinkedHashMap<>();
        optimizer.state().slots().keySet().forEach(n -> slots.put(n, data.get(OPTIM + n).floats()));
        return new OptimizerState(step, slots);
    }

    private static Set<String> prefixed(String prefix, Set<String> names) {
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(prefix + n));
        return out;
    }
}
