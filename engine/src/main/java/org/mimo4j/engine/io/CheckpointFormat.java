package org.mimo4j.engine.io;

import java.nio.charset.StandardCharsets;

/** Constants of the checkpoint file layout documented on {@link Checkpoint}. */
final class CheckpointFormat {
    static final byte[] MAGIC = "MIMO4JCK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** magic (8) + version (4) + header length (4). */
    static final int PREAMBLE = 16;
    /** payload length field (8). */
    static final int PAYLOAD_LENGTH_BYTES = 8;
    /** CRC32C trailer (4). */
    static final int TRAILER = 4;
    static final int MAX_STRING_BYTES = 0xFFFF;
    static final int MAX_RANK = 0xFF;

    private CheckpointFormat() {
    }
}
