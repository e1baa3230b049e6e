package org.mimo4j.kernels;

/**
 * Host-device copies made by one {@link ClBackend} so far: calls and bytes each way. Tests and
 * benchmarks take the difference of two snapshots to count what a training step moved.
 */
public record ClTransfers(long uploads, long uploadBytes, long downloads, long downloadBytes) {

    /** What was moved between {@code earlier} and this snapshot. */
    public ClTransfers since(ClTransfers earlier) {
        return new ClTransfers(uploads - earlier.uploads, uploadBytes - earlier.uploadBytes,
                downloads - earlier.downloads, downloadBytes - earlier.downloadBytes);
    }
}
