"""On a CUDA GPU: what the wrong shared-experts path costs, and what the probe costs.

1. Decode-step latency, fixed vs regressed decision, CUDA graphs, batch 1/8/32/64/256: the same
   weights, one graph per (variant, batch), replays interleaved round by round; medians.
2. Probe overhead: one decision call with and without the probe's wrapper (per call, CPU time of
   the thread), and an eager decode step with and without it (share of the step, wall time),
   interleaved in the same process; `--runs N` repeats that measurement N times (the probe is
   installed once per process).

    python bench/bench_moe_decode.py --layers 2 --rounds 5 --replays 50 [--runs 3]
Prints a Markdown table; --json FILE writes the raw numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "moe_decode"))
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from decode import load_variant  # noqa: E402
from moe import MoELayer, decode_step, make_config  # noqa: E402


def time_replays(graph, n):
    times = []
    for _ in range(n):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end) * 1000)
    return statistics.median(times)


def ab_latency(layers, variants, batches, rounds, replays):
    out = {}
    for batch in batches:
        x = torch.randn(batch, layers[0].cfg.hidden, device="cuda", dtype=torch.bfloat16)
        graphs = {}
        for name, shared_objs in variants.items():
            for layer, shared in zip(layers, shared_objs):
                layer.shared = shared
            for _ in range(2):
                decode_step(layers, x)
            torch.cuda.synchronize()
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                decode_step(layers, x)
            graph.replay()
            torch.cuda.synchronize()
            graphs[name] = graph
        samples = {name: [] for name in variants}
        for r in range(rounds):
            order = list(variants) if r % 2 == 0 else list(reversed(variants))
            for name in order:
                samples[name].append(time_replays(graphs[name], replays))
        out[batch] = {name: statistics.median(v) for name, v in samples.items()}
        out[batch]["samples"] = samples
        del graphs
        torch.cuda.synchronize()
    return out


def probe_overhead(layers, fixed_cls, rounds, calls, steps):
    """Install the real probe on the fixed class (once per process), then time with it on and
    off, interleaved."""
    from ordercheck.api import source_reader
    from ordercheck.check import Models
    from ordercheck.runtime import probe
    from ordercheck.runtime.plan import build_plan, write_plan

    root = ROOT / "examples" / "moe_decode" / "fixed"
    model = Models(source_reader(root)).get("shared_experts.py", "SharedExperts._determine_shared_experts_order")
    data = Path(tempfile.mkdtemp(prefix="ordercheck-bench-"))  # 0700, new
    plan = build_plan([model], root, data)
    # the class was loaded as module shared_experts_fixed from this very file
    plan["targets"][0]["file"] = os.path.realpath(sys.modules[fixed_cls.__module__].__file__)
    if probe.plan() is None:
        os.environ["ORDERCHECK_PROBE"] = str(write_plan(plan, data))
        probe.start()
        if sys.version_info < (3, 12):  # the module was imported before the probe's import hook
            probe.scan_namespace(sys.modules[fixed_cls.__module__].__dict__)
    x1 = torch.randn(1, layers[0].cfg.hidden, device=layers[0].device, dtype=torch.bfloat16)
    shared = fixed_cls(layers[0].shared._layer, layers[0].cfg, layers[0].shared._stream)
    shared._determine_shared_experts_order(x1)  # first call: discovered and wrapped
    wrapped = fixed_cls.__dict__["_determine_shared_experts_order"]
    original = getattr(wrapped, "__wrapped__", None)
    if original is None:
        return {"error": "the probe did not wrap the target"}

    def per_call(fn):
        setattr(fixed_cls, "_determine_shared_experts_order", fn)
        f = shared._determine_shared_experts_order
        start = time.thread_time_ns()
        for _ in range(calls):
            f(x1)
        return (time.thread_time_ns() - start) / calls

    def eager_step(fn):
        setattr(fixed_cls, "_determine_shared_experts_order", fn)
        torch.cuda.synchronize()
        start = time.perf_counter_ns()
        for _ in range(steps):
            decode_step(layers, x1)
        torch.cuda.synchronize()
        return (time.perf_counter_ns() - start) / steps / 1000

    for layer in layers:
        layer.shared = fixed_cls(layer.shared._layer, layer.cfg, layer.shared._stream)
    samples = {"call_off_ns": [], "call_on_ns": [], "step_off_us": [], "step_on_us": []}
    for r in range(rounds):
        for on in ((False, True) if r % 2 == 0 else (True, False)):
            fn = wrapped if on else original
            samples["call_on_ns" if on else "call_off_ns"].append(per_call(fn))
            samples["step_on_us" if on else "step_off_us"].append(eager_step(fn))
    setattr(fixed_cls, "_determine_shared_experts_order", wrapped)
    result = {k: statistics.median(v) for k, v in samples.items()}
    result["overhead_ns_per_call"] = result["call_on_ns"] - result["call_off_ns"]
    result["overhead_share_of_eager_step"] = (result["step_on_us"] - result["step_off_us"]) / result["step_off_us"]
    # the same share from the per-call cost (eager steps are noisy: the CPU launches every kernel)
    result["derived_share_of_eager_step"] = result["overhead_ns_per_call"] * len(layers) / 1000 / result["step_off_us"]
    paired = [on - off for on, off in zip(samples["step_on_us"], samples["step_off_us"])]
    result["step_paired_diff_us"] = statistics.median(paired)
    result["decisions_per_step"] = len(layers)
    result["samples"] = samples
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batches", default="1,8,32,64,256")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--replays", type=int, default=50)
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--runs", type=int, default=1, help="Measure the probe's overhead this many times.")
    args = parser.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = True
    cfg = make_config(args.small)
    fixed, regressed = load_variant("fixed"), load_variant("regressed")
    aux = torch.cuda.Stream()
    layers = [MoELayer(cfg, fixed.SharedExperts, "cuda", torch.bfloat16, aux_stream=aux, seed=i) for i in range(args.layers)]
    variants = {
        "fixed": [fixed.SharedExperts(layer.shared._layer, cfg, aux) for layer in layers],
        "regressed": [regressed.SharedExperts(layer.shared._layer, cfg, aux) for layer in layers],
    }
    report = {"gpu": torch.cuda.get_device_name(), "torch": torch.__version__, "python": sys.version.split()[0],
              "layers": args.layers, "sizes": cfg.__dict__ | {"moe_parallel_config": None}}
    if not args.skip_latency:
        latency = ab_latency(layers, variants, [int(b) for b in args.batches.split(",")], args.rounds, args.replays)
        report["latency"] = latency
        print(f"| batch | fixed step (us) | regressed step (us) | regressed / fixed | per layer saved (us) |")
        print("|---:|---:|---:|---:|---:|")
        for batch, row in latency.items():
            ratio = row["regressed"] / row["fixed"]
            print(f"| {batch} | {row['fixed']:.1f} | {row['regressed']:.1f} | {ratio:.3f} | {(row['regressed'] - row['fixed']) / args.layers:.1f} |")
    report["probe"] = []
    for run in range(args.runs):
        overhead = probe_overhead(layers, fixed.SharedExperts, max(args.rounds, 11), calls=50000, steps=30)
        report["probe"].append(overhead)
        if "error" not in overhead:
            print(f"probe, run {run + 1}: {overhead['overhead_ns_per_call']:.0f} ns per decision call "
                  f"({overhead['call_off_ns']:.0f} -> {overhead['call_on_ns']:.0f} ns); eager decode step "
                  f"{overhead['step_off_us']:.1f} -> {overhead['step_on_us']:.1f} us ({overhead['overhead_share_of_eager_step']:+.2%} "
                  f"measured, {overhead['derived_share_of_eager_step']:+.3%} from the per-call cost); "
                  "under CUDA graphs replays run no Python: 0")
        else:
            print(overhead)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
