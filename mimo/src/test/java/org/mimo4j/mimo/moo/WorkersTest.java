package org.mimo4j.mimo.moo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void runsEveryTaskExactlyOnce() {
        for (int threads = 1; threads <= 3; threads++) {
            AtomicIntegerArray seen = new AtomicIntegerArray(1000);
            new Workers(threads).run(1000, seen::incrementAndGet);
            for (int t = 0; t < 1000; t++) {
                assertEquals(1, seen.get(t), threads + " threads, task " + t);
            }
        }
    }

    @Test
    void aFailingTaskFailsTheRunWithItsOwnException() {
        var e = assertThrows(IllegalStateException.class, () -> new Workers(2).run(10, t -> {
            if (t == 7) {
                throw new IllegalStateException("task 7 failed");
            }
        }));
        assertEquals("task 7 failed", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Workers(0));
    }
}
