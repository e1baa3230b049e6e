package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Finite.all on the host and, through the HostDeviceBackend test double, on device-resident tensors:
 * the same answers for finite values, NaN and both infinities, and for device tensors a single 4-byte
 * download instead of their values.
 */
class FiniteTest {

    @Test
    void hostTensorsAreScannedWhereTheyAre() {
        Rng rng = new Rng(1);
        Tensor a = Tensor.randn(rng, 3, 4);
        assertTrue(Finite.all(List.of(a, Tensor.zeros(1))));
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            Tensor b = Tensor.randn(rng, 5);
            b.storage().write()[3] = bad;
            assertFalse(Finite.all(List.of(a, b)), "a host tensor holding " + bad);
        }
    }

    @Test
    void deviceTensorsCostOneFourByteDownload() {
        for (float bad : new float[] {0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            try (var d = HostDeviceBackend.install()) {
                Tensor host = Tensor.randn(new Rng(2), 4);
                Tensor first = onDevice(d.backend().deviceKernels(), 1, 0f);
                Tensor second = onDevice(d.backend().deviceKernels(), 1000, bad);
                d.memory().resetCounts();
                boolean finite = Finite.all(List.of(first, host, second));
                assertEquals(bad == 0f, finite, "a device tensor holding " + bad);
                assertEquals(1, d.memory().downloads(), "only the flag comes down");
                assertEquals(4, d.memory().downloadedBytes());
                assertFalse(second.storage().hostCurrent(), "the values stayed on the device");
            }
        }
    }

    /** A device-resident random tensor of {@code n} values, {@code bad} at one place when it is not 0. */
    private static Tensor onDevice(DeviceKernels dk, int n, float bad) {
        float[] v = Tensor.randn(new Rng(n), n).data().clone();
        if (bad != 0f) {
            v[n / 2] = bad;
        }
        Storage s = dk.allocate(n);
        dk.copy(Storage.wrap(v), s);
        return Tensor.fromOp(s, new int[] {n}, null);
    }
}
