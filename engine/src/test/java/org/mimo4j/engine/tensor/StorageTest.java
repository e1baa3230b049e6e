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
        long aMade = a.lifetime();
        assertTrue(aMade >= before, "a storage lives by its creation serial until told otherwise");
        assertTrue(b.lifetime() > aMade, "serials follow creation order");
        b.liveAsLongAs(a);
        assertEquals(aMade, b.lifetime());
        a.liveAsLongAs(b);
        assertEquals(aMade, a.lifetime(), "never shortened");
        a.keep();
        assertEquals(Long.MIN_VALUE, a.lifetime());
        b.liveAsLongAs(a);
        assertEquals(Long.MIN_VALUE, b.lifetime(), "living as long as a kept storage is being kept");
    }

    @Test
    void wrappedStorageIsHostCurrentWithoutMirror() {
        float[] a = {1, 2, 3};
        Storage s = Storage.wrap(a);
        assertEquals(3, s.length());
        assertTrue(s.hostCurrent());
        assertNull(s.mirror());
        assertFalse(s.mirrorCurrent());
        assertSame(a, s.read());
        assertSame(a, s.write());
    }

    @Test
    void attachedMirrorIsStaleUntilUploaded() {
        Storage s = Storage.wrap(new float[] {1, 2});
        FakeMirror m = new FakeMirror(0, 0);
        s.attach(m);
        assertSame(m, s.mirror());
        assertFalse(s.mirrorCurrent());
        s.uploaded();
        assertTrue(s.mirrorCurrent());
        assertTrue(s.hostCurrent());
    }

    @Test
    void writeMarksTheMirrorStaleButReadDoesNot() {
        Storage s = Storage.wrap(new float[] {1, 2});
        s.attach(new FakeMirror(1, 2));
        s.uploaded();
        s.read();
        assertTrue(s.mirrorCurrent());
        s.write()[0] = 5;
        assertFalse(s.mirrorCurrent());
        assertTrue(s.hostCurrent());
    }

    @Test
    void aDeviceWriteMakesTheHostStaleAndReadDownloadsOnce() {
        float[] host = {1, 2};
        Storage s = Storage.wrap(host);
        FakeMirror m = new FakeMirror(0, 0);
        s.attach(m);
        s.uploaded();
        m.values[0] = 7;
        m.values[1] = 8;
        s.deviceWrote();
        assertFalse(s.hostCurrent());
        assertTrue(s.mirrorCurrent());
        assertArrayEquals(new float[] {1, 2}, host, "nothing is downloaded before someone reads");
        assertArrayEquals(new float[] {7, 8}, s.read());
        assertSame(host, s.read(), "the download goes into the existing host array");
        assertEquals(1, m.downloads);
        assertTrue(s.hostCurrent());
        assertTrue(s.mirrorCurrent());
    }

    @Test
    void writeAfterADeviceWriteDownloadsFirstSoNoValueIsLost() {
        Storage s = Storage.wrap(new float[] {1, 2});
        FakeMirror m = new FakeMirror(0, 0);
        s.attach(m);
        m.values[1] = 9;
        s.deviceWrote();
        float[] w = s.write();
        assertArrayEquals(new float[] {0, 9}, w);
        assertEquals(1, m.downloads);
        assertFalse(s.mirrorCurrent());
    }

    @Test
    void storageBornOnTheDeviceAllocatesItsHostArrayOnFirstRead() {
        FakeMirror m = new FakeMirror(3, 4, 5);
        Storage s = Storage.onDevice(3, m);
        assertFalse(s.hostCurrent());
        assertTrue(s.mirrorCurrent());
        assertArrayEquals(new float[] {3, 4, 5}, s.read());
        assertEquals(1, m.downloads);
    }

    @Test
    void attachRefusesAStaleHostSoNoValuesAreLost() {
        Storage s = Storage.onDevice(2, new FakeMirror(1, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.attach(new FakeMirror(0, 0)));
        assertTrue(e.getMessage().contains("stale"), e.getMessage());
        s.read();
        s.attach(new FakeMirror(0, 0));
        assertFalse(s.mirrorCurrent());
    }

    @Test
    void backendCallsWithoutAMirrorFail() {
        Storage s = Storage.wrap(new float[] {1});
        assertThrows(IllegalStateException.class, s::uploaded);
        assertThrows(IllegalStateException.class, s::deviceWrote);
    }

    @Test
    void tensorsReadThroughTheStorageAndSeeDeviceWrites() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        FakeMirror m = new FakeMirror(new float[4]);
        t.storage().attach(m);
        m.values[3] = 40;
        t.storage().deviceWrote();
        assertEquals(40f, t.get(1, 1));
        assertArrayEquals(new float[] {0, 0, 0, 40}, t.data());
        assertArrayEquals(new float[] {0, 0}, t.transpose(0, 1).slice(0, 0, 1).data());
        assertEquals(1, m.downloads);
    }

    @Test
    void denseIsTheStorageOnlyForAWholeRowMajorTensor() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertSame(t.storage(), t.dense());
        assertSame(t.storage(), t.reshape(3, 2).dense());
        assertSame(t.storage(), t.detach().dense());
        assertNull(t.transpose(0, 1).dense());
        assertNull(t.slice(0, 1, 2).dense());
        assertNull(t.slice(1, 0, 2).dense());
        assertNull(Tensor.of(new float[] {1, 2}, 2, 1).expand(2, 3).dense());
    }

    @Test
    void fromOpChecksTheStorageLength() {
        Storage s = Storage.wrap(new float[5]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromOp(s, new int[] {2, 3}, null));
        assertTrue(e.getMessage().contains("[2,3]") && e.getMessage().contains("5"), e.getMessage());
        assertSame(s, Tensor.fromOp(s, new int[] {5}, null).storage());
    }
}
