package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSplitReaderTest {
    @TempDir
    Path tmp;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void readsRowsSkippingBomBlankLinesAndCarriageReturns() throws IOException {
        Path f = write("train.csv", "\uFEFF1001_DFA_ANG_XX,ANG\r\n\r\n1002_IEO_HAP_HI,HAP\r\n");
        List<CsvSplitReader.Row> rows = CsvSplitReader.read(f, 2, 2, "clip,label");
        assertEquals(2, rows.size());
        assertEquals(List.of("1001_DFA_ANG_XX", "ANG"), rows.get(0).fields());
        assertEquals(3, rows.get(1).line());
        assertEquals("HAP", rows.get(1).last());
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes() throws IOException {
        Path f = write("vggsound.csv", "---g-f_I2yQ,1,\"male speech, man speaking\",test\nabc,30,\"say \"\"hi\"\"\",train");
        List<CsvSplitReader.Row> rows = CsvSplitReader.read(f, 4, 4, "id,start,label,split");
        assertEquals("male speech, man speaking", rows.get(0).field(2));
        assertEquals("say \"hi\"", rows.get(1).field(2));
    }

    @Test
    void wrongColumnCountNamesLineAndLayout() throws IOException {
        Path f = write("my_test.txt", "a,10,class\nb,class\n");
        var e = assertThrows(DataFormatException.class, () -> CsvSplitReader.read(f, 3, 3, "id,start,class"));
        assertEquals("line 2", e.location());
        assertTrue(e.getMessage().contains("my_test.txt") && e.getMessage().contains("id,start,class"), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsReportedAtItsLine() throws IOException {
        Path f = write("q.csv", "a,b\n\"c,d\n");
        var e = assertThrows(DataFormatException.class, () -> CsvSplitReader.read(f, 2, 2, "x,y"));
        assertEquals("line 2", e.location());
    }

    @Test
    void invalidUtf8IsAFormatError() throws IOException {
        Path f = tmp.resolve("bin.csv");
        Files.write(f, new byte[] {'a', ',', (byte) 0xC3, (byte) 0x28, '\n'});
        var e = assertThrows(DataFormatException.class, () -> CsvSplitReader.read(f, 2, 2, "x,y"));
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }
}
