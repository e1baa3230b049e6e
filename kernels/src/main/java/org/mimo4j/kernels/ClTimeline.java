package org.mimo4j.kernels;

import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_QUEUED;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.clGetEventProfilingInfo;
import static org.jocl.CL.clReleaseEvent;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/**
 * The trace {@code mimo4j.opencl.trace=timeline}: the kernels between two waits as the queue ran them, without
 * a wait after each (which {@code trace=true} adds, and which changes what it measures: a device whose worker
 * threads sleep when the queue runs dry, PoCL's, then wakes them for every kernel). Each launch keeps its
 * profiling event; at the next wait every kernel is printed with when it started (from the first one's
 * enqueue), how long the device sat idle before it (since the previous kernel's end, or for the first since
 * its enqueue: waiting for the host's next launch, or for the device's threads to wake) and how long it ran,
 * then the sum: the time from the first enqueue to the last end, split into running and idle.
 */
final class ClTimeline {
    /** Launches held before printing even without a wait, so a loop that never finishes stays bounded. */
    static final int MAX_PENDING = 4096;

    private record Launch(String name, long[] global, cl_event event) {
    }

    /** One kernel's profiling counters, in nanoseconds of the device clock. */
    record Span(String name, long[] global, long queued, long start, long end) {
    }

    private final List<Launch> pending = new ArrayList<>();

    /** A new event for a launch of {@code name} over {@code global} items, to be enqueued with it. */
    cl_event add(String name, long[] global) {
        cl_event event = new cl_event();
        pending.add(new Launch(name, global.clone(), event));
        return event;
    }

    /** Whether enough launches are held that the caller should wait and {@link #print} now. */
    boolean full() {
        return pending.size() >= MAX_PENDING;
    }

    /** Prints the held launches to log (every one must have completed: call after a wait) and releases their events. */
    void print(PrintStream log) {
        if (pending.isEmpty()) {
            return;
        }
        List<Span> spans = new ArrayList<>();
        for (Launch l : pending) {
            spans.add(new Span(l.name(), l.global(), profile(l.event(), CL_PROFILING_COMMAND_QUEUED),
                    profile(l.event(), CL_PROFILING_COMMAND_START), profile(l.event(), CL_PROFILING_COMMAND_END)));
            clReleaseEvent(l.event());
        }
        pending.clear();
        log.print(render(spans));
    }

    /** The timeline of spans in launch order, as {@link #print} writes it. */
    static String render(List<Span> spans) {
        StringBuilder out = new StringBuilder();
        long origin = spans.get(0).queued(), previousEnd = origin, idle = 0, busy = 0;
        for (Span s : spans) {
            long gap = Math.max(0, s.start() - previousEnd);
            idle += gap;
            busy += s.end() - s.start();
            out.append(String.format("mimo4j opencl timeline: +%9.1f us  %-22s global=%-16s idle %8.1f us  ran %8.1f us%n",
                    (s.start() - origin) / 1e3, s.name(), Arrays.toString(s.global()), gap / 1e3,
                    (s.end() - s.start()) / 1e3));
            previousEnd = Math.max(previousEnd, s.end());
        }
        out.append(String.format("mimo4j opencl timeline: %d kernels, %.1f us from the first enqueue to the last end:"
                + " %.1f us running, %.1f us idle%n", spans.size(), (previousEnd - origin) / 1e3,
                busy / 1e3, idle / 1e3));
        return out.toString();
    }

    /** One of an event's profiling counters (CL_PROFILING_COMMAND_*), in nanoseconds of the device clock. */
    static long profile(cl_event event, int what) {
        long[] nanos = new long[1];
        clGetEventProfilingInfo(event, what, Sizeof.cl_ulong, Pointer.to(nanos), null);
        return nanos[0];
    }
}
