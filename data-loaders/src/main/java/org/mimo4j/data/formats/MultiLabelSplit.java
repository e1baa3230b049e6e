package org.mimo4j.data.formats;

import java.util.List;
import org.mimo4j.data.Modality;

/**
 * One split of a multi-label dataset (MM-IMDB's 23 genres per movie), which the single-label
 * {@link org.mimo4j.data.Dataset} cannot hold: modalities aligned by index plus an
 * {@code [N, labels]} multi-hot target matrix (row-major, 0 or 1).
 */
public record MultiLabelSplit(String name, List<Modality> modalities, byte[] targets, int numLabels) {

    public MultiLabelSplit {
        modalities = List.copyOf(modalities);
        for (Modality m : modalities) {
            if ((long) m.count() * numLabels != targets.length) {
                throw new IllegalArgumentException("split '" + name + "': modality '" + m.name() + "' has " + m.count()
                        + " samples but the targets hold " + targets.length / Math.max(1, numLabels) + " rows");
            }
        }
    }

    public int size() {
        return numLabels == 0 ? 0 : targets.length / numLabels;
    }

    /** Whether sample {@code i} carries label {@code j}. */
    public boolean has(int i, int j) {
        return targets[i * numLabels + j] != 0;
    }
}
