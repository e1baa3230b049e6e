#!/usr/bin/env python3
"""Writes the tiny .npy/.npz fixtures that NpyReaderTest and NpzReaderTest read, using NumPy itself,
so those tests check mimo4j against the reference writer. Values follow simple formulas that the
tests recompute. Regenerate with: python3 make_fixtures.py (Debian: python3-numpy)."""
import numpy as np

def values(n):
    # (i * 7 % 11) - 5: small signed integers, exactly representable in every dtype we test.
    return (np.arange(n) * 7 % 11) - 5

shape = (2, 3, 4)
n = 24
np.save("f4.npy", (values(n) / 4).astype("<f4").reshape(shape))
np.save("f8_big.npy", (values(n) / 4).astype(">f8").reshape(shape))
np.save("f2.npy", (values(n) / 4).astype("<f2").reshape(shape))
np.save("u1.npy", (values(n) + 5).astype("u1").reshape(shape))
np.save("i2.npy", values(n).astype("<i2").reshape(shape))
np.save("i4.npy", values(n).astype("<i4").reshape(shape))
np.save("i8.npy", values(n).astype("<i8").reshape(shape))
np.save("b1.npy", (values(n) > 0).reshape(shape))
np.save("scalar.npy", np.float32(2.5))
np.save("empty.npy", np.zeros((0, 5), dtype="<f4"))
np.save("fortran.npy", np.asfortranarray((values(n) / 4).astype("<f4").reshape(4, 6)))
with open("v2.npy", "wb") as f:
    a = (values(n) / 4).astype("<f4").reshape(shape)
    np.lib.format.write_array(f, a, version=(2, 0))
with open("v3.npy", "wb") as f:
    np.lib.format.write_array(f, values(n).astype("<i4").reshape(shape), version=(3, 0))
np.savez("stored.npz", x=(values(n) / 4).astype("<f4").reshape(shape), y=values(6).astype("<i8"))
np.savez_compressed("deflated.npz", x=(values(n) / 4).astype("<f4").reshape(shape), y=values(6).astype("<i8"))
