#!/usr/bin/env bash
# Which sgemm_tiled tile suits which GEMM shape on the GPU. The GPU row's 128 x 128 tiles lose most on
# convolutions with few output channels (LeNet's 112x112 layers: 6 and 16, 4-11x cuDNN's time on an
# H100, the other layers 0.75-1.34x): this times those layers, CIFAR's and the resident SGEMM under each
# candidate tile, forced through mimo4j.opencl.gemm, one JMH run per tile, and prints ms per call by
# workload and tile. For the same bundle as run-gpu.sh, on the same machine after it (about 4 minutes):
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
[ ${#tiles[@]} -gt 0 ] || tiles=(tiled tiled:64x64x16:4x4 tiled:32x64x16:4x4 tiled:16x64x16:4x4)
i=0
for tile in "${tiles[@]}"; do
  i=$((i + 1))
  echo "== $tile"
  timeout 90 java -jar "$jars/benchmarks.jar" '^org\.mimo4j\.bench\.kernels\.Conv2dBenchmark\.forwardBackward' \
    '^org\.mimo4j\.bench\.kernels\.ResidentSgemmBenchmark\.' -p backend=opencl -p n=1024 \
    -p layer=lenet112-conv1,lenet112-conv2,cifar3x32x32-k3-c64 -f 2 -wi 2 -w 1 -i 3 -r 1 \
    -jvmArgsPrepend "-Dmimo4j.opencl.device=$device -Dmimo4j.opencl.gemm=$tile" \
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
        name = r["benchmark"].split(".")[-2] + "[" + p.get("layer", "n=" + p.get("n", "")) + "]"
        m = r["primaryMetric"]
        ms = m["score"] if m["scoreUnit"] == "ms/op" else 1000.0 / m["score"]
        rows.setdefault(name, {})[tile] = ms
print("ms per call (JMH mean, 2 forks x 3 x 1 s)")
print("| workload | " + " | ".join(tiles) + " |")
print("|---|" + "---:|" * len(tiles))
for name, by in sorted(rows.items()):
    print(f"| {name} | " + " | ".join(f"{by[t]:.3f}" if t in by else "-" for t in tiles) + " |")
PY
