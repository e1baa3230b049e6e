#!/bin/bash
# A/B: the same JMH selection on the baseline jar (main b5810be) and the branch jar, back to back.
SEL='Conv2dBenchmark|SmallCnnBenchmark|AttentionBenchmark|AvDigitsStepBenchmark|SgemmBenchmark'
for round in "$@"; do
  for v in base branch; do
    echo "== $round $v $(date -u +%H:%M:%S) load: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -jar $v.jar "$SEL" -p backend=cpu -p n=256,1024 -f 2 -wi 3 -w 1 -i 5 -r 1 \
      -rf json -rff $v-$round.json > $v-$round.log 2>&1
    grep -E "^(Conv2d|SmallCnn|Attention|AvDigits|Sgemm)Benchmark" $v-$round.log | head -0
  done
done
echo "done $(date -u +%H:%M:%S)"
