package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probe against a stand-in peer (a shell loop speaking the peer script's protocol: CI has no PyTorch):
 * the arguments and the peer's command, our side as the report's benchmark for the key, the rounds with the
 * peer's times as side A, and clear errors when the peer fails to start or answers nonsense.
 */
class PeerAbTest {
    /** A peer that is ready at once and answers every request with 250 us. */
    private static final List<String> STEADY_PEER =
            List.of("/bin/sh", "-c", "echo ready torch w; while read n; do echo 250.0; done");

    @Test
    void theArgumentsNameTheWorkloadAndThePeersCommand() {
        PeerAb.Options o = PeerAb.Options.parse("conv2d-fwdbwd[layer=smallcnn-conv2]");
        assertEquals(List.of("/usr/bin/python3", "bench/peers/peer_bench.py", "--serve",
                "conv2d-fwdbwd[layer=smallcnn-conv2]", "--system", "torch"), o.peerCommand());
        assertEquals("opencl", o.backend());
        assertEquals(10, o.rounds());
        PeerAb.Options a = PeerAb.Options.parse("attention-fwd[causal=true]", "--python", "py", "--peer", "p.py");
        assertEquals(List.of("py", "p.py", "--serve", "attention-fwd[causal=true]", "--system", "torch"),
                a.peerCommand());
        assertEquals(List.of("/usr/bin/python3", "bench/peers/peer_bench.py", "--serve", "sgemm-resident[n=1024]",
                "--system", "numpy"), PeerAb.Options.parse("sgemm-resident[n=1024]").peerCommand(),
                "SGEMM's peer is numpy, its target");
        for (String bad : new String[] {"gram[d=1000000]", "conv2d-bwd[layer=smallcnn-conv2]", "conv2d-fwd",
            "conv2d-fwd[causal=true]", "attention-fwd[layer=lenet28-conv2]", "sgemm[n=x]"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PeerAb.Options.parse(bad));
            assertTrue(e.getMessage().contains("sgemm-resident[n=N]") && e.getMessage().contains(bad),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, PeerAb.Options::parse);
        assertThrows(IllegalArgumentException.class,
                () -> PeerAb.Options.parse("conv2d-fwd[layer=lenet28-conv2]", "--calls", "0"));
    }

    /** Our side is the report's benchmark for the key; a layer, flag or backend it does not have is named. */
    @Test
    void oursIsTheBenchmarkTheReportTimesUnderTheKey() {
        try (PeerAb.Ours conv = ours("conv2d-fwd[layer=lenet28-conv2]");
             PeerAb.Ours attention = ours("attention-fwdbwd[causal=true]");
             PeerAb.Ours sgemm = ours("sgemm[n=64]")) {
            assertTrue(conv.median(2) > 0);
            assertTrue(attention.median(1) > 0);
            assertTrue(sgemm.median(3) > 0);
        }
        assertThrows(IllegalArgumentException.class, () -> ours("conv2d-fwd[layer=no-such]"));
        IllegalArgumentException causal = assertThrows(IllegalArgumentException.class,
                () -> ours("attention-fwd[causal=maybe]"));
        assertTrue(causal.getMessage().contains("causal=true or causal=false"), causal.getMessage());
        IllegalStateException host = assertThrows(IllegalStateException.class,
                () -> ours("sgemm-resident[n=64]"));
        assertTrue(host.getMessage().contains("no device kernels"), host.getMessage());
    }

    private static PeerAb.Ours ours(String workload) {
        return PeerAb.Ours.of(PeerAb.Key.parse(workload), "cpu");
    }

    @Test
    void eachRoundPutsThePeersTimeAsAAndOursAsB() throws Exception {
        PeerAb.Options o = PeerAb.Options.parse("conv2d-fwd[layer=lenet28-conv2]", "--backend", "cpu", "--rounds",
                "3", "--calls", "2", "--warmup-s", "0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AbRounds.Summary sum = PeerAb.run(o, STEADY_PEER, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        List<String> rounds = out.lines().filter(l -> l.startsWith("round")).toList();
        assertEquals(3, rounds.size(), out);
        rounds.forEach(r -> assertTrue(r.contains("A    250.0 us"), r));
        assertTrue(out.contains("B: ours on cpu"), out);
        assertTrue(out.contains("B/A median"), out);
        assertEquals(1, sum.rounds(), "the first two rounds are warm-up");
        assertTrue(sum.medianRatio() > 0 && Double.isFinite(sum.medianRatio()), out);
    }

    @Test
    void aPeerThatFailsOrAnswersNonsenseIsNamed() {
        PeerAb.Options o = PeerAb.Options.parse("conv2d-fwd[layer=lenet28-conv2]", "--backend", "cpu", "--rounds",
                "1", "--calls", "1", "--warmup-s", "0");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        IllegalStateException dead = assertThrows(IllegalStateException.class,
                () -> PeerAb.run(o, List.of("/bin/sh", "-c", "exit 3"), quiet));
        assertTrue(dead.getMessage().contains("sent nothing where a 'ready' line was expected")
                && dead.getMessage().contains("status 3"), dead.getMessage());
        IllegalStateException nonsense = assertThrows(IllegalStateException.class, () -> PeerAb.run(o,
                List.of("/bin/sh", "-c", "echo ready; while read n; do echo soon; done"), quiet));
        assertTrue(nonsense.getMessage().contains("'soon' where a time in microseconds was expected"),
                nonsense.getMessage());
    }
}
