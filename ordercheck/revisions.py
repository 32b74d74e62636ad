"""Source text at a git revision, and the files that changed between two, read with git itself:
no checkout, no change to the working tree or the index. The only module that runs git."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .model import ConfigError


class GitError(Exception):
    pass


def _git(root: str | Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout


def resolve(root: str | Path, rev: str) -> str | ConfigError:
    """The commit a revision names, or a ConfigError saying why not."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitError as exc:
        return ConfigError(None, f"cannot resolve revision `{rev}` in {root}: {exc or 'unknown revision'}")


def revision_reader(root: str | Path, rev: str, decode):
    """`read(path)` for the engine: a file's text at `rev` (decoded by `decode(bytes, path)`),
    path relative to `root`; None if absent."""
    cache: dict[str, object] = {}

    def read(relative: str):
        if relative not in cache:
            try:
                done = subprocess.run(["git", "-C", str(root), "show", f"{rev}:./{relative}"], capture_output=True, timeout=120)
            except FileNotFoundError:
                done = None
            cache[relative] = decode(done.stdout, relative) if done is not None and done.returncode == 0 else None
        return cache[relative]

    return read


def changed_python_files(root: str | Path, base: str, head: str | None, paths: list[str]) -> list[str]:
    """Python files (relative to root) that differ between base and head (None: the working tree)."""
    args = ["diff", "--name-only", "--relative", base] + ([head] if head else []) + ["--", *(paths or ["."])]
    names = _git(root, *args).splitlines()
    if head is None:  # untracked new files count as changed too
        names += _git(root, "ls-files", "--others", "--exclude-standard", "--", *(paths or ["."])).splitlines()
    return sorted({n for n in names if n.endswith(".py")})
