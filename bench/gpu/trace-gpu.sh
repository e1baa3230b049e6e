#!/usr/bin/env bash
# Where a convolution's time goes on the GPU, kernel by kernel, under each candidate sgemm_tiled tile:
# runs Conv2dBenchmark.forwardBackward briefly with mimo4j.opencl.trace=true (each launch waits for its
# kernel and prints its device time from the queue's profiling counters) and sums the device time per
# kernel and launch shape for one call. For the same bundle as run-gpu.sh (about 15 s a tile on an H200):
#   OUT=/tmp/gpu bench/gpu/trace-gpu.sh [TILE ...]     # -> $OUT/trace/trace-<n>.log, trace.txt
# LAYERS (comma-separated Conv2dBenchmark layers) narrows the layers.
set -uo pipefail
out=${OUT:-/tmp/gpu-run}
res="$out/trace"
mkdir -p "$res"
exec > >(tee "$res/run.log") 2>&1
# shellcheck source=gpu-env.sh
. bench/gpu/gpu-env.sh
layers=${LAYERS:-lenet112-conv1,lenet112-conv2,cifar3x32x32-k3-c64,smallcnn-conv2}
tiles=("$@")
[ ${#tiles[@]} -gt 0 ] || tiles=(auto tiled)
i=0
for tile in "${tiles[@]}"; do
  i=$((i + 1))
  echo "== $tile"
  timeout 90 java -jar "$jars/benchmarks.jar" '^org\.mimo4j\.bench\.kernels\.Conv2dBenchmark\.forwardBackward' \
    -p backend=opencl -p layer="$layers" -f 1 -wi 1 -w 300ms -i 1 -r 300ms \
    -jvmArgsPrepend "-Dmimo4j.opencl.device=$device $(forced "$tile") -Dmimo4j.opencl.trace=true" \
    > "$res/trace-$i.log" 2>&1
  echo "jmh exit: $?"
  echo "$tile" > "$res/tile-$i.txt"
done
python3 - "$res" <<'PY' | tee "$res/trace.txt"
import glob, os, re, statistics, sys
res = sys.argv[1]
line = re.compile(r"mimo4j opencl: (\S+)\s+global=(\[[^\]]*\])\s+([\d.]+) us wall\s+([\d.]+) us device")
layer = re.compile(r"# Parameters: .*layer = ([^,)]+)")
for f in sorted(glob.glob(os.path.join(res, "trace-*.log")), key=lambda p: int(p.split("-")[-1][:-4])):
    tile = open(f.replace("trace-", "tile-").replace(".log", ".txt")).read().strip()
    runs, cur = {}, None
    for ln in open(f, errors="replace"):
        m = layer.search(ln)
        if m:
            cur = m.group(1)
            continue
        m = line.search(ln)
        if m and cur:
            runs.setdefault(cur, {}).setdefault((m.group(1), m.group(2)), []).append(float(m.group(4)))
    for name, by in runs.items():
        # Every kernel runs at least once a call: the rarest launch counts the calls. Medians drop the first
        # launches, which include the build.
        calls = min(len(v) for v in by.values())
        rows = sorted(((statistics.median(v) * len(v) / calls, len(v) / calls, statistics.median(v), k)
                       for k, v in by.items()), reverse=True)
        print(f"\n{tile}  {name}: {sum(r[0] for r in rows):.1f} us device per call ({calls} calls traced)")
        for per_call, times, med, (kernel, glob_) in rows:
            print(f"  {per_call:9.1f} us  {times:4.1f} x {med:8.1f} us  {kernel:20s} {glob_}")
PY
