package org.mimo4j.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.nn.Module;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.optim.OptimizerState;
import org.mimo4j.engine.tensor.Rng;
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
 * {@code optim/<slot>/<parameter>} (float32, 1-d), {@code optim.step} (int64[1]) and {@code rng}
 * (int64[6], {@link Rng#state()}).
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

    private Checkpoint() {
    }

    /**
     * Writes the state of {@code model} and, when not null, {@code optimizer} and {@code rng}, with
     * {@code metadata}, to {@code file} (atomically replacing it).
     */
    public static void save(Path file, Module model, Optimizer optimizer, Rng rng, Map<String, String> metadata)
            throws IOException {
        CheckpointData data = new CheckpointData();
        metadata.forEach(data::putMetadata);
        model.namedParameters().forEach((n, p) -> data.add(CheckpointEntry.ofFloats(PARAM + n, p.shape(), p.data())));
        model.namedBuffers().forEach((n, b) -> data.add(CheckpointEntry.ofFloats(BUFFER + n, b.shape(), b.storage())));
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
     * returns its metadata. The file must hold exactly the model's parameters and buffers (names and
     * shapes), and the optimizer's slots when an optimizer is given; entries for a component passed as
     * null are ignored (e.g. loading weights for evaluation). Nothing is changed unless all checks pass.
     */
    public static Map<String, String> load(Path file, Module model, Optimizer optimizer, Rng rng) throws IOException {
        CheckpointData data = CheckpointReader.read(file);
        Map<String, float[]> targets = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            targets.put(PARAM + e.getKey(), e.getValue().data());
            shapes.put(PARAM + e.getKey(), e.getValue().shape());
        }
        for (Map.Entry<String, Tensor> e : model.namedBuffers().entrySet()) {
            targets.put(BUFFER + e.getKey(), e.getValue().storage());
            shapes.put(BUFFER + e.getKey(), e.getValue().shape());
        }
        OptimizerState optimState = optimizer == null ? null : optimizer.state();
        if (optimState != null) {
            optimState.slots().forEach((n, a) -> shapes.put(OPTIM + n, new int[] {a.length}));
        }
        CheckpointMatcher matcher = new CheckpointMatcher(file, data);
        matcher.requireExactly(PARAM, shapes, "the model");
        matcher.requireExactly(BUFFER, shapes, "the model");
        long step = -1;
        if (optimState != null) {
            matcher.requireExactly(OPTIM, shapes, "the " + optimizer.getClass().getSimpleName());
            step = matcher.stepCount(STEP);
        }
        long[] rngState = rng == null ? null : matcher.longs(RNG, rng.state().length);
        targets.forEach((n, dst) -> System.arraycopy(data.get(n).floats(), 0, dst, 0, dst.length));
        if (optimState != null) {
            Map<String, float[]> slots = new LinkedHashMap<>();
            optimState.slots().keySet().forEach(n -> slots.put(n, data.get(OPTIM + n).floats()));
            optimizer.restore(new OptimizerState(step, slots));
        }
        if (rngState != null) {
            rng.restore(rngState);
        }
        return data.metadata();
    }
}
