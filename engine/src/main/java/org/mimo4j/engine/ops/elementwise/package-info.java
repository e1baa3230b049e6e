/**
 * Elementwise ops with NumPy broadcasting (binary) or one input (unary). The unary ops share one device
 * kernel pair (DeviceKernels.unary / unaryBackward, by {@code DeviceKernels.Unary}); their host loops are
 * the ops' {@code hostForward} / {@code hostBackward}, reached by kind through {@link
 * org.mimo4j.engine.ops.elementwise.UnaryHost}.
 */
package org.mimo4j.engine.ops.elementwise;
