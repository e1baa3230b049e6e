package org.mimo4j.engine.ops;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad shapes and arguments fail with messages that name the op, the shapes and what was expected. */
class OpErrorsTest {

    private static String message(Runnable r) {
        return assertThrows(RuntimeException.class, r::run).getMessage();
    }

    @Test
    void matmulNamesBothShapesAndTheInnerDimensions() {
        assertEquals("matmul: cannot multiply [2,3] by [4,5]: inner dimensions 3 and 4 differ",
                message(() -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5))));
    }

    @Test
    void linearNamesInputAndWeight() {
        String m = message(() -> F.linear(Tensor.zeros(2, 3), Tensor.zeros(4, 5), null));
        assertTrue(m.startsWith("linear: input [2,3] does not fit weight [4,5]"), m);
    }

    @Test
    void conv2dChecksChannelsAgainstGroups() {
        String m = message(() -> F.conv2d(Tensor.zeros(1, 4, 5, 5), Tensor.zeros(2, 3, 3, 3), null, 1, 0, 1, 2));
        assertTrue(m.contains("expects 6 input channels with groups=2"), m);
    }

    @Test
    void crossEntropyNamesTheBadLabel() {
        String m = message(() -> F.crossEntropy(Tensor.zeros(2, 3), new int[] {1, 3}));
        assertEquals("crossEntropy: label 3 of example 1 is outside [0, 3)", m);
    }

    @Test
    void crossEntropyNeedsOneLabelPerRow() {
        String m = message(() -> F.crossEntropy(Tensor.zeros(2, 3), new int[] {1}));
        assertTrue(m.contains("1 labels for 2 rows"), m);
    }

    @Test
    void embeddingNamesTheIdOutsideTheVocabulary() {
        String m = message(() -> F.embedding(Tensor.zeros(4, 2), new int[] {0, 9}));
        assertEquals("embedding: id 9 at position 1 is outside the vocabulary [0, 4)", m);
    }

    @Test
    void concatNamesTheMismatchedTensor() {
        String m = message(() -> F.concat(0, Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertTrue(m.contains("tensor 1 has shape [2,4]") && m.contains("axis 1 differs"), m);
    }

    @Test
    void sliceOutsideTheAxisNamesTheRange() {
        String m = message(() -> Tensor.zeros(2, 3).slice(1, 2, 5));
        assertTrue(m.contains("[2, 5) is outside axis 1 of size 3"), m);
    }

    @Test
    void attentionNamesAllThreeShapes() {
        String m = message(() -> F.attention(Tensor.zeros(2, 3, 4), Tensor.zeros(2, 5, 3), Tensor.zeros(2, 5, 2), null));
        assertTrue(m.startsWith("attention: q [2,3,4], k [2,5,3], v [2,5,2]"), m);
    }

    @Test
    void layerNormNamesTheNormalizedShape() {
        String m = message(() -> F.layerNorm(Tensor.zeros(2, 3), new int[] {4}, null, null, 1e-5f));
        assertTrue(m.contains("does not end with the normalized shape [4]"), m);
    }

    @Test
    void poolingRejectsPaddingWiderThanHalfTheKernel() {
        String m = message(() -> F.maxPool2d(Tensor.zeros(1, 1, 4, 4), 2, 1, 2));
        assertTrue(m.startsWith("maxPool2d: kernel 2, stride 1, padding 2 are invalid"), m);
    }
}
