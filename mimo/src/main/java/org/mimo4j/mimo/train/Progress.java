package org.mimo4j.mimo.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress line on stderr: epoch, batch, steps/s, ETA of the epoch and the current
 * losses. On a terminal it redraws one line; otherwise (logs, CI) it prints a plain line about every
 * tenth of an epoch. The launcher tells it which through {@code -Dmimo4j.tty}.
 */
final class Progress {
    private final PrintStream out;
    private final boolean tty;
    private long epochStart;
    private int lastDecile = -1;

    Progress(PrintStream out) {
        this.out = out;
        this.tty = Boolean.getBoolean("mimo4j.tty");
    }

    void startEpoch() {
        epochStart = System.nanoTime();
        lastDecile = -1;
    }

    /** Reports batch {@code done} of {@code total} (both counted within the epoch, done from 1). */
    void step(int epoch, int epochs, int done, int startedAt, int total, String losses) {
        double secs = (System.nanoTime() - epochStart) / 1e9;
        double rate = (done - startedAt) / Math.max(secs, 1e-9);
        long eta = Math.round((total - done) / Math.max(rate, 1e-9));
        String line = String.format(Locale.ROOT, "epoch %d/%d  %d/%d  %.1f steps/s  ETA %d:%02d  %s",
                epoch + 1, epochs, done, total, rate, eta / 60, eta % 60, losses);
        if (tty) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
            return;
        }
        int decile = done * 10 / total;
        if (decile != lastDecile || done == total) {
            lastDecile = decile;
            out.println(line);
        }
    }

    /** Ends the epoch's line with the validation result. */
    void endEpoch(String summary) {
        if (tty) {
            out.print("\r\u001b[K");
        }
        out.println(summary);
    }
}
