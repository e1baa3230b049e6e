package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import org.mimo4j.data.io.DataFormatException;

/**
 * Loads UR-FUNNY (humour detection) from the {@code {train,valid,test}.npz} files that
 * {@code scripts/convert_multibench.py} writes from MultiBench's {@code humor.pkl}: per time step
 * vision 371, audio 81 and text 300 features; labels 0 (not humorous) or 1 (humorous).
 * Modalities {@code vision} [T, 371], {@code audio} [T, 81], {@code text} [T, 300].
 */
public final class UrFunnyLoader {
    public static final int VISION = 371;
    public static final int AUDIO = 81;
    public static final int TEXT = 300;

    private UrFunnyLoader() {
    }

    public static Splits load(Path root) throws IOException {
        return AffectNpzLoader.load(root, "ur-funny", new int[] {VISION, AUDIO, TEXT}, 2, label -> {
            if (label != 0 && label != 1) {
                throw new DataFormatException("ur-funny", "label", "value " + label + "; expected 0 or 1");
            }
            return (int) label;
        });
    }
}
