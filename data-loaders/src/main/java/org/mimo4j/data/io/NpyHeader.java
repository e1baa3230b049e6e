package org.mimo4j.data.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header dictionary of a .npy file, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (3, 4), }}: element type, byte order and shape.
 *
 * <p>{@link #parse} accepts exactly the Python literal subset NumPy writes (a dict of the three keys,
 * string, boolean and int-tuple values) and rejects anything else with the field that was wrong.
 */
public record NpyHeader(DType dtype, ByteOrder order, int[] shape) {

    /** A header for {@code array} in little-endian byte order, the order mimo4j writes. */
    public static NpyHeader of(NdArray array) {
        return new NpyHeader(array.dtype(), ByteOrder.LITTLE_ENDIAN, array.shape());
    }

    /** The Python dict literal NumPy expects (without padding). */
    public String format() {
        char orderChar = dtype.itemSize() == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        StringBuilder sb = new StringBuilder("{'descr': '").append(orderChar).append(dtype.code())
                .append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(','); // Python's one-element tuple
        }
        return sb.append("), }").toString();
    }

    /**
     * Parses a header dictionary.
     *
     * @param text   the header text after the length field
     * @param source the file name for error messages
     * @param offset the byte offset of the text in the file, for error messages
     */
    public static NpyHeader parse(String text, String source, long offset) throws DataFormatException {
        Map<String, Object> dict = new Parser(text, source, offset).dict();
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new DataFormatException(source, "header at offset " + offset,
                        "missing key '" + key + "'; expected 'descr', 'fortran_order' and 'shape' in " + text.strip());
            }
        }
        if (dict.size() != 3) {
            throw new DataFormatException(source, "header at offset " + offset,
                    "unexpected keys " + dict.keySet() + "; expected exactly 'descr', 'fortran_order' and 'shape'");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw field(source, "fortran_order", "value " + dict.get("fortran_order") + " is not True or False");
        }
        if (fortran) {
            throw field(source, "fortran_order", "Fortran (column-major) order is not supported; "
                    + "expected C order (save with np.ascontiguousarray(a))");
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw field(source, "descr", "value " + dict.get("descr") + " is not a type string such as '<f4'");
        }
        if (!(dict.get("shape") instanceof int[] shape)) {
            throw field(source, "shape", "value " + dict.get("shape") + " is not a tuple of integers");
        }
        return parseDescr(descr, shape, source);
    }

    private static NpyHeader parseDescr(String descr, int[] shape, String source) throws DataFormatException {
        if (descr.length() < 2) {
            throw field(source, "descr", "'" + descr + "' is not a type string; expected e.g. '<f4'");
        }
        char orderChar = descr.charAt(0);
        String code = "<>|=".indexOf(orderChar) >= 0 ? descr.substring(1) : descr;
        DType dtype = DType.fromCode(code).orElseThrow(() -> field(source, "descr",
                "unsupported dtype '" + descr + "'; expected one of " + DType.supportedCodes()
                        + " (with byte order <, > or |)"));
        if (orderChar == '|' && dtype.itemSize() > 1) {
            throw field(source, "descr", "'" + descr + "' has no byte order for a multi-byte type; expected < or >");
        }
        ByteOrder order = orderChar == '>' ? ByteOrder.BIG_ENDIAN
                : orderChar == '=' ? ByteOrder.nativeOrder() : ByteOrder.LITTLE_ENDIAN;
        return new NpyHeader(dtype, order, shape);
    }

    private static DataFormatException field(String source, String name, String problem) {
        return new DataFormatException(source, "header field '" + name + "'", problem);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && h.dtype == dtype && h.order.equals(order) && Arrays.equals(h.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + order.hashCode()) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyHeader[" + dtype.code() + ", " + order + ", " + Arrays.toString(shape) + "]";
    }

    /** A recursive-descent parser for the literal subset NumPy writes: dicts, strings, bools, int tuples. */
    private static final class Parser {
        private final String text;
        private final String source;
        private final long offset;
        private int pos;

        Parser(String text, String source, long offset) {
            this.text = text;
            this.source = source;
            this.offset = offset;
        }

        Map<String, Object> dict() throws DataFormatException {
            expect('{');
            Map<String, Object> out = new HashMap<>();
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                if (peek() != '}') {
                    expect(',');
                }
            }
            expect('}');
            if (!text.substring(pos).isBlank()) {
                throw error("trailing text after the dict; expected only spaces and a newline");
            }
            return out;
        }

        private Object value() throws DataFormatException {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("unexpected '" + c + "'; expected a string, True/False or a tuple");
        }

        private int[] tuple() throws DataFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (peek() != ')') {
                dims.add(dimension());
                if (peek() != ')') {
                    expect(',');
                }
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int dimension() throws DataFormatException {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("unexpected '" + peek() + "' in shape; expected a non-negative integer");
            }
            if (pos < text.length() && text.charAt(pos) == 'L') {
                pos++; // Python 2 long suffix, still found in old files.
            }
            String digits = text.substring(start, pos).replace("L", "");
            if (digits.length() > 10 || Long.parseLong(digits) > Integer.MAX_VALUE) {
                throw error("dimension " + digits + " is larger than " + Integer.MAX_VALUE);
            }
            return Integer.parseInt(digits);
        }

        private String string() throws DataFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("unexpected '" + quote + "'; expected a quoted key");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private void expect(char c) throws DataFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "' but found '" + peekOrEnd() + "'");
            }
            pos++;
        }

        /** The next non-blank character, or NUL at the end of the text. */
        private char peek() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private String peekOrEnd() {
            char c = peek();
            return c == '\0' ? "end of header" : String.valueOf(c);
        }

        private DataFormatException error(String problem) {
            return new DataFormatException(source, "header offset " + (offset + pos),
                    problem + " in " + text.strip());
        }
    }
}
