package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class NpyHeaderTest {

    @Test
    void parsesTheDictNumpyWrites() throws Exception {
        NpyHeader h = NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }    \n", "x.npy", 10);
        assertEquals(DType.FLOAT32, h.dtype());
        assertEquals(ByteOrder.LITTLE_ENDIAN, h.order());
        assertArrayEquals(new int[] {3, 4}, h.shape());
    }

    @Test
    void parsesScalarOneDimensionalBigEndianAndPython2Longs() throws Exception {
        assertArrayEquals(new int[0], NpyHeader.parse("{'descr':'|u1','fortran_order':False,'shape':()}", "x", 0).shape());
        assertArrayEquals(new int[] {7}, NpyHeader.parse("{'descr': '>i8', 'fortran_order': False, 'shape': (7,), }", "x", 0).shape());
        assertEquals(ByteOrder.BIG_ENDIAN, NpyHeader.parse("{'descr': '>i8', 'fortran_order': False, 'shape': (7,), }", "x", 0).order());
        assertArrayEquals(new int[] {2, 5}, NpyHeader.parse("{\"shape\": (2L, 5L), \"descr\": \"<f8\", \"fortran_order\": False}", "x", 0).shape());
    }

    @Test
    void formatIsParsedBackToTheSameHeader() throws Exception {
        for (int[] shape : new int[][] {{}, {5}, {2, 3}, {1, 2, 3, 4}}) {
            NpyHeader h = new NpyHeader(DType.INT16, ByteOrder.LITTLE_ENDIAN, shape);
            assertEquals(h, NpyHeader.parse(h.format(), "x", 0), h.format());
        }
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }",
                new NpyHeader(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new int[] {5}).format());
    }

    @Test
    void rejectsFortranOrderSayingHowToFixIt() {
        var e = assertThrows(DataFormatException.class,
                () -> NpyHeader.parse("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", "a.npy", 10));
        assertTrue(e.getMessage().contains("a.npy") && e.getMessage().contains("fortran_order")
                && e.getMessage().contains("C order"), e.getMessage());
    }

    @Test
    void rejectsUnsupportedDtypeListingTheSupportedOnes() {
        var e = assertThrows(DataFormatException.class,
                () -> NpyHeader.parse("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", "a.npy", 10));
        assertTrue(e.getMessage().contains("'<c8'") && e.getMessage().contains("f4"), e.getMessage());
    }

    @Test
    void rejectsMalformedDictsNamingTheOffset() {
        String[] bad = {
            "", "{", "{'descr': '<f4'", "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3, -1), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }",
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': True}",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } junk",
            "{'descr': '|f4', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': (3,), 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f4', 'fortran_order': False, 'shape': '3', }",
            "{'descr: '<f4', 'fortran_order': False, 'shape': (3,), }",
        };
        for (String text : bad) {
            var e = assertThrows(DataFormatException.class, () -> NpyHeader.parse(text, "b.npy", 10), text);
            assertTrue(e.getMessage().startsWith("b.npy ["), e.getMessage());
        }
    }
}
