"""Configuration objects the shared-experts decision reads (plain dataclasses, no torch)."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MoEParallelConfig:
    tp_size: int = 1
    enable_eplb: bool = False
    all2all_backend: str = "allgather_reducescatter"
    use_fi_nvl_two_sided_kernels: bool = False


@dataclass(frozen=True)
class MoEConfig:
    hidden: int = 7168
    experts: int = 256
    top_k: int = 8
    expert_width: int = 2048
    shared_width: int = 2048
    moe_parallel_config: MoEParallelConfig = field(default_factory=MoEParallelConfig)


@dataclass
class LayerInfo:
    shard_sequence_parallel: bool = False


SMALL = dict(hidden=256, experts=16, top_k=4, expert_width=128, shared_width=128)


def make_config(small: bool, tp_size: int = 1, **parallel) -> MoEConfig:
    sizes = SMALL if small else {}
    return MoEConfig(**sizes, moe_parallel_config=MoEParallelConfig(tp_size=tp_size, **parallel))
