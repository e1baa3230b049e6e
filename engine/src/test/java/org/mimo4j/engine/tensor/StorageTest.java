package org.mimo4j.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The sync protocol of a storage and its device copy: whichever side was written last is the truth. */
class StorageTest {

    /** A device copy with its own array that counts downloads. */
    private static final class FakeMirror implements DeviceMirror {
        final float[] values;
        int downloads;
        int releases;

        FakeMirror(float... values) {
            this.values = values;
        }

        @Override
        public Object owner() {
            return this;
        }

        @Override
        public void download(float[] dst) {
            downloads++;
            System.arraycopy(values, 0, dst, 0, values.length);
        }

        @Override
        public void release() {
            releases++;
        }
    }

    @Test
    void droppingTheMirrorOfAHostCurrentStorageKeepsItsValues() {
        Storage s = Storage.wrap(new float[] {1, 2});
        FakeMirror m = new FakeMirror(0, 0);
        s.attach(m);
        s.uploaded();
        s.dropMirror();
        assertEquals(1, m.releases);
        assertNull(s.mirror());
        assertFalse(s.released());
        assertArrayEquals(new float[] {1, 2}, s.read());
    }

    @Test
    void droppingTheOnlyCopyReleasesTheStorageAndLaterReadsFailWithAMessage() {
        FakeMirror m = new FakeMirror(5, 6);
        Storage s = Storage.onDevice(2, m);
        s.dropMirror();
        assertEquals(1, m.releases);
        assertTrue(s.released());
        IllegalStateException e = assertThrows(IllegalStateException.class, s::read);
        assertTrue(e.getMessage().contains("DeviceScope"), e.getMessage());
        assertThrows(IllegalStateException.class, s::write);
        assertThrows(IllegalStateException.class, () -> s.attach(new FakeMirror(0, 0)));
        assertEquals(0, m.downloads);
    }

    @Test
    void dropMirrorWithoutAMirrorIsAnError() {
        assertThrows(IllegalStateException.class, () -> Storage.wrap(new float[1]).dropMirror());
    }

    @Test
    void serialsFollowCreationOrderAndLifetimesOnlyGetLonger() {
        long before = Storage.serialNow();
        Storage a = Storage.wrap(new float[1]);
        Storage b = Storage.onDevice(1, new FakeMirror(0));
        assertTrue(a.serial() >= before);
        assertTrue(b.serial() > a.serial());
        assertEquals(b.serial(), b.lifetime(), "a storage lives by its own serial until told otherwise");
        b.liveAsLongAs(a);
        assertEquals(a.serial(), b.lifetime());
        a.liveAsLongAs(b);
        assertEquals(a.serial(), a.lifetime(), "never shortened");
        a.keep();
        assertEquals(Long.MIN_VALUE, a.lifetime());
        b.liveAsLongAs(a);
        assertEquals(Long.MIN_VALUE, b.lifetime(), "living as long as a kept storage is being kept");
    }
}
