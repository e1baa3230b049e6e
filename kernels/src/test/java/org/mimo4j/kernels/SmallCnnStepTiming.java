package org.mimo4j.kernels;

import java.util.Arrays;
import org.mimo4j.engine.backend.Backends;

/**
 * Not a test: times {@link SmallCnnStep} on the OpenCL backend (the tuning {@link ClBackend#create()}
 * picks, as the benchmark's) in two variants, and prints the launches of one step by kernel. Warms up
 * (PoCL compiles a kernel for each new local size on its first launch), then prints per variant the
 * median of {@code batches} batches of {@code steps} steps, in ms per step, the variants' batches
 * alternating so that both see the same load of a shared machine. Run from the kernels module's test classpath:
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
            SmallCnnStep[] nets = {new SmallCnnStep(42, false), new SmallCnnStep(42, true)};
            String[] names = {"cleared gradients overwritten", "cleared gradients filled and added"};
            for (int v = 0; v < nets.length; v++) {
                for (int i = 0; i < 50; i++) {
                    nets[v].step();
                }
                ClLaunches l0 = cl.launches();
                ClTransfers t0 = cl.transfers();
                nets[v].step();
                System.out.println(names[v] + ", one step: " + cl.launches().since(l0) + "; " + cl.transfers().since(t0));
            }
            double[][] ms = new double[nets.length][batches];
            for (int b = 0; b < batches; b++) {
                for (int v = 0; v < nets.length; v++) { // alternating, so both see the same machine load
                    long t = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        nets[v].step();
                    }
                    ms[v][b] = (System.nanoTime() - t) / 1e6 / steps;
                }
            }
            for (int v = 0; v < nets.length; v++) {
                double[] sorted = ms[v].clone();
                Arrays.sort(sorted);
                System.out.printf("%s: ms/step median %.3f of %s%n", names[v], sorted[batches / 2], Arrays.toString(ms[v]));
            }
        }
    }
}
