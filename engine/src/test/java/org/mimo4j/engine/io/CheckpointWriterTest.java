package org.mimo4j.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointWriterTest {
    @TempDir
    Path dir;

    @Test
    void bytesFollowTheDocumentedLayout() throws IOException {
        Path f = dir.resolve("layout.ckpt");
        CheckpointWriter.write(f, new CheckpointData().putMetadata("k", "v")
                .add(CheckpointEntry.ofFloats("w", new int[] {2}, new float[] {1.5f, -2f}))
                .add(CheckpointEntry.ofLongs("n", new long[] {7})));
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[8];
        b.get(magic);
        assertEquals("MIMO4JCK", new String(magic, StandardCharsets.US_ASCII));
        assertEquals(1, b.getInt());
        int h = b.getInt();
        // metadata: count 1, "k", "v"; entries: count 2, "w" float32 rank 1 [2], "n" int64 rank 1 [1]
        assertEquals(4 + (2 + 1) * 2 + 4 + (2 + 1 + 1 + 1 + 4) * 2, h);
        assertEquals(1, b.getInt());
        assertEquals(1, b.getShort());
        assertEquals('k', b.get());
        b.position(16 + h);
        assertEquals(2 * 4 + 8, b.getLong());
        assertEquals(1.5f, b.getFloat());
        assertEquals(-2f, b.getFloat());
        assertEquals(7L, b.getLong());
        assertEquals(16 + h + 8 + 16 + 4, b.limit());
    }

    @Test
    void overlongNameIsRefusedBeforeTouchingTheFile() throws IOException {
        Path f = dir.resolve("x.ckpt");
        Files.write(f, new byte[] {5});
        char[] name = new char[70_000];
        Arrays.fill(name, 'a');
        CheckpointException e = assertThrows(CheckpointException.class, () -> CheckpointWriter.write(f,
                new CheckpointData().add(CheckpointEntry.ofFloats(new String(name), new int[] {1}, new float[1]))));
        assertTrue(e.getMessage().contains("entry name is 70000 bytes"), e.getMessage());
        assertArrayEquals(new byte[] {5}, Files.readAllBytes(f));
    }
}
