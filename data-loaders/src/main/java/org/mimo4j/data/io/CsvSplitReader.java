package org.mimo4j.data.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the comma-separated split files of the published datasets (CREMA-D {@code train.csv},
 * Kinetics-Sounds {@code my_train.txt}, {@code vggsound.csv}): UTF-8 with an optional byte-order
 * mark, RFC 4180 quoting (VGGSound labels such as {@code "male speech, man speaking"} contain
 * commas), blank lines skipped.
 *
 * <p>Every row must have between {@code minColumns} and {@code maxColumns} fields; a row that does
 * not, an unterminated quote or invalid UTF-8 fails with a {@link DataFormatException} naming the
 * file, the line and the expected layout.
 */
public final class CsvSplitReader {
    /** One parsed row and the 1-based line it started on, for error messages downstream. */
    public record Row(int line, List<String> fields) {
        public String field(int i) {
            return fields.get(i);
        }

        public String last() {
            return fields.get(fields.size() - 1);
        }
    }

    private CsvSplitReader() {
    }

    /**
     * @param layout the expected columns in words, e.g. {@code "clip,label"}, for error messages
     */
    public static List<Row> read(Path file, int minColumns, int maxColumns, String layout) throws IOException {
        Cursor cursor = new Cursor(decode(file), file);
        List<Row> rows = new ArrayList<>();
        while (cursor.hasMore()) {
            int line = cursor.line;
            List<String> fields = cursor.row();
            if (fields.isEmpty()) {
                continue;
            }
            if (fields.size() < minColumns || fields.size() > maxColumns) {
                throw new DataFormatException(file.toString(), "line " + line, fields.size() + " columns "
                        + fields + "; expected " + (minColumns == maxColumns ? "" + minColumns
                        : minColumns + " to " + maxColumns) + " columns: " + layout);
            }
            rows.add(new Row(line, List.copyOf(fields)));
        }
        return rows;
    }

    /** Walks the text one row at a time, tracking the line number for messages. */
    private static final class Cursor {
        private final String text;
        private final Path file;
        private int pos;
        private int line = 1;

        Cursor(String text, Path file) {
            this.text = text;
            this.file = file;
            this.pos = text.startsWith("\uFEFF") ? 1 : 0;
        }

        boolean hasMore() {
            return pos < text.length();
        }

        /** The fields of the next row; empty for a blank line. */
        List<String> row() throws DataFormatException {
            int startLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            for (; pos < text.length(); pos++) {
                char c = text.charAt(pos);
                if (quoted) {
                    quoted = quotedChar(c, field);
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                    any = true;
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    any = true;
                } else if (c == '\n') {
                    pos++;
                    line++;
                    break;
                } else if (c != '\r') {
                    field.append(c);
                    any = true;
                }
            }
            if (quoted) {
                throw new DataFormatException(file.toString(), "line " + startLine,
                        "unterminated quoted field; expected a closing '\"'");
            }
            if (any) {
                fields.add(field.toString());
            }
            return fields;
        }

        /** Consumes one character inside quotes; returns whether the field is still quoted. */
        private boolean quotedChar(char c, StringBuilder field) {
            if (c == '"' && pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                field.append('"');
                pos++;
                return true;
            }
            if (c == '"') {
                return false;
            }
            line += c == '\n' ? 1 : 0;
            field.append(c);
            return true;
        }
    }

    private static String decode(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file.toString(), "text encoding", "not valid UTF-8 (" + e.getMessage()
                    + "); expected a UTF-8 text file", e);
        }
    }
}
