package org.mimo4j.kernels;

import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT;
import static org.jocl.CL.CL_DEVICE_PLATFORM;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DRIVER_VERSION;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_QUEUE_PROFILING_ENABLE;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * One OpenCL device with its context and in-order queue: the thing every kernel launch and buffer
 * belongs to. Chooses the device (a GPU if there is one, else a CPU device, else any), unless the
 * system property {@value #DEVICE_PROPERTY} asks for {@code gpu}, {@code cpu} or {@code accelerator}.
 */
public final class ClRuntime implements AutoCloseable {
    /** System property naming the wanted device type: auto (default), gpu, cpu, accelerator. */
    public static final String DEVICE_PROPERTY = "mimo4j.opencl.device";

    private final cl_platform_id platform;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final DeviceKind kind;
    private final int floatLanes;
    private final int computeUnits;
    private final String description;

    /** The broad class of device, which picks the kernels' tile parameters. */
    public enum DeviceKind { CPU, GPU, ACCELERATOR }

    private ClRuntime(cl_platform_id platform, cl_device_id device) {
        this.platform = platform;
        this.device = device;
        this.kind = kindOf(device);
        this.floatLanes = Math.max(1, ClInfo.intValue(device, CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT));
        this.computeUnits = Math.max(1, ClInfo.intValue(device, CL_DEVICE_MAX_COMPUTE_UNITS));
        this.description = ClInfo.string(device, CL_DEVICE_NAME) + " (" + ClInfo.string(platform, CL_PLATFORM_NAME)
                + ", " + ClInfo.string(device, CL_DEVICE_VERSION) + ", driver " + ClInfo.string(device, CL_DRIVER_VERSION) + ")";
        this.context = clCreateContext(null, 1, new cl_device_id[] {device}, null, null, null);
        // Profiling only for the traces, which read the kernels' device times; otherwise it is overhead.
        long properties = ClLauncher.Trace.fromProperty() != ClLauncher.Trace.OFF ? CL_QUEUE_PROFILING_ENABLE : 0;
        this.queue = clCreateCommandQueue(context, device, properties, null);
    }

    /** Opens the device chosen by {@value #DEVICE_PROPERTY}, or says why there is none. */
    public static ClRuntime open() throws BackendUnavailableException {
        ClProbe.Result probe = ClProbe.result();
        if (!probe.available()) {
            throw new BackendUnavailableException(probe.reason());
        }
        SignalChaining.warnOnce();
        String wanted = System.getProperty(DEVICE_PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        try {
            List<cl_device_id> found = candidates();
            for (long type : preference(wanted)) {
                for (cl_device_id d : found) {
                    if ((ClInfo.longValue(d, CL_DEVICE_TYPE) & type) != 0) {
                        return new ClRuntime(platformOf(d), d);
                    }
                }
            }
        } catch (CLException e) {
            throw new BackendUnavailableException("OpenCL device setup failed: " + e.getMessage(), e);
        }
        throw new BackendUnavailableException("no OpenCL device of type '" + wanted + "' (" + DEVICE_PROPERTY
                + "); devices present: " + probe.devices());
    }

    /**
     * A new context and queue on this runtime's device. A {@link ClBackend} owns and closes its runtime,
     * so the autotune gives each candidate backend one of these and keeps this one.
     */
    ClRuntime reopen() {
        try {
            return new ClRuntime(platform, device);
        } catch (CLException e) {
            throw new IllegalStateException("cannot open a second context on " + description + ": " + e.getMessage(), e);
        }
    }

    private static long[] preference(String wanted) {
        return switch (wanted) {
            case "auto" -> new long[] {CL_DEVICE_TYPE_GPU, CL_DEVICE_TYPE_CPU, CL_DEVICE_TYPE_ALL};
            case "gpu" -> new long[] {CL_DEVICE_TYPE_GPU};
            case "cpu" -> new long[] {CL_DEVICE_TYPE_CPU};
            case "accelerator" -> new long[] {CL_DEVICE_TYPE_ACCELERATOR};
            default -> throw new IllegalArgumentException(DEVICE_PROPERTY + " must be auto, gpu, cpu or accelerator, got '"
                    + wanted + "'");
        };
    }

    /** Every device of every platform, in the order the loader lists them. */
    private static List<cl_device_id> candidates() {
        int[] n = new int[1];
        clGetPlatformIDs(0, null, n);
        cl_platform_id[] platforms = new cl_platform_id[n[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<cl_device_id> out = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            int[] dn = new int[1];
            try {
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, dn);
            } catch (CLException e) {
                continue;
            }
            cl_device_id[] ids = new cl_device_id[dn[0]];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            out.addAll(List.of(ids));
        }
        return out;
    }

    private static cl_platform_id platformOf(cl_device_id d) {
        cl_platform_id[] p = new cl_platform_id[1];
        clGetDeviceInfo(d, CL_DEVICE_PLATFORM, Sizeof.cl_platform_id, Pointer.to(p), null);
        return p[0];
    }

    private static DeviceKind kindOf(cl_device_id d) {
        long type = ClInfo.longValue(d, CL_DEVICE_TYPE);
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            return DeviceKind.GPU;
        }
        return (type & CL_DEVICE_TYPE_CPU) != 0 ? DeviceKind.CPU : DeviceKind.ACCELERATOR;
    }

    public cl_context context() {
        return context;
    }

    public cl_command_queue queue() {
        return queue;
    }

    public cl_device_id device() {
        return device;
    }

    public DeviceKind kind() {
        return kind;
    }

    /**
     * Floats per native vector register (CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT): PoCL says 16 on AVX-512
     * CPUs and 8 on AVX2 ones, where the register-blocked kernels want smaller blocks
     * ({@link ClTuning#forDevice}).
     */
    public int floatLanes() {
        return floatLanes;
    }

    /**
     * CL_DEVICE_MAX_COMPUTE_UNITS: an NVIDIA GPU's streaming multiprocessors (132 on an H100 or H200), a CPU's
     * hardware threads; a GPU GEMM wants at least this many work-groups ({@link ClGemm#forShape}).
     */
    public int computeUnits() {
        return computeUnits;
    }

    /** Device name, platform, OpenCL version and driver version: also part of the binary-cache key. */
    public String description() {
        return description;
    }

    /** Waits until every enqueued command has finished. */
    public void finish() {
        clFinish(queue);
    }

    @Override
    public void close() {
        clFinish(queue);
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }
}
