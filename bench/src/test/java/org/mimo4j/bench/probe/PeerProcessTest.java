package org.mimo4j.bench.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The peer process, against shell loops that speak (or break) the peer script's protocol. */
class PeerProcessTest {
    @Test
    void eachRequestReadsBackTheMedianThePeerSends() throws Exception {
        List<String> command = List.of("/bin/sh", "-c", "echo ready torch w; while read n; do echo \"$n.5\"; done");
        try (PeerProcess peer = new PeerProcess(command)) {
            assertEquals(3.5, peer.median(3));
            assertEquals(40.5, peer.median(40));
        }
    }

    /** The peer runs without the workplace's OpenBLAS override (nor the JVM's LD_PRELOAD), as the report's peers do. */
    @Test
    void thePeerRunsWithoutTheOpenBlasOverride() throws Exception {
        List<String> command = List.of("/bin/sh", "-c", "echo ready; while read n; do"
                + " if [ -z \"$OPENBLAS_CORETYPE$OPENBLAS_L2_SIZE$LD_PRELOAD\" ]; then echo 1.0; else echo 2.0; fi; done");
        try (PeerProcess peer = new PeerProcess(command)) {
            assertEquals(1.0, peer.median(1));
        }
    }

    @Test
    void aPeerThatExitsOrAnswersNonsenseIsAnErrorSayingWhatItSent() throws Exception {
        IllegalStateException dead = assertThrows(IllegalStateException.class,
                () -> new PeerProcess(List.of("/bin/sh", "-c", "echo warming up; exit 3")));
        assertTrue(dead.getMessage().contains("sent 'warming up' where a 'ready' line was expected")
                && dead.getMessage().contains("status 3"), dead.getMessage());
        try (PeerProcess peer = new PeerProcess(List.of("/bin/sh", "-c", "echo ready; read n; echo -1; read n"))) {
            IllegalStateException negative = assertThrows(IllegalStateException.class, () -> peer.median(1));
            assertTrue(negative.getMessage().contains("'-1' where a time in microseconds was expected"),
                    negative.getMessage());
        }
    }
}
