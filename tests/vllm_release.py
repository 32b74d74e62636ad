"""Real vLLM (and SGLang) releases for opt-in tests: cached outside the repository, never committed.

`~/.cache/ordercheck/<engine>/<version>/<engine>/...` (or $ORDERCHECK_CACHE). Tests that need a
release skip with the reason when it is not there; ORDERCHECK_VLLM_DOWNLOAD=1 fetches it with
`pip download <engine>==X --no-deps` and extracts only `<engine>/**/*.py`.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CACHES = Path(os.environ.get("ORDERCHECK_CACHE", Path.home() / ".cache" / "ordercheck"))
CACHE = CACHES / "vllm"


def release_tree(version: str, engine: str = "vllm") -> Path:
    """The folder holding `<engine>/` of that release; skips the test when it is not cached."""
    cache = CACHES / engine
    root = cache / version
    if (root / engine).is_dir():
        return root
    if os.environ.get("ORDERCHECK_VLLM_DOWNLOAD") != "1":
        pytest.skip(f"{engine} {version} is not in {cache}; set ORDERCHECK_VLLM_DOWNLOAD=1 to fetch it from PyPI")
    cache.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", f"{engine}=={version}", "--no-deps", "-d", str(cache)],
        capture_output=True, text=True, timeout=900,
    )
    wheels = sorted(cache.glob(f"{engine}-{version}-*.whl"))
    if done.returncode != 0 or not wheels:
        pytest.skip(f"could not download {engine} {version}: {done.stderr.strip()[-300:]}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        for name in wheel.namelist():
            if name.startswith(f"{engine}/") and name.endswith(".py"):
                wheel.extract(name, root)
    return root
