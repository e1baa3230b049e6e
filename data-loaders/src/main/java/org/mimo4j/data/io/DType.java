package org.mimo4j.data.io;

import java.util.Optional;

/**
 * The element types that mimo4j's array files may hold, named by their NumPy type code.
 *
 * <p>Each type has one Java storage array: {@code byte[]} for 1-byte types, {@code short[]} for
 * 2-byte integers and half floats (raw IEEE 754 binary16 bits), {@code int[]}, {@code long[]},
 * {@code float[]} and {@code double[]}. Unsigned values are stored in the signed Java type of the
 * same width and widened without sign when converted.
 */
public enum DType {
    BOOL("b1", 1),
    INT8("i1", 1),
    UINT8("u1", 1),
    INT16("i2", 2),
    UINT16("u2", 2),
    INT32("i4", 4),
    INT64("i8", 8),
    FLOAT16("f2", 2),
    FLOAT32("f4", 4),
    FLOAT64("f8", 8);

    private final String code;
    private final int itemSize;

    DType(String code, int itemSize) {
        this.code = code;
        this.itemSize = itemSize;
    }

    /** The NumPy type code without byte order, e.g. {@code "f4"}. */
    public String code() {
        return code;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** The type with the given NumPy code (without byte order), if mimo4j supports it. */
    public static Optional<DType> fromCode(String code) {
        for (DType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The supported codes, for error messages. */
    public static String supportedCodes() {
        StringBuilder sb = new StringBuilder();
        for (DType t : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.code);
        }
        return sb.toString();
    }
}
