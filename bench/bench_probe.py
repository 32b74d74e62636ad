"""The probe's cost per decision call, on the CPU, with no torch: the example's decision method
called directly and through the probe (the same process, interleaved rounds, medians).

    python bench/bench_probe.py [--calls 200000] [--rounds 7] [--case steady|watched|changing|all]
    python bench/bench_probe.py --parts [--rounds 15]      # where the steady path's time goes

Cases (the example's decision, 8 atoms over 12 steps):
- steady: the fixed form, batch 1 every call: the fast path, same key as the last call; on 3.12+
  its return (MULTI_STREAM_OVERLAPPED, a constant no other branch returns) is watched once only;
- watched: the regressed form, batch 1: NO_OVERLAP, which two branches return, so on 3.12+ the
  return event fires on every call (about 0.1 us);
- changing: the fixed form, batch 1 and 2 in turn: every call has another key than the last one
  (the fast reader, then a key built, hashed and counted).
Time is the thread's CPU time (`time.thread_time_ns`): other processes on a shared machine do
not count. Anchor: the unprobed call itself. Run it with 3.12+ for the sys.monitoring path.

--parts times the steady path's generated wrapper (no return lines) with its parts cut off one
after the other (the frame and the call; the type checks; the leaf loads; the capture flag; the
comparison with the last call and the count), min of the interleaved rounds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "moe_decode"))
sys.path.insert(0, str(ROOT))


class Tokens:
    """hidden_states stand-in: a shape tuple, as a tensor's .shape reads."""

    def __init__(self, n):
        self.shape = (n, 7168)


