package org.mimo4j.kernels;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
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

    /**
     * The lengths of an update's tensors, whose roles (w first, then g and the state slots; a null role
     * skipped) are named by {@code names}: every role holds as many storages as w, and the i-th of each
     * has w[i]'s length.
     */
    static int[] tensorLengths(String op, String[] names, Storage[]... roles) {
        Storage[] w = roles[0];
        for (int r = 1; r < roles.length; r++) {
            if (roles[r] != null && roles[r].length != w.length) {
                throw new IllegalArgumentException(op + ": " + w.length + " " + names[0] + " but " + roles[r].length
                        + " " + names[r]);
            }
        }
        int[] n = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            if (w[i] == null) {
                throw new IllegalArgumentException(op + ": " + names[0] + "[" + i + "] is null");
            }
            n[i] = w[i].length();
            for (int r = 1; r < roles.length; r++) {
                if (roles[r] != null) {
                    length(op, names[r] + "[" + i + "]", roles[r][i], n[i]);
                }
            }
        }
        return n;
    }

    /**
     * An optimizer update of several tensors writes each of {@code written}'s storages (the weights and
     * state slots; null arrays skipped) in one launch: they must be pairwise distinct and none of the
     * gradients {@code read}, else two work-groups would update one buffer at once.
     */
    static void writtenOnce(String op, Storage[] read, Storage[]... written) {
        Set<Storage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Storage[] role : written) {
            for (int i = 0; role != null && i < role.length; i++) {
                if (!seen.add(role[i])) {
                    throw new IllegalArgumentException(op + ": tensor " + i + " writes a storage that another tensor "
                            + "of the same update writes too");
                }
            }
        }
        for (int i = 0; i < read.length; i++) {
            if (seen.contains(read[i])) {
                throw new IllegalArgumentException(op + ": gradient " + i + " is a storage the update writes");
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

    /**
     * Checks a strided view of {@code s} (at most 6 axes, shape and strides of one rank, every element
     * inside the storage) and returns its element count.
     */
    static int view(String op, String name, Storage s, int offset, int[] shape, int[] strides) {
        if (shape.length > ClStrided.AXES || shape.length != strides.length) {
            throw new IllegalArgumentException(op + ": " + name + "'s shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " must have one rank of at most "
                    + ClStrided.AXES);
        }
        int n = (int) ClStorageChecks.count(op, name + "'s shape", shape);
        long lo = offset;
        long hi = offset;
        for (int d = 0; d < shape.length && n > 0; d++) {
            long reach = (long) (shape[d] - 1) * strides[d];
            lo += Math.min(reach, 0);
            hi += Math.max(reach, 0);
        }
        if (n > 0 && (s == null || lo < 0 || hi >= s.length())) {
            throw new IllegalArgumentException(op + ": " + name + "'s view (offset " + offset + ", shape "
                    + Arrays.toString(shape) + ", strides " + Arrays.toString(strides)
                    + ") reaches [" + lo + ", " + hi + "] outside a storage of " + (s == null ? "null" : s.length()));
        }
        return n;
    }

    /** All of {@code s} must be present and of one length, which is returned. */
    static int same(String op, String[] names, Storage... s) {
        length(op, names[0], s[0], lengthOf(s[0]));
        for (int i = 1; i < s.length; i++) {
            length(op, names[i], s[i], s[0].length());
        }
        return s[0].length();
    }

    /** The length of {@code s}, or -1 for a missing one (which {@link #length} then refuses). */
    static long lengthOf(Storage s) {
        return s == null ? -1 : s.length();
    }
}
