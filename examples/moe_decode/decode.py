"""Decode steps through a stack of MoE layers, with the shared-experts decision of one variant.

    python examples/moe_decode/decode.py --variant regressed --decisions-only        # no torch needed
    python examples/moe_decode/decode.py --variant fixed --device cuda --graphs --batch 1
    torchrun --nproc-per-node 2 examples/moe_decode/decode.py --variant fixed --device cuda

Under `ordercheck --runtime --rules examples/moe_decode/rules --root examples/moe_decode/VARIANT -- ...`
the probe records every decision. Tensor parallelism comes from torchrun's environment
(WORLD_SIZE, RANK, LOCAL_RANK): NCCL, one process per rank, eager mode.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def load_variant(variant: str):
    """The SharedExperts class of `fixed` or `regressed` (both files are shared_experts.py)."""
    path = HERE / variant / "shared_experts.py"
    spec = importlib.util.spec_from_file_location(f"shared_experts_{variant}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class _Tokens:
    """Stands in for hidden_states where only its shape is read (decisions-only runs)."""

    def __init__(self, tokens: int, hidden: int) -> None:
        self.shape = (tokens, hidden)


def decisions_only(args) -> None:
    from config import LayerInfo, make_config

    module = load_variant(args.variant)
    cfg = make_config(args.small, args.tp)
    stream = object() if args.fake_stream else None
    layers = [module.SharedExperts(LayerInfo(), cfg, stream) for _ in range(args.layers)]
    counts: dict[str, int] = {}
    for step in range(args.steps):
        tokens = args.batch if step % 4 else args.prefill
        x = _Tokens(tokens, cfg.hidden)
        for layer in layers:
            order = layer._determine_shared_experts_order(x)
            counts[order.name] = counts.get(order.name, 0) + 1
    print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))


def run_torch(args) -> None:
    import torch
    import torch.distributed as dist

    from moe import MoELayer, decode_step, make_config

    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    device = args.device
    if world > 1:
        local = int(os.environ.get("LOCAL_RANK", "0"))
        torch.cuda.set_device(local)
        device = f"cuda:{local}"
        dist.init_process_group("nccl", device_id=torch.device(device))
    module = load_variant(args.variant)
    cfg = make_config(args.small, world)
    dtype = torch.bfloat16 if device.startswith("cuda") else torch.float32
    aux = torch.cuda.Stream() if device.startswith("cuda") else None
    layers = [MoELayer(cfg, module.SharedExperts, device, dtype, rank, world, aux, seed=i, serialize_aux=args.serialize_aux)
              for i in range(args.layers)]
    run_step = torch.compile(decode_step) if args.compile else decode_step
    x = torch.randn(args.batch, cfg.hidden, device=device, dtype=dtype)
    for _ in range(3):
        run_step(layers, x)
    times = []
    if device.startswith("cuda"):
        torch.cuda.synchronize()
        step = lambda: run_step(layers, x)  # noqa: E731
        if args.graphs:
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph):
                run_step(layers, x)
            step = graph.replay
        for _ in range(args.steps):
            start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            start.record()
            step()
            end.record()
            end.synchronize()
            times.append(start.elapsed_time(end) * 1000)
    else:
        for _ in range(args.steps):
            run_step(layers, x)
    if rank == 0 and times:
        print(f"{args.variant}: batch {args.batch}, {args.layers} layers, {'graphs' if args.graphs else 'eager'}, "
              f"tp {world}: median step {statistics.median(times):.1f} us")
    if world > 1:
        dist.barrier()
        dist.destroy_process_group()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=["fixed", "regressed"], required=True)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--prefill", type=int, default=8192, help="tokens of every 4th step in --decisions-only runs")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--tp", type=int, default=1, help="tensor-parallel size the config claims (--decisions-only)")
    parser.add_argument("--graphs", action="store_true", help="capture one decode step in a CUDA graph and replay it")
    parser.add_argument("--small", action="store_true", help="small sizes (CPU)")
    parser.add_argument("--serialize-aux", action="store_true",
                        help="the main stream waits for the aux stream before the routed experts (overlap decided, none happens)")
    parser.add_argument("--compile", action="store_true", help="torch.compile the decode step (the decision is traced by Dynamo)")
    parser.add_argument("--decisions-only", action="store_true", help="call only the decision; needs no torch")
    parser.add_argument("--fake-stream", action="store_true", help="with --decisions-only: pretend an aux stream exists")
    args = parser.parse_args()
    if args.decisions_only:
        decisions_only(args)
    else:
        run_torch(args)


if __name__ == "__main__":
    main()
