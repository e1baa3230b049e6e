package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AbRoundsTest {

    @Test
    void propertiesAreKeyValuePairsOrNone() {
        assertEquals(Map.of("a.b", "1", "c", "x=y"), AbRounds.properties("a.b=1, c=x=y"));
        assertTrue(AbRounds.properties("-").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AbRounds.properties("a.b"));
        assertTrue(e.getMessage().contains("k=v"), e.getMessage());
    }

    @Test
    void aSideIsBuiltUnderItsPropertiesAndTheOldValuesComeBack() {
        System.setProperty("mimo4j.test.ab.kept", "before");
        try {
            String seen = AbRounds.under(Map.of("mimo4j.test.ab.kept", "during", "mimo4j.test.ab.new", "1"),
                    () -> System.getProperty("mimo4j.test.ab.kept") + "/" + System.getProperty("mimo4j.test.ab.new"));
            assertEquals("during/1", seen);
            assertEquals("before", System.getProperty("mimo4j.test.ab.kept"));
            assertNull(System.getProperty("mimo4j.test.ab.new"));
        } finally {
            System.clearProperty("mimo4j.test.ab.kept");
        }
    }

    @Test
    void theSummaryIsTheMedianRatioOfTheRoundsAfterWarmUp() {
        double[] a = {500, 400, 10, 10, 10};
        double[] b = {100, 100, 9, 11, 8};
        AbRounds.Summary s = AbRounds.Summary.of(a, b, 2);
        assertEquals(0.9, s.medianRatio(), 1e-12);
        assertEquals(2, s.bFaster());
        assertEquals(3, s.rounds());
        assertThrows(IllegalArgumentException.class, () -> AbRounds.Summary.of(a, b, 5));
    }

    /** A runs first in even rounds and B in odd ones; each round is printed and the warm-up left out. */
    @Test
    void roundsAlternateWhichSideRunsFirst() {
        List<String> order = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AbRounds.Summary s = AbRounds.alternate(4, () -> {
            order.add("A");
            return 10;
        }, () -> {
            order.add("B");
            return 1;
        }, "us", new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(List.of("A", "B", "B", "A", "A", "B", "B", "A"), order);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(4, out.lines().filter(l -> l.startsWith("round")).count(), out);
        assertEquals(2, s.rounds());
        assertTrue(out.contains("B faster in 2 of 2 rounds after warm-up"), out);
    }

    @Test
    void flagsAndCountsSayWhatIsWrong() {
        Map<String, String> f = AbRounds.flags(new String[] {"x", "--rounds", "3"}, 1, Map.of("--rounds", "10",
                "--calls", "40"));
        assertEquals(Map.of("--rounds", "3", "--calls", "40"), f);
        assertEquals(3, AbRounds.count(f, "--rounds", 1));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> AbRounds.flags(new String[] {"--seed", "1"}, 0, Map.of("--rounds", "10")));
        assertTrue(unknown.getMessage().contains("--seed"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AbRounds.flags(new String[] {"--rounds"}, 0, Map.of("--rounds", "10")));
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class,
                () -> AbRounds.count(Map.of("--calls", "0"), "--calls", 1));
        assertTrue(low.getMessage().contains("--calls must be an integer of at least 1, got '0'"), low.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AbRounds.count(Map.of("--calls", "x"), "--calls", 0));
    }

    /** The warm-up runs both sides in turn until its time is up, and each at least once when it is 0. */
    @Test
    void warmUpRunsBothSidesInTurnForItsTime() {
        int[] calls = new int[2];
        AbRounds.warmUp(0, () -> calls[0]++, () -> calls[1]++);
        assertEquals(1, calls[0]);
        assertEquals(1, calls[1]);
        long t0 = System.nanoTime();
        AbRounds.warmUp(0.05, () -> calls[0]++, () -> calls[1]++);
        assertTrue(System.nanoTime() - t0 >= 50_000_000L);
        assertTrue(calls[0] > 2 && calls[0] == calls[1], calls[0] + " / " + calls[1]);
        assertEquals(2.5, AbRounds.seconds(Map.of("--warmup-s", "2.5"), "--warmup-s"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> AbRounds.seconds(Map.of("--warmup-s", "NaN"), "--warmup-s"));
        assertTrue(bad.getMessage().contains("--warmup-s must be a number of seconds"), bad.getMessage());
    }

    @Test
    void theDistanceIsTheWorstOutputsRelativeDifference() {
        float[][] a = {{1, -4}, {0.5f, 0}};
        float[][] b = {{1, -3}, {0.5f, 0.25f}};
        assertEquals(0.5, AbRounds.distance(a, b), 1e-12);
        assertEquals(0, AbRounds.distance(a, a));
    }
}
