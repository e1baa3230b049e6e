package org.mimo4j.kernels;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jocl.CL;
import org.jocl.CLException;
import org.junit.jupiter.api.Test;

/** The probe's reasons for each way JOCL fails, and its caching. */
class ClProbeTest {

    @Test
    void missingLoaderLibrarySaysWhichPackageToInstall() {
        String why = ClProbe.explain(new UnsatisfiedLinkError("libOpenCL.so: cannot open shared object file"));
        assertTrue(why.contains("ocl-icd-opencl-dev") && why.contains("libOpenCL.so"), why);
    }

    @Test
    void laterTouchAfterAFailedLoadIsExplainedToo() {
        String why = ClProbe.explain(new NoClassDefFoundError("Could not initialize class org.jocl.CL"));
        assertTrue(why.contains("failed to initialise earlier") && why.contains("ocl-icd-opencl-dev"), why);
    }

    @Test
    void loaderWithoutDriverSaysNoPlatform() {
        String why = ClProbe.explain(new CLException("CL_PLATFORM_NOT_FOUND_KHR", CL.CL_PLATFORM_NOT_FOUND_KHR));
        assertTrue(why.contains("no platform") && why.contains("pocl-opencl-icd"), why);
    }

    @Test
    void answerIsComputedOnceAndCached() {
        assertSame(ClProbe.result(), ClProbe.result());
    }

    @Test
    void availablePlatformListsItsDevices() {
        OpenClTests.requireOpenCl();
        ClProbe.Result r = ClProbe.result();
        assertFalse(r.devices().isEmpty());
        assertTrue(r.reason().isEmpty());
    }
}
