package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigitWordsTest {

    @Test
    void everyLanguageHasTenDistinctWords() {
        for (String lang : DigitWords.languages()) {
            Set<String> words = new HashSet<>();
            for (int d = 0; d < 10; d++) {
                words.add(DigitWords.word(lang, d));
            }
            assertEquals(10, words.size(), "distinct digit words in " + lang);
        }
    }

    @Test
    void wordsAreTheCitationForms() {
        assertEquals("cero", DigitWords.word("es", 0));
        assertEquals("quatre", DigitWords.word("fr", 4));
        assertEquals("sette", DigitWords.word("it", 7));
        assertEquals("fünf", DigitWords.word("de", 5));
        assertEquals("девять", DigitWords.word("ru", 9));
    }

    @Test
    void unknownLanguageAndDigitAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DigitWords.word("tlh", 1));
        assertThrows(IllegalArgumentException.class, () -> DigitWords.word("en", 10));
    }
}
