package org.mimo4j.data.avdigits;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.mimo4j.data.Batch;
import org.mimo4j.data.DataLoader;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.EpochIterator;
import org.mimo4j.engine.autograd.NoGrad;
import org.mimo4j.engine.nn.Flatten;
import org.mimo4j.engine.nn.Layer;
import org.mimo4j.engine.nn.LeNet;
import org.mimo4j.engine.nn.Linear;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.nn.Sequential;
import org.mimo4j.engine.ops.F;
import org.mimo4j.engine.optim.Adam;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Measures the modality imbalance of a built AV-Digits config, the number the dataset exists for:
 * test accuracy of an image-only and an audio-only classifier, and of each branch of a jointly
 * trained late-fusion model (fused logits = image logits + audio logits, cross-entropy on the sum
 * only). The image should learn clearly faster, and the audio branch should fall behind its
 * unimodal accuracy when trained jointly.
 *
 * <p>Usage: {@code ImbalanceCheck <preset> <softmax|lenet> <epochs> [lr] [seed]}; builds the preset first
 * if the cache does not have it.
 */
public final class ImbalanceCheck {
    private static final String[] MODALITIES = {SplitArrays.IMAGE, SplitArrays.AUDIO};

    private final String model;
    private final int epochs;
    private final float learningRate;
    private final long seed;

    /**
     * @param model        {@code softmax} (linear on the flattened input) or {@code lenet}
     * @param epochs       passes over the training set, batches of 64, Adam
     * @param learningRate Adam's step size
     * @param seed         initialisation and shuffling seed
     */
    public ImbalanceCheck(String model, int epochs, float learningRate, long seed) {
        if (!model.equals("softmax") && !model.equals("lenet")) {
            throw new IllegalArgumentException("model must be softmax or lenet, got '" + model + "'");
        }
        this.model = model;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.seed = seed;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ImbalanceCheck <standard|small|tiny> <softmax|lenet> <epochs> [learning rate] [seed]");
            System.exit(2);
        }
        AvDigitsData data = AvDigits.fetch(AvDigits.defaultCacheRoot(), AvDigitsConfig.preset(args[0]), Progress.stderr());
        ImbalanceCheck check = new ImbalanceCheck(args[1], Integer.parseInt(args[2]),
                args.length > 3 ? Float.parseFloat(args[3]) : 1e-3f, args.length > 4 ? Long.parseLong(args[4]) : 1L);
        check.run(data.train(), data.test(), (k, v) -> System.out.printf("%-22s %.4f%n", k, v));
    }

    /**
     * Test accuracies: {@code image-only}, {@code audio-only}, {@code joint/fused}, {@code joint/image},
     * {@code joint/audio}; each is also handed to {@code report} as soon as it is measured.
     */
    public Map<String, Double> run(Dataset train, Dataset test, BiConsumer<String, Double> report) {
        Map<String, Double> out = new LinkedHashMap<>();
        BiConsumer<String, Double> record = (key, value) -> {
            out.put(key, value);
            report.accept(key, value);
        };
        for (String m : MODALITIES) {
            Map<String, Layer> branch = new LinkedHashMap<>();
            branch.put(m, encoder(train, m, new Rng(seed)));
            fit(branch, train);
            record.accept(m + "-only", accuracy(branch, test, m));
        }
        Map<String, Layer> joint = new LinkedHashMap<>();
        Rng rng = new Rng(seed);
        for (String m : MODALITIES) {
            joint.put(m, encoder(train, m, rng));
        }
        fit(joint, train);
        record.accept("joint/fused", accuracy(joint, test, null));
        for (String m : MODALITIES) {
            record.accept("joint/" + m, accuracy(joint, test, m));
        }
        return out;
    }

    private Layer encoder(Dataset data, String modality, Rng rng) {
        int[] shape = data.modality(modality).sampleShape();
        if (model.equals("lenet")) {
            return new LeNet(shape[0], shape[1], data.numClasses(), rng);
        }
        return new Sequential().add("flatten", new Flatten())
                .add("linear", new Linear(data.modality(modality).sampleSize(), data.numClasses(), rng));
    }

    /** Trains the sum of the branches' logits with cross-entropy (one branch: plain unimodal training). */
    private void fit(Map<String, Layer> branches, Dataset train) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        branches.forEach((m, layer) -> layer.namedParameters().forEach((k, p) -> params.put(m + "." + k, p)));
        Adam adam = new Adam(params, learningRate);
        DataLoader loader = new DataLoader(train, DataLoader.Options.shuffled(64, seed).withPrefetch(2));
        branches.values().forEach(Layer::train);
        for (int e = 0; e < epochs; e++) {
            try (EpochIterator it = loader.epoch(e)) {
                while (it.hasNext()) {
                    Batch b = it.next();
                    adam.zeroGrad();
                    F.crossEntropy(logits(branches, b, null), b.labels()).backward();
                    adam.step();
                }
            }
        }
    }

    /** Logits of one branch, or the sum over all branches when {@code only} is null. */
    private static Tensor logits(Map<String, Layer> branches, Batch b, String only) {
        Tensor sum = null;
        for (Map.Entry<String, Layer> e : branches.entrySet()) {
            if (only == null || only.equals(e.getKey())) {
                Tensor z = e.getValue().forward(b.input(e.getKey()));
                sum = sum == null ? z : sum.add(z);
            }
        }
        return sum;
    }

    private static double accuracy(Map<String, Layer> branches, Dataset test, String only) {
        branches.values().forEach(Layer::eval);
        DataLoader loader = new DataLoader(test, DataLoader.Options.sequential(256));
        int correct = 0;
        try (var g = NoGrad.enter(); EpochIterator it = loader.epoch(0)) {
            while (it.hasNext()) {
                Batch b = it.next();
                float[] z = logits(branches, b, only).data();
                int classes = test.numClasses();
                for (int i = 0; i < b.size(); i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        if (z[i * classes + c] > z[i * classes + best]) {
                            best = c;
                        }
                    }
                    correct += best == b.labels()[i] ? 1 : 0;
                }
            }
        }
        branches.values().forEach(Layer::train);
        return correct / (double) test.size();
    }
}
