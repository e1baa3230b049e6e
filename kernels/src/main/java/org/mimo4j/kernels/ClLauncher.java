package org.mimo4j.kernels;

import static org.jocl.CL.CL_PROFILING_COMMAND_END;
import static org.jocl.CL.CL_PROFILING_COMMAND_START;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clReleaseEvent;
import static org.jocl.CL.clSetKernelArg;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;
import org.jocl.cl_kernel;

/**
 * Sets a kernel's arguments and enqueues it. Global sizes are rounded up to the fixed local size
 * (kernels bounds-check), because OpenCL 1.2 requires divisibility and PoCL recompiles for every new
 * local size. The debug switch {@value #TRACE_PROPERTY}{@code =true} waits for each kernel and prints
 * its name, its wall time from enqueue to finish (which includes the wait itself) and its device time
 * (the queue's profiling counters, start to end: the kernel's own run) to stderr;
 * {@value #TRACE_PROPERTY}{@code =timeline} waits for none and prints the kernels as the queue ran them at
 * each {@link #finish} ({@link ClTimeline}). Setting the
 * arguments and enqueueing is one synchronized step, because a kernel object's arguments are shared
 * state: the host-array calls and the device kernels may then come from different threads (the queue
 * is in order, so each call's launches still run in order). Arguments a kernel already holds from its
 * last launch are not set again ({@link #same}).
 */
final class ClLauncher {
    static final String TRACE_PROPERTY = "mimo4j.opencl.trace";

    /** What {@value #TRACE_PROPERTY} asks for: nothing, a wait and a line after each kernel, or a timeline per wait. */
    enum Trace {
        OFF, EACH, TIMELINE;

        static Trace fromProperty() {
            return parse(System.getProperty(TRACE_PROPERTY, "false"));
        }

        static Trace parse(String value) {
            return switch (value) {
                case "true" -> EACH;
                case "timeline" -> TIMELINE;
                case "false" -> OFF;
                default -> throw new IllegalArgumentException(
                        TRACE_PROPERTY + " must be true, timeline or false, not '" + value + "'");
            };
        }
    }

    private final ClRuntime runtime;
    private final Trace trace;
    /** Where the traces print: stderr. */
    private final PrintStream log;
    private final ClTimeline timeline = new ClTimeline();
    private final Map<String, long[]> counts = new HashMap<>();
    /** The arguments each kernel object holds, as last set by {@link #launch}, the only code that sets them. */
    private final Map<cl_kernel, Object[]> lastArgs = new IdentityHashMap<>();
    private long argumentsSet;

    ClLauncher(ClRuntime runtime) {
        this(runtime, Trace.fromProperty(), System.err);
    }

    /** A launcher tracing as {@code trace} says to {@code log}; {@link Trace#OFF} needs no profiling queue. */
    ClLauncher(ClRuntime runtime, Trace trace, PrintStream log) {
        this.runtime = runtime;
        this.trace = trace;
        this.log = log;
    }

    /** A one-dimensional launch over {@code n} items in work-groups of {@code local}. */
    void launch1d(String name, cl_kernel kernel, long n, int local, Object... args) {
        launch(name, kernel, new long[] {n}, new long[] {local}, args);
    }

    /** The launches made so far, by kernel name. */
    synchronized ClLaunches launches() {
        Map<String, Long> out = new HashMap<>();
        counts.forEach((name, n) -> out.put(name, n[0]));
        return new ClLaunches(out);
    }

    /** clSetKernelArg calls made so far (a launch sets only the arguments that changed since its kernel's last). */
    synchronized long argumentsSet() {
        return argumentsSet;
    }

    /**
     * Waits for every enqueued command. With the timeline traced, also prints it, holding the launch lock
     * throughout so that no launch from another thread lands between the wait and the print.
     */
    void finish() {
        if (trace == Trace.TIMELINE) {
            synchronized (this) {
                runtime.finish();
                timeline.print(log);
            }
        } else {
            runtime.finish();
        }
    }

