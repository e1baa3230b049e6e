package org.mimo4j.kernels;

import java.util.Arrays;
import org.mimo4j.engine.backend.Backends;

/**
 * Not a test: times {@link SmallCnnStep} on the OpenCL backend (the tuning {@link ClBackend#create()}
 * picks, as the benchmark's) and prints the launches of one step by kernel. Warms up (PoCL compiles a
 * kernel for each new local size on its first launch), then prints the median of {@code batches}
 * batches of {@code steps} steps, in ms per step. Run from the kernels module's test classpath:
 * {@code java -cp ... org.mimo4j.kernels.SmallCnnStepTiming [batches] [steps]}.
 */
final class SmallCnnStepTiming {
    private SmallCnnStepTiming() {
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (ClBackend cl = ClBackend.create()) {
            Backends.use(cl);
            SmallCnnStep net = new SmallCnnStep(42);
            for (int i = 0; i < 50; i++) {
                net.step();
            }
            ClLaunches l0 = cl.launches();
            ClTransfers t0 = cl.transfers();
            net.step();
            System.out.println("one step: " + cl.launches().since(l0) + "; " + cl.transfers().since(t0));
            double[] ms = new double[batches];
            for (int b = 0; b < batches; b++) {
                long t = System.nanoTime();
                for (int s = 0; s < steps; s++) {
                    net.step();
                }
                ms[b] = (System.nanoTime() - t) / 1e6 / steps;
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            System.out.printf("ms/step: median %.3f of %s%n", sorted[batches / 2], Arrays.toString(ms));
        }
    }
}
