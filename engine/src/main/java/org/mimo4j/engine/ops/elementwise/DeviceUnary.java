package org.mimo4j.engine.ops.elementwise;

import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.tensor.Storage;

/**
 * A {@link UnaryOp} that also has device kernels: {@link UnaryOp} runs these instead of the host loops
 * when the backend has {@link DeviceKernels} and the input is dense. Both must compute exactly what the
 * host loops compute.
 */
interface DeviceUnary {
    /** y = f(x) on the device. */
    void forward(DeviceKernels dk, Storage x, Storage y);

    /** gx = gy * f'(x) on the device. */
    void backward(DeviceKernels dk, Storage x, Storage gy, Storage gx);
}
