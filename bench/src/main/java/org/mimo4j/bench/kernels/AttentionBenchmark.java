package org.mimo4j.bench.kernels;

import org.mimo4j.bench.BenchBackends;
import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.AttentionShape;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Question: how long does the attention of one transformer encoder layer take (batch 32, 4 heads
 * folded into the batch, sequence 64, head dimension 64), forward alone and forward plus backward, on
 * each backend, with and without a causal mask?
 *
 * <p>On a backend with device kernels ({@code opencl}) the operands are resident, as in a training
 * step that stays on the device (ops.nn.Attention's device path): q, k, v, the mask and the output
 * gradient go up once per trial, in setup, and each call runs {@link DeviceKernels#attentionForward}
 * (and {@link DeviceKernels#attentionBackward}) on device storages and one {@link DeviceKernels#finish} per
 * benchmark call, so nothing is copied per call. Before that change the opencl rows timed the host-array API, which
 * copied every operand in and out per call; those rows are not comparable with these. The {@code cpu}
 * rows run the host-array API, which is where a host backend's data lives.
 *
 * <p>How to read it: average milliseconds per call. The forward is 2 GEMMs of 2 * 128 * 64^3 flops
 * plus the softmax; the backward adds 4 more GEMMs. The CPU thread count is {@code -Dmimo4j.threads};
 * {@code opencl} rows fail in setup, with the reason, when no device is present.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
// Ten seconds of warm-up: the Vector API kernels are very slow until C2 has compiled them.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class AttentionBenchmark extends ForwardBackwardBenchmark {
    private static final int BATCH = 32;
    private static final int HEADS = 4;
    private static final int SEQ = 64;
    private static final int DIM = 64;

    @Param({"cpu", "opencl"})
    public String backend;

    @Param({"false", "true"})
    public boolean causal;

    private AttentionShape shape;
    private float scale;

    @Setup(Level.Trial)
    public void setUp() {
        open(backend);
        shape = new AttentionShape(BATCH * HEADS, SEQ, SEQ, DIM, DIM);
        scale = (float) (1 / Math.sqrt(DIM));
        int size = BATCH * HEADS * SEQ * DIM;
        Rng rng = new Rng(BenchBackends.SEED);
        float[][] qkvd = {BenchBackends.random(rng, size), BenchBackends.random(rng, size),
            BenchBackends.random(rng, size), BenchBackends.random(rng, size)};
        float[] mask = causal ? causalMask() : null;
        DeviceKernels device = kernels.deviceKernels();
        install(device == null ? new HostCalls(qkvd, mask) : new ResidentCalls(device, qkvd, mask));
    }

    private static float[] causalMask() {
        float[] m = new float[SEQ * SEQ];
        for (int i = 0; i < SEQ; i++) {
            for (int j = i + 1; j < SEQ; j++) {
                m[i * SEQ + j] = Float.NEGATIVE_INFINITY;
            }
        }
        return m;
    }

    private final class HostCalls implements Calls {
        private final float[] q, k, v, dOut, mask;
        private final float[] out, probs, dq, dk, dv;

        HostCalls(float[][] qkvd, float[] mask) {
            q = qkvd[0];
            k = qkvd[1];
            v = qkvd[2];
            dOut = qkvd[3];
            this.mask = mask;
            out = new float[q.length];
            probs = new float[BATCH * HEADS * SEQ * SEQ];
            dq = new float[q.length];
            dk = new float[q.length];
            dv = new float[q.length];
        }

        @Override
        public void forward() {
            kernels.attentionForward(shape, q, k, v, mask, scale, out, probs);
        }

        @Override
        public void backward() {
            kernels.attentionBackward(shape, q, k, v, probs, dOut, scale, dq, dk, dv);
        }

        @Override
        public float[][] results() {
            return new float[][] {out, dq, dk, dv};
        }
    }

    /** Storages that live on the device; finish(), once per benchmark call, makes its time the kernels' own. */
    private final class ResidentCalls implements Calls {
        private final DeviceKernels device;
        private final Storage q, k, v, dOut, mask;
        private final Storage out, probs, dq, dk, dv;

        ResidentCalls(DeviceKernels device, float[][] qkvd, float[] mask) {
            this.device = device;
            q = Storage.wrap(qkvd[0]);
            k = Storage.wrap(qkvd[1]);
            v = Storage.wrap(qkvd[2]);
            dOut = Storage.wrap(qkvd[3]);
            this.mask = mask == null ? null : Storage.wrap(mask);
            int size = qkvd[0].length;
            out = device.allocate(size);
            probs = device.allocate(BATCH * HEADS * SEQ * SEQ);
            dq = device.allocate(size);
            dk = device.allocate(size);
            dv = device.allocate(size);
        }

        @Override
        public void forward() {
            device.attentionForward(shape, q, k, v, mask, scale, out, probs);
        }

        @Override
        public void backward() {
            device.attentionBackward(shape, q, k, v, probs, dOut, scale, dq, dk, dv);
        }

        @Override
        public void finish() {
            device.finish();
        }

        @Override
        public float[][] results() {
            return new float[][] {out.read(), dq.read(), dk.read(), dv.read()};
        }
    }
}
