package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class ResNetTest {

    /** Parameters of a ResNet-18 with the ImageNet stem, counted layer by layer. */
    private static long resnet18Count(long c, long w, long classes) {
        long total = 49 * c * w + 2 * w + 36 * w * w + 8 * w;
        for (long a = w; a < 8 * w; a *= 2) {
            long b = 2 * a;
            total += 10 * a * b + 9 * b * b + 6 * b + 18 * b * b + 4 * b;
        }
        return total + 8 * w * classes + classes;
    }

    @Test
    void resnet18HasTheReferenceParameterCount() {
        // torchvision.models.resnet18() (3 input channels, width 64, 1000 classes): 11,689,512 parameters.
        assertEquals(11_689_512L, resnet18Count(3, 64, 1000));
        assertEquals(resnet18Count(2, 8, 7), ResNet.resnet18(2, 8, true, 7, new Rng(1)).parameterCount());
    }

    @Test
    void resnet18HasTwoBlocksPerStageAndBatchNormBuffers() {
        ResNet r = ResNet.resnet18(1, 4, false, 0, new Rng(1));
        for (int stage = 1; stage <= 4; stage++) {
            assertEquals(2, r.child("body.layer" + stage).children().size());
        }
        assertEquals(2 * (1 + 4 * 2 * 2 + 3), r.namedBuffers().size());
    }

    @Test
    void smallStemKeepsResolutionAndOutputsPooledFeatures() {
        ResNet r = ResNet.resnet18(2, 4, false, 0, new Rng(2));
        assertEquals(32, r.outputFeatures());
        assertArrayEquals(new int[] {2, 32}, r.forward(Tensor.randn(new Rng(3), 2, 2, 16, 16)).shape());
    }

    @Test
    void headMapsToOutFeatures() {
        ResNet r = ResNet.resnet18(1, 2, true, 5, new Rng(2));
        r.eval();
        assertArrayEquals(new int[] {1, 5}, r.forward(Tensor.randn(new Rng(3), 1, 1, 32, 32)).shape());
    }

    @Test
    void wrongStageCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResNet(1, 4, new int[] {2, 2}, false, 0, new Rng(1)));
    }
}
