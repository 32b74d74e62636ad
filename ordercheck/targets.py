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

import marshal  # (a built-in module: json imports `re`, a third of the fast path's own time)
import os
import posixpath  # (`os.path` itself, loaded with `os`)

from . import __version__
from .tree_files import CACHE_DIR, ignore_cache_folder, write_whole

TYPE_CHECKING = False  # (as in `config`)
if TYPE_CHECKING:
    from collections.abc import Callable

    from .errors import ConfigError

PACKS_DIR = os.path.join(os.path.dirname(__file__), "packs")

_FORMAT = "rules-1"
_KEPT = 32  # entries kept under .ordercheck_cache/rules/, the most recent
# the modules whose code decides what the rules are and which are chosen: an edit of one (a
# development checkout) is another key
_DECIDING = ("rules.py", "targets.py", "api.py", "suppress.py", "model.py", "errors.py")


def available_packs() -> list[str]:
    if not os.path.isdir(PACKS_DIR):
        return []
    return sorted(name for name in os.listdir(PACKS_DIR) if pack_files(name, listed=False))


def pack_files(name: str, listed: bool = True) -> list[str] | ConfigError:
    """A pack's rule files (`*.toml` in its folder, by name). A pack is a name, never a path:
    `vllm/` in a vLLM checkout is a folder. `listed=False`: no error, only the files or []."""
    if "/" in name or "\\" in name or name.endswith(".toml") or name in (".", ".."):
        return _error(None, f"`{name}` is a path, not a pack name: pass rule files and folders with --rules {name}",
                      (f"installed packs: {', '.join(available_packs()) or 'none'}",)) if listed else []
    folder = os.path.join(PACKS_DIR, name)
    files = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".toml")) if os.path.isdir(folder) else []
    if not files and listed:
        return _error(None, f"no rule pack named `{name}` (installed packs: {', '.join(available_packs()) or 'none'})")
    return files


def rule_sources(rule_paths: list[str], packs: list[str]) -> tuple[list[tuple[str, str]], list[ConfigError]]:
    """The rule files named packs and `rule_paths` (files, folders of `*.toml` read recursively)
    hold, each with the prefix of its rules' ids (`vllm/` for a pack's), in reading order."""
    sources: list[tuple[str, str]] = []
    errors: list[ConfigError] = []
    for name in packs:
        files = pack_files(name)
        if not isinstance(files, list):  # (a ConfigError)
            errors.append(files)
            continue
        # shown by their real path: in a checkout that is rules/<pack>/..., the file to edit
        sources += [(os.path.realpath(f), f"{name}/") for f in files]
    for raw in rule_paths:
        if os.path.isdir(raw):
            from pathlib import Path  # (in path order: `a/b.toml` before `a-c/x.toml`)

            files = sorted(Path(raw).rglob("*.toml"))
            if not files:
                errors.append(_error(raw, f"rules folder `{raw}` holds no *.toml rule files"))
            sources += [(str(f), "") for f in files]
        elif os.path.isfile(raw):
            sources.append((raw, ""))
        else:
            errors.append(_error(raw, f"rules path `{raw}` does not exist"))
    return sources, errors


def _error(raw: str | None, message: str, hints: tuple[str, ...] = ()) -> ConfigError:
    """An error of the rules named (at `raw`'s first line), made only when there is one: the fast
    path (`quick`) imports no dataclass machinery."""
    from .errors import ConfigError, Location

    return ConfigError(None if raw is None else Location(raw, 1), message, hints=hints)


def chooses(root: str, files: list[str]) -> Callable[[str], bool]:
    """Whether FILES choose a rule's target path: it is among them or under one of them that is a
    folder (paths as given, relative to the working directory or, failing that, to root). Both
    are compared normalised (`posixpath.normpath`): a full run reads `pkg//mod.py`, `pkg/mod.py/`
    and `pkg/../pkg/mod.py` as `pkg/mod.py`, and so must a run on FILES (round 43: a rule spelled
    so was chosen by no FILES, the pre-commit hook's `check pkg/mod.py` said clean, exit 0). A
    rule path through a symlink is compared as spelled: FILES are resolved, rule paths are not."""
    base = os.path.realpath(root)
    wanted: set[str] = set()
    folders: list[str] = []
    for f in files:
        full = os.path.realpath(os.path.join(os.getcwd(), f))
        if not os.path.exists(full) and os.path.exists(os.path.join(base, f)):
            full = os.path.realpath(os.path.join(base, f))
        if full == base:
            relative = "."
        elif full.startswith(base.rstrip("/") + "/"):
            relative = full[len(base.rstrip("/")) + 1:]
        else:  # (outside the root: as given, normalised as a rule's path is)
            relative = posixpath.normpath(f)
        if os.path.isdir(full):
            folders.append("" if relative == "." else relative.rstrip("/") + "/")
        else:
            wanted.add(relative)

    def chosen(path: str) -> bool:
        path = posixpath.normpath(path)
        return path in wanted or any(path.startswith(folder) for folder in folders)

    return chosen


