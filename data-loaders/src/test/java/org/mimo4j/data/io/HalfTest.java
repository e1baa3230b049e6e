package org.mimo4j.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HalfTest {

    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float f = Half.toFloat((short) bits);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(bits, Half.fromFloat(f) & 0xFFFF, "half bits " + Integer.toHexString(bits) + " -> " + f);
        }
    }

    @Test
    void knownValuesMatchIeeeBinary16() {
        assertEquals(0x3C00, Half.fromFloat(1f) & 0xFFFF);
        assertEquals(0xC000, Half.fromFloat(-2f) & 0xFFFF);
        assertEquals(0x7BFF, Half.fromFloat(65504f) & 0xFFFF);
        assertEquals(0x7C00, Half.fromFloat(1e6f) & 0xFFFF);
        assertEquals(0x0001, Half.fromFloat(0x1.0p-24f) & 0xFFFF);
        assertEquals(5.9604645e-8f, Half.toFloat((short) 1));
    }

    @Test
    void roundsHalfwayCasesToEven() {
        // 1 + 2^-11 lies halfway between 1 and the next half (1 + 2^-10): ties go to the even mantissa.
        assertEquals(0x3C00, Half.fromFloat(1f + 0x1.0p-11f) & 0xFFFF);
        assertEquals(0x3C02, Half.fromFloat(1f + 3 * 0x1.0p-11f) & 0xFFFF);
        assertEquals(0x3C01, Half.fromFloat(1f + 0x1.0p-11f + 0x1.0p-20f) & 0xFFFF);
    }

    @Test
    void nanStaysNan() {
        assertEquals(true, Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }
}
