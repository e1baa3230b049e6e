package org.mimo4j.data.formats;

import java.util.Optional;
import org.mimo4j.data.Dataset;

/**
 * The splits of a published benchmark as loaded into memory: train and test, plus validation where
 * the benchmark defines one (AV-MNIST, AVE, UR-FUNNY, CMU-MOSEI) and none where it does not
 * (CREMA-D, Kinetics-Sounds and VGGSound publish only train and test lists).
 */
public record Splits(Dataset train, Optional<Dataset> validation, Dataset test) {

    public static Splits of(Dataset train, Dataset validation, Dataset test) {
        return new Splits(train, Optional.of(validation), test);
    }

    public static Splits trainTest(Dataset train, Dataset test) {
        return new Splits(train, Optional.empty(), test);
    }
}
