package org.mimo4j.bench.kernels;

import org.mimo4j.bench.BenchBackends;
import org.mimo4j.engine.backend.Backend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the benchmarks of an op's forward and forward-plus-backward kernels share ({@link Conv2dBenchmark},
 * {@link AttentionBenchmark}): the backend under test, the op's calls (on host arrays for a host backend,
 * on storages resident on the device for a device backend), the two benchmark methods and the trial's
 * teardown. JMH generates the benchmarks under each subclass's name ({@code Conv2dBenchmark.forward}, ...);
 * each subclass's trial setup opens the backend ({@link #open}) and installs its calls ({@link #install}).
 */
@State(Scope.Benchmark)
public abstract class ForwardBackwardBenchmark {
    /** The backend under test. */
    protected Backend kernels;
    private Calls calls;

    /**
     * One forward, one backward of the op: on host arrays or on resident storages. Neither waits for a device:
     * {@link #finish} does, once per benchmark call, as a training step waits once for its loss, not between its
     * forward and its backward.
     */
    protected interface Calls {
        void forward();

        void backward();

        /** Waits for the device's kernels; a host backend has nothing to wait for. */
        default void finish() {
        }

        /** The forward's output and the backward's gradients, as host arrays (downloaded from a device). */
        float[][] results();
    }

    /** Opens the named backend ("cpu", "opencl"); see {@link BenchBackends#open}. */
    protected final void open(String backend) {
        kernels = BenchBackends.open(backend);
    }

    /**
     * Uses {@code c} for the trial. Resident calls run once here: that uploads the operands, so every
     * measured call times the kernels and not the copies.
     */
    protected final void install(Calls c) {
        calls = c;
        if (kernels.deviceKernels() != null) {
            c.forward();
            c.backward();
            c.finish();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        kernels.close();
    }

    /** Returned, so JMH consumes the results. */
    @Benchmark
    public Object forward() {
        calls.forward();
        calls.finish();
        return calls;
    }

    /**
     * The forward, then the backward, then one wait for the device: until session 29 the device rows also waited
     * between the two (a round trip of 40-90 us to PoCL's worker threads on the development VM) that neither a
     * training step nor the peer's call has.
     */
    @Benchmark
    public Object forwardBackward() {
        calls.forward();
        calls.backward();
        calls.finish();
        return calls;
    }

    /** The last calls' output and gradients, for tests. */
    float[][] results() {
        return calls.results();
    }
}
