package org.mimo4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class EpochIteratorTest {
    private final DataLoader loader = new DataLoader(DatasetTest.twoModalities(10), DataLoader.Options.shuffled(4, 3));

    @Test
    void positionIsTheNextBatchToReturn() {
        try (EpochIterator it = loader.epoch(0, 1)) {
            assertEquals(1, it.position());
            it.next();
            assertEquals(2, it.position());
            assertEquals(2, it.next().size());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
        }
    }

    @Test
    void closingEarlyStopsThePrefetchThread() throws InterruptedException {
        DataLoader ahead = new DataLoader(DatasetTest.twoModalities(40), DataLoader.Options.shuffled(2, 3).withPrefetch(1));
        EpochIterator it = ahead.epoch(0);
        it.next();
        it.close();
        for (int i = 0; i < 100 && threadAlive(); i++) {
            Thread.sleep(10);
        }
        assertFalse(threadAlive(), "prefetch thread still running after close");
    }

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("mimo4j-prefetch") && t.isAlive());
    }
}
