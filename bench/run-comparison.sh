#!/usr/bin/env bash
# Side-by-side comparison of mimo4j against PyTorch and NumPy/OpenBLAS on this machine, in one run:
# builds the benchmarks jar, measures the machine's limits, runs each family's JMH benchmarks (CPU and
# OpenCL backends) between two runs of its Python peers, then writes bench/results/<date>-<commit>/report.md.
#
#   bench/run-comparison.sh            citable run (2 forks, 5+5 iterations of 2 s; about 40 minutes)
#   bench/run-comparison.sh --quick    smoke run (1 fork, 1+2 short iterations, small sizes; a few
#                                      minutes), written to <date>-<commit>-quick and labelled NOT CITABLE
#   bench/run-comparison.sh --only conv,attention,steps
#                                      only these families (sgemm, conv, attention, steps, gram) on both
#                                      sides; combines with --quick; the result folder ends in -only-<list>
#   bench/run-comparison.sh --avx2     on an AVX-512 machine, both sides as on AVX2: our JVMs with
#                                      -XX:UseAVX=2 (256-bit vectors, the CPU backend's AVX2 tile), the peers
#                                      with OpenBLAS's Haswell kernels and torch's AVX2 code; PoCL keeps its
#                                      own target. Combines with the others; the folder ends in -avx2
#
# Set-up once (Debian 12; not part of the main build): the peers and the BLAS they must use
#   apt-get install -y python3-torch python3-numpy libopenblas0-openmp
# Environment: MVN_ARGS (extra Maven flags, e.g. "-o -DbuildDir=target-x"), BUILD_DIR (Maven's build
# folder name, default target; must match -DbuildDir), THREADS (default 2, both sides), JMH_TIMING
# (replaces the forks/iterations flags, e.g. "-f 2 -wi 3 -i 5 -w 1 -r 1"; recorded in run.properties).
set -euo pipefail

usage="usage: bench/run-comparison.sh [--quick] [--avx2] [--only sgemm,conv,attention,steps,gram]"
quick=false
avx2=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --avx2) avx2=true ;;
    --only) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; only=$2; shift ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
  shift
done
all_families="sgemm conv attention steps gram"
families=${only//,/ }
families=${families:-$all_families}
for f in $families; do
  case " $all_families " in *" $f "*) ;; *) echo "run-comparison: unknown family '$f'; $usage" >&2; exit 2 ;; esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
threads=${THREADS:-2}
build=${BUILD_DIR:-target}
python=/usr/bin/python3

if ! "$python" -c 'import torch, numpy' 2>/dev/null; then
  echo "run-comparison: $python cannot import torch and numpy; install the peers first:" >&2
  echo "  apt-get install -y python3-torch python3-numpy libopenblas0-openmp" >&2
  exit 1
fi

echo "== building the benchmarks jar"
# shellcheck disable=SC2086  # MVN_ARGS is a list of flags
mvn -B -q ${MVN_ARGS:-} -DbuildDir="$build" -pl bench -am -DskipTests package
jar="bench/$build/benchmarks.jar"

commit=$(git rev-parse --short=12 HEAD)
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then commit="$commit-dirty"; fi
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
out="bench/results/$(date -u +%Y-%m-%d)-$commit"
if [ -n "$only" ]; then out="$out-only-${only//,/-}"; fi
if $avx2; then out="$out-avx2"; fi
if $quick; then out="$out-quick"; fi
mkdir -p "$out"
printf 'commit=%s\ndate=%s\nquick=%s\nthreads=%s\nfamilies=%s\navx2=%s\n' "$commit" "$started" "$quick" \
  "$threads" "${families// /,}" "$avx2" > "$out/run.properties"
# The peers' OpenBLAS picks its kernels for the CPU, unless OPENBLAS_CORETYPE names them: some machines here
# set it (and OPENBLAS_L2_SIZE) for every process, because older OpenBLAS builds fail on their processors.
# On the AVX-512 EPYC it was Haswell, which held numpy to AVX2 kernels (SGEMM n = 2048: 92-99 ms against 52
# with its own choice, Cooperlake, whose results match a float64 product to 5e-7). So the peers run without
# both, and the report's BLAS line names the kernels they ran; --avx2 asks for Haswell on purpose.
peer_env=(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE)
if $avx2; then
  # Every JVM below (the limits probe, JMH and its forks, the report) takes it; JMH records it in jvmArgs.
  export JAVA_TOOL_OPTIONS="-XX:UseAVX=2${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
  peer_env+=(OPENBLAS_CORETYPE=Haswell ATEN_CPU_CAPABILITY=avx2)
