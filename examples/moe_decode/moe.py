"""A DeepSeek-style MoE layer for decode: router, grouped routed experts, one shared expert that
runs overlapped on an auxiliary CUDA stream when the shared-experts decision says so.

Sizes default to DeepSeek-V3's MoE (hidden 7168, 256 routed experts, top-8, expert and shared
width 2048); `small=True` shrinks them for CPU. Tensor parallelism shards every expert's width
across ranks and all-reduces the layer output (NCCL, one process per rank).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.profiler import record_function

from config import LayerInfo, MoEConfig, make_config  # noqa: F401  (make_config re-exported)


class MoELayer:
    def __init__(self, cfg: MoEConfig, shared_experts_cls, device, dtype, tp_rank=0, tp_size=1, aux_stream=None, seed=0,
                 serialize_aux=False):
        g = torch.Generator(device=device).manual_seed(seed * 1000 + tp_rank)
        h, e = cfg.hidden, cfg.experts
        iw, sw = cfg.expert_width // tp_size, cfg.shared_width // tp_size
        scale = h ** -0.5

        def param(*shape, s=scale):  # drawn where it lives: a DeepSeek-sized layer is ~22 GB
            return (torch.randn(*shape, generator=g, device=device, dtype=dtype) * s)

        self.cfg, self.tp_size, self.device = cfg, tp_size, torch.device(device)
        self.gate = param(h, e).float()
        # expert weights stored (E, N, K) and used transposed: the layout grouped GEMMs want
        self.w13 = param(e, 2 * iw, h).transpose(-2, -1)
        self.w2 = param(e, h, iw, s=iw ** -0.5).transpose(-2, -1)
        self.ws13 = param(h, 2 * sw)
        self.ws2 = param(sw, h, s=sw ** -0.5)
        self.shared = shared_experts_cls(LayerInfo(), cfg, aux_stream)
        self._events = (torch.cuda.Event(), torch.cuda.Event()) if self.device.type == "cuda" else None
        # the "fixed but serialized" form: the decision says overlap, but the main stream waits for
        # the aux stream before launching the routed experts, so nothing overlaps
        self.serialize_aux = serialize_aux

    def shared_expert(self, x):
        gate_up = x @ self.ws13
        g, u = gate_up.chunk(2, dim=-1)
        return (F.silu(g) * u) @ self.ws2

    def routed_experts(self, x):
        k, e = self.cfg.top_k, self.cfg.experts
        logits = x.float() @ self.gate
        weights, ids = torch.topk(torch.softmax(logits, dim=-1), k, dim=-1)
        flat = ids.reshape(-1)
        order = torch.argsort(flat, stable=True)
        token = order // k
        xs = x[token]
        # no bincount: it reads the maximum back to the host, which a CUDA graph capture forbids
        counts = torch.zeros(e, dtype=torch.int64, device=x.device).scatter_add_(0, flat, torch.ones_like(flat))
        offs = torch.cumsum(counts, 0, dtype=torch.int32)
        if self.device.type == "cuda":
            h = torch._grouped_mm(xs, self.w13, offs=offs)
            g, u = h.chunk(2, dim=-1)
            y = torch._grouped_mm(F.silu(g) * u, self.w2, offs=offs)
        else:  # CPU: one matmul per expert
            y = torch.empty_like(xs)
            start = 0
            for expert, end in enumerate(offs.tolist()):
                if end > start:
                    h = xs[start:end] @ self.w13[expert]
                    g, u = h.chunk(2, dim=-1)
                    y[start:end] = (F.silu(g) * u) @ self.w2[expert]
                start = end
        y = y * weights.reshape(-1)[order].unsqueeze(-1).to(y.dtype)
        out = torch.zeros_like(x)
        out.index_add_(0, token, y)
        return out

    def forward(self, x):
        order = self.shared._determine_shared_experts_order(x)
        if order.name == "MULTI_STREAM_OVERLAPPED":
            main, aux = torch.cuda.current_stream(), self.shared._stream
            ready, done = self._events
            ready.record(main)
            with torch.cuda.stream(aux):
                aux.wait_event(ready)
                with record_function("shared_experts"):
                    shared = self.shared_expert(x)
                done.record(aux)
            if self.serialize_aux:
                main.wait_event(done)
            with record_function("routed_experts"):
                routed = self.routed_experts(x)
            main.wait_event(done)
        else:
            with record_function("shared_experts"):
                shared = self.shared_expert(x)
            with record_function("routed_experts"):
                routed = self.routed_experts(x)
        out = routed + shared
        if self.tp_size > 1:
            torch.distributed.all_reduce(out)
        return out


def decode_step(layers, x):
    for layer in layers:
        x = layer.forward(x)
    return x
