/**
 * The OpenCL backend (through JOCL): {@link org.mimo4j.kernels.ClBackend} implements the engine's
 * {@link org.mimo4j.engine.backend.Backend} and registers as {@code opencl} through
 * {@link org.mimo4j.kernels.ClBackendProvider}, so {@code --backend opencl|auto} or
 * {@code -Dmimo4j.backend=opencl} selects it and the engine never imports this package.
 *
 * <p>Layers, bottom up: {@link org.mimo4j.kernels.ClProbe} (is OpenCL usable here, and if not, why),
 * {@link org.mimo4j.kernels.ClRuntime} (device, context, queue), {@link org.mimo4j.kernels.ClProgramBuilder}
 * (builds with the driver's log in errors, binary cache on disk), {@link org.mimo4j.kernels.ClBufferPool}
 * (recycled device buffers), then the kernel families: GEMM ({@code matmul.cl}), convolution
 * ({@code conv2d.cl}) and attention ({@code attention.cl}), tiled per device by
 * {@link org.mimo4j.kernels.ClTuning}.
 *
 * <p>System properties: {@code mimo4j.opencl.device} (auto, gpu, cpu, accelerator),
 * {@code mimo4j.opencl.cache} (binary cache directory or {@code off}), {@code mimo4j.opencl.options}
 * (extra build options), {@code mimo4j.opencl.gemm} (GEMM kernel: {@code packed}, {@code tiled} or
 * {@code tiled:BMxBNxBK:RMxRN}), {@code mimo4j.opencl.tile} (tile TMxNV of the packed kernel) and
 * {@code mimo4j.opencl.trace=true} (per-kernel timings on stderr).
 */
package org.mimo4j.kernels;
