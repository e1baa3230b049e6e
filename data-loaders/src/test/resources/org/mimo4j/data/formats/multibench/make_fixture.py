#!/usr/bin/env python3
"""Builds a tiny pickle in MultiBench's mosei_senti_data.pkl structure (labels [N, 1, 1], -inf in
the audio, as in the real file) and runs scripts/convert_multibench.py on it, producing the
train/valid/test.npz that CmuMoseiLoaderTest reads. Feature values are (i % 7) - 3 over
the flat index i of each array, which the test recomputes. Run from this folder:
    python3 make_fixture.py   (Debian: python3-numpy)"""
import os
import pickle
import subprocess
import sys

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sizes = {"train": 3, "valid": 2, "test": 2}
scores = {"train": [-2.6, 0.0, 1.4], "valid": [0.4, -0.6], "test": [3.0, -3.0]}
dims = {"vision": 35, "audio": 74, "text": 300}
data = {}
for split, n in sizes.items():
    d = {}
    for key, f in dims.items():
        d[key] = ((np.arange(n * 5 * f) % 7) - 3).astype(np.float64).reshape(n, 5, f)
    d["audio"][0, 0, 0] = -np.inf
    d["labels"] = np.array(scores[split]).reshape(n, 1, 1)
    d["id"] = np.array([f"{split}{i}" for i in range(n)])
    data[split] = d
pkl = os.path.join(here, "mosei_tiny.pkl")
with open(pkl, "wb") as f:
    pickle.dump(data, f)
script = os.path.join(here, "../../../../../../../../../scripts/convert_multibench.py")
subprocess.run([sys.executable, script, pkl, here], check=True)
os.remove(pkl)
