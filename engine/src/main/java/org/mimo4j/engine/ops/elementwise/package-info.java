/** Elementwise ops with NumPy broadcasting (binary) or one input (unary). */
package org.mimo4j.engine.ops.elementwise;
