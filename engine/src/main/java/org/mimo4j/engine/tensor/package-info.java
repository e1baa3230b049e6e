/**
 * The value type of the engine: {@link org.mimo4j.engine.tensor.Tensor} (float32, strided views,
 * autodiff), the {@link org.mimo4j.engine.tensor.Storage} behind it (a host array plus, with a device
 * backend, a {@link org.mimo4j.engine.tensor.DeviceMirror}; whichever side was written last is
 * current), the shape and stride arithmetic, and the one seeded {@link org.mimo4j.engine.tensor.Rng}.
 * Read host values with {@code data()}; modify them in place only through {@code storage().write()}.
 * Device memory is given back deterministically by a {@link org.mimo4j.engine.backend.DeviceScope}
 * around each step (storages made inside it, unless their {@code lifetime} ties them to an older
 * tensor), and otherwise when the garbage collector finds a storage unreachable.
 */
package org.mimo4j.engine.tensor;
