package org.mimo4j.mimo.moo;

/**
 * The fixed partition of a bank's groups into chunks of at most {@link #CHUNK} scalars, the unit of
 * parallel work. A chunk never spans two groups, so per-group results reduce chunk by chunk.
 */
final class Chunks {
    /** Floats per chunk: 256 KiB per row, large enough to amortise dispatch, small enough to balance. */
    static final int CHUNK = 1 << 16;

    final int[] group;
    final int[] start;
    final int[] end;
    private final long total;

    Chunks(GradientBank bank) {
        int n = 0;
        for (int p = 0; p < bank.groupCount(); p++) {
            n += (bank.group(p).size() + CHUNK - 1) / CHUNK;
        }
        total = bank.totalSize();
        group = new int[n];
        start = new int[n];
        end = new int[n];
        int c = 0;
        for (int p = 0; p < bank.groupCount(); p++) {
            int size = bank.group(p).size();
            for (int s = 0; s < size; s += CHUNK) {
                group[c] = p;
                start[c] = s;
                end[c] = Math.min(size, s + CHUNK);
                c++;
            }
        }
    }

    int count() {
        return group.length;
    }

    /**
     * Runs {@code body} for every chunk on {@code workers}; a bank of at most one chunk's worth of
     * scalars stays on the calling thread, where handing tasks to the pool would cost more than the work.
     */
    void run(Workers workers, java.util.function.IntConsumer body) {
        if (total <= CHUNK) {
            for (int c = 0; c < count(); c++) {
                body.accept(c);
            }
        } else {
            workers.run(count(), body);
        }
    }
}
