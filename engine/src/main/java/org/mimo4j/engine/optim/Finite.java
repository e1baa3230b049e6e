package org.mimo4j.engine.optim;

import java.util.List;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.DeviceKernels;
import org.mimo4j.engine.backend.DeviceKernels.Arith;
import org.mimo4j.engine.tensor.Storage;
import org.mimo4j.engine.tensor.Tensor;

/**
 * Whether tensors hold only finite values, without bringing device-resident ones to the host: a
 * trainer's guard against a NaN or infinite gradient before the optimizer step. On the device each
 * tensor becomes 0 * x (0 where x is finite, NaN where it is not), summed by sumRows (a fixed-order
 * reduction) and added into one flag, the only value downloaded: 4 bytes a step instead of every
 * gradient. Tensors whose host copy is current are scanned where they are.
 */
public final class Finite {
    private Finite() {
    }

    /** True when every element of every tensor is finite. */
    public static boolean all(List<Tensor> tensors) {
        DeviceKernels dk = Backends.current().deviceKernels();
        Storage flag = null;
        for (Tensor t : tensors) {
            Storage s = t.dense();
            if (dk != null && s != null && s.length() > 0 && !s.hostCurrent()) {
                Storage zeros = dk.allocate(s.length());
                dk.scalar(Arith.MUL, s, 0f, zeros);
                Storage sum = dk.allocate(1);
                dk.sumRows(zeros, s.length(), 1, sum);
                if (flag == null) {
                    flag = sum;
                } else {
                    dk.add(flag, sum, flag);
                }
            } else if (!finite(t.data())) {
                return false;
            }
        }
        return flag == null || flag.read()[0] == 0f;
    }

    private static boolean finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
