#!/usr/bin/env bash
# Which sgemm_tiled tile suits which GEMM shape on the GPU, for the GEMMs outside convolution (whose
# kernels trace-gpu.sh times one by one): the resident SGEMM at n = 512, 1024 and 2048, attention forward and
# backward (batched 64 x 64 products) and the small-CNN SGD step, under each candidate tile forced
# through mimo4j.opencl.gemm, one short JMH run per tile (one fork: it is a sweep that picks tiles, not a
# result to quote), and prints ms per call by workload and tile. For the same bundle as run-gpu.sh, on the
# same machine (about 15 s a tile on an H200):
#   OUT=/tmp/gpu bench/gpu/tiles-gpu.sh [TILE ...]     # -> $OUT/tiles/jmh-<n>.json, tiles.txt
set -uo pipefail
out=${OUT:-/tmp/gpu-run}
res="$out/tiles"
mkdir -p "$res"
exec > >(tee "$res/tiles.log") 2>&1
# shellcheck source=gpu-env.sh
. bench/gpu/gpu-env.sh
# Each valid for ClTuning: RM, RN multiples of 4 dividing BM, BN; at most 1024 work-items; BK*BM/4 and
# BK*BN/4 multiples of the work-group.
tiles=("$@")
[ ${#tiles[@]} -gt 0 ] || tiles=(auto tiled tiled:64x64x16:8x8 tiled:64x64x16:4x4 tiled:32x64x16:4x4 tiled:16x64x16:4x4)
i=0
for tile in "${tiles[@]}"; do
  i=$((i + 1))
  echo "== $tile"
  timeout 90 java -jar "$jars/benchmarks.jar" '^org\.mimo4j\.bench\.kernels\.ResidentSgemmBenchmark\.' \
    '^org\.mimo4j\.bench\.kernels\.AttentionBenchmark\.forwardBackward' '^org\.mimo4j\.bench\.compare\.SmallCnn' \
    -p backend=opencl -p n=512,1024,2048 -p causal=false -f 1 -wi 2 -w 300ms -i 3 -r 300ms \
    -jvmArgsPrepend "-Dmimo4j.opencl.device=$device $(forced "$tile")" \
    -rf json -rff "$res/jmh-$i.json" > "$res/jmh-$i.log" 2>&1
  echo "jmh exit: $?"
  echo "$tile" > "$res/tile-$i.txt"
done
python3 - "$res" <<'PY' | tee "$res/tiles.txt"
import glob, json, os, sys
res = sys.argv[1]
rows = {}
tiles = []
for f in sorted(glob.glob(os.path.join(res, "jmh-*.json")), key=lambda p: int(p.split("-")[-1][:-5])):
    tile = open(f.replace("jmh-", "tile-").replace(".json", ".txt")).read().strip()
    tiles.append(tile)
    for r in json.load(open(f)):
        p = r["params"]
        shown = ",".join(f"{k}={v}" for k, v in sorted(p.items()) if k != "backend")
        name = ".".join(r["benchmark"].split(".")[-2:]) + "[" + shown + "]"
        m = r["primaryMetric"]
        ms = m["score"] if m["scoreUnit"] == "ms/op" else 1000.0 / m["score"]
        rows.setdefault(name, {})[tile] = ms
print("ms per call (JMH mean, 1 fork x 3 x 0.3 s)")
print("| workload | " + " | ".join(tiles) + " |")
print("|---|" + "---:|" * len(tiles))
for name, by in sorted(rows.items()):
    print(f"| {name} | " + " | ".join(f"{by[t]:.3f}" if t in by else "-" for t in tiles) + " |")
PY
