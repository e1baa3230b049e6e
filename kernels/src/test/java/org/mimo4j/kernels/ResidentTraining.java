package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.engine.backend.CpuBackend;
import org.mimo4j.engine.nn.Parameter;
import org.mimo4j.engine.optim.Optimizer;
import org.mimo4j.engine.tensor.Tensor;

/**
 * The harness of the resident-step tests: the same seeded model trained for some steps on the CPU
 * backend and on OpenCL (a fresh host batch each step, as a loader gives it), the losses compared
 * step by step (tolerance 1e-4 * (1 + |loss|), as in ClResidentStepTest) and the transfers of every
 * OpenCL step recorded, so a test can pin them.
 */
final class ResidentTraining {
    private ResidentTraining() {
    }

    /** A model built on the current backend: its parameters, its optimizer and step s's loss (fresh host inputs). */
    record Model(Map<String, Parameter> parameters, Optimizer optimizer, IntFunction<Tensor> loss) {
    }

    /** Losses and, on OpenCL, what each step moved. */
    record Run(float[] losses, ClTransfers[] moved) {
    }

    /** Trains {@code steps} steps on the CPU and on OpenCL, checks that the losses agree and fall by {@code drop}. */
    static Run onBoth(int steps, double drop, Supplier<Model> build) throws Exception {
        ClBackend cl = OpenClTests.backend();
        Backend before = Backends.current();
        Run cpu;
        Run ocl;
        try {
            cpu = train(new CpuBackend(2), null, steps, build);
            ocl = train(cl, cl, steps, build);
        } finally {
            Backends.use(before);
        }
        for (int s = 0; s < steps; s++) {
            double tol = 1e-4 * (1 + Math.abs(cpu.losses[s]));
            assertTrue(Math.abs(cpu.losses[s] - ocl.losses[s]) <= tol, "step " + s + ": cpu loss " + cpu.losses[s]
                    + ", opencl loss " + ocl.losses[s] + " (tolerance " + tol + ")");
        }
        assertTrue(ocl.losses[steps - 1] < ocl.losses[0] - drop, "training must reduce the loss: " + ocl.losses[0]
                + " -> " + ocl.losses[steps - 1]);
        return ocl;
    }

    /** Step 0 moved {@code uploads} uploads and one download; every later step exactly {@code perStep}. */
    static void assertMoved(Run ocl, int uploads, ClTransfers perStep, String what) {
        assertEquals(uploads, ocl.moved[0].uploads(), "step 0 uploads " + what + ", nothing more: " + ocl.moved[0]);
        assertEquals(1, ocl.moved[0].downloads(), "step 0 downloads only the loss: " + ocl.moved[0]);
        for (int s = 1; s < ocl.moved.length; s++) {
            assertEquals(perStep, ocl.moved[s], "step " + s + " moved more than the batch and the loss");
        }
    }

    private static Run train(Backend backend, ClBackend counted, int steps, Supplier<Model> build) {
        Backends.use(backend);
        Model m = build.get();
        float[] losses = new float[steps];
        ClTransfers[] moved = new ClTransfers[steps];
        for (int s = 0; s < steps; s++) {
            ClTransfers t0 = counted == null ? null : counted.transfers();
            Tensor loss = m.loss().apply(s);
            losses[s] = loss.item();
            loss.backward();
            m.optimizer().step();
            m.parameters().values().forEach(Parameter::zeroGrad);
            moved[s] = counted == null ? null : counted.transfers().since(t0);
        }
        return new Run(losses, moved);
    }
}
