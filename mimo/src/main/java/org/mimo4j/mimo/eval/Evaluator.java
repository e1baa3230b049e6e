package org.mimo4j.mimo.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.mimo4j.data.Batch;
import org.mimo4j.data.DataLoader;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.EpochIterator;
import org.mimo4j.data.Modality;
import org.mimo4j.engine.autograd.NoGrad;
import org.mimo4j.engine.backend.DeviceScope;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;
import org.mimo4j.mimo.model.CrossEntropy;
import org.mimo4j.mimo.model.ModelOutput;
import org.mimo4j.mimo.model.MultiModalModel;

/**
 * Measures a trained model the same way for every method: fused accuracy and confusion matrix;
 * per-modality accuracy from each head and from a {@link LinearProbe} on frozen encoder features
 * (fitted on a training subset); the worst modality by probe accuracy; fused accuracy with one
 * modality's input perturbed by Gaussian noise of std level x (that modality's data std), and with
 * it missing (zeroed). Noise comes from a generator seeded by the run seed, so it is repeatable.
 */
public final class Evaluator {
    private final MultiModalModel model;
    private final int batchSize;
    private final double[] noiseLevels;
    private final int probeIterations;
    private final long seed;

    public Evaluator(MultiModalModel model, int batchSize, double[] noiseLevels, int probeIterations, long seed) {
        this.model = model;
        this.batchSize = batchSize;
        this.noiseLevels = noiseLevels.clone();
        this.probeIterations = probeIterations;
        this.seed = seed;
    }

    /** Evaluates on {@code test}; the probes are fitted on {@code probeTrain}'s features. */
    public EvalResult evaluate(Dataset probeTrain, Dataset test) {
        List<String> names = model.modalities();
        int classes = model.classes();
        Pass clean = pass(test, UnaryOperator.identity());
        Pass probeFit = pass(probeTrain, UnaryOperator.identity());
        int[][] confusion = new int[classes][classes];
        for (int i = 0; i < clean.fused.length; i++) {
            confusion[clean.labels[i]][clean.fused[i]]++;
        }
        Map<String, Double> head = new LinkedHashMap<>();
        Map<String, Double> probe = new LinkedHashMap<>();
        Map<String, double[]> noisy = new LinkedHashMap<>();
        Map<String, Double> missing = new LinkedHashMap<>();
        String worst = names.get(0);
        for (int m = 0; m < names.size(); m++) {
            String name = names.get(m);
            head.put(name, accuracy(clean.heads[m], clean.labels));
            int d = model.featureDim(m);
            probe.put(name, LinearProbe.fit(probeFit.features[m], probeFit.labels, d, classes, probeIterations)
                    .accuracy(clean.features[m], clean.labels));
            if (probe.get(name) < probe.get(worst)) {
                worst = name;
            }
            double std = std(test.modality(name));
            double[] acc = new double[noiseLevels.length];
            for (int l = 0; l < noiseLevels.length; l++) {
                Rng rng = new Rng(seed * 31 + m * 1009L + l);
                float sigma = (float) (noiseLevels[l] * std);
                acc[l] = accuracy(pass(test, batch -> perturb(batch, name, x -> noise(x, sigma, rng))).fused, clean.labels);
            }
            noisy.put(name, acc);
            missing.put(name, accuracy(pass(test, batch -> perturb(batch, name, x -> Tensor.zeros(x.shape()))).fused,
                    clean.labels));
        }
        return new EvalResult(test.size(), accuracy(clean.fused, clean.labels), head, probe, worst, probe.get(worst),
                noiseLevels.clone(), noisy, missing, confusion);
    }

    /** Predictions and features of one pass over a dataset. */
    private record Pass(int[] labels, int[] fused, int[][] heads, float[][] features) {
    }

    private Pass pass(Dataset data, UnaryOperator<Map<String, Tensor>> transform) {
        int n = data.size();
        int mCount = model.modalities().size();
        int[] labels = new int[n];
        int[] fused = new int[n];
        int[][] heads = new int[mCount][n];
        float[][] features = new float[mCount][];
        for (int m = 0; m < mCount; m++) {
            features[m] = new float[n * model.featureDim(m)];
        }
        DataLoader loader = new DataLoader(data, DataLoader.Options.sequential(batchSize));
        Pass pass = new Pass(labels, fused, heads, features);
        int at = 0;
        model.train(false);
        try (var g = NoGrad.enter(); EpochIterator it = loader.epoch(0)) {
            while (it.hasNext()) {
                try (DeviceScope scope = DeviceScope.open()) { // frees each batch's device memory at once
                    at += record(pass, at, it.next(), transform);
                }
            }
        }
        return pass;
    }

    /** Writes one batch's labels, predictions and features into {@code pass} from row {@code at}; returns its size. */
    private int record(Pass pass, int at, Batch b, UnaryOperator<Map<String, Tensor>> transform) {
        ModelOutput out = model.forward(transform.apply(b.inputs()));
        int bs = b.size();
        System.arraycopy(b.labels(), 0, pass.labels, at, bs);
        System.arraycopy(CrossEntropy.argmax(out.fused()), 0, pass.fused, at, bs);
        for (int m = 0; m < pass.heads.length; m++) {
            System.arraycopy(CrossEntropy.argmax(out.heads().get(m)), 0, pass.heads[m], at, bs);
            float[] z = out.features().get(m).contiguous().data();
            System.arraycopy(z, 0, pass.features[m], at * model.featureDim(m), z.length);
        }
        return bs;
    }

    private static Map<String, Tensor> perturb(Map<String, Tensor> inputs, String name, UnaryOperator<Tensor> f) {
        Map<String, Tensor> out = new LinkedHashMap<>(inputs);
        out.put(name, f.apply(inputs.get(name)));
        return out;
    }

    private static Tensor noise(Tensor x, float sigma, Rng rng) {
        float[] src = x.contiguous().data();
        float[] d = new float[src.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = src[i] + sigma * (float) rng.nextGaussian();
        }
        return Tensor.of(d, x.shape());
    }

    /** Standard deviation over every stored value of a modality. */
    static double std(Modality m) {
        float[] buf = new float[m.sampleSize()];
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < m.count(); i++) {
            m.copySample(i, buf, 0);
            for (float v : buf) {
                sum += v;
                sq += (double) v * v;
            }
        }
        double n = (double) m.count() * m.sampleSize();
        double mean = sum / n;
        return Math.sqrt(Math.max(sq / n - mean * mean, 0));
    }

    private static double accuracy(int[] predicted, int[] labels) {
        return (double) HeadAccuracy.hits(predicted, labels) / labels.length;
    }
}
