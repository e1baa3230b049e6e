/** Sum, mean and max over chosen axes, with or without keepdim. */
package org.mimo4j.engine.ops.reduce;
