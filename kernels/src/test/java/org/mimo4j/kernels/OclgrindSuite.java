package org.mimo4j.kernels;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import java.util.Arrays;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The child JVM of {@link ClOclgrindTest}: runs the test classes named in its arguments through the
 * JUnit launcher on whatever OpenCL device its ICD loader finds (there, only Oclgrind), naming the
 * device first, prints the summary with every failure, and exits 1 if any test failed or none ran.
 */
public final class OclgrindSuite {
    private OclgrindSuite() {
    }

    public static void main(String[] classes) throws Exception {
        try (ClRuntime rt = ClRuntime.open()) {
            System.out.println("device: " + rt.description());
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(c -> selectClass("org.mimo4j.kernels." + c)).toList()).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        summary.printTo(out);
        summary.printFailuresTo(out, 20);
        System.exit(summary.getTotalFailureCount() == 0 && summary.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
