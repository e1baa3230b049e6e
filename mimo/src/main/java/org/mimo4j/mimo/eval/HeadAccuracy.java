package org.mimo4j.mimo.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mimo4j.data.Batch;
import org.mimo4j.data.DataLoader;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.EpochIterator;
import org.mimo4j.engine.autograd.NoGrad;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.mimo.model.CrossEntropy;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;

/**
 * Accuracy of the fused prediction and of every modality's own head over a dataset, without
 * gradients: the quick measure the trainer uses on the validation split each epoch.
 */
public final class HeadAccuracy {
    private HeadAccuracy() {
    }

    /** "fused" and each modality name to accuracy in [0, 1]. */
    public static Map<String, Double> of(MultiModalModel model, Dataset data, int batchSize) {
        List<String> names = model.modalities();
        long[] correct = new long[names.size() + 1];
        DataLoader loader = new DataLoader(data, DataLoader.Options.sequential(batchSize));
        model.train(false);
        try (var g = NoGrad.enter(); EpochIterator it = loader.epoch(0)) {
            while (it.hasNext()) {
                try (DeviceScope scope = DeviceScope.open()) { // frees each batch's device memory at once
                    Batch b = it.next();
                    ModelOutput out = model.forward(b.inputs());
                    correct[0] += hits(CrossEntropy.argmax(out.fused()), b.labels());
                    for (int m = 0; m < names.size(); m++) {
                        correct[m + 1] += hits(CrossEntropy.argmax(out.heads().get(m)), b.labels());
                    }
                }
            }
        }
        Map<String, Double> acc = new LinkedHashMap<>();
        acc.put("fused", (double) correct[0] / data.size());
        for (int m = 0; m < names.size(); m++) {
            acc.put(names.get(m), (double) correct[m + 1] / data.size());
        }
        return acc;
    }

    static int hits(int[] predicted, int[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                n++;
            }
        }
        return n;
    }
}
