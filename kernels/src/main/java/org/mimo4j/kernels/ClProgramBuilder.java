package org.mimo4j.kernels;

import static org.jocl.CL.CL_PROGRAM_BINARIES;
import static org.jocl.CL.CL_PROGRAM_BINARY_SIZES;
import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateProgramWithBinary;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;
import static org.jocl.CL.clGetProgramInfo;
import static org.jocl.CL.clReleaseProgram;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_program;
import org.mimo4j.engine.backend.BackendUnavailableException;

/**
 * Builds OpenCL programs for one {@link ClRuntime}, with the driver's full build log in the exception
 * when the compiler refuses a kernel, and a binary cache on disk so that later JVMs skip the compiler
 * (PoCL spends 0.5-0.7 s per first build). The cache key hashes the source, the build options and the
 * device description (name, platform, OpenCL and driver version), so a driver update never loads a
 * stale binary. The directory is {@value #CACHE_PROPERTY}, else {@code ~/.cache/mimo4j/cl}; the value
 * {@code off} disables it. A cache that cannot be written is skipped: it only saves time.
 */
public final class ClProgramBuilder {
    /** A line {@code #include "name"} of a kernel source, whose resource {@link #resource} puts in its place. */
    private static final Pattern INCLUDE = Pattern.compile("(?m)^#include \"([A-Za-z0-9_.]+)\"$");
    /** System property: the binary cache directory, or {@code off}. */
    public static final String CACHE_PROPERTY = "mimo4j.opencl.cache";

    private final ClRuntime runtime;
    private final Path cacheDir;

    /** A builder caching in {@value #CACHE_PROPERTY}'s directory (default {@code ~/.cache/mimo4j/cl}). */
    public ClProgramBuilder(ClRuntime runtime) {
        this(runtime, defaultCacheDir());
    }

    /** A builder caching binaries in {@code cacheDir}, or not at all when it is null. */
    public ClProgramBuilder(ClRuntime runtime, Path cacheDir) {
        this.runtime = runtime;
        this.cacheDir = cacheDir;
    }

    /**
     * {@value #CACHE_PROPERTY}'s directory, else {@code ~/.cache/mimo4j/cl}; null when it is {@code off}.
     * The autotune's results ({@link ClTuneCache}) live here too.
     */
    static Path defaultCacheDir() {
        String dir = System.getProperty(CACHE_PROPERTY,
                Path.of(System.getProperty("user.home"), ".cache", "mimo4j", "cl").toString());
        return dir.equals("off") ? null : Path.of(dir);
    }

    /**
     * Reads a kernel source shipped as a resource next to this class, e.g. {@code matmul.cl}, with each
     * line {@code #include "name"} replaced by the resource of that name (the driver's compiler cannot
     * see resources, and one definition serves every program that needs it, e.g. {@code relu.h}).
     */
    public static String resource(String file) {
        try (InputStream in = ClProgramBuilder.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + file + " is missing from the kernels jar");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return INCLUDE.matcher(source).replaceAll(m -> Matcher.quoteReplacement(resource(m.group(1))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel source " + file + ": " + e.getMessage(), e);
        }
    }

    /** Builds {@code source} (named {@code name} in messages) with {@code options}, from the cache when possible. */
    public cl_program build(String name, String source, String options) throws BackendUnavailableException {
        Path cached = cacheDir == null ? null : cacheDir.resolve(key(source, options) + ".bin");
        if (cached != null && Files.isRegularFile(cached)) {
            cl_program p = fromBinary(cached, options);
            if (p != null) {
                return p;
            }
        }
        cl_program p = clCreateProgramWithSource(runtime.context(), 1, new String[] {source}, null, null);
        compile(p, name, options);
        if (cached != null) {
            store(p, cached);
        }
        return p;
    }

    private void compile(cl_program p, String name, String options) throws BackendUnavailableException {
        try {
            clBuildProgram(p, 1, new cl_device_id[] {runtime.device()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new BackendUnavailableException("OpenCL program " + name + " failed to build (" + e.getMessage()
                    + ") with options '" + options + "' on " + runtime.description() + "; build log:\n" + log, e);
        }
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, runtime.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] log = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, runtime.device(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
            return new String(log, StandardCharsets.UTF_8).replace("\0", "").trim();
        } catch (CLException e) {
            return "(the driver returned no build log: " + e.getMessage() + ")";
        }
    }

    /** A binary the driver no longer accepts is deleted and rebuilt from source. */
    private cl_program fromBinary(Path file, String options) {
        try {
            byte[] bin = Files.readAllBytes(file);
            cl_program p = clCreateProgramWithBinary(runtime.context(), 1, new cl_device_id[] {runtime.device()},
                    new long[] {bin.length}, new byte[][] {bin}, new int[1], null);
            try {
                clBuildProgram(p, 1, new cl_device_id[] {runtime.device()}, options, null, null);
                return p;
            } catch (CLException e) {
                clReleaseProgram(p);
            }
        } catch (IOException | CLException e) {
            // fall through: an unreadable or rejected cache entry only costs a rebuild
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the rebuild below overwrites it atomically anyway
        }
        return null;
    }

    private void store(cl_program p, Path file) {
        try {
            long[] size = new long[1];
            clGetProgramInfo(p, CL_PROGRAM_BINARY_SIZES, Sizeof.size_t, Pointer.to(size), null);
            byte[] bin = new byte[(int) size[0]];
            clGetProgramInfo(p, CL_PROGRAM_BINARIES, Sizeof.POINTER, Pointer.to(Pointer.to(bin)), null);
            writeAtomically(file, bin);
        } catch (IOException | CLException e) {
            // a read-only or full cache directory must not stop the backend; the next run rebuilds
        }
    }

    /**
     * Writes {@code bytes} to a temporary file beside {@code file} and renames it over {@code file}, so a
     * reader (another JVM) sees the old file or the whole new one, never a partial write.
     */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String key(String source, String options) {
        return sha256(source, options, runtime.description());
    }

    /** Hex SHA-256 of the parts, each followed by a NUL byte (so ("ab", "c") and ("a", "bc") differ). */
    static String sha256(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
