/**
 * The ops, one class each with its forward ({@code apply}) and backward side by side, grouped by
 * family: {@code elementwise}, {@code reduce}, {@code shape} (views, concat/stack, index ops),
 * {@code linalg} (matmul) and {@code nn} (linear, convolution, pooling, normalisation, softmax,
 * losses, dropout, embedding, attention). {@link org.mimo4j.engine.ops.F} is the functional facade
 * of the nn ops; the others are {@link org.mimo4j.engine.tensor.Tensor} methods. Every op has an
 * entry in the test catalog ({@code OpCatalog}) with a double reference and gradient checks.
 *
 * <p>Device residency: conv2d, the unary elementwise ops, sum, mean, max, dropout (its mask drawn on the
 * host, uploaded once), maxPool2d, linear and crossEntropy, among others, also have a device path
 * ({@link org.mimo4j.engine.backend.DeviceKernels}), taken when the backend offers device kernels and
 * every input is dense; their results and gradients then stay on the device. Reshape of a contiguous
 * tensor is a view and passes gradients through wherever they live. Every other op runs on the host,
 * reading its inputs' host side (a download where the device copy is newer).
 */
package org.mimo4j.engine.ops;
