package org.mimo4j.data.formats;

import java.io.IOException;
import java.nio.file.Path;
import org.mimo4j.data.io.DataFormatException;

/**
 * Loads CMU-MOSEI (aligned, MultiBench's {@code mosei_senti_data.pkl}) from the
 * {@code {train,valid,test}.npz} files that {@code scripts/convert_multibench.py} writes: 50 steps of
 * vision 35, audio 74 and text 300 features; 16,326 / 1,871 / 4,659 samples; labels are sentiment
 * scores in [-3, 3].
 *
 * <p>Scores become classes as MultiBench evaluates them: {@link Task#BINARY} is non-negative (1)
 * versus negative (0); {@link Task#SEVEN_CLASS} rounds to the nearest integer -3..3 and shifts it
 * to 0..6. Modalities {@code vision} [T, 35], {@code audio} [T, 74], {@code text} [T, 300].
 */
public final class CmuMoseiLoader {
    public static final int VISION = 35;
    public static final int AUDIO = 74;
    public static final int TEXT = 300;

    /** How sentiment scores become class labels. */
    public enum Task {
        BINARY(2),
        SEVEN_CLASS(7);

        private final int classes;

        Task(int classes) {
            this.classes = classes;
        }

        public int classes() {
            return classes;
        }
    }

    private CmuMoseiLoader() {
    }

    public static Splits load(Path root, Task task) throws IOException {
        return AffectNpzLoader.load(root, "cmu-mosei", new int[] {VISION, AUDIO, TEXT}, task.classes(), score -> {
            if (!(score >= -3.0 && score <= 3.0)) {
                throw new DataFormatException("cmu-mosei", "label", "sentiment " + score + "; expected a score in [-3, 3]");
            }
            return task == Task.BINARY ? (score >= 0 ? 1 : 0) : (int) Math.round(score) + 3;
        });
    }
}
