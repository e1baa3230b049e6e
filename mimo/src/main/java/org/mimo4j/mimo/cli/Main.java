package org.mimo4j.mimo.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import org.mimo4j.mimo.report.Provenance;
import org.mimo4j.mimo.train.ConfigException;
import org.mimo4j.mimo.train.TrainingHaltedException;

/**
 * The {@code mimo4j} command line: {@code demo}, {@code train}, {@code eval}, {@code compare},
 * {@code info}, {@code tune} and {@code data}. Usage errors and bad config values print one line on stderr and
 * exit with code 2; other failures print one line and exit with code 1 ({@code -Dmimo4j.stacktrace=true} adds
 * the trace).
 */
@Command(name = "mimo4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Balanced multi-modal learning via multi-objective optimization (MIMO and baselines).",
        subcommands = {DemoCommand.class, TrainCommand.class, EvalCommand.class, CompareCommand.class,
                InfoCommand.class, TuneCommand.class, DataCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for usage errors and unusable config values. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (what the tests call). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler(Main::failure);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        // picocli says "Unmatched argument at index 0: 'trian'" for a misspelt command.
        String problem = e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")
                ? "unknown " + (cl.getSubcommands().isEmpty() ? "argument" : "command or argument") + " '"
                        + String.join(" ", u.getUnmatched()) + "'"
                : e.getMessage().replace("option option", "option"); // picocli's wording for a map option's bad value
        cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + problem
                + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        cl.getErr().flush();
        return USAGE;
    }

    private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        String name = cl.getCommandSpec().qualifiedName();
        if (e instanceof ConfigException) {
            cl.getErr().println(name + ": " + e.getMessage());
            cl.getErr().flush();
            return USAGE;
        }
        // Our own failures (halted training, unreadable checkpoint or data) already say what and where.
        boolean explained = e instanceof TrainingHaltedException || e instanceof java.io.IOException;
        // The JDK's NoSuchFileException says only the path.
        String what = e instanceof java.nio.file.NoSuchFileException ? "no such file: " : "";
        cl.getErr().println(name + ": " + (explained ? what : e.getClass().getSimpleName() + ": ") + e.getMessage());
        if (Boolean.getBoolean("mimo4j.stacktrace")) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return 1;
    }

    /** Supplies {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mimo4j " + Provenance.projectVersion(), "JVM: " + System.getProperty("java.vm.name")
                    + " " + System.getProperty("java.runtime.version")};
        }
    }
}
