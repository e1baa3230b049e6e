/**
 * Views (reshape, permute, slice, expand), contiguous copies, concat/stack and the index ops
 * (indexSelect, gather).
 */
package org.mimo4j.engine.ops.shape;
