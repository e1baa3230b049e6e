#!/usr/bin/python3
"""Writes h5py_sample.h5 with the reference HDF5 library (through h5py), so that Hdf5ReaderTest and
CorruptionSuiteTest check jhdf on files laid out the way the published AVE and MM-IMDB files are
(superblock v0, contiguous and chunked+gzip datasets, groups). Values follow (i * 7 % 11) - 5 over
the flat index, which the tests recompute. Only needed to regenerate the fixture (Debian:
apt-get install python3-h5py)."""
import h5py
import numpy as np

def values(n):
    return (np.arange(n) * 7 % 11) - 5

with h5py.File("h5py_sample.h5", "w") as f:
    f.create_dataset("contiguous_f4", data=(values(24) / 4).astype("<f4").reshape(2, 3, 4))
    f.create_dataset("chunked_gzip_f8", data=(values(350) / 4).astype("<f8").reshape(50, 7),
                     chunks=(10, 7), compression="gzip", compression_opts=6)
    f.create_dataset("u1", data=(values(24) + 5).astype("u1").reshape(4, 6))
    f.create_dataset("i2", data=values(12).astype("<i2"))
    f.create_dataset("i8", data=values(12).astype("<i8").reshape(3, 4))
    f.create_dataset("f2", data=(values(8) / 4).astype("<f2"))
    f.create_group("group").create_dataset("order", data=np.array([2, 0, 1], dtype="<i4"))
