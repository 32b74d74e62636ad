"""`ordercheck discover` over a tree: read the Python files, scan each (`discover.scan`) in worker
processes, keep what each file gave in an on-disk cache keyed by its content, and rank.

The cache lives in `.ordercheck_cache/discover/` under the root: one JSON file per content hash
(and cache format), written to a temporary name and renamed into place, so concurrent runs never
read half a file; `--no-cache` neither reads nor writes it. An entry that is not exactly what
`_write_cache` writes (a field of another type, another path) is no entry: the file is scanned again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from . import __version__
from .discover import KINDS, Candidate, ModuleScan, rank, scan
from .tree_files import CACHE_DIR, SKIP_DIRS, ignore_cache_folder

CACHE_FORMAT = f"discover-2-{__version__}"  # (2: a first-supported loop returning what its item gives)


@dataclass
class Survey:
    candidates: list[Candidate] = field(default_factory=list)
    files: int = 0
    cached: int = 0
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, why)


def python_files(root: Path, paths: list[str]) -> list[str]:
    """The `.py` files under `paths` (relative to `root`), as root-relative POSIX paths, sorted.
    Listed as `tree_files` lists them for `check` and `diff`: a link to a file by its own name,
    wherever it points (round 43: one out of the root, to nothing or to itself was an internal
    error), links to folders not entered."""
    found: set[str] = set()
    base = root.resolve()
    for sub in paths or ["."]:
        start = (root / sub)
        if start.is_file():
            found.add(_relative(base, start.parent, start.name))
            continue
        for folder, dirs, names in os.walk(start):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
            for name in names:
                if name.endswith(".py"):
                    found.add(_relative(base, folder, name))
    return sorted(found)


def _relative(base: Path, folder: str | Path, name: str) -> str:
    """`folder/name` relative to the resolved root `base`: the folder resolved, the name kept (a link)."""
    return (Path(folder).resolve() / name).relative_to(base).as_posix()


def survey(root: str | Path, paths: list[str] = (), jobs: int | None = None, use_cache: bool = True,
           progress: Callable[[int], None] | None = None) -> Survey:
    root = Path(root)
    files = python_files(root, list(paths))
    result = Survey(files=len(files))
    cache = root / CACHE_DIR / "discover" if use_cache else None
    scans: list[ModuleScan] = []
    todo: list[tuple[str, bytes, str]] = []
    for rel in files:
        if not (root / rel).is_file():  # (a link to nothing or to itself, a FIFO: as `check` says it)
            result.unreadable.append((rel, "not a regular file"))
            continue
        try:
            data = (root / rel).read_bytes()
        except OSError as exc:
            result.unreadable.append((rel, exc.strerror or str(exc)))
            continue
        key = hashlib.sha256(CACHE_FORMAT.encode() + b"\0" + rel.encode() + b"\0" + data).hexdigest()
        hit = _read_cache(cache, key, rel) if cache is not None else None
        if hit is not None:
            scans.append(hit)
            result.cached += 1
            if progress:
                progress(1)
        else:
            todo.append((rel, data, key))
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(todo) > 64:
        with ProcessPoolExecutor(jobs) as pool:
            done = pool.map(_scan_one, [(rel, data) for rel, data, _ in todo], chunksize=16)
            outcomes = _with_progress(done, progress)
    else:
        outcomes = _with_progress((_scan_one((rel, data)) for rel, data, _ in todo), progress)
    for (rel, _data, key), (found, why) in zip(todo, outcomes):
        if found is None:
            result.unreadable.append((rel, why))
            continue
        scans.append(found)
        if cache is not None:
            _write_cache(cache, key, found)
    result.candidates = rank(scans)
    return result


def _with_progress(items, progress):
    out = []
    for item in items:
        out.append(item)
        if progress:
            progress(1)
    return out


def _scan_one(job: tuple[str, bytes]) -> tuple[ModuleScan | None, str]:
    from .api import decode_source

    rel, data = job
    text = decode_source(data, rel)  # (as Python and `check` read it: a PEP 263 coding line, round 47)
    if not isinstance(text, str):
        return None, "cannot decode: " + text.message.partition(": ")[2]
    try:
        return scan(text, rel), ""
    except (SyntaxError, ValueError, RecursionError) as exc:
        return None, f"cannot parse: {exc.__class__.__name__}"


def _read_cache(folder: Path, key: str, rel: str) -> ModuleScan | None:
    """The scan of `rel` kept under `key`; None where there is none or it is not exactly what
    `_write_cache` writes (round 43: a `branches` of "x" was an internal error, a `line` of "x"
    was shown as the line)."""
    try:
        data = json.loads((folder / f"{key}.json").read_text())
    except (OSError, ValueError, RecursionError):
        return None
    if not (isinstance(data, dict) and data.keys() == {"candidates", "calls"}
            and isinstance(data["candidates"], list) and isinstance(data["calls"], dict)
            and all(isinstance(name, str) and _count(n) for name, n in data["calls"].items())
            and all(_candidate(c, rel) for c in data["candidates"])):
        return None
    return ModuleScan([Candidate(**c) for c in data["candidates"]], dict(data["calls"]))


_CANDIDATE_FIELDS = frozenset(f.name for f in fields(Candidate))


def _candidate(entry, rel: str) -> bool:
    """Whether a kept candidate is one `scan` gives for `rel`: its fields, each of its type."""
    return (isinstance(entry, dict) and entry.keys() == _CANDIDATE_FIELDS and entry["path"] == rel
            and isinstance(entry["target"], str) and entry["target"] != "" and entry["kind"] in KINDS
            and _count(entry["line"]) and entry["line"] >= 1
            and _count(entry["branches"]) and _count(entry["atoms"]) and _count(entry["callers"]))


def _count(value) -> bool:
    return type(value) is int and value >= 0  # (not a bool, a float or text)


def _write_cache(folder: Path, key: str, found: ModuleScan) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore_cache_folder(folder.parent)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump({"candidates": [asdict(c) for c in found.candidates], "calls": found.calls}, f)
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass  # a read-only tree: run without the cache
