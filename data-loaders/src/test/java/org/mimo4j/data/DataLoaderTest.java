package org.mimo4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    private final Dataset data = DatasetTest.twoModalities(23);

    private static List<int[]> indicesOf(EpochIterator it) {
        List<int[]> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                out.add(it.next().indices());
            }
        }
        return out;
    }

    @Test
    void epochVisitsEverySampleOnceInBatchesOfTheRequestedSize() {
        DataLoader loader = new DataLoader(data, DataLoader.Options.shuffled(5, 42));
        List<int[]> batches = indicesOf(loader.epoch(0));
        assertEquals(5, batches.size());
        assertEquals(3, batches.get(4).length);
        int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
        for (int i = 0; i < 23; i++) {
            assertEquals(i, all[i]);
        }
    }

    @Test
    void sameSeedAndEpochGiveTheSameOrderAndEpochsDiffer() {
        DataLoader a = new DataLoader(data, DataLoader.Options.shuffled(4, 7));
        DataLoader b = new DataLoader(data, DataLoader.Options.shuffled(4, 7));
        assertArrayEquals(a.order(3), b.order(3));
        assertFalse(Arrays.equals(a.order(0), a.order(1)));
        assertFalse(Arrays.equals(a.order(0), new DataLoader(data, DataLoader.Options.shuffled(4, 8)).order(0)));
    }

    @Test
    void resumingAtAPositionContinuesTheInterruptedEpochExactly() {
        DataLoader loader = new DataLoader(data, DataLoader.Options.shuffled(4, 9));
        List<int[]> full = indicesOf(loader.epoch(2));
        List<int[]> resumed = indicesOf(loader.epoch(2, 3));
        assertEquals(full.size() - 3, resumed.size());
        for (int i = 0; i < resumed.size(); i++) {
            assertArrayEquals(full.get(i + 3), resumed.get(i));
        }
    }

    @Test
    void batchTensorsHoldTheSamplesOfTheirIndices() {
        DataLoader loader = new DataLoader(data, DataLoader.Options.shuffled(6, 1));
        Batch batch = loader.epoch(0).next();
        assertArrayEquals(new int[] {6, 2}, batch.input("a").shape());
        assertArrayEquals(new int[] {6, 3, 1}, batch.input("b").shape());
        for (int i = 0; i < 6; i++) {
            int idx = batch.indices()[i];
            assertEquals(data.label(idx), batch.labels()[i]);
            assertEquals(idx, batch.input("a").data()[2 * i]);
            assertEquals(idx + 2, batch.input("b").data()[3 * i + 2]);
        }
    }

    @Test
    void prefetchGivesIdenticalBatches() {
        DataLoader plain = new DataLoader(data, DataLoader.Options.shuffled(4, 5));
        DataLoader ahead = new DataLoader(data, DataLoader.Options.shuffled(4, 5).withPrefetch(2));
        List<int[]> p = indicesOf(plain.epoch(1, 1));
        List<int[]> q = indicesOf(ahead.epoch(1, 1));
        assertEquals(p.size(), q.size());
        for (int i = 0; i < p.size(); i++) {
            assertArrayEquals(p.get(i), q.get(i));
        }
    }

    @Test
    void sequentialOrderAndDropLast() {
        DataLoader seq = new DataLoader(data, DataLoader.Options.sequential(10).withDropLast(true));
        assertEquals(2, seq.batchesPerEpoch());
        assertArrayEquals(new int[] {10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, indicesOf(seq.epoch(0)).get(1));
    }

    @Test
    void rejectsBadOptionsAndPositions() {
        assertThrows(IllegalArgumentException.class, () -> DataLoader.Options.shuffled(0, 1));
        DataLoader loader = new DataLoader(data, DataLoader.Options.sequential(10));
        var e = assertThrows(IllegalArgumentException.class, () -> loader.epoch(0, 4));
        assertEquals("cannot start epoch 0 at batch 4; an epoch has 3 batches", e.getMessage());
    }
}
