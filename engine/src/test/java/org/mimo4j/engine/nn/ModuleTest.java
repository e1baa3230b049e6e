package org.mimo4j.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Tensor;

class ModuleTest {

    /** A two-encoder model shaped like the multi-modal models that use parameter groups. */
    static final class TwoEncoders extends Module {
        final Module encoders = addModule("encoders", new Module() { });
        final Sequential audio;
        final Linear head;

        TwoEncoders(Rng rng) {
            addParameter("scale", Tensor.ones(1));
            audio = encoders.addModule("audio", new Sequential(new Conv2d(1, 2, 3, 1, 1, rng), new BatchNorm2d(2)));
            encoders.addModule("visual", new Linear(4, 3, rng));
            head = addModule("head", new Linear(3, 2, false, rng));
        }
    }

    @Test
    void namesAreDottedPathsInRegistrationOrder() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        assertEquals(List.of("scale", "encoders.audio.0.weight", "encoders.audio.0.bias", "encoders.audio.1.weight",
                        "encoders.audio.1.bias", "encoders.visual.weight", "encoders.visual.bias", "head.weight"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("encoders.audio.1.running_mean", "encoders.audio.1.running_var"),
                List.copyOf(m.namedBuffers().keySet()));
        assertEquals(1 + 18 + 2 + 2 + 2 + 12 + 3 + 6, m.parameterCount());
    }

    @Test
    void parameterGroupHoldsOneSubtreeUnderFullNames() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        var group = m.parameterGroup("encoders.visual");
        assertEquals(List.of("encoders.visual.weight", "encoders.visual.bias"), List.copyOf(group.keySet()));
        assertSame(m.namedParameters().get("encoders.visual.weight"), group.get("encoders.visual.weight"));
        assertEquals(4, m.parameterGroup("encoders.audio").size());
    }

    @Test
    void unknownChildPathListsTheChildrenThatExist() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.child("encoders.text"));
        assertTrue(e.getMessage().contains("'text'") && e.getMessage().contains("[audio, visual]"), e.getMessage());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        m.eval();
        assertFalse(m.child("encoders.audio.1").isTraining());
        assertFalse(m.head.isTraining());
        m.train();
        assertTrue(m.child("encoders.audio.1").isTraining());
    }

    @Test
    void aChildAddedToAnEvaluatingModuleEvaluatesToo() {
        Sequential s = new Sequential();
        s.eval();
        s.add(new Dropout(0.5, new Rng(1)));
        assertFalse(s.get(0).isTraining());
    }

    @Test
    void generatorsOfDescendantsAreNamedLikeParameters() {
        Rng dropRng = new Rng(2);
        Sequential s = new Sequential(new Linear(2, 2, new Rng(1)), new Dropout(0.5, dropRng));
        assertEquals(List.of("1.rng"), List.copyOf(s.namedRngs().keySet()));
        assertSame(dropRng, s.namedRngs().get("1.rng"));
    }

    @Test
    void duplicateAndDottedNamesAreRefused() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        assertThrows(IllegalArgumentException.class, () -> m.addParameter("head", Tensor.ones(1)));
        assertThrows(IllegalArgumentException.class, () -> m.addParameter("a.b", Tensor.ones(1)));
    }

    @Test
    void parametersAreLeavesThatRequireGradients() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        for (Parameter p : m.parameters()) {
            assertTrue(p.tensor().requiresGrad() && p.tensor().isLeaf());
        }
        assertThrows(IllegalArgumentException.class, () -> new Parameter(Tensor.ones(4, 4).slice(0, 1, 3)));
    }

    @Test
    void zeroGradClearsEveryGradient() {
        TwoEncoders m = new TwoEncoders(new Rng(1));
        m.head.forward(Tensor.ones(2, 3)).sum().backward();
        m.zeroGrad();
        for (float g : m.head.weight().grad().data()) {
            assertEquals(0f, g);
        }
    }

    @Test
    void aParameterReachableUnderTwoNamesIsListedOnceUnderTheFirst() {
        Linear shared = new Linear(3, 2, new Rng(4));
        Module m = new Module() { };
        m.addModule("first", shared);
        m.addModule("again", shared); // tied: the same layer twice
        assertEquals(List.of("first.weight", "first.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(3 * 2 + 2, m.parameterCount());
        assertEquals(2, m.parameters().size());
    }
}
