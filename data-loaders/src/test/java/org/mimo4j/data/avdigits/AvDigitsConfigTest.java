package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvDigitsConfigTest {

    @Test
    void hashIsStableAndChangesWithEveryKnob() {
        AvDigitsConfig c = AvDigitsConfig.small();
        assertEquals(c.hash(), AvDigitsConfig.small().hash());
        assertEquals(16, c.hash().length());
        assertNotEquals(c.hash(), c.withSeed(1).hash());
        assertNotEquals(c.hash(), c.withSnr(0, 5).hash());
        assertNotEquals(c.hash(), c.withSizes(3000, 500, 999).hash());
        assertNotEquals(c.hash(), c.withVoices(List.of("en"), List.of("m1")).hash());
    }

    @Test
    void presetsAreValidAndOrderedBySize() {
        AvDigitsConfig tiny = AvDigitsConfig.preset("tiny");
        AvDigitsConfig small = AvDigitsConfig.preset("small");
        AvDigitsConfig standard = AvDigitsConfig.preset("standard");
        assertTrue(tiny.trainSize() < small.trainSize() && small.trainSize() < standard.trainSize());
        assertEquals(0.0, standard.snrMinDb());
        assertEquals(10.0, standard.snrMaxDb());
        assertEquals(112, standard.spectrogram().outFreq());
    }

    @Test
    void rejectsImpossibleSizesRangesAndLanguages() {
        var big = assertThrows(IllegalArgumentException.class, () -> AvDigitsConfig.small().withSizes(59_000, 2_000, 10));
        assertEquals("MNIST has 60000 train and 10000 test images; asked for train + validation = 61000 and test = 10",
                big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AvDigitsConfig.small().withSnr(10, 0));
        var lang = assertThrows(IllegalArgumentException.class,
                () -> AvDigitsConfig.small().withVoices(List.of("xx"), List.of("m1")));
        assertTrue(lang.getMessage().startsWith("no digit words for language 'xx'"), lang.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AvDigitsConfig.preset("huge"));
    }
}
