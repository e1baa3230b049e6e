package org.mimo4j.kernels;

import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseProgram;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jocl.cl_kernel;
import org.jocl.cl_program;
import org.junit.jupiter.api.Test;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * ClLauncher sets only the arguments that differ from what the kernel object holds since its last
 * launch: a repeated launch sets none, and a changed value, vector or buffer is set and takes effect
 * (the results of every launch are read back, so a skipped change would show as a wrong value).
 */
class ClLauncherArgumentsTest {
    private static final String SOURCE = "__kernel void put(__global float* y, int i, float v, int2 add) {"
            + " if (get_global_id(0) == 0) { y[i] = v + add.x * 10 + add.y * 100; } }";

    @Test
    void aLaunchSetsOnlyTheArgumentsThatChanged() throws BackendUnavailableException {
        try (ClRuntime rt = open()) {
            ClLauncher launcher = new ClLauncher(rt);
            ClBufferPool pool = new ClBufferPool(rt.context(), 0);
            ClHost host = new ClHost(rt);
            cl_program program = clCreateProgramWithSource(rt.context(), 1, new String[] {SOURCE}, null, null);
            clBuildProgram(program, 0, null, "", null, null);
            cl_kernel put = clCreateKernel(program, "put", null);
            ClBuffer a = pool.acquire(4), b = pool.acquire(4);
            host.write(a, new float[4], 0, 4);
            host.write(b, new float[4], 0, 4);
            long set0 = launcher.argumentsSet();
            launcher.launch1d("put", put, 1, 1, a, 0, 1f, new int[] {0, 0});
            assertEquals(4, launcher.argumentsSet() - set0, "the first launch sets every argument");
            launcher.launch1d("put", put, 1, 1, a, 0, 1f, new int[] {0, 0});
            assertEquals(4, launcher.argumentsSet() - set0, "an identical launch sets none");
            launcher.launch1d("put", put, 1, 1, a, 1, 2f, new int[] {0, 0});
            launcher.launch1d("put", put, 1, 1, a, 2, 2f, new int[] {3, 0});
            launcher.launch1d("put", put, 1, 1, b, 2, 2f, new int[] {3, 0});
            launcher.launch1d("put", put, 1, 1, b, 3, -0f, new int[] {0, 4});
            assertEquals(12, launcher.argumentsSet() - set0, "then i and v; i and the int2; the buffer; i, v and the int2");
            assertArrayEquals(new float[] {1, 2, 32, 0}, read(host, a));
            assertArrayEquals(new float[] {0, 0, 32, 400}, read(host, b));
            clReleaseKernel(put);
            clReleaseProgram(program);
            pool.release(a);
            pool.release(b);
            pool.close();
        }
    }

    private static ClRuntime open() throws BackendUnavailableException {
        OpenClTests.requireOpenCl();
        return ClRuntime.open();
    }

    private static float[] read(ClHost host, ClBuffer b) {
        float[] out = new float[4];
        host.download(b, out, 0, 4);
        return out;
    }
}
