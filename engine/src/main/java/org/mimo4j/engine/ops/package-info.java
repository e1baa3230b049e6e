/**
 * The ops, one class each with its forward ({@code apply}) and backward side by side, grouped by
 * family: {@code elementwise}, {@code reduce}, {@code shape} (views, concat/stack, index ops),
 * {@code linalg} (matmul) and {@code nn} (linear, convolution, pooling, normalisation, softmax,
 * losses, dropout, embedding, attention). {@link org.mimo4j.engine.ops.F} is the functional facade
 * of the nn ops; the others are {@link org.mimo4j.engine.tensor.Tensor} methods. Every op has an
 * entry in the test catalog ({@code OpCatalog}) with a double reference and gradient checks.
 */
package org.mimo4j.engine.ops;
