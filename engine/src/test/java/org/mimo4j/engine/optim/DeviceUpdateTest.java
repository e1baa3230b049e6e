package org.mimo4j.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.HostDeviceBackend;
import org.mimo4j.engine.backend.HostDeviceKernels;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Optimizer steps with a device backend ({@link HostDeviceBackend}) and gradients on the device (as
 * a device backward leaves them) run the device update kernels and give exactly the host updates,
 * step after step, with slots kept on the device and read back only for {@link Optimizer#state()}.
 */
class DeviceUpdateTest {
    private static final int STEPS = 4;

    static List<Arguments> optimizers() {
        return List.of(
                Arguments.of("sgd", (Function<Map<String, Parameter>, Optimizer>) p -> new Sgd(p, 0.1f)),
                Arguments.of("sgd momentum", (Function<Map<String, Parameter>, Optimizer>) p -> new Sgd(p, 0.05f, 0.9f, false, 0f)),
                Arguments.of("sgd nesterov wd", (Function<Map<String, Parameter>, Optimizer>) p -> new Sgd(p, 0.05f, 0.8f, true, 0.01f)),
                Arguments.of("adam", (Function<Map<String, Parameter>, Optimizer>) p -> new Adam(p, 0.01f)),
                Arguments.of("adam l2", (Function<Map<String, Parameter>, Optimizer>) p -> new Adam(p, 0.01f, 0.8f, 0.99f, 1e-6f, 0.1f)),
                Arguments.of("adamw", (Function<Map<String, Parameter>, Optimizer>) p -> new AdamW(p, 0.01f, 0.9f, 0.999f, 1e-8f, 0.05f)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void deviceUpdatesEqualHostUpdatesStepAfterStep(String name, Function<Map<String, Parameter>, Optimizer> make) {
        run(make, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aHostWriteAfterADeviceUpdateIsUploadedBeforeTheNext(String name, Function<Map<String, Parameter>, Optimizer> make) {
        run(make, true);
    }

    /** Same fixture and gradients on both paths; optionally a host write into a parameter between steps. */
    private static void run(Function<Map<String, Parameter>, Optimizer> make, boolean hostWrites) {
        OptimizerFixture host = new OptimizerFixture(21);
        OptimizerFixture dev = new OptimizerFixture(21);
        Optimizer oh = make.apply(host.params);
        Optimizer od = make.apply(dev.params);
        try (CpuBackend cpu = new CpuBackend(2); var d = HostDeviceBackend.install()) {
            for (int s = 0; s < STEPS; s++) {
                host.randomGradients();
                dev.randomGradients();
                gradientsOnDevice(dev);
                on(cpu, oh::step);
                od.step();
                for (Parameter p : dev.params.values()) {
                    assertFalse(p.storage().hostCurrent(), "step " + s + ": the update ran on the device");
                }
                if (hostWrites) {
                    host.params.get("a.weight").storage().write()[s] = -0.5f * s;
                    dev.params.get("a.weight").storage().write()[s] = -0.5f * s;
                }
            }
            for (String n : host.params.keySet()) {
                assertArrayEquals(host.params.get(n).data(), dev.params.get(n).data(), n);
            }
            oh.state().slots().forEach((slot, values) -> assertArrayEquals(values, od.state().slots().get(slot), slot));
            assertEquals(oh.state().step(), od.state().step());
        }
    }

    /** A step hands all parameters on the device to one update call, so a device can batch their launches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void aStepUpdatesAllDeviceParametersInOneCall(String name, Function<Map<String, Parameter>, Optimizer> make) {
        OptimizerFixture dev = new OptimizerFixture(30);
        Optimizer od = make.apply(dev.params);
        try (var d = HostDeviceBackend.install()) {
            HostDeviceKernels kernels = (HostDeviceKernels) Backends.current().deviceKernels();
            for (int s = 1; s <= 2; s++) {
                dev.randomGradients();
                gradientsOnDevice(dev);
                od.step();
                assertEquals(s, kernels.updateCalls(), "update calls after step " + s);
            }
        }
    }

    @Test
    void restoredSlotsReplaceTheDeviceCopies() {
        OptimizerFixture host = new OptimizerFixture(4);
        OptimizerFixture dev = new OptimizerFixture(4);
        Sgd oh = new Sgd(host.params, 0.1f, 0.9f, false, 0f);
        Sgd od = new Sgd(dev.params, 0.1f, 0.9f, false, 0f);
        try (CpuBackend cpu = new CpuBackend(2); var d = HostDeviceBackend.install()) {
            host.randomGradients();
            dev.randomGradients();
            gradientsOnDevice(dev);
            on(cpu, oh::step);
            od.step();
            OptimizerState zeros = new OptimizerState(1, Map.of(
                    "momentum/a.weight", new float[12], "momentum/a.bias", new float[5]));
            on(cpu, () -> oh.restore(zeros));
            od.restore(zeros);
            host.randomGradients();
            dev.randomGradients();
            gradientsOnDevice(dev);
            on(cpu, oh::step);
            od.step();
            assertArrayEquals(host.params.get("a.weight").data(), dev.params.get("a.weight").data());
        }
    }

    @Test
    void parametersWhoseValuesAndGradientsAreOnTheHostStayThere() {
        OptimizerFixture host = new OptimizerFixture(8);
        OptimizerFixture dev = new OptimizerFixture(8);
        Adam oh = new Adam(host.params, 0.01f);
        Adam od = new Adam(dev.params, 0.01f);
        try (var d = HostDeviceBackend.install()) {
            host.randomGradients();
            dev.randomGradients();
            oh.step();
            od.step();
            for (String n : dev.params.keySet()) {
                assertNull(dev.params.get(n).storage().mirror(), n + " never went to the device");
                assertArrayEquals(host.params.get(n).data(), dev.params.get(n).data(), n);
            }
            assertEquals(0, d.memory().uploads());
        }
    }

    @Test
    void clippedDeviceGradientsReachTheDeviceUpdate() {
        OptimizerFixture host = new OptimizerFixture(13);
        OptimizerFixture dev = new OptimizerFixture(13);
        Sgd oh = new Sgd(host.params, 0.1f);
        Sgd od = new Sgd(dev.params, 0.1f);
        try (CpuBackend cpu = new CpuBackend(2); var d = HostDeviceBackend.install()) {
            host.randomGradients();
            dev.randomGradients();
            gradientsOnDevice(dev);
            double hostNorm = GradClip.byGlobalNorm(host.params.values(), 0.5);
            double devNorm = GradClip.byGlobalNorm(dev.params.values(), 0.5);
            assertEquals(hostNorm, devNorm);
            on(cpu, oh::step);
            od.step();
            for (String n : host.params.keySet()) {
                assertArrayEquals(host.params.get(n).data(), dev.params.get(n).data(), n);
            }
        }
    }

    /** Replaces each gradient by a copy born on the device, as a device backward would leave it. */
    private static void gradientsOnDevice(OptimizerFixture f) {
        DeviceKernels dk = Backends.current().deviceKernels();
        for (Parameter p : f.params.values()) {
            Storage s = dk.allocate(p.numel());
            dk.copy(p.grad().storage(), s);
            p.tensor().setGrad(Tensor.fromOp(s, p.shape(), null));
        }
    }

    /** Runs {@code r} with {@code backend} current, then puts the previous one back. */
    private static void on(Backend backend, Runnable r) {
        Backend before = Backends.current();
        Backends.use(backend);
        try {
            r.run();
        } finally {
            Backends.use(before);
        }
    }
}
