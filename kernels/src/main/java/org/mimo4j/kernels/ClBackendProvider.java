package org.mimo4j.kernels;

import java.io.PrintWriter;
import java.util.List;
import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.BackendProvider;
import org.mimo4j.engine.backend.BackendTuner;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * Registers the OpenCL backend as {@code opencl} with the engine's {@link java.util.ServiceLoader}
 * lookup, both as a {@link BackendProvider} and as the {@link BackendTuner} behind {@code mimo4j tune}
 * and the tuning line of {@code mimo4j info}. The thread count does not apply: the device and its
 * driver decide the parallelism.
 */
public final class ClBackendProvider implements BackendProvider, BackendTuner {
    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Backend create(int threads) throws BackendUnavailableException {
        return ClBackend.create();
    }

    @Override
    public String describe() throws BackendUnavailableException {
        try (ClRuntime runtime = ClRuntime.open()) {
            ClTuningChoice c = ClTuningChoice.current(runtime);
            // the convolution blocks matter only where convolutions run on the grid (register-blocked rows)
            String conv = c.tuning().tiled() ? "" : "; conv blocks " + ClConvTiles.forLanes(runtime.floatLanes()).spec()
                    + " (" + runtime.floatLanes() + "-float vectors)";
            List<ClTuning> ladder = c.tuning().tileLadder();
            String smaller = ladder.size() == 1 ? "" : "; smaller tiles by shape " + ladder.subList(1, ladder.size())
                    .stream().map(ClTuning::spec).toList() + " for " + runtime.computeUnits()
                    + " compute units, convolution and attention on the last";
            return c.tuning().spec() + " (" + c.source() + ")" + conv + smaller;
        }
    }

    @Override
    public boolean tune(Request request, PrintWriter out) throws BackendUnavailableException {
        try (ClRuntime runtime = ClRuntime.open()) {
            return ClTuneReport.run(runtime, request, out, ClTuneCache.standard(), new ClAutotune());
        }
    }
}
