package org.mimo4j.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-modal, in-memory classification dataset: several {@link Modality modalities} with the
 * same number of samples, aligned by index, plus one integer label per sample. Its
 * {@link #checksum()} fingerprints every stored value, so two builds can be compared exactly.
 */
public final class Dataset {
    private final String name;
    private final Map<String, Modality> modalities;
    private final int[] labels;
    private final int numClasses;

    /**
     * @param name       a human-readable name such as {@code "av-digits/train"}
     * @param modalities at least one modality, each with {@code labels.length} samples; names unique
     * @param labels     one label per sample, each in {@code 0..numClasses-1} (copied)
     */
    public Dataset(String name, List<Modality> modalities, int[] labels, int numClasses) {
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("dataset '" + name + "' needs at least one modality");
        }
        this.name = name;
        this.modalities = new LinkedHashMap<>();
        for (Modality m : modalities) {
            if (m.count() != labels.length) {
                throw new IllegalArgumentException("dataset '" + name + "': modality '" + m.name() + "' has "
                        + m.count() + " samples but there are " + labels.length + " labels");
            }
            if (this.modalities.put(m.name(), m) != null) {
                throw new IllegalArgumentException("dataset '" + name + "': modality '" + m.name() + "' given twice");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of sample " + i
                        + " is outside 0.." + (numClasses - 1));
            }
        }
        this.labels = labels.clone();
        this.numClasses = numClasses;
    }

    public String name() {
        return name;
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    public int numClasses() {
        return numClasses;
    }

    /** Modality names in insertion order. */
    public List<String> modalityNames() {
        return new ArrayList<>(modalities.keySet());
    }

    /** The modality called {@code name}; fails naming the ones that exist. */
    public Modality modality(String modalityName) {
        Modality m = modalities.get(modalityName);
        if (m == null) {
            throw new IllegalArgumentException("dataset '" + name + "' has no modality '" + modalityName
                    + "'; it has " + modalities.keySet());
        }
        return m;
    }

    public int label(int index) {
        return labels[index];
    }

    /** A copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The samples at {@code indices}, in that order, as a new dataset. */
    public Dataset subset(String subsetName, int[] indices) {
        List<Modality> parts = new ArrayList<>();
        for (Modality m : modalities.values()) {
            parts.add(m.select(indices));
        }
        int[] sub = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            sub[i] = labels[indices[i]];
        }
        return new Dataset(subsetName, parts, sub, numClasses);
    }

    /** SHA-256 (hex) over the modalities' names, shapes and stored values, the labels and the class count. */
    public String checksum() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        for (Modality m : modalities.values()) {
            m.digest(md);
        }
        ByteBuffer b = ByteBuffer.allocate(4 * labels.length + 4);
        b.putInt(numClasses);
        for (int l : labels) {
            b.putInt(l);
        }
        md.update(b.array());
        return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(": ").append(size()).append(" samples, ")
                .append(numClasses).append(" classes");
        for (Modality m : modalities.values()) {
            sb.append(", ").append(m.name()).append(java.util.Arrays.toString(m.sampleShape()));
        }
        return sb.toString();
    }
}
