import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * For bench/gpu/run-gpu.sh: appends a line to the file named by the system property
 * {@code mimo4j.test.progress} as each test starts and ends (tab-separated: started, id, name; finished,
 * status, id), flushed at once. The console launcher's own
 * output is buffered (8 KB at a time) and lost when a hung run is killed, as the first H100 run of the
 * 1,002 kernels tests was; this file names the test it hung in, and the script's watchdog reads it.
 * Compiled and registered (META-INF/services) by make-bundle.sh, so Maven's test runs never load it.
 */
public final class TestProgressFile implements TestExecutionListener {
    private final PrintStream out = open(System.getProperty("mimo4j.test.progress"));

    private static PrintStream open(String path) {
        try {
            return path == null ? null : new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the progress file " + path, e);
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (out != null && id.isTest()) {
            out.println("started\t" + id.getUniqueId() + "\t" + id.getDisplayName());
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (out != null && id.isTest()) {
            out.println("finished\t" + result.getStatus() + "\t" + id.getUniqueId());
        }
    }
}
