package org.mimo4j.engine.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mimo4j.engine.tensor.Storage;

/** Which storages a closing scope frees, on the host test double's memory (which counts live copies). */
class DeviceScopesTest {
    private final HostDeviceKernels dk = new HostDeviceKernels(new CpuBackend(1));
    private final HostDeviceMemory mem = dk.memory();

    @Test
    void storagesBornInsideAreFreedAndOnlyOnDeviceOnesBecomeUnreadable() {
        Storage kept;
        Storage read;
        Storage lost;
        try (DeviceScope scope = dk.openScope()) {
            kept = dk.allocate(3);
            dk.fill(kept, 1f);
            kept.keep();
            read = dk.allocate(2);
            dk.fill(read, 2f);
            read.read();
            lost = dk.allocate(4);
            dk.fill(lost, 3f);
            assertEquals(3, mem.live());
        }
        assertEquals(1, mem.live());
        assertTrue(kept.mirrorCurrent());
        assertNull(read.mirror());
        assertArrayEquals(new float[] {2f, 2f}, read.read());
        assertTrue(lost.released());
        assertThrows(IllegalStateException.class, lost::read);
    }

    @Test
    void olderStoragesAreUntouchedButHostStoragesMadeInsideLoseTheirUpload() {
        Storage parameter = Storage.wrap(new float[] {1, 2});
        Storage slot = dk.allocate(2);
        dk.fill(slot, 0f);
        Storage batch;
        try (DeviceScope scope = dk.openScope()) {
            batch = Storage.wrap(new float[] {5, 6});
            dk.axpy(1f, batch, parameter); // uploads both, writes the parameter on the device
            dk.axpy(1f, batch, slot);
        }
        assertTrue(parameter.mirrorCurrent());
        assertTrue(slot.mirrorCurrent());
        assertArrayEquals(new float[] {6, 8}, parameter.read());
        assertNull(batch.mirror());
        assertFalse(batch.released());
        assertArrayEquals(new float[] {5, 6}, batch.read());
        assertEquals(2, mem.live());
    }

    @Test
    void nestedScopesFreeTheirOwnStoragesAndMustCloseInOrder() {
        DeviceScope outer = dk.openScope();
        Storage a = dk.allocate(1);
        DeviceScope inner = dk.openScope();
        Storage b = dk.allocate(1);
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        assertNull(b.mirror());
        assertTrue(a.mirror() != null);
        outer.close();
        assertNull(a.mirror());
        assertEquals(0, mem.live());
        outer.close(); // idempotent
    }

    @Test
    void withoutAScopeNothingIsFreedEarly() {
        Storage s = dk.allocate(2);
        dk.fill(s, 4f);
        try (DeviceScope scope = dk.openScope()) {
            dk.fill(s, 5f); // made before the scope: not its to free
        }
        assertArrayEquals(new float[] {5f, 5f}, s.read());
        assertEquals(1, mem.live());
    }

    @Test
    void theCpuBackendGetsTheScopeThatDoesNothing() {
        Backend before = Backends.current();
        try {
            Backends.use(new CpuBackend(1));
            assertSame(DeviceScope.NONE, DeviceScope.open());
        } finally {
            Backends.use(before);
        }
    }
}