    /**
     * Arguments are {@link ClBuffer}, {@link Integer}, {@link Float}, {@code int[]} (an OpenCL vector
     * such as int8, by value) or {@link ClLocal} (local memory), in the kernel's order.
     */
    synchronized void launch(String name, cl_kernel kernel, long[] global, long[] local, Object... args) {
        for (long g : global) {
            if (g == 0) {
                return; // an empty range has nothing to compute, and OpenCL 1.2 rejects it
            }
        }
        Object[] set = lastArgs.computeIfAbsent(kernel, k -> new Object[args.length]);
        for (int i = 0; i < args.length; i++) {
            if (!same(set[i], args[i])) {
                setArg(kernel, i, args[i]);
                argumentsSet++;
                set[i] = args[i] instanceof int[] v ? v.clone() : args[i];
            }
        }
        long[] padded = new long[global.length];
        for (int d = 0; d < global.length; d++) {
            padded[d] = (global[d] + local[d] - 1) / local[d] * local[d];
        }
        counts.computeIfAbsent(name, k -> new long[1])[0]++;
        if (trace == Trace.EACH) {
            traced(name, kernel, padded, local);
        } else if (trace == Trace.TIMELINE) {
            clEnqueueNDRangeKernel(runtime.queue(), kernel, global.length, null, padded, local, 0, null,
                    timeline.add(name, padded));
            if (timeline.full()) {
                finish();
            }
        } else {
            clEnqueueNDRangeKernel(runtime.queue(), kernel, global.length, null, padded, local, 0, null, null);
        }
    }

    private void traced(String name, cl_kernel kernel, long[] padded, long[] local) {
        cl_event event = new cl_event();
        long t0 = System.nanoTime();
        clEnqueueNDRangeKernel(runtime.queue(), kernel, padded.length, null, padded, local, 0, null, event);
        runtime.finish();
        long wall = System.nanoTime() - t0;
        long device = ClTimeline.profile(event, CL_PROFILING_COMMAND_END)
                - ClTimeline.profile(event, CL_PROFILING_COMMAND_START);
        clReleaseEvent(event);
        log.printf("mimo4j opencl: %-22s global=%s %8.1f us wall %8.1f us device%n", name,
                Arrays.toString(padded), wall / 1e3, device / 1e3);
    }

    /**
     * Whether {@code arg} is what the kernel already holds: a kernel object keeps its arguments between
     * launches, and on PoCL each clSetKernelArg costs 0.5-1 us of host time (a launch of a 16-argument
     * kernel cost 40-50 us of it, 5-10 us without the arguments). Buffers compare by identity (a pooled
     * buffer keeps its cl_mem; a released one is never handed out again), values by equals.
     */
    private static boolean same(Object held, Object arg) {
        if (held == null) {
            return false;
        }
        if (arg instanceof ClBuffer b) {
            return held == b;
        }
        if (arg instanceof int[] v) {
            return held instanceof int[] h && Arrays.equals(h, v);
        }
        return held.equals(arg);
    }

    private static void setArg(cl_kernel kernel, int i, Object arg) {
        if (arg instanceof ClBuffer b) {
            clSetKernelArg(kernel, i, Sizeof.cl_mem, Pointer.to(b.mem()));
        } else if (arg instanceof Integer v) {
            clSetKernelArg(kernel, i, Sizeof.cl_int, Pointer.to(new int[] {v}));
        } else if (arg instanceof Float v) {
            clSetKernelArg(kernel, i, Sizeof.cl_float, Pointer.to(new float[] {v}));
        } else if (arg instanceof int[] v) {
            clSetKernelArg(kernel, i, (long) v.length * Sizeof.cl_int, Pointer.to(v));
        } else if (arg instanceof ClLocal l) {
            clSetKernelArg(kernel, i, (long) l.floats() * Sizeof.cl_float, null);
        } else {
            throw new IllegalArgumentException("kernel argument " + i + " has unsupported type " + arg.getClass());
        }
    }
}
