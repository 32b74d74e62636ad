#!/usr/bin/env bash
# One device call on a CUDA machine: probe runs with CUDA evidence, the A/B latency bench and the
# probe-overhead bench. Writes reports under $OUT (a tarball) and prints a summary.
# Usage (repo root): bash bench/gpu_session.sh [quick]
set -u
export PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/ordercheck-gpu}; mkdir -p "$OUT/r"
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
else
  export PYTHONPATH=$PWD
fi
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__, torch.cuda.get_device_name())"
OC="python3 -m ordercheck.cli"
R=examples/moe_decode
LAYERS=${LAYERS:-2}
# the example's kernels under graph replay (no record_function ranges there): its cuBLAS dense
# GEMMs are the shared expert's; every other kernel is the routed path's
SHARED_KERNELS=${SHARED_KERNELS:-'nvjet|splitKreduce'}
ROUTED_KERNELS=${ROUTED_KERNELS:-'.'}
if [ "${1:-}" = tp2 ]; then
  # tensor parallel over 2 GPUs: one process per rank under torchrun, NCCL, eager mode
  # (a first try at capturing NCCL inside a CUDA graph hung on such a machine)
  for v in regressed fixed; do
    echo "== runtime: $v, TP=2 eager, batch 1, $LAYERS layers"
    timeout 300 $OC --runtime --rules $R/rules --root $R/$v --cuda-evidence --cuda-warmup 10 --cuda-window 10 \
      --data-dir /tmp/oc-$v-tp2 --format json --output "$OUT/r/runtime-$v-tp2.json" \
      -- python3 -m torch.distributed.run --nproc-per-node 2 $R/decode.py --variant $v --device cuda --layers "$LAYERS" --batch 1 --steps 40
    echo "runtime exit $?"
    python3 - "$OUT/r/runtime-$v-tp2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("processes:", [(p["pid"], p["rank"], p["argv"][:1]) for p in d["processes"]])
counts = {}
for o in d["observations"]:
    counts[(o["rank"], o["outcome"], o["line"])] = counts.get((o["rank"], o["outcome"], o["line"]), 0) + o["count"]
print("per rank:", counts)
print("violations:", [(v["rule"], v["actual"], v["count"], v["ranks"]) for v in d["violations"]], "disagreements:", len(d["disagreements"]))
for e in d["cuda_evidence"]:
    print("evidence:", {k: e[k] for k in ("pid", "unit", "kernels", "streams", "overlap_us", "layers", "per_layer_us", "overlapped", "classified_by")})
PY
  done
  tar -C "$OUT" -czf "$OUT/reports-tp2.tgz" r && rm -rf "$OUT/r"
  exit 0
fi
for v in regressed fixed; do
  for mode in eager graphs; do
    flag=""; [ "$mode" = graphs ] && flag=--graphs
    echo "== runtime: $v, $mode, batch 1, $LAYERS layers"
    timeout 300 $OC --runtime --rules $R/rules --root $R/$v --cuda-evidence --cuda-warmup 10 --cuda-window 10 \
      --shared-kernels "$SHARED_KERNELS" --routed-kernels "$ROUTED_KERNELS" \
      --data-dir /tmp/oc-$v-$mode --format json --output "$OUT/r/runtime-$v-$mode.json" \
      -- python3 $R/decode.py --variant $v --device cuda --layers "$LAYERS" --batch 1 --steps 40 $flag
    echo "runtime exit $?"
    python3 - "$OUT/r/runtime-$v-$mode.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
print("violations:", [(v["rule"], v["actual"], v["count"]) for v in d["violations"]], "disagreements:", len(d["disagreements"]),
      "agreed:", d["agreed_calls"], "probe errors:", d["probe_errors"])
for e in d["cuda_evidence"]:
    print("evidence:", {k: e[k] for k in ("unit", "steps", "kernels", "streams", "busy_us", "overlap_us", "layers", "per_layer_us", "overlapped", "classified_by")})
    names = collections.Counter()
    for ev in json.load(open(e["trace"]))["traceEvents"]:
        if ev.get("cat") == "kernel":
            names[(ev["name"][:60] + " ... " + ev["name"][-160:], ev.get("args", {}).get("stream"))] += 1
    for (n, s), c in names.most_common(8):
        print(f"   {c:5d}  stream {s}  {n}")
PY
  done
done
[ "${1:-}" = quick ] && exit 0
echo "== A/B latency and probe overhead"
timeout 400 python3 bench/bench_moe_decode.py --layers "$LAYERS" --rounds 5 --replays 50 --json "$OUT/r/bench.json"
echo "bench exit $?"
tar -C "$OUT" -czf "$OUT/reports.tgz" r && rm -rf "$OUT/r"