Choice = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # select, ignore, include, exclude


def _read_sources(rule_paths: list[str], packs: list[str]) -> tuple[tuple, list[bytes]] | None:
    """What identifies these rules' sources (the format, ordercheck's version, its rule-reading
    code's stamps, the files' paths and how they were found) and the files' bytes; None where a
    rule file cannot be found or read."""
    sources, errors = rule_sources(rule_paths, packs)
    if errors:
        return None
    here = os.path.dirname(__file__)
    try:
        stamps = [os.stat(os.path.join(here, name)).st_mtime_ns for name in _DECIDING]
        texts = []
        for path, _ in sources:
            with open(path, "rb") as fh:
                texts.append(fh.read())
    except OSError:
        return None
    return (_FORMAT, __version__, stamps, [(os.path.abspath(path), prefix) for path, prefix in sources]), texts


def _entry(root: str, rule_paths: list[str], packs: list[str], choice: Choice) -> tuple[str, dict] | None:
    """The cache file of these rules chosen so, and what it holds when it answers for them: the
    key in full and each rule file's bytes (compared whole: no digest to trust, nor to import);
    None where a rule file cannot be found or read."""
    import zlib

    read = _read_sources(rule_paths, packs)
    if read is None:
        return None
    identity, texts = read
    key = repr((*identity, marshal.version, choice))
    name = f"{zlib.crc32(key.encode()):08x}.marshal"  # (another key of the same name is told apart by `key`)
    return os.path.join(root, CACHE_DIR, "rules", name), {"key": key, "texts": [t.decode("latin-1") for t in texts]}


def sources_key(rule_paths: list[str], packs: list[str]) -> str | None:
    """A digest of what parsing these rules reads (`_read_sources`) and the working directory (the
    rules' locations are shown relative to it); None where a rule file cannot be found or read."""
    import hashlib

    read = _read_sources(rule_paths, packs)
    if read is None:
        return None
    identity, texts = read
    digest = hashlib.sha256(repr((*identity, os.getcwd())).encode())
    for text in texts:
        digest.update(hashlib.sha256(text).digest())
    return digest.hexdigest()


def remembered(root: str, rule_paths: list[str], packs: list[str], choice: Choice) -> list[str] | None:
    """The target paths a full run chose from these rules so, remembered; None if none was."""
    found = _entry(root, rule_paths, packs, choice)
    if found is None:
        return None
    entry, expected = found
    try:
        with open(entry, "rb") as fh:
            held = marshal.loads(fh.read())  # (`load` of the file reads it piece by piece: 10x slower)
        paths = held["targets"]
        if held["key"] != expected["key"] or held["texts"] != expected["texts"]:
            return None
    except (OSError, ValueError, EOFError, KeyError, TypeError):
        return None
    return paths if isinstance(paths, list) and all(isinstance(p, str) for p in paths) else None


def remember(root: str, rule_paths: list[str], packs: list[str], choice: Choice, paths: list[str]) -> None:
    """Keep the target paths of the rules a run chose (its reading and choosing raised no error).
    Written whole (`write_whole`); the most recent `_KEPT` entries are kept."""
    found = _entry(root, rule_paths, packs, choice)
    if found is None:
        return
    entry, held = found
    if not write_whole(entry, marshal.dumps({**held, "targets": sorted(set(paths))})):
        return
    folder = os.path.dirname(entry)
    try:
        ignore_cache_folder(os.path.dirname(folder))
        kept = sorted((os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".marshal")),
                      key=lambda p: os.stat(p).st_mtime_ns, reverse=True)
        for old in kept[_KEPT:]:
            os.remove(old)
    except OSError:
        return
