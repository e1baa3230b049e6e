package org.mimo4j.engine.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.mimo4j.engine.tensor.Rng;

/**
 * The one catalog of ops that drives the op tests: every op has an entry with its name and a
 * generator that, given a seeded {@link Rng}, produces an {@link OpCase} (random shapes including
 * broadcast, size-1 and odd sizes; values never all zero, in the op's domain) carrying the op and its
 * plain-double reference. {@link OpChecker} checks forward and gradients of any case. Kept in the
 * engine's test-jar so accelerated backends run the same catalog.
 */
public final class OpCatalog {
    /** A catalog entry: the op's name and its case generator. */
    public record Entry(String name, Function<Rng, OpCase> generator) {
        @Override
        public String toString() {
            return name;
        }
    }

    private OpCatalog() {
    }

    /** Every entry, elementwise, reductions, shape ops, linear algebra and neural-network ops. */
    public static List<Entry> all() {
        List<Entry> all = new ArrayList<>();
        all.addAll(ElementwiseCatalog.entries());
        all.addAll(ShapeCatalog.entries());
        all.addAll(NnCatalog.entries());
        all.addAll(ConvCatalog.entries());
        return all;
    }

    /** The entries whose name is one of {@code names} (e.g. the ops a backend accelerates). */
    public static List<Entry> named(String... names) {
        List<String> wanted = List.of(names);
        List<Entry> out = new ArrayList<>();
        for (Entry e : all()) {
            if (wanted.contains(e.name())) {
                out.add(e);
            }
        }
        if (out.size() != names.length) {
            throw new IllegalArgumentException("unknown op names among " + wanted);
        }
        return out;
    }
}
