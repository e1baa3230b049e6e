package org.mimo4j.mimo.train;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.mimo4j.mimo.moo.CaGrad;
import org.mimo4j.mimo.moo.Joint;
import org.mimo4j.mimo.moo.Mgda;
import org.mimo4j.mimo.moo.Mimo;
import org.mimo4j.mimo.moo.MmPareto;
import org.mimo4j.mimo.moo.MultiObjectiveMethod;
import org.mimo4j.mimo.moo.OgmGe;
import org.mimo4j.mimo.moo.PcGrad;
import org.mimo4j.mimo.moo.Uniform;
import org.mimo4j.mimo.moo.Unimodal;

/**
 * Creates the multi-objective method a config names, with its options (missing options take the
 * method's documented defaults). The name list and each method's option names are what config
 * validation accepts.
 */
public final class MethodFactory {
    /** Method names a config may use. */
    public static final List<String> NAMES = List.of("joint", "uniform", "unimodal", "mimo", "mgda", "mgda-ub",
            "mmpareto", "ogmge", "pcgrad", "cagrad");

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "joint", Set.of(),
            "uniform", Set.of(),
            "unimodal", Set.of(),
            "mimo", Set.of("gamma", "mu", "beta"),
            "mgda", Set.of(),
            "mgda-ub", Set.of(),
            "mmpareto", Set.of(),
            "ogmge", Set.of("alpha"),
            "pcgrad", Set.of(),
            "cagrad", Set.of("alpha"));

    private MethodFactory() {
    }

    /** The method {@code spec} names, for a model with {@code modalities} modalities. */
    public static MultiObjectiveMethod create(RunConfig.MethodSpec spec, int modalities) {
        Map<String, Double> o = spec.options;
        return switch (spec.name) {
            case "joint" -> new Joint(modalities);
            case "uniform" -> new Uniform(modalities);
            case "unimodal" -> new Unimodal(modalities);
            case "mimo" -> {
                Mimo.Options d = Mimo.Options.defaults();
                yield new Mimo(modalities, new Mimo.Options(d.variant(), o.getOrDefault("gamma", d.gamma()),
                        o.getOrDefault("mu", d.mu()), o.getOrDefault("beta", d.beta())));
            }
            case "mgda" -> new Mgda(modalities, Mgda.Options.defaults());
            case "mgda-ub" -> new Mgda(modalities, Mgda.Options.defaults().withUpperBound(true));
            case "mmpareto" -> new MmPareto(modalities);
            case "ogmge" -> {
                OgmGe.Options d = OgmGe.Options.defaults();
                yield new OgmGe(modalities, new OgmGe.Options(o.getOrDefault("alpha", d.alpha()), d.startEpoch(),
                        d.endEpoch(), d.noise()));
            }
            case "pcgrad" -> new PcGrad(modalities);
            case "cagrad" -> new CaGrad(modalities, o.getOrDefault("alpha", 0.5));
            default -> throw new ConfigException("unknown method '" + spec.name + "'; expected one of " + NAMES);
        };
    }

    /** The option names method {@code name} accepts. */
    public static Set<String> optionNames(String name) {
        return OPTIONS.getOrDefault(name, Set.of());
    }

    /** Fails with one line when {@code spec} sets an option its method does not have. */
    static void checkOptions(RunConfig.MethodSpec spec, String source) {
        Set<String> known = optionNames(spec.name);
        for (String key : spec.options.keySet()) {
            ConfigValidator.check(known.contains(key), source, "method '" + spec.name + "' has no option '" + key
                    + "'; its options are " + known.stream().sorted().toList());
        }
    }
}
