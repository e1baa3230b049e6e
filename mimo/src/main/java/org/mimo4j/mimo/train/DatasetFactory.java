package org.mimo4j.mimo.train;

import java.util.List;

/** Opens the dataset a run config names, as train, validation and test splits. */
public final class DatasetFactory {
    /** Dataset names a config may use. */
    public static final List<String> NAMES = List.of("avdigits");

    private DatasetFactory() {
    }
}
