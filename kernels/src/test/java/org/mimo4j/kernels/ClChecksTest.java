package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.Conv2dShape;

/**
 * The backend's entry checks, which run before anything reaches the device: each names the
 * operation, the argument and what was expected. They need no OpenCL device.
 */
class ClChecksTest {
    private final Conv2dShape conv = Conv2dShape.of(2, 3, 5, 5, 4, 3, 1, 1, 1, 1);

    @Test
    void spanCoversBatchRowsAndLastRowOnly() {
        assertEquals(2 * 100 + 2 * 10 + 4, ClChecks.span(3, 4, 10, 100, 3));
        assertEquals(0, ClChecks.span(3, 0, 10, 100, 3));
    }

    @Test
    void sgemmRejectsLeadingDimensionSmallerThanTheRows() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClChecks.sgemm(false, false,
                2, 3, 4, new float[8], 0, 3, 0, new float[12], 0, 3, 0, new float[6], 0, 3, 0, 1));
        assertEquals("sgemm: lda=3 is smaller than the 4 columns a is stored with", e.getMessage());
    }

    @Test
    void sgemmRejectsNegativeSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClChecks.sgemm(false, false,
                -1, 3, 4, new float[8], 0, 4, 0, new float[12], 0, 3, 0, new float[6], 0, 3, 0, 1));
        assertEquals("sgemm sizes must be >= 0, got m=-1 n=3 k=4 batch=1", e.getMessage());
    }

    @Test
    void convRejectsShortWeightNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClChecks.conv(
                "conv2dForward", new float[conv.inputSize()], "x", conv.inputSize(), new float[5], "w",
                conv.weightSize(), new float[conv.outputSize()], "y", conv.outputSize()));
        assertEquals("conv2dForward: w needs 108 floats but has 5", e.getMessage());
    }

    @Test
    void convRejectsOutputAliasingAnInput() {
        float[] same = new float[conv.inputSize() + conv.outputSize()];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClChecks.conv(
                "conv2dBackwardData", same, "dy", conv.outputSize(), new float[conv.weightSize()], "w",
                conv.weightSize(), same, "dx", conv.inputSize()));
        assertEquals("conv2dBackwardData: output dx must not alias input dy", e.getMessage());
    }

    @Test
    void attentionRejectsShortValuesNamingThem() {
        AttentionShape s = new AttentionShape(2, 3, 4, 5, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClChecks.attention(s, new float[30], new float[40], new float[47]));
        assertEquals("attention: v needs 48 floats but has 47", e.getMessage());
    }

    @Test
    void nullArrayIsReportedAsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClChecks.length("attentionForward", "probs", null, 12));
        assertEquals("attentionForward: probs needs 12 floats but has null", e.getMessage());
    }
}
