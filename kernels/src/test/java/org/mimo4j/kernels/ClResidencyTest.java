package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;

/**
 * How storages move between the host and the device: what a kernel writes is what read() returns,
 * host writes are uploaded before the next kernel and only then, a storage held by another backend is
 * taken over with its values, close() saves values that only the device had, and every transfer is
 * counted.
 */
class ClResidencyTest {

    @Test
    void valuesWrittenByAKernelAreSeenByReadWithOneDownload() throws Exception {
        ClBackend cl = OpenClTests.backend();
        Storage y = cl.deviceKernels().allocate(5);
        ClTransfers t0 = cl.transfers();
        cl.deviceKernels().fill(y, 2.5f);
        assertFalse(y.hostCurrent(), "a kernel's output is newer on the device");
        assertArrayEquals(new float[] {2.5f, 2.5f, 2.5f, 2.5f, 2.5f}, y.read());
        y.read();
        assertEquals(new ClTransfers(0, 0, 1, 20), cl.transfers().since(t0), "one download of 5 floats, no upload");
    }

    @Test
    void aHostWriteIsUploadedBeforeTheNextKernelAndOnlyThen() throws Exception {
        ClBackend cl = OpenClTests.backend();
        DeviceKernels dk = cl.deviceKernels();
        Storage x = Storage.wrap(new float[] {1, -2, 3}), y = dk.allocate(3);
        ClTransfers t0 = cl.transfers();
        dk.unary(DeviceKernels.Unary.RELU, x, 0, 0, y);
        dk.unary(DeviceKernels.Unary.RELU, x, 0, 0, y);
        assertEquals(new ClTransfers(1, 12, 0, 0), cl.transfers().since(t0), "x goes up once, then stays");
        float[] h = x.write();
        h[1] = 5;
        dk.unary(DeviceKernels.Unary.RELU, x, 0, 0, y);
        assertArrayEquals(new float[] {1, 5, 3}, y.read());
        assertEquals(new ClTransfers(2, 24, 1, 12), cl.transfers().since(t0));
    }

    @Test
    void aStorageOfAnotherBackendIsTakenOverWithItsValuesAndItsBufferFreed() throws Exception {
        ClBackend second = OpenClTests.backend();
        try (ClBackend first = OpenClTests.fresh()) {
            Storage x = first.deviceKernels().allocate(4);
            first.deviceKernels().fill(x, -3f);
            assertEquals(1, first.pool().live());
            Storage y = second.deviceKernels().allocate(4);
            second.deviceKernels().unary(DeviceKernels.Unary.RELU, x, 0, 0, y);
            second.deviceKernels().axpy(2f, x, y);
            assertSame(second, x.mirror().owner(), "the storage now lives on the second backend");
            assertEquals(0, first.pool().live(), "the first backend's buffer went back to its pool");
            assertEquals(1, first.transfers().downloads(), "its values were saved through the first backend");
            assertArrayEquals(new float[] {-3, -3, -3, -3}, x.read());
            assertArrayEquals(new float[] {-6, -6, -6, -6}, y.read());
        }
    }

    @Test
    void closeSavesValuesThatOnlyTheDeviceHadAndFreesEveryBuffer() throws Exception {
        Storage kept;
        Storage untouched = Storage.wrap(new float[] {7, 8});
        ClBackend cl = OpenClTests.fresh();
        try {
            DeviceKernels dk = cl.deviceKernels();
            kept = dk.allocate(3);
            dk.fill(kept, 4f);
            Storage y = dk.allocate(2);
            dk.unary(DeviceKernels.Unary.RELU, untouched, 0, 0, y);
            assertEquals(3, cl.pool().live());
        } finally {
            cl.close();
        }
        assertEquals(0, cl.pool().live(), "close() gives every resident buffer back");
        assertTrue(kept.hostCurrent(), "close() downloaded the storage the device had written");
        assertArrayEquals(new float[] {4, 4, 4}, kept.read());
        assertArrayEquals(new float[] {7, 8}, untouched.read());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cl.deviceKernels().allocate(1));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void aStorageOfAClosedBackendMovesToALiveOne() throws Exception {
        Storage x;
        try (ClBackend gone = OpenClTests.fresh()) {
            x = gone.deviceKernels().allocate(2);
            gone.deviceKernels().fill(x, 1.5f);
        }
        ClBackend cl = OpenClTests.backend();
        Storage y = cl.deviceKernels().allocate(2);
        cl.deviceKernels().add(x, x, y);
        assertArrayEquals(new float[] {3, 3}, y.read());
    }

    @Test
    void wrongLengthsAndAliasedOutputsAreRejectedNamingTheArgument() throws Exception {
        DeviceKernels dk = OpenClTests.backend().deviceKernels();
        Storage a = dk.allocate(4), b = dk.allocate(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dk.add(a, b, a));
        assertEquals("add: b has 5 floats, expected 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dk.unary(DeviceKernels.Unary.RELU, a, 0, 0, a));
        assertEquals("unary RELU: output y must not alias input x", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dk.sgdUpdate(new Storage[] {a},
                new Storage[] {dk.allocate(4)}, null, 0.1f, 0.9f, false, 0f));
        assertTrue(e.getMessage().startsWith("sgdUpdate: the momentum buffers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> dk.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, 0, b, 0,
                2, 0, 0f, a, 0, 2, 0, 1));
        assertEquals("sgemm: output c must not alias input a", e.getMessage());
    }
}
