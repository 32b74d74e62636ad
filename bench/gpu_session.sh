#!/usr/bin/env bash
# One device call on a CUDA machine: the example in three forms (fixed, regressed, fixed but
# serialized) under the probe with CUDA evidence judged by the effect table, in graph and eager
# modes; the decode step under torch.compile; the probe's overhead (3 runs each).
# Usage (repo root): bash bench/gpu_session.sh [quick|overhead]      Writes $OUT/*.json and prints a summary.
#   quick: the probe runs only; overhead: the overhead benches (3 runs each), two probe runs (graphs
#   and eager) and the runtime tests under this machine's Python and torch, with the GPU test.
set -u
export PYTHONUNBUFFERED=1
OUT=${OUT:-/tmp/ordercheck-gpu}; mkdir -p "$OUT"
if ls .whl/*.whl >/dev/null 2>&1; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
else
  export PYTHONPATH=$PWD
fi
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
python3 -c "import sys, torch; print('python', sys.version.split()[0], 'torch', torch.__version__, torch.cuda.get_device_name())"
OC="python3 -m ordercheck.cli"
R=examples/moe_decode
LAYERS=${LAYERS:-2}
SHARED_KERNELS=${SHARED_KERNELS:-'nvjet|splitKreduce'}   # the shared expert's cuBLAS GEMMs under replay
summary() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
obs = {}
for o in d["observations"]:
    k = (o["outcome"], o["line"], bool(o.get("compiled")))
    obs[k] = obs.get(k, 0) + o["count"]
print("  exit", d["exit_code"], "| decisions", obs, "| violations", [v["rule"] for v in d["violations"]],
      "| never observed", d["never_observed"], "| probe errors", [e["message"] for e in d["probe_errors"]])
for e in d["cuda_evidence"]:
    print("  evidence:", {k: e[k] for k in ("unit", "streams", "overlap_us", "layers", "per_layer_us", "overlap_share_of_shorter", "classified_by")})
for f in d["evidence_findings"]:
    print("  EVIDENCE FINDING:", f["outcome"], f["problems"], "expected", f["expected"])
for o in d["observations"]:
    if o.get("compiled"):
        print("  compiled:", o["outcome"], o["count"], o["compiled"])
PY
}
probe() {  # name, variant, decode.py flags...
  name=$1; v=$2; shift 2
  echo "== $name"
  timeout 240 $OC --runtime --rules $R/rules --root $R/$v --effects $R/effects.toml --cuda-evidence --cuda-warmup 10 --cuda-window 10 \
    --shared-kernels "$SHARED_KERNELS" --require-observed --format json --output "$OUT/runtime-$name.json" \
    -- python3 $R/decode.py --variant $v --device cuda --layers "$LAYERS" --batch 1 --steps 40 "$@" > "$OUT/stdout-$name.txt" 2>&1
  echo "  runtime exit $?"; summary "$OUT/runtime-$name.json"
}
overhead() {
  echo "== probe overhead, CPU bench (3 runs: steady, watched return, changing key)"
  for i in 1 2 3; do timeout 120 python3 bench/bench_probe.py --calls 200000 --rounds 7; done
  echo "== probe overhead on the GPU decode (3 runs in one process)"
  timeout 240 python3 bench/bench_moe_decode.py --layers "$LAYERS" --rounds 5 --replays 50 --skip-latency --runs 3 \
    --json "$OUT/bench-overhead.json" | grep '^probe'
}
if [ "${1:-}" = overhead ]; then
  overhead
  probe "fixed-graphs" fixed --graphs
  probe "regressed-eager" regressed
  echo "== runtime tests (this machine's Python and torch; the GPU test on)"
  ORDERCHECK_GPU=1 timeout 300 python3 -m pytest -q -p no:cacheprovider -x tests/test_runtime.py tests/test_runtime_reader.py \
    tests/test_runtime_returns.py tests/test_runtime_adversarial.py tests/test_runtime_compile.py tests/test_runtime_torchrun.py 2>&1 | tail -5
  exit 0
fi
for mode in graphs eager; do
  flag=""; [ $mode = graphs ] && flag=--graphs
  probe "fixed-$mode" fixed $flag
  probe "regressed-$mode" regressed $flag
  probe "serialized-$mode" fixed --serialize-aux $flag
done
probe "fixed-compile" fixed --compile
probe "regressed-compile" regressed --compile
[ "${1:-}" = quick ] && exit 0
overhead
echo "== torch.compile: Dynamo counters with and without the probe"
timeout 200 python3 tests/fixtures/runtime/compiled.py fixed --device cuda; timeout 200 $OC --runtime --rules $R/rules --root $R/fixed --require-observed -- python3 tests/fixtures/runtime/compiled.py fixed --device cuda
