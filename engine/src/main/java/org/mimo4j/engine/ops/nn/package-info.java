/**
 * Neural-network ops: linear, conv2d, pooling, batch and layer norm, softmax, log-softmax,
 * cross-entropy, dropout, embedding and scaled dot-product attention.
 */
package org.mimo4j.engine.ops.nn;
