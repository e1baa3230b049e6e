package org.mimo4j.mimo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
    void everyFactIsStamped() {
        Provenance p = Provenance.collect("cpu", "CPU, 1 thread", 42, 1, "abc");
        assertEquals(List.of("version", "gitCommit", "jvm", "os", "backend", "device", "seed", "threads",
                "datasetChecksum", "createdUtc"), List.copyOf(p.asMap().keySet()));
        assertEquals(42L, p.asMap().get("seed"));
        assertTrue(ProvenanceMarkdown.section(p).contains("- datasetChecksum: `abc`"));
    }
}
