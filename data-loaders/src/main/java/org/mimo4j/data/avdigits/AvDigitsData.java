package org.mimo4j.data.avdigits;

import java.nio.file.Path;
import org.mimo4j.data.Dataset;

/**
 * A built AV-Digits dataset: the three splits (modalities {@code image} [1, 28, 28] and
 * {@code audio} [1, 112, 112] by default; pixels in [0, 1], spectrograms in natural-log magnitude;
 * labels 0-9), the folder it lives in, and
 * its manifest.
 */
public record AvDigitsData(Dataset train, Dataset validation, Dataset test, Path folder, Manifest manifest) {
}
