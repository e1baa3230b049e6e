package org.mimo4j.bench.subroutine;

import java.util.List;
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

/** The methods the subroutine benchmark can time, by name, each with its documented defaults. */
final class BenchMethods {
    /** Every name {@link #create} knows. */
    static final List<String> NAMES = List.of("mimo", "mimo-hard", "mimo-minnorm", "joint", "uniform", "unimodal",
            "mgda", "mgda-l2", "mgda-loss+", "mgda-ub", "mmpareto", "ogm-ge", "pcgrad", "cagrad");

    private BenchMethods() {
    }

    /** The method called {@code name} for {@code modalities} modalities. */
    static MultiObjectiveMethod create(String name, int modalities) {
        Mgda.Options mgda = Mgda.Options.defaults();
        return switch (name) {
            case "mimo" -> new Mimo(modalities, Mimo.Options.defaults());
            case "mimo-hard" -> new Mimo(modalities, Mimo.Options.defaults().withVariant(Mimo.Variant.HARD));
            case "mimo-minnorm" -> new Mimo(modalities, Mimo.Options.defaults().withVariant(Mimo.Variant.MINNORM));
            case "joint" -> new Joint(modalities);
            case "uniform" -> new Uniform(modalities);
            case "unimodal" -> new Unimodal(modalities);
            case "mgda" -> new Mgda(modalities, mgda);
            case "mgda-l2" -> new Mgda(modalities, mgda.withNormalization(Mgda.Normalization.L2));
            case "mgda-loss+" -> new Mgda(modalities, mgda.withNormalization(Mgda.Normalization.LOSS_PLUS));
            case "mgda-ub" -> new Mgda(modalities, mgda.withUpperBound(true));
            case "mmpareto" -> new MmPareto(modalities);
            case "ogm-ge" -> new OgmGe(modalities, OgmGe.Options.defaults());
            case "pcgrad" -> new PcGrad(modalities);
            case "cagrad" -> new CaGrad(modalities, 0.5);
            default -> throw new IllegalArgumentException("unknown method '" + name + "'; expected one of " + NAMES);
        };
    }
}
