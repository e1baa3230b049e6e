package org.mimo4j.mimo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void outsideAGitCheckoutTheCommitIsUnknown() {
        assertEquals("unknown", Provenance.gitCommit(tmp));
    }

    @Test
    void insideThisCheckoutTheCommitIsAHash() {
        String c = Provenance.gitCommit(Path.of("").toAbsolutePath());
        assertTrue(c.equals("unknown") || c.matches("[0-9a-f]{40}(-dirty)?"), c);
    }

    @Test
    void theBuildBakesTheCommitItWasBuiltFromIntoTheJar() {
        String checkout = Provenance.gitCommit(Path.of("").toAbsolutePath());
        String built = Provenance.buildCommit();
        if (checkout.equals("unknown")) {
            assertEquals("unknown", built, "built outside a git checkout");
        } else {
            assertTrue(built.matches("[0-9a-f]{40}(-dirty)?"), "version.properties commit: '" + built + "'");
            assertEquals(checkout.substring(0, 40), built.substring(0, 40), "built from this checkout's HEAD");
        }
    }

    @Test
    void everyFactIsStamped() {
        Provenance p = Provenance.collect("cpu", "CPU, 1 thread", 42, 1, "abc");
        List<String> keys = new ArrayList<>(List.of("version", "gitCommit", "jvm", "os", "backend", "device", "seed",
                "threads", "datasetChecksum", "createdUtc"));
        if (p.checkoutCommit() != null) {
            keys.add(2, "checkoutCommit");
        }
        assertEquals(keys, List.copyOf(p.asMap().keySet()));
        assertEquals(Provenance.buildCommit(), p.gitCommit());
        assertEquals(42L, p.asMap().get("seed"));
        assertTrue(ProvenanceMarkdown.section(p).contains("- datasetChecksum: `abc`"));
    }
}
