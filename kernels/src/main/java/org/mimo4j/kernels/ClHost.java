package org.mimo4j.kernels;

import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;

import java.util.concurrent.atomic.AtomicLong;
import org.jocl.Pointer;
import org.jocl.Sizeof;

/**
 * Copies between host arrays and device buffers, and counts them ({@link #transfers()}): every
 * host-device copy of the backend goes through here. Transfers are blocking because JOCL may not
 * keep a Java array pinned past the call; the queue is in order, so kernels enqueued after an upload
 * see it, and a download waits for the kernels before it.
 */
final class ClHost {
    private final ClRuntime runtime;
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong uploadBytes = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong downloadBytes = new AtomicLong();

    ClHost(ClRuntime runtime) {
        this.runtime = runtime;
    }

    /** A device buffer holding {@code src[off, off + len)}. */
    ClBuffer upload(ClScope scope, float[] src, int off, long len) {
        ClBuffer b = scope.buffer(len);
        write(b, src, off, len);
        return b;
    }

    /** Copies {@code src[off, off + len)} to the start of {@code b}. */
    void write(ClBuffer b, float[] src, int off, long len) {
        if (len > 0) {
            clEnqueueWriteBuffer(runtime.queue(), b.mem(), CL_TRUE, 0, len * Sizeof.cl_float,
                    Pointer.to(src).withByteOffset((long) off * Sizeof.cl_float), 0, null, null);
            uploads.incrementAndGet();
            uploadBytes.addAndGet(len * Sizeof.cl_float);
        }
    }

    /** Reads {@code len} floats from the start of {@code b} into {@code dst[off, off + len)}. */
    void download(ClBuffer b, float[] dst, int off, long len) {
        if (len > 0) {
            clEnqueueReadBuffer(runtime.queue(), b.mem(), CL_TRUE, 0, len * Sizeof.cl_float,
                    Pointer.to(dst).withByteOffset((long) off * Sizeof.cl_float), 0, null, null);
            downloads.incrementAndGet();
            downloadBytes.addAndGet(len * Sizeof.cl_float);
        }
    }

    /** The copies made so far. */
    ClTransfers transfers() {
        return new ClTransfers(uploads.get(), uploadBytes.get(), downloads.get(), downloadBytes.get());
    }
}
