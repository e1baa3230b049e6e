#!/bin/bash
# A/B round 2: one configuration at a time, baseline and branch back to back (alternating which goes
# first), so both see the same background load. Each run: 2 forks x (3 x 1 s warm-up, 5 x 1 s measured).
cd /tmp/r4-ab; mkdir -p r2; i=0
while read -r bench params; do
  i=$((i+1))
  if (( i % 2 )); then order="base branch"; else order="branch base"; fi
  for v in $order; do
    echo "$i $v $bench $params $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)"
    java -jar $v.jar "$bench" -p backend=cpu $params -f 2 -wi 3 -w 1 -i 5 -r 1 -rf json -rff r2/$v-$i.json > r2/$v-$i.log 2>&1
  done
done <<'LIST'
SmallCnnBenchmark.step
Conv2dBenchmark.forwardBackward -p layer=cifar3x32x32-k3-c64
Conv2dBenchmark.forwardBackward -p layer=lenet28-conv1
Conv2dBenchmark.forwardBackward -p layer=lenet28-conv2
Conv2dBenchmark.forwardBackward -p layer=lenet112-conv1
Conv2dBenchmark.forwardBackward -p layer=lenet112-conv2
Conv2dBenchmark.forward -p layer=cifar3x32x32-k3-c64
Conv2dBenchmark.forward -p layer=lenet28-conv2
Conv2dBenchmark.forward -p layer=lenet112-conv2
AttentionBenchmark -p causal=false
AvDigitsStepBenchmark.step
SgemmBenchmark -p n=1024
LIST
echo done $(date -u +%H:%M:%S)
