package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Rng;

class GradientBankTest {

    @Test
    void combineRowsIsTheLinearCombinationOfRowsAndLosses() {
        GradientBank bank = TestBanks.random(new Rng(1), 3, 3, 5000);
        double[][] c = {{1, 0, 0}, {0.25, -2, 0.5}};
        GradientBank combined = bank.combineRows(new String[] {"a", "b"}, c);
        for (int r = 0; r < c.length; r++) {
            double[] expected = TestBanks.combination(bank, c[r]);
            double[] actual = TestBanks.flat(combined, r);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "row " + r + " element " + i);
            }
            assertEquals(c[r][0] * bank.loss(0) + c[r][1] * bank.loss(1) + c[r][2] * bank.loss(2),
                    combined.loss(r), 1e-12);
        }
    }

    @Test
    void wrapRejectsABlockOfTheWrongSizeNamingRowAndGroup() {
        var groups = List.of(ParameterGroup.encoder("enc1.w", 4, 1), ParameterGroup.fusion("fuse.w", 2));
        float[][][] data = {{new float[4], new float[3]}};
        var e = assertThrows(IllegalArgumentException.class, () -> GradientBank.wrap(List.of("f0"), groups, data));
        assertTrue(e.getMessage().contains("'f0'") && e.getMessage().contains("'fuse.w'")
                && e.getMessage().contains("expected 2"), e.getMessage());
    }

    @Test
    void checkDirectionRejectsWrongShapes() {
        GradientBank bank = TestBanks.of(new double[] {1, 2, 3});
        var e = assertThrows(IllegalArgumentException.class, () -> bank.checkDirection(new float[][] {new float[2]}));
        assertTrue(e.getMessage().contains("enc1.w"), e.getMessage());
    }

    @Test
    void groupsValidateTheirOwner() {
        assertThrows(IllegalArgumentException.class, () -> ParameterGroup.encoder("e", 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParameterGroup("f", 3, GroupRole.FUSION, 1, false));
        assertThrows(IllegalArgumentException.class, () -> ParameterGroup.head("h", 0, 1));
        assertEquals(2, TestBanks.random(new Rng(2), 2, 1, 10).rows());
    }
}
