package org.mimo4j.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Cuts a {@link Dataset} into mini-batches, epoch by epoch.
 *
 * <p>The sample order of epoch {@code e} is a pure function of {@code (seed, e)}: a fresh
 * {@link Rng} seeded from both shuffles {@code 0..n-1}. It does not depend on which epochs ran
 * before, so a trainer that stopped after batch {@code p} of epoch {@code e} resumes exactly with
 * {@code epoch(e, p)}. Background prefetch builds the same batches in the same order on another
 * thread, so it changes speed, never results.
 */
public final class DataLoader {
    /** Golden-ratio increment: spreads consecutive epoch numbers far apart in seed space. */
    private static final long EPOCH_STRIDE = 0x9E3779B97F4A7C15L;

    private final Dataset dataset;
    private final Options options;

    /**
     * @param batchSize samples per batch (the last batch may be smaller unless {@code dropLast})
     * @param shuffle   whether each epoch uses a seeded permutation (else dataset order)
     * @param dropLast  whether to drop a final incomplete batch
     * @param seed      seed of the per-epoch permutations
     * @param prefetch  batches built ahead on a background thread; 0 builds on the caller's thread
     */
    public record Options(int batchSize, boolean shuffle, boolean dropLast, long seed, int prefetch) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
            }
            if (prefetch < 0) {
                throw new IllegalArgumentException("prefetch must be >= 0 batches, got " + prefetch);
            }
        }

        /** Shuffled, keeping the last partial batch, no prefetch. */
        public static Options shuffled(int batchSize, long seed) {
            return new Options(batchSize, true, false, seed, 0);
        }

        /** Dataset order (for evaluation), keeping the last partial batch, no prefetch. */
        public static Options sequential(int batchSize) {
            return new Options(batchSize, false, false, 0L, 0);
        }

        public Options withPrefetch(int batches) {
            return new Options(batchSize, shuffle, dropLast, seed, batches);
        }

        public Options withDropLast(boolean drop) {
            return new Options(batchSize, shuffle, drop, seed, prefetch);
        }
    }

    public DataLoader(Dataset dataset, Options options) {
        if (dataset.size() == 0) {
            throw new IllegalArgumentException("dataset '" + dataset.name() + "' is empty; nothing to load");
        }
        if (options.dropLast() && options.batchSize() > dataset.size()) {
            throw new IllegalArgumentException("batch size " + options.batchSize() + " with dropLast leaves no batch of '"
                    + dataset.name() + "' (" + dataset.size() + " samples)");
        }
        this.dataset = dataset;
        this.options = options;
    }

    public Dataset dataset() {
        return dataset;
    }

    public Options options() {
        return options;
    }

    /** Batches in one epoch. */
    public int batchesPerEpoch() {
        int n = dataset.size();
        int b = options.batchSize();
        return options.dropLast() ? n / b : (n + b - 1) / b;
    }

    /** The sample order of {@code epoch}: a permutation of {@code 0..size-1}. */
    public int[] order(int epoch) {
        int[] order = new int[dataset.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            new Rng(options.seed() + EPOCH_STRIDE * (epoch + 1L)).shuffle(order);
        }
        return order;
    }

    /** Iterates {@code epoch} from its first batch. */
    public EpochIterator epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /** Iterates {@code epoch} starting at batch {@code startBatch} (to resume an interrupted epoch). */
    public EpochIterator epoch(int epoch, int startBatch) {
        if (epoch < 0 || startBatch < 0 || startBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("cannot start epoch " + epoch + " at batch " + startBatch + "; an epoch has "
                    + batchesPerEpoch() + " batches");
        }
        return new EpochIterator(this, order(epoch), startBatch, options.prefetch());
    }

    /** Builds the batch at position {@code position} of the given sample order. */
    Batch batch(int[] order, int position) {
        int from = position * options.batchSize();
        int to = Math.min(order.length, from + options.batchSize());
        int n = to - from;
        int[] indices = java.util.Arrays.copyOfRange(order, from, to);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = dataset.label(indices[i]);
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (String name : dataset.modalityNames()) {
            Modality m = dataset.modality(name);
            int size = m.sampleSize();
            float[] data = new float[n * size];
            for (int i = 0; i < n; i++) {
                m.copySample(indices[i], data, i * size);
            }
            int[] sampleShape = m.sampleShape();
            int[] shape = new int[sampleShape.length + 1];
            shape[0] = n;
            System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
            inputs.put(name, Tensor.of(data, shape));
        }
        return new Batch(inputs, labels, indices);
    }
}
