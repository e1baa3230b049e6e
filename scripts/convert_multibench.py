#!/usr/bin/env python3
"""One-time converter from MultiBench's affect pickles to the .npz files mimo4j reads.

MultiBench (Liang et al., 2021) distributes CMU-MOSEI and UR-FUNNY as Python pickles
(`mosei_senti_data.pkl`, `humor.pkl`): a dict with keys 'train', 'valid', 'test', each a dict of
NumPy arrays 'vision', 'audio', 'text' (shape [N, T, features]) and 'labels' ([N], [N, 1] or
[N, 1, 1]). Java cannot read pickles, so this script writes one .npz per split:

    OUTDIR/train.npz, OUTDIR/valid.npz, OUTDIR/test.npz
        vision, audio, text: float32 [N, T, features]
        labels:              float32 [N, 1]

As MultiBench does when it loads these pickles, NaN and infinite feature values (the audio
features hold -inf) are replaced by 0; the script reports how many. Nothing else is changed.

Usage (Debian: apt-get install python3-numpy):
    python3 scripts/convert_multibench.py mosei_senti_data.pkl ~/data/cmu-mosei
    python3 scripts/convert_multibench.py humor.pkl ~/data/ur-funny --compress

Then load with org.mimo4j.data.formats.CmuMoseiLoader / UrFunnyLoader on OUTDIR.
"""
import argparse
import os
import pickle
import sys

import numpy as np

SPLITS = ("train", "valid", "test")
MODALITIES = ("vision", "audio", "text")


def load_pickle(path):
    with open(path, "rb") as f:
        try:
            return pickle.load(f)
        except UnicodeDecodeError:
            # Pickles written by Python 2 need latin1 to decode their NumPy buffers.
            f.seek(0)
            return pickle.load(f, encoding="latin1")


def convert_split(name, split):
    if not isinstance(split, dict):
        sys.exit(f"split '{name}' is a {type(split).__name__}; expected a dict of arrays")
    missing = [k for k in MODALITIES + ("labels",) if k not in split]
    if missing:
        sys.exit(f"split '{name}' lacks {missing}; it has {sorted(split)}")
    out = {}
    n = None
    for key in MODALITIES:
        a = np.asarray(split[key], dtype=np.float32)
        if a.ndim != 3:
            sys.exit(f"split '{name}' array '{key}' has shape {a.shape}; expected [N, T, features]")
        bad = ~np.isfinite(a)
        if bad.any():
            print(f"{name}/{key}: replaced {int(bad.sum())} NaN/inf values by 0")
            a = np.where(bad, np.float32(0), a)
        n = a.shape[0] if n is None else n
        if a.shape[0] != n:
            sys.exit(f"split '{name}' array '{key}' has {a.shape[0]} samples; expected {n}")
        out[key] = np.ascontiguousarray(a)
    labels = np.asarray(split["labels"], dtype=np.float32).reshape(len(split["labels"]), -1)
    if labels.shape != (n, 1):
        sys.exit(f"split '{name}' labels have shape {np.shape(split['labels'])}; expected {n} scalar labels")
    out["labels"] = labels
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pickle", help="MultiBench pickle, e.g. mosei_senti_data.pkl or humor.pkl")
    parser.add_argument("outdir", help="folder for train.npz, valid.npz, test.npz")
    parser.add_argument("--compress", action="store_true", help="deflate the arrays (np.savez_compressed)")
    args = parser.parse_args()

    data = load_pickle(args.pickle)
    if not isinstance(data, dict) or any(s not in data for s in SPLITS):
        sys.exit(f"{args.pickle}: expected a dict with keys {SPLITS}, found "
                 f"{sorted(data) if isinstance(data, dict) else type(data).__name__}")
    os.makedirs(args.outdir, exist_ok=True)
    save = np.savez_compressed if args.compress else np.savez
    for name in SPLITS:
        arrays = convert_split(name, data[name])
        path = os.path.join(args.outdir, name + ".npz")
        save(path, **arrays)
        with np.load(path) as check:
            assert all(np.array_equal(check[k], v) for k, v in arrays.items()), path
        shapes = ", ".join(f"{k} {v.shape}" for k, v in arrays.items())
        print(f"wrote {path}: {shapes}")


if __name__ == "__main__":
    main()
