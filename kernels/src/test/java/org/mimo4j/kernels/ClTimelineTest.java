package org.mimo4j.kernels;

import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * The timeline trace: its arithmetic on given profiling counters (when each kernel started, the device's idle
 * time before it, its run, and the sums), the property's values, and on a real queue that it prints every
 * kernel between two waits, in order, with sums that add up.
 */
class ClTimelineTest {
    private static final Pattern LINE = Pattern.compile(
            "timeline: \\+\\s*([\\d.]+) us\\s+(\\S+)\\s+global=\\[[^\\]]*\\]\\s+idle\\s+([\\d.]+) us\\s+ran\\s+([\\d.]+) us");
    private static final Pattern SUM = Pattern.compile(
            "(\\d+) kernels, ([\\d.]+) us from the first enqueue to the last end: ([\\d.]+) us running, ([\\d.]+) us idle");

    @Test
    void eachKernelShowsItsStartTheIdleTimeBeforeItAndItsRun() {
        // a: enqueued at 0, waits 10 us (the device's threads waking), runs 20; b: enqueued at 5 us, starts 10 us
        // after a ends, runs 10; c: starts as b ends, runs 30; d: enqueued only at 90 us (the host was late),
        // 10 us after c ended, starts at 95: the device sat idle 15 us before it.
        String out = ClTimeline.render(List.of(
                new ClTimeline.Span("a", new long[] {4}, 0, 10_000, 30_000),
                new ClTimeline.Span("b", new long[] {2, 3}, 5_000, 40_000, 50_000),
                new ClTimeline.Span("c", new long[] {1}, 6_000, 50_000, 80_000),
                new ClTimeline.Span("d", new long[] {1}, 90_000, 95_000, 100_000)));
        String[] lines = out.split("\n");
        assertEquals(5, lines.length, out);
        assertKernel(lines[0], "a", 10.0, 10.0, 20.0);
        assertKernel(lines[1], "b", 40.0, 10.0, 10.0);
        assertKernel(lines[2], "c", 50.0, 0.0, 30.0);
        assertKernel(lines[3], "d", 95.0, 15.0, 5.0);
        assertTrue(lines[1].contains("global=[2, 3]"), lines[1]);
        assertTrue(lines[4].endsWith("4 kernels, 100.0 us from the first enqueue to the last end: 65.0 us running,"
                + " 35.0 us idle"), lines[4]);
    }

    @Test
    void thePropertyTakesTrueTimelineOrFalseAndNamesItselfOtherwise() {
        assertEquals(ClLauncher.Trace.EACH, ClLauncher.Trace.parse("true"));
        assertEquals(ClLauncher.Trace.TIMELINE, ClLauncher.Trace.parse("timeline"));
        assertEquals(ClLauncher.Trace.OFF, ClLauncher.Trace.parse("false"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClLauncher.Trace.parse("yes"));
        assertTrue(e.getMessage().contains("mimo4j.opencl.trace") && e.getMessage().contains("'yes'"), e.getMessage());
    }

    @Test
    void aWaitPrintsEveryKernelSinceTheLastInOrderWithSumsThatAddUp() throws BackendUnavailableException {
        OpenClTests.requireOpenCl();
        String source = "__kernel void first(__global float* y) { y[get_global_id(0)] = 1.0f; }"
                + " __kernel void second(__global float* y) { y[get_global_id(0)] *= 2.0f; }";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ClRuntime rt = profilingRuntime(); PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            ClLauncher launcher = new ClLauncher(rt, ClLauncher.Trace.TIMELINE, log);
            ClBufferPool pool = new ClBufferPool(rt.context(), 0);
            cl_program program = clCreateProgramWithSource(rt.context(), 1, new String[] {source}, null, null);
            clBuildProgram(program, 0, null, "", null, null);
            cl_kernel first = clCreateKernel(program, "first", null);
            cl_kernel second = clCreateKernel(program, "second", null);
            ClBuffer y = pool.acquire(1 << 16);
            launcher.launch1d("first", first, 1 << 16, 64, y);
            launcher.launch1d("second", second, 1 << 16, 64, y);
            launcher.launch1d("second", second, 1 << 16, 64, y);
            assertEquals(0, bytes.size(), "nothing prints before the wait");
            launcher.finish();
            String out = bytes.toString(StandardCharsets.UTF_8);
            String[] lines = out.split("\n");
            assertEquals(4, lines.length, out);
            double previousStart = -1, running = 0, idle = 0;
            String[] names = {"first", "second", "second"};
            for (int i = 0; i < 3; i++) {
                Matcher m = LINE.matcher(lines[i]);
                assertTrue(m.find(), lines[i]);
                assertEquals(names[i], m.group(2));
                double start = Double.parseDouble(m.group(1));
                assertTrue(start >= previousStart, "kernels in the order they ran: " + out);
                previousStart = start;
                idle += Double.parseDouble(m.group(3));
                running += Double.parseDouble(m.group(4));
            }
            Matcher sum = SUM.matcher(lines[3]);
            assertTrue(sum.find(), lines[3]);
            assertEquals(3, Integer.parseInt(sum.group(1)));
            assertEquals(running, Double.parseDouble(sum.group(3)), 0.35, out);
            assertEquals(idle, Double.parseDouble(sum.group(4)), 0.35, out);
            assertEquals(Double.parseDouble(sum.group(2)), running + idle, 0.5, "running and idle fill the span: " + out);
            launcher.finish();
            assertEquals(out, bytes.toString(StandardCharsets.UTF_8), "a wait with no launches since prints nothing");
            clReleaseKernel(first);
            clReleaseKernel(second);
            clReleaseProgram(program);
            pool.release(y);
            pool.close();
        }
    }

    private static void assertKernel(String line, String name, double start, double idle, double ran) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.find(), line);
        assertEquals(name, m.group(2), line);
        assertEquals(start, Double.parseDouble(m.group(1)), 1e-9, line);
        assertEquals(idle, Double.parseDouble(m.group(3)), 1e-9, line);
        assertEquals(ran, Double.parseDouble(m.group(4)), 1e-9, line);
    }

    /** A runtime whose queue keeps profiling counters, as the trace property makes it when it is set. */
    private static ClRuntime profilingRuntime() throws BackendUnavailableException {
        String before = System.getProperty(ClLauncher.TRACE_PROPERTY);
        System.setProperty(ClLauncher.TRACE_PROPERTY, "timeline");
        try {
            return ClRuntime.open();
        } finally {
            if (before == null) {
                System.clearProperty(ClLauncher.TRACE_PROPERTY);
            } else {
                System.setProperty(ClLauncher.TRACE_PROPERTY, before);
            }
        }
    }
}
