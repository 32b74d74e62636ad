"""Real vLLM releases for opt-in tests: cached outside the repository, never committed.

`~/.cache/ordercheck/vllm/<version>/vllm/...` (or $ORDERCHECK_CACHE). Tests that need a release
skip with the reason when it is not there; ORDERCHECK_VLLM_DOWNLOAD=1 fetches it with
`pip download vllm==X --no-deps` and extracts only `vllm/**/*.py`.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CACHE = Path(os.environ.get("ORDERCHECK_CACHE", Path.home() / ".cache" / "ordercheck")) / "vllm"


def release_tree(version: str) -> Path:
    root = CACHE / version
    if (root / "vllm").is_dir():
        return root
    if os.environ.get("ORDERCHECK_VLLM_DOWNLOAD") != "1":
        pytest.skip(f"vLLM {version} is not in {CACHE}; set ORDERCHECK_VLLM_DOWNLOAD=1 to fetch it from PyPI")
    CACHE.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", f"vllm=={version}", "--no-deps", "-d", str(CACHE)],
        capture_output=True, text=True, timeout=900,
    )
    wheels = sorted(CACHE.glob(f"vllm-{version}-*.whl"))
    if done.returncode != 0 or not wheels:
        pytest.skip(f"could not download vLLM {version}: {done.stderr.strip()[-300:]}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in wheel.namelist():
            if name.startswith("vllm/") and name.endswith(".py"):
                wheel.extract(name, root)
    return root
