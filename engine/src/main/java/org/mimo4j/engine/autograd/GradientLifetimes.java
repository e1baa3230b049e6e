package org.mimo4j.engine.autograd;

import java.util.IdentityHashMap;
import java.util.Map;
import org.mimo4j.engine.tensor.Storage;

/**
 * When the gradients that one backward pass makes on the device can give their device memory back:
 * as soon as nothing will read them again, i.e. when the node they were handed to has run, or when a
 * sum has replaced them, or right after they were added into a leaf. It counts the references that
 * the pass's pending map holds to each storage (a node may hand one storage to several inputs, or
 * pass its own output gradient through), and frees a storage when its count drops to zero.
 *
 * <p>Only storages made during this pass are freed: the caller's seed and everything made in the
 * forward pass (saved activations) are older, and a kept storage (a leaf's gradient) is never freed.
 * This bounds a backward pass's device memory by the widest cut of the graph instead of its whole
 * set of gradients; a {@code DeviceScope} then frees the rest at the end of the step.
 *
 * <p>Host gradients get the same treatment through {@link GradientArrays}: an array the pass made is
 * recycled when no storage the pending map holds lives in it. Those references are counted per array,
 * not per storage, because the host path wraps what a node's backward returns in new storages, so
 * one array can sit under several (a node passing its output gradient through to two inputs).
 */
final class GradientLifetimes {
    private final long firstSerial = Storage.serialNow();
    private final Map<Storage, int[]> refs = new IdentityHashMap<>();
    private final Map<float[], int[]> arrayRefs = new IdentityHashMap<>();

    /** {@code s} was put into the pending map once more. */
    void held(Storage s) {
        refs.computeIfAbsent(s, k -> new int[1])[0]++;
        float[] a = GradientArrays.madeByPass(s);
        if (a != null) {
            arrayRefs.computeIfAbsent(a, k -> new int[1])[0]++;
        }
    }

    /** The pending map gave up one reference to {@code s} (its node ran, or a sum replaced it). */
    void dropped(Storage s) {
        float[] a = GradientArrays.madeByPass(s);
        int[] n = refs.get(s);
        if (n != null && --n[0] == 0) {
            refs.remove(s);
            free(s);
        }
        int[] m = a == null ? null : arrayRefs.get(a);
        if (m != null && --m[0] == 0) {
            arrayRefs.remove(a);
            GradientArrays.recycle(a);
        }
    }

    /**
     * Whether the leaf that receives {@code grads[i]} may keep that storage as its gradient instead of a
     * copy: a device gradient this pass made (so neither the caller's seed nor a value saved by the forward
     * pass), which the pending map does not hold (no node passes it on) and no other input of the node
     * receives. Host arrays are never handed over: the pass recycles them ({@link GradientArrays}).
     */
    boolean handOver(Storage[] grads, int i) {
        Storage s = grads[i];
        if (!s.mirrorCurrent() || s.lifetime() < firstSerial || refs.containsKey(s)) {
            return false;
        }
        for (int j = 0; j < grads.length; j++) {
            if (j != i && grads[j] == s) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} was consumed where it was handed (added into a leaf); free it unless the map still holds it. */
    void settle(Storage s) {
        float[] a = GradientArrays.madeByPass(s);
        if (!refs.containsKey(s)) {
            free(s);
        }
        if (a != null && !arrayRefs.containsKey(a)) {
            GradientArrays.recycle(a);
        }
    }

    private void free(Storage s) {
        if (s.lifetime() >= firstSerial && s.mirror() != null) {
            s.dropMirror();
        }
    }
}
