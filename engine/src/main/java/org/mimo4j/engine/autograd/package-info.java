/**
 * Reverse-mode automatic differentiation: the recorded {@link org.mimo4j.engine.autograd.Node}s, the
 * iterative {@link org.mimo4j.engine.autograd.Backprop} sweep and the
 * {@link org.mimo4j.engine.autograd.NoGrad} scope. The rules are documented on
 * {@link org.mimo4j.engine.tensor.Tensor}. Gradients travel as storages, so with a device backend
 * they stay on the device from the seed to the leaves; on the host, the arrays a pass drops are
 * recycled into the next pass ({@link org.mimo4j.engine.autograd.GradientArrays}).
 */
package org.mimo4j.engine.autograd;
