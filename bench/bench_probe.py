"""The probe's cost per decision call, on the CPU, with no torch: the example's decision method
called directly and through the probe (the same process, interleaved rounds, medians).

    python bench/bench_probe.py [--calls 200000] [--rounds 7]
Anchor: the unprobed call itself. Run it with 3.12+ for the sys.monitoring path.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples" / "moe_decode"))
sys.path.insert(0, str(ROOT))


class Tokens:
    """hidden_states stand-in: a shape tuple, as a tensor's .shape reads."""

    def __init__(self, n):
        self.shape = (n, 7168)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    from config import LayerInfo, make_config
    from decode import load_variant

    from ordercheck.api import source_reader
    from ordercheck.check import Models
    from ordercheck.runtime import probe
    from ordercheck.runtime.plan import build_plan, write_plan

    module = load_variant("fixed")
    cls = module.SharedExperts

    class CudaLike:  # the decision's platform call, without torch: this bench times the probe
        def is_cuda_alike(self):
            return True

    module.current_platform = CudaLike()
    root = ROOT / "examples" / "moe_decode" / "fixed"
    model = Models(source_reader(root)).get("shared_experts.py", "SharedExperts._determine_shared_experts_order")
    data = Path(tempfile.mkdtemp(prefix="ordercheck-bench-"))  # 0700, new
    os.environ["ORDERCHECK_PROBE"] = str(write_plan(build_plan([model], root, data), data))
    probe.start()
    if sys.version_info < (3, 12):
        probe.scan_namespace(module.__dict__)
    shared = cls(LayerInfo(), make_config(False), object())
    x = Tokens(1)
    shared._determine_shared_experts_order(x)
    wrapped = cls.__dict__["_determine_shared_experts_order"]
    original = wrapped.__wrapped__

    def run(fn):
        setattr(cls, "_determine_shared_experts_order", fn)
        f = shared._determine_shared_experts_order
        start = time.perf_counter_ns()
        for _ in range(args.calls):
            f(x)
        return (time.perf_counter_ns() - start) / args.calls

    off, on = [], []
    for r in range(args.rounds):
        for probed in ((False, True) if r % 2 == 0 else (True, False)):
            (on if probed else off).append(run(wrapped if probed else original))
    setattr(cls, "_determine_shared_experts_order", wrapped)
    print(f"python {sys.version.split()[0]}: decision call {statistics.median(off):.0f} ns unprobed, "
          f"{statistics.median(on):.0f} ns probed: {statistics.median(on) - statistics.median(off):.0f} ns per call")


if __name__ == "__main__":
    main()
