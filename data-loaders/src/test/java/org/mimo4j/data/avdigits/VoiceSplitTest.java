package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class VoiceSplitTest {

    private static List<Voice> voices() {
        List<Voice> v = new ArrayList<>();
        for (String lang : List.of("en", "es", "fr")) {
            for (int i = 0; i < 8; i++) {
                v.add(new Voice("espeak-" + lang + "+v" + i, Voice.Family.ESPEAK, lang));
            }
        }
        v.add(new Voice("asterisk-ru", Voice.Family.RECORDED, "ru"));
        return v;
    }

    @Test
    void poolsAreDisjointAndCoverEveryVoice() {
        VoiceSplit s = VoiceSplit.split(voices(), 0.25, new Rng(1));
        Set<Voice> train = new HashSet<>(s.train());
        for (Voice v : s.test()) {
            assertTrue(!train.contains(v), v + " is in both pools");
        }
        assertEquals(25, s.train().size() + s.test().size());
        assertEquals(6, s.test().size());
    }

    @Test
    void everyTestLanguageIsSpokenInTrainAndSingleVoiceLanguagesStayInTrain() {
        VoiceSplit s = VoiceSplit.split(voices(), 0.5, new Rng(2));
        Set<String> trainLanguages = new HashSet<>();
        s.train().forEach(v -> trainLanguages.add(v.language()));
        s.test().forEach(v -> assertTrue(trainLanguages.contains(v.language()), v.language()));
        assertTrue(s.train().stream().anyMatch(v -> v.id().equals("asterisk-ru")));
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertEquals(VoiceSplit.split(voices(), 0.25, new Rng(3)), VoiceSplit.split(voices(), 0.25, new Rng(3)));
        boolean differs = false;
        for (long seed = 4; seed < 10 && !differs; seed++) {
            differs = !VoiceSplit.split(voices(), 0.25, new Rng(seed)).test()
                    .equals(VoiceSplit.split(voices(), 0.25, new Rng(3)).test());
        }
        assertTrue(differs, "the seed should move voices between pools");
    }

    @Test
    void failsWhenNoLanguageHasTwoVoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> VoiceSplit.split(
                List.of(new Voice("a", Voice.Family.FLITE, "en"), new Voice("b", Voice.Family.RECORDED, "ru")), 0.25, new Rng(1)));
        assertTrue(e.getMessage().startsWith("no language has two or more voices"), e.getMessage());
    }
}
