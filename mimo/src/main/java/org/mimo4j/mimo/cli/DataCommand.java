package org.mimo4j.mimo.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.mimo4j.mimo.train.DatasetFactory;
import org.mimo4j.mimo.train.RunConfig;
import org.mimo4j.mimo.train.Splits;

/** {@code mimo4j data}: list the datasets and fetch (build and cache) one. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "List or fetch datasets.",
        subcommands = {DataCommand.ListData.class, DataCommand.Fetch.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code mimo4j data list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the datasets mimo4j can load.")
    static final class ListData implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter w = spec.commandLine().getOut();
            for (String name : DatasetFactory.NAMES) {
                w.println(name + ": " + DatasetFactory.describe(name));
            }
            w.flush();
            return 0;
        }
    }

    /** {@code mimo4j data fetch}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Build or download a dataset and cache it.")
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset name (default: avdigits).")
        String dataset;

        @Option(names = "--preset", paramLabel = "NAME", description = "Size preset (default: small).")
        String preset;

        @Override
        public Integer call() throws Exception {
            RunConfig.DatasetSpec s = new RunConfig.DatasetSpec();
            if (dataset != null) {
                s.name = dataset;
            }
            if (preset != null) {
                s.preset = preset;
            }
            Splits d = DatasetFactory.load(s);
            PrintWriter w = spec.commandLine().getOut();
            w.println(d.train());
            w.println(d.validation());
            w.println(d.test());
            w.println("checksum: " + d.checksum());
            w.flush();
            return 0;
        }
    }
}
