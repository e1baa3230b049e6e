package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.CpuBackend;

class SgemmAbTest {

    /** An A/A run on this probe's own engine: every round printed, the same C on both sides. */
    @Test
    void anAaRunPrintsEveryRoundAndTheSameProduct() throws Exception {
        String out = run("40", "33", "50", "--rounds", "3", "--calls", "2", "--warmup-s", "0", "--threads", "2");
        assertTrue(out.startsWith("sgemm 40 x 33 x 50 on 2 threads"), out);
        assertEquals(3, out.lines().filter(l -> l.startsWith("round")).count(), out);
        assertTrue(out.contains("B faster in"), out);
        assertTrue(out.contains("max |B - A| / max |A| of C: 0.00e+00"), out);
    }

    /** Transposes and a cache sweep between calls. */
    @Test
    void transposedOperandsSweepAndBuildingBFirst() throws Exception {
        String out = run("17", "70", "9", "--ta", "--tb", "--rounds", "2", "--calls", "1", "--warmup-s", "0.2",
                "--sweep-mb", "1");
        assertTrue(out.contains("(A transposed) (B transposed)"), out);
        assertTrue(out.contains("after 0.2 s of warm-up, 1 MiB read between calls"), out);
        assertTrue(out.contains("of C: 0.00e+00"), out);
    }

    /** Each side loads the engine in a class loader of its own, so static finals may differ between sides. */
    @Test
    void eachSideHasItsOwnCopyOfTheEngine() throws Exception {
        SgemmAb.Options o = SgemmAb.Options.parse("8", "8", "8");
        try (IsolatedClasses.Side a = SgemmAb.side(o, false); IsolatedClasses.Side b = SgemmAb.side(o, true)) {
            Class<?> engineA = engine(a), engineB = engine(b);
            assertEquals(CpuBackend.class.getName(), engineA.getName());
            assertNotSame(CpuBackend.class, engineA);
            assertNotSame(engineA, engineB);
            assertNotSame(SgemmAb.Side.class, a.side().getClass());
        }
    }

    @Test
    void badArgumentsSayWhatIsExpected() {
        assertThrows(IllegalArgumentException.class, () -> SgemmAb.Options.parse("8", "8"));
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> SgemmAb.Options.parse("8", "8", "0"));
        assertTrue(k.getMessage().contains("K must be"), k.getMessage());
        IllegalArgumentException sweep = assertThrows(IllegalArgumentException.class,
                () -> SgemmAb.Options.parse("8", "8", "8", "--sweep-mb", "-1"));
        assertTrue(sweep.getMessage().contains("--sweep-mb"), sweep.getMessage());
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> SgemmAb.Options.parse("8", "8", "8", "--seed", "1"));
        assertTrue(flag.getMessage().contains("--seed"), flag.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> SgemmAb.side(SgemmAb.Options.parse("8", "8", "8", "--b-classes", "/no/such/engine"), true));
        assertTrue(path.getMessage().contains("/no/such/engine"), path.getMessage());
    }

    /** The CpuBackend class the side's loader gives. */
    private static Class<?> engine(IsolatedClasses.Side side) throws ClassNotFoundException {
        return side.side().getClass().getClassLoader().loadClass(CpuBackend.class.getName());
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SgemmAb.run(SgemmAb.Options.parse(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
