"""Environment knobs of the example engine (read once, like an engine's envs module)."""
import os

VLLM_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD = int(os.environ.get("MOE_SHARED_EXPERTS_STREAM_TOKEN_THRESHOLD", "256"))
