package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.mimo4j.engine.backend.BackendTuner;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.mimo.train.ConfigException;

/**
 * {@code mimo4j tune}: the one-time autotune of the OpenCL GEMM on this machine's device; the choice is
 * cached on disk and used by every later OpenCL backend on the device (see the kernels module's
 * {@code ClAutotune}). The tuner comes through {@link BackendTuner}, so this command does not import
 * the kernels module.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Tune the OpenCL GEMM for this machine's device once and cache the choice.",
            "Each candidate tile is checked against the CPU backend, then timed on device-resident SGEMMs;"
                    + " the fastest is written to the cache (-Dmimo4j.opencl.cache, default ~/.cache/mimo4j/cl)"
                    + " and used by every later OpenCL backend on this device."})
final class TuneCommand implements Callable<Integer> {
    private static final String BACKEND = "opencl";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--force", description = "Tune again even when a result is cached for this device.")
    boolean force;

    @Option(names = "--candidates", split = ",", paramLabel = "GEMM,...",
            description = "Rows to try instead of the device's default list, as -Dmimo4j.opencl.gemm spells them:"
                    + " packed:TMxNV or tiled:BMxBNxBK:RMxRN.")
    List<String> candidates = new ArrayList<>();

    @Option(names = "--sizes", split = ",", paramLabel = "N,...",
            description = "Square sizes to time instead of the default (512,1024 on a CPU device, 1024,2048 on a GPU).")
    List<Integer> sizes = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sizes.stream().anyMatch(n -> n < 1)) {
            throw new ConfigException("--sizes must be positive, got " + sizes);
        }
        Optional<BackendTuner> tuner = BackendTuner.find(BACKEND);
        if (tuner.isEmpty()) {
            return fail(err, "the OpenCL backend (mimo4j-kernels) is not on the class path");
        }
        try {
            boolean chosen = tuner.get().tune(new BackendTuner.Request(force, candidates, sizes), out);
            out.flush();
            return chosen ? 0 : fail(err, "no tuning was cached (see above)");
        } catch (BackendUnavailableException e) {
            return fail(err, "cannot tune, OpenCL is unavailable: " + e.getMessage());
        }
    }

    private int fail(PrintWriter err, String why) {
        err.println(spec.qualifiedName() + ": " + why);
        err.flush();
        return 1;
    }
}
