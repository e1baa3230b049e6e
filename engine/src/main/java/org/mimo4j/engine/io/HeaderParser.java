package org.mimo4j.engine.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the header of a checkpoint whose lengths and checksum {@link CheckpointReader} has already
 * verified, checking every field and that the entries exactly fill the declared payload, and only
 * then decodes the payload.
 */
final class HeaderParser {
    private final CheckpointReader in;
    private final int headerEnd;
    private final long payloadLength;

    private record Descriptor(String name, CheckpointEntry.DType dtype, int[] shape, long bytes) {
    }

    HeaderParser(CheckpointReader in, int headerEnd, long payloadLength) {
        this.in = in;
        this.headerEnd = headerEnd;
        this.payloadLength = payloadLength;
    }

    CheckpointData parse() throws CheckpointException {
        CheckpointData data = new CheckpointData();
        int pairs = count("metadata count");
        for (int i = 0; i < pairs; i++) {
            String key = in.string("metadata key #" + i, headerEnd);
            data.putMetadata(key, in.string("metadata value of '" + key + "'", headerEnd));
        }
        List<Descriptor> descriptors = descriptors(count("entry count"));
        if (in.position() != headerEnd) {
            in.fail("the header declares " + (headerEnd - CheckpointFormat.PREAMBLE) + " bytes but its fields end"
                    + " at offset " + in.position() + ", not at offset " + headerEnd);
        }
        long dataAt = headerEnd + CheckpointFormat.PAYLOAD_LENGTH_BYTES;
        for (Descriptor d : descriptors) {
            int n = (int) (d.bytes / d.dtype.bytes);
            data.add(CheckpointEntry.read(d.name, d.dtype, d.shape,
                    d.dtype == CheckpointEntry.DType.FLOAT32 ? in.floats((int) dataAt, n) : null,
                    d.dtype == CheckpointEntry.DType.INT64 ? in.longs((int) dataAt, n) : null, dataAt));
            dataAt += d.bytes;
        }
        return data;
    }

    private int count(String what) throws CheckpointException {
        int at = in.position();
        int n = in.int32(what, headerEnd);
        if (n < 0) {
            in.fail(what + " at offset " + at + " is negative (" + n + ")");
        }
        return n;
    }

    private List<Descriptor> descriptors(int count) throws CheckpointException {
        List<Descriptor> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (int i = 0; i < count; i++) {
            int at = in.position();
            Descriptor d = descriptor(i);
            if (!seen.add(d.name)) {
                in.fail("entry '" + d.name + "' at offset " + at + " appears twice in the header");
            }
            total += d.bytes;
            if (total > payloadLength) {
                in.fail("entry '" + d.name + "' at offset " + at + " ends " + total + " bytes into the payload,"
                        + " past the declared payload length " + payloadLength);
            }
            out.add(d);
        }
        if (total != payloadLength) {
            in.fail("the entries fill " + total + " payload bytes, but the payload length field says "
                    + payloadLength);
        }
        return out;
    }

    private Descriptor descriptor(int index) throws CheckpointException {
        String name = in.string("name of entry #" + index, headerEnd);
        int typeAt = in.position();
        int code = in.uint8("dtype of '" + name + "'", headerEnd);
        CheckpointEntry.DType dtype = CheckpointEntry.DType.ofCode(code);
        if (dtype == null) {
            in.fail("entry '" + name + "' has unknown dtype code " + code + " at offset " + typeAt
                    + " (expected 1 = float32 or 2 = int64)");
        }
        int rank = in.uint8("rank of '" + name + "'", headerEnd);
        int[] shape = new int[rank];
        long numel = 1;
        for (int k = 0; k < rank; k++) {
            int at = in.position();
            shape[k] = in.int32("dimension " + k + " of '" + name + "'", headerEnd);
            if (shape[k] < 0) {
                in.fail("entry '" + name + "' has negative dimension " + shape[k] + " at offset " + at);
            }
            numel *= shape[k];
            if (numel * dtype.bytes > Integer.MAX_VALUE - 8) {
                in.fail("entry '" + name + "' with shape prefix " + Arrays.toString(Arrays.copyOf(shape, k + 1))
                        + " is larger than 2 GiB");
            }
        }
        return new Descriptor(name, dtype, shape, numel * dtype.bytes);
    }
}
