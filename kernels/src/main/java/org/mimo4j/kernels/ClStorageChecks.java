package org.mimo4j.kernels;

import org.mimo4j.engine.tensor.Storage;

/**
 * Entry checks of {@link ClDeviceKernels}, the storage twins of {@link ClChecks}: a storage of the
 * wrong length or an output aliasing an input is reported naming the operation and the argument
 * before any kernel runs, because on the device it would read or write out of bounds silently.
 */
final class ClStorageChecks {
    private ClStorageChecks() {
    }

    /** {@code s} must hold exactly {@code want} floats (device kernels take dense, whole storages). */
    static void length(String op, String name, Storage s, long want) {
        if (s == null) {
            throw new IllegalArgumentException(op + ": " + name + " is null");
        }
        if (s.length() != want) {
            throw new IllegalArgumentException(op + ": " + name + " has " + s.length() + " floats, expected " + want);
        }
    }

    /** {@code out} must be none of {@code inputs} (named by {@code names}, null entries skipped). */
    static void distinct(String op, String outName, Storage out, String[] names, Storage... inputs) {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null && out == inputs[i]) {
                throw new IllegalArgumentException(op + ": output " + outName + " must not alias input " + names[i]);
            }
        }
    }

    /** A size argument must be >= 0 and the product of the sizes must fit a storage. */
    static long count(String op, String what, int... sizes) {
        long n = 1;
        for (int v : sizes) {
            if (v < 0) {
                throw new IllegalArgumentException(op + ": " + what + " must be >= 0, got " + v);
            }
            n *= v;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": " + what + " make " + n + " elements, more than a storage holds");
        }
        return n;
    }
}
