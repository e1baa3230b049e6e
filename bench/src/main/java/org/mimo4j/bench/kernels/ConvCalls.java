package org.mimo4j.bench.kernels;

import org.mimo4j.bench.BenchBackends;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Conv2dShape;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Rng;
import org.mimo4j.engine.tensor.Storage;

/**
 * A convolution layer's three kernels on one backend's operands (x, w, bias and dy in; y, dx and dw out), one
 * call each: on host arrays for a host backend, on storages resident on the device for a device backend (the
 * inputs uploaded by the first call). {@link Conv2dBenchmark} times them as a forward and a backward;
 * {@code probe.ConvPartAb} part by part.
 */
public interface ConvCalls {
    void forward();

    void backwardData();

    void backwardWeight();

    /** Waits for the device's kernels (nothing to wait for on the host). */
    void finish();

    /** y, dx and dw as host arrays (downloaded from a device). */
    float[][] outputs();

    /** x, w, bias and dy for {@code s}, uniform in [-1, 1) from the benchmarks' seed. */
    static float[][] operands(Conv2dShape s) {
        Rng rng = new Rng(BenchBackends.SEED);
        return new float[][] {BenchBackends.random(rng, s.inputSize()), BenchBackends.random(rng, s.weightSize()),
            BenchBackends.random(rng, s.outChannels()), BenchBackends.random(rng, s.outputSize())};
    }

    /** The calls on {@code b} for {@code s} with the operands {@code xwbd} (copied, never written). */
    static ConvCalls of(Backend b, Conv2dShape s, float[][] xwbd) {
        DeviceKernels d = b.deviceKernels();
        if (d == null) {
            return new Host(b, s, new float[][] {xwbd[0], xwbd[1], xwbd[2], xwbd[3], new float[s.outputSize()],
                new float[s.inputSize()], new float[s.weightSize()]});
        }
        return new Device(d, s, new Storage[] {Storage.wrap(xwbd[0].clone()), Storage.wrap(xwbd[1].clone()),
            Storage.wrap(xwbd[2].clone()), Storage.wrap(xwbd[3].clone()), d.allocate(s.outputSize()),
            d.allocate(s.inputSize()), d.allocate(s.weightSize())});
    }

    /** o: x, w, bias, dy, y, dx, dw. */
    record Host(Backend b, Conv2dShape s, float[][] o) implements ConvCalls {
        public void forward() {
            b.conv2dForward(s, o[0], o[1], o[2], o[4]);
        }

        public void backwardData() {
            b.conv2dBackwardData(s, o[3], o[1], o[5]);
        }

        public void backwardWeight() {
            b.conv2dBackwardWeight(s, o[0], o[3], o[6]);
        }

        public void finish() {
        }

        public float[][] outputs() {
            return new float[][] {o[4], o[5], o[6]};
        }
    }

    /** o: x, w, bias, dy, y, dx, dw, all device storages. */
    record Device(DeviceKernels d, Conv2dShape s, Storage[] o) implements ConvCalls {
        public void forward() {
            d.conv2dForward(s, o[0], o[1], o[2], o[4]);
        }

        public void backwardData() {
            d.conv2dBackwardData(s, o[3], o[1], o[5]);
        }

        public void backwardWeight() {
            d.conv2dBackwardWeight(s, o[0], o[3], o[6]);
        }

        public void finish() {
            d.finish();
        }

        public float[][] outputs() {
            return new float[][] {o[4].read(), o[5].read(), o[6].read()};
        }
    }
}
