package org.mimo4j.data.formats;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mimo4j.data.io.CsvSplitReader.Row;
import org.mimo4j.data.io.DataFormatException;

/**
 * Maps class names from split files to indices: either a fixed published order (CREMA-D) or the
 * sorted names found in the training list, so the mapping never depends on row order.
 */
final class ClassIndex {
    private final List<String> names;
    private final Map<String, Integer> index;

    ClassIndex(List<String> names) {
        this.names = List.copyOf(names);
        this.index = this.names.stream().collect(Collectors.toMap(Function.identity(), this.names::indexOf));
    }

    /** The sorted distinct values of {@code column} (the last column when negative) over {@code rows}. */
    static ClassIndex sortedFrom(List<Row> rows, int column) {
        TreeSet<String> set = new TreeSet<>();
        for (Row r : rows) {
            set.add(column < 0 ? r.last() : r.field(column));
        }
        return new ClassIndex(List.copyOf(set));
    }

    int size() {
        return names.size();
    }

    /** The index of {@code name}, or a format error naming the file, line and the known classes. */
    int of(String name, String file, int line) throws DataFormatException {
        Integer i = index.get(name);
        if (i == null) {
            throw new DataFormatException(file, "line " + line, "label '" + name + "' is not a known class; expected one of "
                    + (names.size() <= 40 ? names.toString() : names.size() + " classes such as " + names.subList(0, 5)));
        }
        return i;
    }
}
