package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpectrogramQuantizerTest {

    @Test
    void roundTripIsWithinHalfAStep() {
        float step = (SpectrogramQuantizer.HIGH - SpectrogramQuantizer.LOW) / 255f;
        for (float v = SpectrogramQuantizer.LOW; v <= SpectrogramQuantizer.HIGH; v += 0.013f) {
            byte q = SpectrogramQuantizer.quantize(new float[] {v})[0];
            assertEquals(v, SpectrogramQuantizer.dequantize(q), step / 2 + 1e-5, "value " + v);
        }
    }

    @Test
    void valuesOutsideTheRangeClampToTheEnds() {
        byte[] q = SpectrogramQuantizer.quantize(new float[] {-100f, 100f, SpectrogramQuantizer.LOW, SpectrogramQuantizer.HIGH});
        assertEquals(0, q[0] & 0xFF);
        assertEquals(255, q[1] & 0xFF);
        assertEquals(0, q[2] & 0xFF);
        assertEquals(255, q[3] & 0xFF);
    }
}
