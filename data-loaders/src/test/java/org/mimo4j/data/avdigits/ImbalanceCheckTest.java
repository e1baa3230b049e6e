package org.mimo4j.data.avdigits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mimo4j.data.Dataset;
import org.mimo4j.data.Modality;
import org.mimo4j.engine.tensor.Rng;
import org.junit.jupiter.api.Test;

class ImbalanceCheckTest {

    /** Image: the label's pixel lit plus noise (easy); audio: noise only (no signal at all). */
    private static Dataset informativeImageNoiseAudio(int n, Rng rng) {
        float[] image = new float[n * 16];
        float[] audio = new float[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(10);
            for (int j = 0; j < 16; j++) {
                image[i * 16 + j] = (float) (0.2 * rng.nextGaussian()) + (j == labels[i] ? 1f : 0f);
                audio[i * 16 + j] = (float) rng.nextGaussian();
            }
        }
        return new Dataset("synthetic", List.of(Modality.ofFloats("image", image, 1, 4, 4),
                Modality.ofFloats("audio", audio, 1, 4, 4)), labels, 10);
    }

    @Test
    void informativeModalityIsLearnedAndNoiseStaysNearChance() {
        Rng rng = new Rng(5);
        Dataset train = informativeImageNoiseAudio(600, rng);
        Dataset test = informativeImageNoiseAudio(300, rng);
        List<String> reported = new ArrayList<>();
        Map<String, Double> acc = new ImbalanceCheck("softmax", 15, 0.01f, 3).run(train, test, (k, v) -> reported.add(k));
        assertEquals(List.of("image-only", "audio-only", "joint/fused", "joint/image", "joint/audio"), reported);
        assertTrue(acc.get("image-only") > 0.9, acc.toString());
        assertTrue(acc.get("audio-only") < 0.25, acc.toString());
        assertTrue(acc.get("joint/fused") > 0.85, acc.toString());
        assertTrue(acc.get("joint/image") > 0.85, acc.toString());
        assertTrue(acc.get("joint/audio") < 0.25, acc.toString());
    }

    @Test
    void unknownModelIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ImbalanceCheck("resnet", 1, 1e-3f, 1));
    }
}
