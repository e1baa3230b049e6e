package org.mimo4j.data.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream of known length that tracks its position, so that binary readers can report the
 * exact offset where a file ended too early or held more than it declared.
 */
public final class ByteSource {
    private final InputStream in;
    private final long length;
    private final String name;
    private long position;

    /**
     * @param in     the stream, positioned at the start of the content
     * @param length how many bytes the content should have
     * @param name   file (and entry) name for error messages
     */
    public ByteSource(InputStream in, long length, String name) {
        this.in = in;
        this.length = length;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    /** Bytes still expected. */
    public long remaining() {
        return length - position;
    }

    /** Reads exactly {@code n} bytes, describing {@code what} they are if the content ends early. */
    public byte[] read(int n, String what) throws IOException {
        byte[] out = new byte[n];
        readInto(out, n, what);
        return out;
    }

    /** Reads exactly {@code n} bytes into the start of {@code dst}. */
    public void readInto(byte[] dst, int n, String what) throws IOException {
        if (n > remaining()) {
            throw truncated(what, n, length);
        }
        int done = 0;
        while (done < n) {
            int r = in.read(dst, done, n - done);
            if (r < 0) {
                position += done;
                throw truncated(what, n - done, position);
            }
            done += r;
        }
        position += n;
    }

    /** Fails if the stream holds more bytes than the declared length. */
    public void expectEnd() throws IOException {
        if (in.read() >= 0) {
            throw new DataFormatException(name, "offset " + length, "content continues past the declared "
                    + length + " bytes; expected the end of the data");
        }
    }

    private DataFormatException truncated(String what, int wanted, long endsAt) {
        return new DataFormatException(name, "offset " + position, "truncated: needed " + wanted
                + " more bytes for the " + what + " but the content ends at offset " + endsAt);
    }
}
