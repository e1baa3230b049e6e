package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.BackendTuner;
import org.mimo4j.engine.backend.BackendUnavailableException;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.mimo.report.Provenance;

/**
 * {@code mimo4j info}: versions, and every backend with the device it found or why it cannot start;
 * for a tunable backend (OpenCL) also the tuning it uses and where that came from.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, and the backends, devices and tunings found on this machine.")
final class InfoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String checkout = Provenance.gitCommit(Provenance.home());
        out.println("mimo4j " + Provenance.projectVersion() + " (built from commit " + Provenance.buildCommit()
                + (checkout.equals("unknown") ? "" : "; checkout at " + checkout) + ")");
        out.println("JVM:     " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        out.println("OS:      " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + ", " + Runtime.getRuntime().availableProcessors() + " processors");
        out.println("Threads: " + Backends.defaultThreads() + " (set with --threads or -D" + Backends.THREADS_PROPERTY + ")");
        out.println("Backends:");
        for (String name : Backends.names()) {
            if (!name.equals("auto")) {
                out.println("  " + name + ": " + probe(name));
                tuning(name).ifPresent(t -> out.println("    tuning: " + t));
            }
        }
        Backends.Selection auto = Backends.select("auto", Backends.defaultThreads());
        try (Backend b = auto.backend()) {
            out.println("  auto picks: " + b.name() + (auto.note().isEmpty() ? "" : " (" + auto.note() + ")"));
        }
        out.flush();
        return 0;
    }

    /** The tuning a tunable backend uses and where it came from (table, property or cache file). */
    private static Optional<String> tuning(String name) {
        Optional<BackendTuner> tuner = BackendTuner.find(name);
        try {
            return tuner.isEmpty() ? Optional.empty() : Optional.of(tuner.get().describe());
        } catch (BackendUnavailableException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String probe(String name) {
        try (Backend b = Backends.select(name, Backends.defaultThreads()).backend()) {
            return "available, " + b.device();
        } catch (RuntimeException e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
