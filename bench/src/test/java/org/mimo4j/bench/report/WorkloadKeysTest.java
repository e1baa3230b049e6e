package org.mimo4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadKeysTest {

    @Test
    void knownBenchmarkGetsItsFamilyAndParamsWithoutBackend() {
        assertEquals("sgemm[n=1024]", WorkloadKeys.of("org.mimo4j.bench.kernels.SgemmBenchmark.sgemm",
                Map.of("n", "1024", "backend", "cpu")));
    }

    @Test
    void paramsAreSortedByNameWhateverJmhsOrder() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("threads", "2");
        p.put("objectives", "4");
        p.put("d", "1000000");
        assertEquals("gram[d=1000000,objectives=4,threads=2]",
                WorkloadKeys.of("org.mimo4j.bench.subroutine.GramBenchmark.gram", p));
    }

    @Test
    void benchmarkWithoutParamsHasABareKey() {
        assertEquals("small-cnn-step", WorkloadKeys.of("org.mimo4j.bench.compare.SmallCnnBenchmark.step",
                Map.of("backend", "opencl")));
    }

    @Test
    void unknownBenchmarkKeepsClassAndMethod() {
        assertEquals("FooBenchmark.bar[x=1]", WorkloadKeys.of("a.b.FooBenchmark.bar", Map.of("x", "1")));
    }

    @Test
    void nameWithoutClassIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> WorkloadKeys.of("sgemm", Map.of()));
    }

    @Test
    void everyFamilyIsOneThePythonPeersPrint() throws IOException {
        // Surefire runs in the bench module; the peer script sits in bench/peers.
        String peers = Files.readString(Path.of("peers/peer_bench.py"));
        for (String family : WorkloadKeys.families()) {
            assertTrue(peers.contains("\"" + family + "[") || peers.contains("\"" + family + "\""),
                    "bench/peers/peer_bench.py prints no workload of family '" + family + "'");
        }
    }

    @Test
    void systemIsTheBackendOrCpu() {
        assertEquals("mimo4j-opencl", WorkloadKeys.system(Map.of("backend", "opencl")));
        assertEquals("mimo4j-cpu", WorkloadKeys.system(Map.of("d", "10")));
    }
}
