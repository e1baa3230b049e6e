package org.mimo4j.data.avdigits;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The spoken words for 0..9 in each language the synthetic voices speak, keyed by espeak-ng
 * language code. Written out rather than passing digits to the synthesizer so that every clip is the
 * citation form of the number word ("cero", not a date or ordinal reading of "0").
 */
public final class DigitWords {
    private static final Map<String, List<String>> WORDS = new TreeMap<>(Map.of(
            "en", List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
            "es", List.of("cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"),
            "fr", List.of("zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"),
            "it", List.of("zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"),
            "de", List.of("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"),
            "pt", List.of("zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"),
            "nl", List.of("nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"),
            "ru", List.of("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"),
            "pl", List.of("zero", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć"),
            "sv", List.of("noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio")));

    private DigitWords() {
    }

    /** The languages with word lists, sorted. */
    public static List<String> languages() {
        return List.copyOf(WORDS.keySet());
    }

    /** The word for {@code digit} in {@code language}; fails naming the languages available. */
    public static String word(String language, int digit) {
        List<String> words = WORDS.get(language);
        if (words == null) {
            throw new IllegalArgumentException("no digit words for language '" + language + "'; available: " + languages());
        }
        if (digit < 0 || digit > 9) {
            throw new IllegalArgumentException("digit must be 0..9, got " + digit);
        }
        return words.get(digit);
    }
}