fi
cp /proc/cpuinfo "$out/cpuinfo.txt"   # the report names this machine even when rendered elsewhere

export THREADS="$threads"
# shellcheck source=../scripts/jsig.sh
. scripts/jsig.sh java   # JMH's forks inherit it
java_args=(--add-modules jdk.incubator.vector -Dmimo4j.threads="$threads")

echo "== measuring the machine's FMA peak and read bandwidth"
probe_args=("$out/limits.json")
if $quick; then probe_args+=(--quick); fi
java "${java_args[@]}" -Xmx2g -cp "$jar" org.mimo4j.bench.probe.PhysicalLimits "${probe_args[@]}" > "$out/limits.log"

# Each vCPU's pace on cache-heavy work, one thread pinned to it, before and after the benchmarks: on a shared VM
# one vCPU can run it a third slower than the other while the FMA peak reads the same (VcpuProbe; the report lists
# both). Skipped, with a line, where taskset (util-linux) is missing.
vcpu_pace() {
  if ! command -v taskset > /dev/null; then
    echo "   (no taskset: each vCPU's pace not measured)"
    return 0
  fi
  local cpus c flags=()
  cpus=$(nproc)
  if $quick; then flags+=(--quick); fi
  for ((c = 0; c < cpus; c++)); do
    taskset -c "$c" java "${java_args[@]}" -cp "$jar" org.mimo4j.bench.probe.VcpuProbe "$c" "${flags[@]}"
  done > "$out/vcpus-$1.jsonl"
}
echo "== each vCPU's pace (before)"
vcpu_pace before

# Each family runs as: peers, our JMH benchmarks, peers again. The machines are shared, and a phase in which
# everything runs slower can begin or end mid-run; the report pools both peer runs and flags a workload whose
# peer median moved by more than 15 % between them (PeerDrift), instead of dividing numbers from two phases.
if $quick; then
  jmh_args=(-f 1 -wi 1 -w 1 -i 2 -r 1 -p n=512 -p layer=cifar3x32x32-k3-c64,lenet28-conv1 -p causal=false
            -p objectives=4 -p d=1000000 -p threads="$threads")
else
  jmh_args=(-f 2 -p n=512,1024,2048 -p threads="$threads")
fi
if [ -n "${JMH_TIMING:-}" ]; then
  # shellcheck disable=SC2206  # a list of JMH flags
  jmh_args=(${JMH_TIMING} "${jmh_args[@]:2}")
fi
echo "jmhOptions=${jmh_args[*]} -jvmArgsPrepend -Dmimo4j.threads=$threads" >> "$out/run.properties"
peer_flags=()
if $quick; then peer_flags+=(--quick); fi
for f in $families; do
  case $f in
    sgemm) pattern='^org\.mimo4j\.bench\.kernels\.(Resident)?SgemmBenchmark\.' ;;
    conv) pattern='^org\.mimo4j\.bench\.kernels\.Conv2dBenchmark\.' ;;
    attention) pattern='^org\.mimo4j\.bench\.kernels\.AttentionBenchmark\.' ;;
    steps) pattern='^org\.mimo4j\.bench\.compare\.' ;;
    gram) pattern='^org\.mimo4j\.bench\.subroutine\.GramBenchmark\.' ;;
  esac
  echo "== $f: peers (log: $out/peers.log), JMH (log: $out/jmh.log), peers again"
  "${peer_env[@]}" "$python" bench/peers/peer_bench.py "$out/peers-$f-1.json" --only "$f" "${peer_flags[@]}" >> "$out/peers.log"
  # -jvmArgsPrepend keeps each benchmark's own @Fork(jvmArgsAppend = ...) (the Vector API module, heap).
  java -jar "$jar" "$pattern" "${jmh_args[@]}" -jvmArgsPrepend "-Dmimo4j.threads=$threads" \
    -rf json -rff "$out/jmh-$f.json" >> "$out/jmh.log" 2>&1
  "${peer_env[@]}" "$python" bench/peers/peer_bench.py "$out/peers-$f-2.json" --only "$f" "${peer_flags[@]}" >> "$out/peers.log"
done

echo "== each vCPU's pace (after)"
vcpu_pace after

echo "== report"
java "${java_args[@]}" -Djava.awt.headless=true -cp "$jar" org.mimo4j.bench.report.ReportMain "$out"
