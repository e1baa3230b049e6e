package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.mimo4j.engine.backend.Backend;
import org.mimo4j.engine.backend.Backends;
import org.mimo4j.mimo.report.Provenance;

/** {@code mimo4j info}: versions, and every backend with the device it found or why it cannot start. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, and the backends and devices found on this machine.")
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
            }
        }
        Backends.Selection auto = Backends.select("auto", Backends.defaultThreads());
        try (Backend b = auto.backend()) {
            out.println("  auto picks: " + b.name() + (auto.note().isEmpty() ? "" : " (" + auto.note() + ")"));
        }
        out.flush();
        return 0;
    }

    private static String probe(String name) {
        try (Backend b = Backends.select(name, Backends.defaultThreads()).backend()) {
            return "available, " + b.device();
        } catch (RuntimeException e) {
            return "unavailable: " + e.getMessage();
        }
    }
}
