/**
 * The OpenCL backend (through JOCL): {@link org.mimo4j.kernels.ClBackend} implements the engine's
 * {@link org.mimo4j.engine.backend.Backend} and registers as {@code opencl} through
 * {@link org.mimo4j.kernels.ClBackendProvider}, so {@code --backend opencl|auto} or
 * {@code -Dmimo4j.backend=opencl} selects it and the engine never imports this package.
 *
 * <p>Layers, bottom up: {@link org.mimo4j.kernels.ClProbe} (is OpenCL usable here, and if not, why),
 * {@link org.mimo4j.kernels.ClRuntime} (device, context, queue), {@link org.mimo4j.kernels.ClProgramBuilder}
 * (builds with the driver's log in errors, binary cache on disk), {@link org.mimo4j.kernels.ClBufferPool}
 * (recycled device buffers), then the kernel families, one source file each, tiled per device by
 * {@link org.mimo4j.kernels.ClTuning}: GEMM ({@code matmul.cl}), convolution ({@code conv2d.cl}),
 * attention ({@code attention.cl}), elementwise ops ({@code elementwise.cl}), bias-gradient sums
 * ({@code reduce.cl}), max pooling ({@code pool.cl}), cross-entropy ({@code loss.cl}), the SGD and
 * Adam updates ({@code optim.cl}), softmax, log-softmax, layer norm and batch norm ({@code norm.cl}),
 * and picking by index for IndexSelect, Gather and Embedding ({@code index.cl}).
 *
 * <p>Tuning: {@link org.mimo4j.kernels.ClAutotune} ({@code mimo4j tune}) measures candidate GEMM tiles on
 * the device once, after checking each against the CPU backend; {@link org.mimo4j.kernels.ClTuneCache}
 * keeps the choice on disk per device and {@code matmul.cl}; {@link org.mimo4j.kernels.ClTuningChoice}
 * gives a backend its row: forcing property, else cached result, else the table. On CPU devices the
 * table's register blocks follow the vector registers ({@link org.mimo4j.kernels.ClRuntime#floatLanes()}):
 * 8 x 32 GEMM tiles where they hold 16 floats (AVX-512), 6 x 16 where they hold 8 (AVX2), and the
 * convolution kernels' blocks likewise ({@code ClConvTiles}), since a block whose accumulators overflow
 * the register file spills on every multiply-add (half the speed, or worse, on an AVX2 machine). On GPUs
 * the table row builds a ladder of tiles ({@link org.mimo4j.kernels.ClTuning#tileLadder}): each GEMM gets
 * the largest tile that still gives every compute unit a work-group, and convolution and attention run on
 * the smallest; their packing kernels have GPU forms with neighbouring work-items on neighbouring floats.
 *
 * <h2>Residency: tensors stay on the device between ops</h2>
 * The host-array {@code Backend} methods copy in and out on every call. {@code ClBackend.deviceKernels()}
 * instead works on the engine's {@link org.mimo4j.engine.tensor.Storage}s: a storage a kernel touches gets
 * a device buffer of this backend (its {@code ClMirror}), inputs are uploaded only when their host copy
 * is newer than the device's, and outputs are only marked as written on the device. Values come back
 * to the host when something reads the storage (an op without a device kernel, {@code item()}, a
 * checkpoint). So a training step of a CNN built from the ops below uploads the batch (images and
 * labels) and downloads the 4-byte loss, and nothing else; {@link org.mimo4j.kernels.ClBackend#transfers()}
 * counts every copy, and {@code ClResidentStepTest} holds a training step to that count. The AV-Digits
 * model's step (LeNet and MLP encoders, concat fusion, per-modality heads, Adam) is held to the same
 * rule by mimo's {@code AvDigitsStepOnOpenClTest}: image, audio and labels up, the K loss values down.
 * <ul>
 *   <li>Device kernels: sgemm (linear, a product of two dense matrices, and their gradients), conv2d
 *       forward and both gradients, the bias add and both bias-gradient sums, add, sub, mul and div with
 *       a right operand that repeats along the left one's leading axes (a bias, a per-feature
 *       statistic, an equal shape) or is a host constant passed by value (a loss weight), the unary
 *       functions (relu, gelu, tanh, sigmoid, exp, log, sqrt, abs, neg, leaky relu, clamp, pow) forward
 *       and backward, sum, mean and max over axes (max with its arg-max saved on the device), dropout's
 *       products (its mask drawn by the host generator and uploaded once), max pooling forward and backward
 *       (without saved indices), cross-entropy forward and backward (label smoothing, mean or sum),
 *       copy, fill, add and axpy (backprop's gradient sums, accumulation and zeroing), the SGD update
 *       (momentum, Nesterov, weight decay) and the Adam / AdamW update, softmax and log-softmax along
 *       any axis, layer norm and batch norm forward and backward (batch norm's running-statistic update
 *       in training and its evaluation mode included; ClNormResidentStepTest holds models with them to
 *       the batch-up, loss-down count); attention forward and backward on dense q, k and v (the
 *       probabilities stay on the device for the backward).</li>
 *   <li>Everything else runs on the host and pays a download of its inputs and an upload of its
 *       outputs where a device op uses them next: batched or vector matmul and attention on strided
 *       views (host-array kernels, which copy in and out on every call), unary ops and reductions of
 *       views that are not dense (or of more than DeviceKernels.MAX_RANK axes), and whatever reads a value (item(), gradient clipping's norm, checkpoints).</li>
 *   <li>Ownership: a storage lives on at most one backend. One used by another {@code ClBackend} is
 *       read through that backend (if its device copy is newer) and moves over; its old buffer is
 *       freed at once.</li>
 *   <li>Lifetime: inside an {@code engine.backend.DeviceScope} (the trainer opens one per step) the
 *       storages made in the scope give their buffers back when it closes, and backward gives back each
 *       gradient in flight once it is consumed; any other storage's buffer returns to the pool when the
 *       storage becomes unreachable (a {@link java.lang.ref.Cleaner}). {@code ClBackend.close()} first
 *       downloads every live storage whose newest values are on the device, so closing never loses
 *       values.</li>
 *   <li>Determinism: no kernel uses atomics; every reduction (bias gradients, the loss, the softmax and
 *       normalisation statistics) sums in an order
 *       fixed by the work-group size, so a device gives bitwise repeatable results.</li>
 * </ul>
 *
 * <p>System properties: {@code mimo4j.opencl.device} (auto, gpu, cpu, accelerator),
 * {@code mimo4j.opencl.cache} (binary cache directory or {@code off}), {@code mimo4j.opencl.options}
 * (extra build options), {@code mimo4j.opencl.gemm} (GEMM kernel: {@code packed}, {@code packed:TMxNV},
 * {@code tiled} or {@code tiled:BMxBNxBK:RMxRN}, for every GEMM), {@code mimo4j.opencl.tile} (tile TMxNV of the packed
 * kernel), {@code mimo4j.opencl.convTiles} (the convolution kernels' blocks, {@code RxC:LN}: weight-gradient
 * tiles of R channels x C taps, LN = 8 or 16 channels across conv_lanes' vectors), {@code mimo4j.opencl.convGrid},
 * {@code mimo4j.opencl.convLanes} and {@code mimo4j.opencl.convLanesForm} (convolution routes, for A/B runs: see
 * {@code ClConv}), {@code mimo4j.opencl.softmaxBlocks} (the attention's row kernels, see {@code ClAttention}),
 * {@code mimo4j.opencl.autotune} ({@code cached}, {@code run} or {@code off}: how backends use
 * the autotune's cached result) and {@code mimo4j.opencl.trace} ({@code true}: a wait after each kernel and its
 * wall and device times on stderr; {@code timeline}: no extra waits, and at each wait the kernels since the last
 * as the queue ran them, with the device's idle time before each: see {@code ClTimeline}).
 */
package org.mimo4j.kernels;
