/**
 * The value type of the engine: {@link org.mimo4j.engine.tensor.Tensor} (float32, strided views,
 * autodiff), the shape and stride arithmetic behind it, and the one seeded
 * {@link org.mimo4j.engine.tensor.Rng}.
 */
package org.mimo4j.engine.tensor;
