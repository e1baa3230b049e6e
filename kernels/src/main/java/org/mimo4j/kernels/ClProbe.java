package org.mimo4j.kernels;

import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetPlatformIDs;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Answers once per JVM whether OpenCL can be used here, and if not, why in words a person can act on.
 *
 * <p>It lives in a class of its own because touching {@code org.jocl.CL} is what fails: JOCL 2.0.5
 * loads the unversioned {@code libOpenCL.so} (Debian ships it only in {@code ocl-icd-opencl-dev}), so
 * the first touch throws {@link UnsatisfiedLinkError} and every later one {@link NoClassDefFoundError};
 * with a loader but no driver the platform query fails with {@code CL_PLATFORM_NOT_FOUND_KHR}. The
 * probe catches {@link Throwable} once and caches the answer, so no caller ever sees those errors.
 */
public final class ClProbe {

    /** The cached answer: whether a device exists, the reason when not, and what was found. */
    public record Result(boolean available, String reason, List<String> devices) {
    }

    private static volatile Result cached;

    private ClProbe() {
    }

    /** Probes on first call and returns the same answer ever after. */
    public static Result result() {
        Result r = cached;
        if (r == null) {
            synchronized (ClProbe.class) {
                if (cached == null) {
                    cached = probe();
                }
                r = cached;
            }
        }
        return r;
    }

    private static Result probe() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) {
                return unavailable(noPlatform());
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<String> devices = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                for (cl_device_id d : devicesOf(p)) {
                    devices.add(ClInfo.string(p, CL_PLATFORM_NAME) + ": " + ClInfo.string(d, CL_DEVICE_NAME));
                }
            }
            if (devices.isEmpty()) {
                return unavailable("OpenCL platforms exist but none reports a device");
            }
            return new Result(true, "", List.copyOf(devices));
        } catch (Throwable t) {
            return unavailable(explain(t));
        }
    }

    private static List<cl_device_id> devicesOf(cl_platform_id p) {
        int[] n = new int[1];
        try {
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
        } catch (CLException e) {
            return List.of();
        }
        cl_device_id[] ids = new cl_device_id[n[0]];
        clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
        return List.of(ids);
    }

    /** Turns what the first touch of JOCL threw into a reason that says what to install. */
    static String explain(Throwable t) {
        if (t instanceof UnsatisfiedLinkError) {
            return "JOCL could not load the OpenCL loader libOpenCL.so (install ocl-icd-opencl-dev, which provides"
                    + " the unversioned library JOCL 2.0.5 links against): " + t.getMessage();
        }
        if (t instanceof NoClassDefFoundError) {
            return "org.jocl.CL failed to initialise earlier in this JVM, usually because libOpenCL.so is missing"
                    + " (install ocl-icd-opencl-dev): " + t.getMessage();
        }
        if (t instanceof CLException e && e.getStatus() == CL.CL_PLATFORM_NOT_FOUND_KHR) {
            return noPlatform();
        }
        return "OpenCL probe failed: " + t;
    }

    private static String noPlatform() {
        return "the OpenCL loader found no platform (no ICD driver registered in /etc/OpenCL/vendors;"
                + " install e.g. pocl-opencl-icd for the CPU or the GPU vendor's driver)";
    }

    private static Result unavailable(String reason) {
        return new Result(false, reason, List.of());
    }
}
