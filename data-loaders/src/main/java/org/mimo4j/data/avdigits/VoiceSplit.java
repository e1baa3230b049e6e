package org.mimo4j.data.avdigits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mimo4j.engine.tensor.Rng;

/**
 * Splits voices into disjoint train and test pools, language by language: of each language's
 * voices a seeded {@code fraction} (at least one, never all) goes to test. A language with a single
 * voice stays in train, so every test voice speaks a language the model has heard, and test accuracy
 * measures generalisation to new speakers rather than to new words.
 *
 * @param train voices for the train and validation samples
 * @param test  voices for the test samples, disjoint from {@code train}
 */
public record VoiceSplit(List<Voice> train, List<Voice> test) {

    public static VoiceSplit split(List<Voice> voices, double fraction, Rng rng) {
        Map<String, List<Voice>> byLanguage = new TreeMap<>();
        for (Voice v : voices) {
            byLanguage.computeIfAbsent(v.language(), k -> new ArrayList<>()).add(v);
        }
        List<Voice> train = new ArrayList<>();
        List<Voice> test = new ArrayList<>();
        for (List<Voice> group : byLanguage.values()) {
            group.sort(java.util.Comparator.comparing(Voice::id));
            int[] order = new int[group.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            rng.shuffle(order);
            int nTest = group.size() < 2 ? 0 : Math.max(1, Math.min(group.size() - 1, (int) Math.round(fraction * group.size())));
            for (int i = 0; i < order.length; i++) {
                (i < nTest ? test : train).add(group.get(order[i]));
            }
        }
        if (test.isEmpty()) {
            throw new IllegalArgumentException("no language has two or more voices, so no voice can be held out for test;"
                    + " add espeak-ng variants or flite voices");
        }
        train.sort(java.util.Comparator.comparing(Voice::id));
        test.sort(java.util.Comparator.comparing(Voice::id));
        return new VoiceSplit(List.copyOf(train), List.copyOf(test));
    }
}
