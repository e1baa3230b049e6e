#!/usr/bin/env bash
# The GPU check of the OpenCL backend, run on a machine with an NVIDIA GPU from the repository root
# with the bundle made by bench/gpu/make-bundle.sh in .gpu/: finds NVIDIA's OpenCL driver, runs the
# kernels module's tests (parity with the CPU backend, op catalog, small-CNN training) on the GPU,
# then JMH on the GPU with resident operands (SGEMM, conv2d and attention forward+backward, the
# small-CNN and AV-Digits steps) and the same workloads in the machine's PyTorch on CUDA. Everything
# lands in $OUT/gpu-run.tar.gz; render the report where the bundle was made:
#   tar -xzf gpu-run.tar.gz && java -cp bench/target/benchmarks.jar org.mimo4j.bench.report.ReportMain gpu-run
#
#   OUT=/tmp/gpu bench/gpu/run-gpu.sh
# A dry run here, on PoCL: OPENCL_LIB=/usr/lib/x86_64-linux-gnu/libpocl.so.2 DEVICE=cpu OUT=/tmp/gpu bench/gpu/run-gpu.sh
# Then, if device time is left: bench/gpu/trace-gpu.sh (kernel by kernel) or tiles-gpu.sh on the same machine.
# Each stage has its own time limit, and a stage that fails or runs out leaves the others running. The
# limits add up to 580 s, under the device tool's 600 s a call; on an H200 it took 3 min 20 s (the tests
# 75 s), with JMH's 0.5 s iterations (1 s ones took 6-7 minutes on an H100).
set -uo pipefail
out=${OUT:-/tmp/gpu-run}
res="$out/gpu-run"
mkdir -p "$res"
exec > >(tee "$res/run.log") 2>&1
finish() { tar -C "$out" -czf "$out/gpu-run.tar.gz" gpu-run; cp "$res/run.log" "$out/run.log"; }
trap finish EXIT

echo "== machine"; date -u; nvidia-smi -L; nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv
grep -m1 'model name' /proc/cpuinfo; nproc; cp /proc/cpuinfo "$res/cpuinfo.txt"
# shellcheck source=gpu-env.sh
. bench/gpu/gpu-env.sh

# The kernels tests, in a JVM watched through its progress file (TestProgressFile, one flushed line per
# test started and ended): a JVM that starts and ends no test for 60 s has every thread's stack dumped
# into its log (SIGQUIT), is killed, and the suite runs again without the class it hung in, until a
# round ends by itself or the stage's 150 s are spent. The first H100 run of this suite hung with
# nothing to show where: the launcher's own output is buffered and was lost with the JVM.
unfinished() { awk -F'\t' '$1 == "started" {s[$2] = $2 " (" $3 ")"} $1 == "finished" {delete s[$3]} END {for (k in s) print s[k]}' "$1"; }
run_tests() {
  # ClOclgrindTest checks the kernels on a simulator, which a GPU machine lacks (MIMO4J_REQUIRE_OPENCL=1
  # would fail it there): the builds here run it.
  local round=1 deadline=$((SECONDS + 150)) excluded=(--exclude-classname '.*ClOclgrindTest') pid progress log hung cls
  while :; do
    progress="$res/tests-progress-$round.txt" log="$res/tests-$round.log"
    : > "$progress"
    # Everything on -cp (not the launcher's own -cp) so tests that start a child JVM find their classes.
    MIMO4J_REQUIRE_OPENCL=1 java "${jvm[@]}" -Dmimo4j.test.progress="$progress" \
      -cp "$jars/junit-platform-console-standalone-1.10.2.jar:$jars/test-progress.jar:$jars/kernels-tests.jar:$jars/engine-tests.jar:$jars/benchmarks.jar" \
      org.junit.platform.console.ConsoleLauncher execute --select-package org.mimo4j.kernels "${excluded[@]}" \
      --details=summary --disable-banner --reports-dir "$res/junit-$round" > "$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null && [ $(($(date +%s) - $(stat -c %Y "$progress"))) -lt 60 ] && [ $SECONDS -lt $deadline ]; do
      sleep 2
    done
    if ! kill -0 "$pid" 2>/dev/null; then
      wait "$pid"; echo "tests round $round exit: $? (excluded: ${excluded[*]:-none})"; grep -A14 'Test run finished' "$log"
      grep -B2 -A6 'MethodSource\|=> ' "$log" | head -60
      return
    fi
    kill -QUIT "$pid"; sleep 3; kill -KILL "$pid"; wait "$pid" 2>/dev/null
    hung=$(unfinished "$progress")
    echo "tests round $round: stalled (no test started or ended for 60 s, or out of time); unfinished: ${hung:-none}"
    echo "  finished before it: $(grep -c '^finished' "$progress"); thread dump: $(basename "$log")"
    cls=$(echo "$hung" | sed -n 's/.*\[class:\([^]]*\)\].*/\1/p' | head -1)
    if [ -z "$cls" ] || [ $SECONDS -ge $deadline ]; then return; fi
    excluded+=(--exclude-classname "^${cls//./\\.}\$")
    round=$((round + 1))
  done
}
echo "== kernels tests on the GPU (MIMO4J_REQUIRE_OPENCL=1)"
run_tests