CASES = {"steady": ("fixed", (1,)), "watched": ("regressed", (1,)), "changing": ("fixed", (1, 2))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--case", choices=[*CASES, "all"], default="all")
    parser.add_argument("--parts", action="store_true")
    args = parser.parse_args()
    if args.parts:
        return parts(args)
    from config import LayerInfo, make_config
    from decode import load_variant

    from ordercheck.api import source_reader
    from ordercheck.check import Models
    from ordercheck.runtime import probe
    from ordercheck.runtime.plan import build_plan, write_plan

    class CudaLike:  # the decision's platform call, without torch: this bench times the probe
        def is_cuda_alike(self):
            return True

    cases = list(CASES) if args.case == "all" else [args.case]
    modules = {variant: load_variant(variant) for variant in {CASES[c][0] for c in cases}}
    models = []
    for variant, module in modules.items():
        module.current_platform = CudaLike()
        root = ROOT / "examples" / "moe_decode" / variant
        models.append((Models(source_reader(root)).get("shared_experts.py", "SharedExperts._determine_shared_experts_order"), root))
    data = Path(tempfile.mkdtemp(prefix="ordercheck-bench-"))  # 0700, new
    plan = build_plan([m for m, _ in models], ROOT, data)
    for target, (variant, module) in zip(plan["targets"], modules.items()):
        target["file"] = os.path.realpath(module.__file__)  # each variant is loaded as its own module
        target["id"] = variant
    os.environ["ORDERCHECK_PROBE"] = str(write_plan(plan, data))
    probe.start()
    for module in modules.values():
        if sys.version_info < (3, 12):
            probe.scan_namespace(module.__dict__)
    for case in cases:
        variant, batches = CASES[case]
        cls = modules[variant].SharedExperts
        shared = cls(LayerInfo(), make_config(False), object())
        xs = [Tokens(n) for n in batches] * (args.calls // len(batches))
        shared._determine_shared_experts_order(xs[0])  # the first call: discovered and wrapped (3.12+)
        wrapped = cls.__dict__["_determine_shared_experts_order"]
        original = wrapped.__wrapped__

        def run(fn):
            setattr(cls, "_determine_shared_experts_order", fn)
            f = shared._determine_shared_experts_order
            start = time.thread_time_ns()
            for x in xs:
                f(x)
            return (time.thread_time_ns() - start) / len(xs)

        off, on = [], []
        for r in range(args.rounds):
            for probed in ((False, True) if r % 2 == 0 else (True, False)):
                (on if probed else off).append(run(wrapped if probed else original))
        setattr(cls, "_determine_shared_experts_order", wrapped)
        print(f"python {sys.version.split()[0]}, {case}: decision call {statistics.median(off):.0f} ns unprobed, "
              f"{statistics.median(on):.0f} ns probed: {statistics.median(on) - statistics.median(off):.0f} ns per call")
    errors = [e for e in probe._ERRORS]
    if errors:
        print("probe errors:", errors)


def parts(args):
    from config import LayerInfo, make_config
    from decode import load_variant

    from ordercheck.runtime import probe_read, probe_wrap

    module = load_variant("fixed")

    class CudaLike:
        def is_cuda_alike(self):
            return True

    module.current_platform = CudaLike()
    cls = module.SharedExperts
    original = cls.__dict__["_determine_shared_experts_order"]
    target = {"qualname": "SharedExperts._determine_shared_experts_order", "none_only": ["self._stream"], "atoms": [
        "self._lora_fully_sharded", "self._layer.shard_sequence_parallel", "self._moe_config.moe_parallel_config.enable_eplb",
        "self._moe_config.moe_parallel_config.all2all_backend",
        "self._moe_config.moe_parallel_config.use_fi_nvl_two_sided_kernels", "self._stream", "hidden_states.shape[0]",
        "envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD"]}

    class Counts:
        def __init__(self):
            self.counts, self.calls, self.tick = {}, [0], None

        def new_key(self, key):
            count = self.counts[key] = [1]
            return count

    hooks = {"ret": None, "capturing": [False], "error": print, "note": None,
             "nr_call": probe_read.not_read("a call"), "nr_name": probe_read.not_read("name not defined")}
    sources, built_in_compile, cell = [], compile, probe_wrap._cell

    def wrapper(cut=None):
        """The generated wrapper, its body from `cut` on replaced by returning what it has."""
        def compile_(source, *rest, **kw):
            sources.append(source)
            if cut is not None:
                head, _, _ = source.partition(cut[0])
                source = head + cut[1] + source[source.index("    def traced"):]
            return built_in_compile(source, *rest, **kw)

        probe_wrap.compile = compile_
        probe_wrap._cell = lambda f, name: cell(f, name) if name in f.__code__.co_freevars else types.SimpleNamespace()
        try:
            made, _ = probe_wrap.make(original, target, Counts(), hooks)
        finally:
            probe_wrap.compile, probe_wrap._cell = built_in_compile, cell
        return made

    call = "        return _oc_original(self, hidden_states)\n\n"
    variants = {
        "unprobed": original,
        "+ the wrapper's frame and the call": wrapper(("        try:\n            if _oc_type(self)", call)),
        "+ type checks, one per object": wrapper(("                _oc_a0 =", "                _oc_fast = True\n            else:\n"
                                                   "                _oc_fast = False\n        except Exception:\n"
                                                   "            _oc_fast = False\n        if not _oc_fast:\n"
                                                   "            _oc_values = _oc_atoms(self, hidden_states)\n" + call)),
        "+ leaf loads": wrapper(("        _oc_cap = _oc_capturing[0]", call)),
        "+ capture flag, try": wrapper(("        if _oc_fast:\n            _oc_L0", "        return _oc_result\n\n")),
        "+ compare with the last call, count": wrapper(),
    }
    shared, x = cls(LayerInfo(), make_config(False), object()), Tokens(1)
    samples = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name, fn in variants.items():
            setattr(cls, "_determine_shared_experts_order", fn)
            f = shared._determine_shared_experts_order
            for _ in range(3):
                f(x)  # the checked reader verifies the types: the fast path's guards are set
            start = time.thread_time_ns()
            for _ in range(args.calls // 2):
                f(x)
            samples[name].append((time.thread_time_ns() - start) / (args.calls // 2))
    previous = None
    for name, times in samples.items():
        best = min(times)
        print(f"python {sys.version.split()[0]}: {name:40s} {best:6.0f} ns" + (f"  ({best - previous:+.0f})" if previous else ""))
        previous = best


if __name__ == "__main__":
    main()
