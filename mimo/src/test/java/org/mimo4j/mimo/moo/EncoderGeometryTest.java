package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderGeometryTest {

    @Test
    void normsAndCosinesAreTakenOverEachEncodersTensorsOnly() {
        var groups = List.of(ParameterGroup.encoderConv("enc1.conv", 2, 1), ParameterGroup.encoder("enc1.bias", 1, 1),
                ParameterGroup.encoder("enc2.w", 2, 2), ParameterGroup.fusion("fusion.w", 1));
        float[][][] data = {
            {{3, 0}, {0}, {1, 0}, {5}},
            {{0, 0}, {4}, {-1, 0}, {-5}}};
        GradientBank bank = GradientBank.wrap(List.of("f0", "f1"), groups, data);
        List<EncoderGeometry> geometry = EncoderGeometry.of(GramKernel.compute(bank, Workers.shared()), bank);
        assertEquals(2, geometry.size());
        EncoderGeometry e1 = geometry.get(0);
        assertEquals(1, e1.modality());
        assertEquals(3, e1.norms()[0], 1e-12);
        assertEquals(4, e1.norms()[1], 1e-12);
        assertEquals(0, e1.cosine(0, 1), 1e-12);
        assertEquals(1, e1.cosine(1, 1), 1e-12);
        assertEquals(-1, geometry.get(1).cosine(0, 1), 1e-12);
    }

    @Test
    void gramBasedMethodsReportTheGeometryOfEveryEncoder() {
        GradientBank bank = SyntheticBank.conflicting(1, 3, 3000);
        Mgda mgda = new Mgda(3, Mgda.Options.defaults());
        mgda.plan(bank.losses(), TestBanks.ctx(1));
        StepReport r = mgda.combine(bank, bank.newDirection(), TestBanks.ctx(1));
        assertEquals(3, r.geometry().size());
        assertEquals(4, r.geometry().get(2).norms().length);
    }

    @Test
    void geometryIsLeftOutWhenTheContextDoesNotAskForIt() {
        GradientBank bank = SyntheticBank.conflicting(1, 2, 3000);
        PcGrad pc = new PcGrad(2);
        StepContext quiet = TestBanks.ctx(1).withDiagnostics(false);
        pc.plan(bank.losses(), quiet);
        assertEquals(0, pc.combine(bank, bank.newDirection(), quiet).geometry().size());
    }
}