echo "== register spills of the GEMM kernels (NVIDIA's cached binaries are PTX; local loads/stores = spills)"
for f in "$HOME"/.cache/mimo4j/cl/*; do
  if grep -q 'sgemm_tiled' "$f" 2>/dev/null; then echo "$(basename "$f"): $(grep -c 'ld.local\|st.local' "$f") local ld/st lines"; fi
done

echo "== JMH on the GPU, operands resident (table kernels: sgemm_tiled on a GPU)"
# Two runs, so that one that runs out of time keeps the other's JSON (JMH writes it at the end).
jmh=(-f 2 -wi 2 -w 500ms -i 4 -r 500ms -p backend=opencl -jvmArgsPrepend "-Dmimo4j.opencl.device=$device")
timeout 180 java -jar "$jars/benchmarks.jar" '^org\.mimo4j\.bench\.kernels\.ResidentSgemmBenchmark\.' \
  '^org\.mimo4j\.bench\.kernels\.AttentionBenchmark\.forwardBackward' '^org\.mimo4j\.bench\.compare\.' \
  -p n=512,1024,2048,4096 -p causal=false,true "${jmh[@]}" -rf json -rff "$res/jmh.json" > "$res/jmh.log" 2>&1
echo "jmh exit: $?"; grep -A20 '^Benchmark ' "$res/jmh.log" | grep -v ':flop'
timeout 150 java -jar "$jars/benchmarks.jar" '^org\.mimo4j\.bench\.kernels\.Conv2dBenchmark\.forwardBackward' \
  "${jmh[@]}" -rf json -rff "$res/jmh-conv.json" > "$res/jmh-conv.log" 2>&1
echo "jmh exit: $?"; grep -A10 '^Benchmark ' "$res/jmh-conv.log"

echo "== PyTorch on CUDA"
PYTHONUNBUFFERED=1 timeout 90 python3 bench/peers/peer_bench.py "$res/peers.json" --device cuda --only sgemm,conv,attention,steps > "$res/peers.log" 2>&1
echo "peers exit: $?"; tail -30 "$res/peers.log"

echo "== run.properties (the report is rendered where the bundle was made)"
printf 'commit=%s\ndate=%s\nquick=false\nthreads=%s\njmhOptions=%s\n' "$(cat .gpu/commit 2>/dev/null || echo unknown)" \
  "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "${jmh[*]}" > "$res/run.properties"
gpu=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader)
java "${jvm[@]}" -cp "$jars/benchmarks.jar" org.mimo4j.bench.report.ReportMain --devices \
  | sed "s/^device.cpu=/device.cpu=(host CPU) /; s/^device.opencl=\(.*\)/device.opencl=\1 [nvidia-smi: $gpu]/" >> "$res/run.properties"
cat "$res/run.properties"
