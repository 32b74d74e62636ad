"""A check's answer kept under the root with everything it read, as ruff and mypy keep theirs:
a later run of the same rules over an unchanged tree gives it without running the engine.

What the engine's answer depends on, and the entry's key or its validation covers:
- ordercheck's code (every module's size and modification time) and the Python running it
  (`pythons`: what the model folds on the Python running it);
- the rules run (pickled whole: targets, scenarios, their files' locations), the pure calls,
  the working directory and the root;
- every file the run read (its size, times, inode, mode; a file that was missing stays missing);
- every tree search's answer (`read.mentioning`, whose own kept answers re-read changed files).
A file or answer changed, a file changed within a second before the run began (git's racy rule,
as `tree_files.Kept`), a key from another user (`tree_files.Cache`: signed), or any failure to
read the entry: the engine runs, and a run that read nothing wrong keeps its answer."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import __version__
from .tree_files import CACHE_DIR, Cache, Kept

_FORMAT = "check-1"
_MOST = 64  # answers kept under a root (one per set of rules and files asked): the last written


def _signature(path: str) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        try:
            st = os.lstat(path)  # (a dangling link reads as an error, not as no file)
        except OSError:
            return None
        return ("link", st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    return (st.st_mode, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _code_stamps() -> list[tuple[str, int, int]]:
    """Every module of ordercheck with its size and modification time."""
    here = os.path.dirname(os.path.abspath(__file__))
    stamps = []
    for folder, dirs, names in os.walk(here):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".toml")):
                st = os.stat(os.path.join(folder, name))
                stamps.append((os.path.relpath(os.path.join(folder, name), here), st.st_size, st.st_mtime_ns))
    return stamps


class KeptCheck:
    """The kept answer of one check: `answer()` before running it, `keep(result)` after."""

    def __init__(self, root: str, rules: list, pure_calls: tuple, read) -> None:
        import hashlib
        import pickle
        import time

        self.root = root
        self.read = read
        self.started = time.time_ns()
        try:
            identity = pickle.dumps((_FORMAT, __version__, sys.version, _code_stamps(), rules, tuple(pure_calls),
                                     os.getcwd(), os.path.abspath(root)), protocol=4)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError, OSError):
            self.key = None
        else:
            self.key = hashlib.sha256(identity).hexdigest()
        self.cache = Cache(Path(root, CACHE_DIR, "checks") if self.key is not None else None, most=_MOST)

    def answer(self):
        """The kept `CheckResult` where nothing it read changed; else None."""
        if self.key is None:
            return None
        held = self.cache.get("answers", self.key)
        if not isinstance(held, dict) or held.get("format") != _FORMAT:
            return None
        trusted_before = held["written"] - Kept.TRUSTED_BEFORE_NS
        for relative, signature in held["reads"].items():
            if _signature(os.path.join(self.root, relative)) != signature:
                return None
            if signature is not None and (signature[2] >= trusted_before or signature[3] >= trusted_before):
                return None
        searched = getattr(self.read, "mentioning", None)
        if held["searches"] and searched is None:
            return None
        for words, found in held["searches"].items():
            if searched(words) != found:
                return None
        return held["result"]

    def keep(self, result, reads: list[str], searches: dict[tuple[str, ...], list[str]]) -> None:
        """Keep `result`, computed from the files `reads` names and the tree searches `searches`
        answered so: not where the run reported a configuration or input error."""
        if self.key is None or result.errors:
            return
        held = {"format": _FORMAT, "written": self.started, "result": result,
                "reads": {relative: _signature(os.path.join(self.root, relative)) for relative in reads},
                "searches": dict(searches)}
        self.cache.put("answers", self.key, held)
