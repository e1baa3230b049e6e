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
 * the arguments, the peer's workload key and command, the rounds with the peer's times as side A, and clear
 * errors when the peer fails to start or answers nonsense.
 */
class PeerAbTest {
    /** A peer that is ready at once and answers every request with 250 us. */
    private static final List<String> STEADY_PEER =
            List.of("/bin/sh", "-c", "echo ready torch w; while read n; do echo 250.0; done");

    @Test
    void theArgumentsNameThePeersWorkloadAndCommand() {
        PeerAb.Options o = PeerAb.Options.parse("smallcnn-conv2", "forward-backward");
        assertEquals("conv2d-fwdbwd[layer=smallcnn-conv2]", o.workload());
        assertEquals(List.of("/usr/bin/python3", "bench/peers/peer_bench.py", "--serve",
                "conv2d-fwdbwd[layer=smallcnn-conv2]"), o.peerCommand());
        assertEquals("opencl", o.backend());
        assertEquals(10, o.rounds());
        PeerAb.Options f = PeerAb.Options.parse("lenet28-conv2", "forward", "--python", "py", "--peer", "p.py");
        assertEquals(List.of("py", "p.py", "--serve", "conv2d-fwd[layer=lenet28-conv2]"), f.peerCommand());
        IllegalArgumentException part = assertThrows(IllegalArgumentException.class,
                () -> PeerAb.Options.parse("smallcnn-conv2", "backward-data"));
        assertTrue(part.getMessage().contains("forward and forward-backward"), part.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerAb.Options.parse("no-such-layer", "forward"));
        assertThrows(IllegalArgumentException.class, () -> PeerAb.Options.parse("smallcnn-conv2"));
        assertThrows(IllegalArgumentException.class,
                () -> PeerAb.Options.parse("smallcnn-conv2", "forward", "--calls", "0"));
    }

    @Test
    void eachRoundPutsThePeersTimeAsAAndOursAsB() throws Exception {
        PeerAb.Options o = PeerAb.Options.parse("lenet28-conv2", "forward", "--backend", "cpu", "--rounds", "3",
                "--calls", "2", "--warmup-s", "0");
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
        PeerAb.Options o = PeerAb.Options.parse("lenet28-conv2", "forward", "--backend", "cpu", "--rounds", "1",
                "--calls", "1", "--warmup-s", "0");
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
