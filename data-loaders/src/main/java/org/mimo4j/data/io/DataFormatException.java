package org.mimo4j.data.io;

import java.io.IOException;

/**
 * Thrown by every mimo4j file reader when its input is not what the format promises: a wrong magic
 * number, a truncated section, an impossible shape, a size that disagrees with the file, an
 * unsupported data type or a label out of range.
 *
 * <p>The message always names the source (file, or file plus archive entry), the location (byte
 * offset or field name) and what was expected, so that a user can find the bad byte without a
 * debugger.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String location;

    /**
     * @param source   the file (and entry) being read, as the user would recognise it
     * @param location where in the source: "offset 12", "header field 'shape'", "line 7", ...
     * @param problem  what was found and what was expected instead
     */
    public DataFormatException(String source, String location, String problem) {
        super(source + " [" + location + "]: " + problem);
        this.source = source;
        this.location = location;
    }

    /** As {@link #DataFormatException(String, String, String)}, keeping the low-level cause. */
    public DataFormatException(String source, String location, String problem, Throwable cause) {
        super(source + " [" + location + "]: " + problem, cause);
        this.source = source;
        this.location = location;
    }

    /** The file (and entry) that was being read. */
    public String source() {
        return source;
    }

    /** Where in the source the problem was found (offset, field or line). */
    public String location() {
        return location;
    }
}
