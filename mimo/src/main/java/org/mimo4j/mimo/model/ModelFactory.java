package org.mimo4j.mimo.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mimo4j.engine.nn.LeNet;
import org.mimo4j.engine.nn.ResNet;
import org.mimo4j.engine.tensor.Rng;

/**
 * Builds a {@link MultiModalModel} from the model section of a run config: the encoder type per
 * modality and the fusion. The name lists are what config validation accepts.
 */
public final class ModelFactory {
    /** Encoder architectures a config may name. */
    public static final List<String> ENCODERS = List.of("mlp", "lenet", "resnet18", "transformer");
    /** Encoder architectures that take a dropout probability. */
    public static final List<String> DROPOUT_ENCODERS = List.of("mlp", "transformer");
    /** Fusion operators a config may name. */
    public static final List<String> FUSIONS = List.of("concat", "sum", "film", "gated");

    private ModelFactory() {
    }

    /** What an encoder needs to know from the config; dropout applies to {@link #DROPOUT_ENCODERS} only. */
    public record EncoderChoice(String type, int width, int layers, int heads, double dropout) {
        public EncoderChoice {
            if (dropout != 0 && !DROPOUT_ENCODERS.contains(type)) {
                throw new IllegalArgumentException("a " + type + " encoder has no dropout (got " + dropout
                        + "); only " + DROPOUT_ENCODERS + " encoders do");
            }
        }

        /** An encoder without dropout. */
        public EncoderChoice(String type, int width, int layers, int heads) {
            this(type, width, layers, heads, 0);
        }
    }

    /**
     * Builds the model; {@code inputShapes} gives each modality's per-example shape in the dataset's
     * modality order, {@code encoders} the choice per modality.
     */
    public static MultiModalModel build(Map<String, int[]> inputShapes, Map<String, EncoderChoice> encoders,
                                        String fusion, int featureDim, int classes, Rng rng) {
        ParameterSet params = new ParameterSet();
        List<String> names = List.copyOf(inputShapes.keySet());
        List<Encoder> encs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String m = names.get(i);
            EncoderChoice c = encoders.get(m);
            encs.add(encoder(params, Owner.encoder(m, i + 1), inputShapes.get(m), c, featureDim, rng));
        }
        List<Dense> heads = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            heads.add(new Dense(params, Owner.head(names.get(i), i + 1), "linear", featureDim, classes, rng));
        }
        Fusion f = switch (fusion) {
            case "concat" -> new ConcatFusion(params, names, featureDim, classes, rng);
            case "sum" -> new SumFusion(params, featureDim, classes, rng);
            case "film" -> new FilmFusion(params, featureDim, classes, rng);
            case "gated" -> new GatedFusion(params, names, featureDim, classes, rng);
            default -> throw new IllegalArgumentException("unknown fusion '" + fusion + "'; expected one of " + FUSIONS);
        };
        return new MultiModalModel(names, encs, heads, f, params, classes);
    }

    private static int channels(Owner owner, int[] shape) {
        if (shape.length != 3) {
            throw new IllegalArgumentException(owner.prefix() + ": a CNN encoder needs [channels, height, width] "
                    + "samples, got shape " + java.util.Arrays.toString(shape) + "; use the mlp encoder");
        }
        return shape[0];
    }

    private static int square(Owner owner, int[] shape) {
        if (shape[1] != shape[2]) {
            throw new IllegalArgumentException(owner.prefix() + ": LeNet needs square inputs, got "
                    + java.util.Arrays.toString(shape));
        }
        return shape[1];
    }

    private static Encoder encoder(ParameterSet params, Owner owner, int[] shape, EncoderChoice c, int featureDim, Rng rng) {
        return switch (c.type()) {
            case "mlp" -> new MlpEncoder(params, owner, shape, c.width(), c.layers(), c.dropout(), featureDim, rng);
            case "lenet" -> new ModuleEncoder(params, owner, new LeNet(channels(owner, shape), square(owner, shape),
                    featureDim, rng), featureDim);
            case "resnet18" -> new ModuleEncoder(params, owner, ResNet.resnet18(channels(owner, shape), c.width(), false,
                    featureDim, rng), featureDim);
            case "transformer" -> new TransformerEncoder(params, owner, shape, c.width(), c.layers(), c.heads(),
                    c.dropout(), featureDim, rng);
            default -> throw new IllegalArgumentException(owner.prefix() + ": encoder type '" + c.type()
                    + "' is not available in this build; expected one of " + ENCODERS);
        };
    }
}
