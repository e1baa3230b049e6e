package org.mimo4j.mimo.train;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the multi-objective method a config names, with its options. The name list and each
 * method's option names are what config validation accepts.
 */
public final class MethodFactory {
    /** Method names a config may use. */
    public static final List<String> NAMES = List.of("joint", "uniform", "unimodal", "mimo", "mgda", "mmpareto",
            "ogmge", "pcgrad", "cagrad");

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "joint", Set.of(),
            "uniform", Set.of(),
            "unimodal", Set.of(),
            "mimo", Set.of("gamma", "mu", "beta"),
            "mgda", Set.of(),
            "mmpareto", Set.of(),
            "ogmge", Set.of("alpha"),
            "pcgrad", Set.of(),
            "cagrad", Set.of("alpha"));

    private MethodFactory() {
    }

    /** Fails with one line when {@code spec} sets an option its method does not have. */
    static void checkOptions(RunConfig.MethodSpec spec, String source) {
        Set<String> known = OPTIONS.getOrDefault(spec.name, Set.of());
        for (String key : spec.options.keySet()) {
            ConfigValidator.check(known.contains(key), source, "method '" + spec.name + "' has no option '" + key
                    + "'; its options are " + known.stream().sorted().toList());
        }
    }
}
