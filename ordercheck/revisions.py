"""Source text at a git revision, and the files that changed between two, read with git itself:
no checkout, no change to the working tree or the index. The only module that runs git."""

from __future__ import annotations

import re
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
    """The commit a revision names, or a ConfigError saying why not and how to fetch it."""
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()
    except GitError as exc:
        # rev-parse --quiet says nothing for an unknown revision; anything it does say is the reason
        reason = "" if str(exc).startswith("git rev-parse") else f": {exc}"
        return ConfigError(None, f"cannot resolve revision `{rev}` in {root}{reason}", hints=_fetch_hints(root, rev))


def _fetch_hints(root: str | Path, rev: str) -> tuple[str, ...]:
    """How to get a base revision that a clone lacks: CI checkouts are shallow by default."""
    try:
        remotes = _git(root, "remote").split()
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == "true"
    except GitError:
        return ()
    remote, _, branch = rev.partition("/")
    hints = []
    if remote in remotes and branch:
        hints.append(f"fetch the base: git fetch {remote} {branch}")
    elif shallow:
        hints.append("fetch the base: git fetch --unshallow")
    if shallow or (remote in remotes and branch):
        hints.append("in GitHub Actions, check out with `fetch-depth: 0` (actions/checkout is shallow by default)")
    return tuple(hints)


_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.M)


def changed_lines(root: str | Path, base: str, path: str, head: str | None = None) -> set[int]:
    """Lines of `path` (relative to root) in head (None: the working tree) that differ from base.
    Where lines were only deleted, the lines on either side of the gap count as changed."""
    try:
        text = _git(root, "diff", "-U0", "--no-color", "--no-ext-diff", base, *([] if head is None else [head]), "--", path)
    except GitError:
        return set()
    lines: set[int] = set()
    for match in _HUNK.finditer(text):
        start, count = int(match.group(1)), int(match.group(2) or 1)
        lines.update(range(start, start + count) if count else (start, start + 1))
    return lines


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

    def mentioning(words: tuple[str, ...]) -> list[str]:
        """The Python files at `rev` whose text holds every one of `words` (`git grep`); every
        Python file at `rev` where the search fails (a file it missed would be a module that
        changes a name unseen: more files are only more to read)."""
        patterns = [arg for w in words for arg in ("-e", w)]
        try:
            done = subprocess.run(["git", "-C", str(root), "grep", "-l", "-F", "--all-match", *patterns, rev, "--", "*.py"],
                                  capture_output=True, timeout=120, text=True, check=False)
        except (FileNotFoundError, subprocess.TimeoutExpired):
            done = None
        if done is None or done.returncode not in (0, 1):  # (1: no file matched)
            try:
                listed = _git(root, "ls-tree", "-r", "--name-only", rev)
            except GitError:
                return []
            return [line for line in listed.splitlines() if line.endswith(".py")]
        prefix = f"{rev}:"
        return [line.removeprefix(prefix) for line in done.stdout.splitlines() if line]

    read.mentioning = mentioning
    return read


def changed_python_files(root: str | Path, base: str, head: str | None, paths: list[str]) -> list[str]:
    """Python files (relative to root) that differ between base and head (None: the working tree).
    Only None is the working tree, as for the files' contents (`diff_tree.Side`): a blank head is
    git's error here (round 43: `--head ''` listed the working tree's changes, read the index's)."""
    args = ["diff", "--name-only", "--relative", base] + ([] if head is None else [head]) + ["--", *(paths or ["."])]
    names = _git(root, *args).splitlines()
    if head is None:  # untracked new files count as changed too
        names += _git(root, "ls-files", "--others", "--exclude-standard", "--", *(paths or ["."])).splitlines()
    return sorted({n for n in names if n.endswith(".py")})
