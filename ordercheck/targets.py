"""Which rules a run checks, before any rule is parsed: the rule files of packs and folders, the
rules FILES choose, and the rules' target paths kept between runs.

Most commits a pre-commit hook sees touch no file a rule targets: `check FILES` then reads and
chooses the rules, checks nothing and prints an empty summary. A full run remembers, under the
root (`.ordercheck_cache/rules/`), the target paths of the rules it chose, with what they were
chosen from: the rule files (paths, how they were found, their bytes, kept whole and compared
whole), the options that choose among them (`--select`, `--ignore`, `include`, `exclude`),
ordercheck's version and its rule-reading code. Only a run whose reading and choosing raised no
error is remembered. The fast path (`quick`) answers from that entry without importing the
command line library or parsing a rule; a changed byte of a rule file and it does not answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import ConfigError, Location
from .tree_files import CACHE_DIR

PACKS_DIR = Path(__file__).parent / "packs"

_FORMAT = "rules-1"
_KEPT = 32  # entries kept under .ordercheck_cache/rules/, the most recent
# the modules whose code decides what the rules are and which are chosen: an edit of one (a
# development checkout) is another key
_DECIDING = ("rules.py", "targets.py", "api.py", "suppress.py", "model.py", "errors.py")


def available_packs() -> list[str]:
    if not PACKS_DIR.is_dir():
        return []
    return sorted(p.name for p in PACKS_DIR.iterdir() if p.is_dir() and any(p.glob("*.toml")))


def pack_files(name: str) -> list[Path] | ConfigError:
    """A pack's rule files. A pack is a name, never a path: `vllm/` in a vLLM checkout is a folder."""
    packs = ", ".join(available_packs()) or "none"
    if "/" in name or "\\" in name or name.endswith(".toml") or name in (".", ".."):
        return ConfigError(None, f"`{name}` is a path, not a pack name: pass rule files and folders with --rules {name}",
                           hints=(f"installed packs: {packs}",))
    folder = PACKS_DIR / name
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        return ConfigError(None, f"no rule pack named `{name}` (installed packs: {packs})")
    return files


def rule_sources(rule_paths: list[str], packs: list[str]) -> tuple[list[tuple[Path, str]], list[ConfigError]]:
    """The rule files named packs and `rule_paths` (files, folders of `*.toml` read recursively)
    hold, each with the prefix of its rules' ids (`vllm/` for a pack's), in reading order."""
    sources: list[tuple[Path, str]] = []
    errors: list[ConfigError] = []
    for name in packs:
        files = pack_files(name)
        if isinstance(files, ConfigError):
            errors.append(files)
            continue
        # shown by their real path: in a checkout that is rules/<pack>/..., the file to edit
        sources += [(Path(os.path.realpath(f)), f"{name}/") for f in files]
    for raw in rule_paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(path.rglob("*.toml"))
            if not files:
                errors.append(ConfigError(Location(raw, 1), f"rules folder `{raw}` holds no *.toml rule files"))
            sources += [(f, "") for f in files]
        elif path.is_file():
            sources.append((path, ""))
        else:
            errors.append(ConfigError(Location(raw, 1), f"rules path `{raw}` does not exist"))
    return sources, errors


def chooses(root: str | Path, files: list[str]) -> Callable[[str], bool]:
    """Whether FILES choose a rule's target path: it is among them or under one of them that is a
    folder (paths as given, relative to the working directory or, failing that, to root)."""
    base = Path(root).resolve()
    wanted: set[str] = set()
    folders: list[str] = []
    for f in files:
        p = Path(f)
        full = (p if p.is_absolute() else Path.cwd() / p).resolve()
        if not full.exists() and (base / p).exists():
            full = (base / p).resolve()
        try:
            relative = full.relative_to(base).as_posix()
        except ValueError:
            relative = p.as_posix()
        if full.is_dir():
            folders.append("" if relative == "." else relative.rstrip("/") + "/")
        else:
            wanted.add(relative)
    return lambda path: path in wanted or any(path.startswith(folder) for folder in folders)


Choice = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # select, ignore, include, exclude


def _entry(root: str | Path, rule_paths: list[str], packs: list[str], choice: Choice) -> tuple[Path, dict] | None:
    """The cache file of these rules chosen so, and what it holds when it answers for them: the
    key in full and each rule file's bytes (compared whole: no digest to trust, nor to import);
    None where a rule file cannot be found or read."""
    import zlib

    sources, errors = rule_sources(rule_paths, packs)
    if errors:
        return None
    here = Path(__file__).parent
    try:
        stamps = [os.stat(here / name).st_mtime_ns for name in _DECIDING]
        files = [(os.path.abspath(path), prefix) for path, prefix in sources]
        key = repr((_FORMAT, __version__, stamps, choice, files))
        texts = [path.read_bytes().decode("latin-1") for path, _ in sources]
    except OSError:
        return None
    name = f"{zlib.crc32(key.encode()):08x}.json"  # (another key of the same name is told apart by `key`)
    return Path(root) / CACHE_DIR / "rules" / name, {"key": key, "texts": texts}


def remembered(root: str | Path, rule_paths: list[str], packs: list[str], choice: Choice) -> list[str] | None:
    """The target paths a full run chose from these rules so, remembered; None if none was."""
    import json

    found = _entry(root, rule_paths, packs, choice)
    if found is None:
        return None
    entry, expected = found
    try:
        held = json.loads(entry.read_text(encoding="utf-8"))
        paths = held["targets"]
        if held["key"] != expected["key"] or held["texts"] != expected["texts"]:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return paths if isinstance(paths, list) and all(isinstance(p, str) for p in paths) else None


def remember(root: str | Path, rule_paths: list[str], packs: list[str], choice: Choice, paths: list[str]) -> None:
    """Keep the target paths of the rules a run chose (its reading and choosing raised no error).
    Written whole under another name and renamed: a concurrent run reads the old entry or this
    one, never part of one. A root it cannot write to keeps nothing."""
    import json
    import tempfile

    found = _entry(root, rule_paths, packs, choice)
    if found is None:
        return
    entry, held = found
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({**held, "targets": sorted(set(paths))}, fh)
        os.replace(temporary, entry)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    try:
        kept = sorted(entry.parent.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[_KEPT:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
