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
 */
final class GradientLifetimes {
    private final long firstSerial = Storage.serialNow();
    private final Map<Storage, int[]> refs = new IdentityHashMap<>();

    /** {@code s} was put into the pending map once more. */
    void held(Storage s) {
        refs.computeIfAbsent(s, k -> new int[1])[0]++;
    }

    /** The pending map gave up one reference to {@code s} (its node ran, or a sum replaced it). */
    void dropped(Storage s) {
        int[] n = refs.get(s);
        if (n != null && --n[0] == 0) {
            refs.remove(s);
            free(s);
        }
    }

    /** {@code s} was consumed where it was handed (added into a leaf); free it unless the map still holds it. */
    void settle(Storage s) {
        if (!refs.containsKey(s)) {
            free(s);
        }
    }

    private void free(Storage s) {
        if (s.lifetime() >= firstSerial && s.mirror() != null) {
            s.dropMirror();
        }
    }
}
