package org.mimo4j.mimo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.mimo4j.mimo.model.MultiModalModel;
import org.mimo4j.mimo.train.Experiment;
import org.mimo4j.mimo.train.RunConfig;
import org.mimo4j.mimo.train.Splits;
import org.mimo4j.mimo.train.SyntheticDataset;

class EvaluatorTest {
    @Test
    void measuresAreConsistentWithEachOther() {
        Splits data = SyntheticDataset.create(200, 50, 150, 2);
        RunConfig c = new RunConfig();
        c.dataset.name = "synthetic";
        MultiModalModel model = Experiment.buildModel(c, data.train());
        EvalResult r = new Evaluator(model, 32, new double[] {0.0, 3.0}, 20, 1).evaluate(data.train(), data.test());
        assertEquals(150, r.examples());
        assertEquals(150, Arrays.stream(r.confusion()).flatMapToInt(Arrays::stream).sum());
        int diagonal = 0;
        for (int i = 0; i < r.confusion().length; i++) {
            diagonal += r.confusion()[i][i];
        }
        assertEquals(r.fusedAccuracy(), diagonal / 150.0, 1e-12);
        for (String m : new String[] {"image", "audio"}) {
            assertEquals(r.fusedAccuracy(), r.noisyAccuracy().get(m)[0], 1e-12, "noise level 0 changes nothing");
        }
        assertEquals(Math.min(r.probeAccuracy().get("image"), r.probeAccuracy().get("audio")), r.worstModalityAccuracy());
        assertTrue(r.probeAccuracy().get("image") > r.probeAccuracy().get("audio"),
                "the synthetic image modality carries the stronger signal: " + r.probeAccuracy());
    }
}
