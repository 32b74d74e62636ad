import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from ordercheck.cli import main

# The tests' generated programs are the same on every run (a merge is never blocked by a seed no
# one chose); `HYPOTHESIS_PROFILE=explore` draws fresh seeds, as bench/fuzz.py --start does at scale.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

FIXTURES = Path(__file__).parent / "fixtures"
VLLM_TREE = FIXTURES / "vllm_tree"
SHARED_EXPERTS = "vllm/model_executor/layers/fused_moe/runner/shared_experts.py"
TARGET = "SharedExperts._determine_shared_experts_order"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t",
           "PATH": "/usr/bin:/bin:/usr/local/bin"}


def git(cwd, *args) -> str:
    """git in `cwd` with a fixed identity and no user configuration; its stdout."""
    return subprocess.run(["git", *map(str, args)], cwd=cwd, check=True, capture_output=True, text=True,
                          env=GIT_ENV | {"HOME": str(cwd)}).stdout


class Run:
    def __init__(self, result):
        self.exit_code = result.exit_code
        self.output = result.output  # stdout and stderr, as a terminal shows them
        self.stdout = result.stdout  # the report
        self.stderr = result.stderr  # diagnostics
        self.exception = result.exception


@pytest.fixture
def cli(monkeypatch):
    """Run the CLI in-process from a working directory; returns exit code and output."""

    def run(*args, cwd=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result)

    return run


def copy_fixture(src: Path, dest: Path, **options) -> Path:
    """A copy of a fixture tree without the caches a run on the fixture itself left in it
    (`.ordercheck_cache/`: `check` keeps its rules' targets and tree searches under the root)."""
    return shutil.copytree(src, dest, ignore=shutil.ignore_patterns(".ordercheck_cache", "__pycache__"), **options)


@pytest.fixture
def tree(tmp_path):
    """A writable copy of the fixture tree: tree('fixed') -> root folder."""

    def make(variant="fixed"):
        dest = tmp_path / variant
        copy_fixture(VLLM_TREE / variant, dest)
        return dest

    return make


def edit(root: Path, old: str, new: str, path: str = SHARED_EXPERTS, count: int = 1) -> None:
    file = root / path
    text = file.read_text()
    assert text.count(old) >= 1, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, count))
