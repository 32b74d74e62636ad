"""The example engine's shared-experts order decision (regressed form: an early branch,
shaped like vLLM #35153, sends every TP-only deployment to NO_OVERLAP)."""
from enum import IntEnum

import envs
from platform_info import current_platform


class SharedExpertsOrder(IntEnum):
    NO_OVERLAP = 1
    MK_INTERNAL_OVERLAPPED = 2
    MULTI_STREAM_OVERLAPPED = 3


class SharedExperts:
    def __init__(self, layer_info, moe_config, stream, mk_can_overlap=lambda: False, lora_fully_sharded=False):
        self._layer = layer_info
        self._moe_config = moe_config
        self._stream = stream
        # this engine has no modular kernel that runs shared experts itself
        self._mk_can_overlap_shared_experts = mk_can_overlap
        self._lora_fully_sharded = lora_fully_sharded

    @property
    def _disable_shared_experts_overlap(self) -> bool:
        if self._lora_fully_sharded:
            return True
        overlap_safe_with_eplb = ("allgather_reducescatter", "deepep_v2")
        parallel = self._moe_config.moe_parallel_config
        if getattr(self._layer, "shard_sequence_parallel", False):
            return True
        return (
            parallel.enable_eplb and parallel.all2all_backend not in overlap_safe_with_eplb
        ) or parallel.use_fi_nvl_two_sided_kernels

    @property
    def _has_external_experts(self) -> bool:
        parallel = self._moe_config.moe_parallel_config
        return not (
            (parallel.enable_eplb and parallel.all2all_backend != "allgather_reducescatter")
            or parallel.use_fi_nvl_two_sided_kernels
        )

    def _determine_shared_experts_order(self, hidden_states):
        if self._disable_shared_experts_overlap:
            return SharedExpertsOrder.NO_OVERLAP

        if self._has_external_experts:
            return SharedExpertsOrder.NO_OVERLAP

        if self._mk_can_overlap_shared_experts():
            return SharedExpertsOrder.MK_INTERNAL_OVERLAPPED

        use_aux_stream = (
            current_platform.is_cuda_alike()
            and self._stream is not None
            and hidden_states.shape[0] <= envs.VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD
        )
        if use_aux_stream:
            return SharedExpertsOrder.MULTI_STREAM_OVERLAPPED
        return SharedExpertsOrder.NO_OVERLAP
