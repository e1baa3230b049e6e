package org.mimo4j.kernels;

/**
 * A kernel argument asking for {@code floats} floats of work-group local memory: sized at launch
 * from the work-group size, so the reduction kernels need no compile-time constant for it.
 */
record ClLocal(int floats) {
}
