package org.mimo4j.bench.kernels;

import java.util.concurrent.TimeUnit;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.DeviceKernels;
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
 * Question: how long do the convolutions of our encoders take, forward alone and forward plus both
 * backward kernels (data and weight), on each backend?
 *
 * <p>How to read it: average milliseconds per call for one layer on a batch of 32. The shapes are a
 * CIFAR-style 3x3 layer (3 -> 64 channels on 32x32, padding 1) and both conv layers of the LeNet
 * encoder (5x5, 1 -> 6 with padding 2, then 6 -> 16 after 2x2 pooling) on 28x28 and 112x112 inputs.
 * {@code forwardBackward} minus {@code forward} is the cost of the two backward kernels. The CPU
 * thread count is {@code -Dmimo4j.threads}; {@code opencl} rows fail in setup, with the reason, when
 * no device is present.
 *
 * <p>On a backend with device kernels ({@code opencl}) the operands are resident, as in a training step
 * that stays on the device (ops.nn.Conv2d's device path): x, w, the bias and dy are uploaded once per
 * trial, and each call is {@link DeviceKernels#conv2dForward} (and the two backward kernels) on device
 * storages and one {@link DeviceKernels#finish} per benchmark call, so it times the kernels, not host copies.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
// Ten seconds of warm-up: the Vector API kernels are very slow until C2 has compiled them.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class Conv2dBenchmark extends ForwardBackwardBenchmark {
    private static final int BATCH = 32;

    @Param({"cifar3x32x32-k3-c64", "lenet28-conv1", "lenet28-conv2", "lenet112-conv1", "lenet112-conv2",
        "smallcnn-conv2"})
    public String layer;

    @Param({"cpu", "opencl"})
    public String backend;

    private Conv2dShape shape;

    /** The geometry behind each {@link #layer} name. */
    public static Conv2dShape shape(String layer) {
        return switch (layer) {
            case "cifar3x32x32-k3-c64" -> Conv2dShape.of(BATCH, 3, 32, 32, 64, 3, 1, 1, 1, 1);
            case "lenet28-conv1" -> Conv2dShape.of(BATCH, 1, 28, 28, 6, 5, 1, 2, 1, 1);
            case "lenet28-conv2" -> Conv2dShape.of(BATCH, 6, 14, 14, 16, 5, 1, 0, 1, 1);
            case "lenet112-conv1" -> Conv2dShape.of(BATCH, 1, 112, 112, 6, 5, 1, 2, 1, 1);
            case "lenet112-conv2" -> Conv2dShape.of(BATCH, 6, 56, 56, 16, 5, 1, 0, 1, 1);
            // the second convolution of SmallCnnBenchmark's network
            case "smallcnn-conv2" -> Conv2dShape.of(BATCH, 16, 14, 14, 32, 3, 1, 1, 1, 1);
            default -> throw new IllegalArgumentException("unknown layer '" + layer + "'");
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        open(backend);
        shape = shape(layer);
        ConvCalls c = ConvCalls.of(kernels, shape, ConvCalls.operands(shape));
        install(new Calls() {
            @Override
            public void forward() {
                c.forward();
            }

            @Override
            public void backward() {
                c.backwardData();
                c.backwardWeight();
            }

            @Override
            public void finish() {
                c.finish();
            }

            @Override
            public float[][] results() {
                return c.outputs();
            }
        });
    }
}
