"""`diff` over many changed files: which files can have changed a model, the file-by-file
comparisons in worker processes, and an on-disk cache of both.

1. The changed Python files asked about are parsed in both versions (`ast`, no positions): a
   file whose syntax tree is the same (a reformat, a comment) changed nothing a model can see.
   When none of them changed its tree, every other file that differs is parsed too, and when no
   file changed its tree, no function is modelled at all; otherwise another file's tree is
   looked at only when a model reads it (`Trees`).
2. A changed file whose tree is the same is modelled in the new version only, recording every
   file the models read; if none of those changed its tree, the old version reads the same trees
   and its models are the same: nothing to compare. Otherwise, and for every file whose tree
   changed, both versions are modelled and compared (`diff_files.diff_file`).
3. Each file's answer is kept in `.ordercheck_cache/diff/` under the root, keyed by the file's
   text in both versions, with the content hashes of every file its models read; a later run
   reuses it only when all of those are unchanged. Entries are signed with a key private to the
   user (`~/.cache/ordercheck/cache.key`): a cache folder committed or copied from elsewhere is
   ignored, never unpickled. Writes go to a temporary name renamed into place, so concurrent
   runs never read half an entry. `--no-cache` neither reads nor writes it.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, gc_policy
from .reads import tree_digest
from .tree_files import Cache

CACHE_FORMAT = f"diff-5-{__version__}"  # (5: round 33 reads more per model, a class's hooks and writers; a cached
# answer of 4 did not record them, and may be wrong)
_PARALLEL_FROM = 64  # files to parse, or 8 files to compare, before worker processes pay off


@dataclass(frozen=True)
class Side:
    """One version, as a worker process can open it again: a folder, or a git revision."""

    root: str
    rev: str | None = None

    def reader(self):
        from .api import decode_source, source_reader
        from .revisions import revision_reader

        return source_reader(self.root) if self.rev is None else revision_reader(self.root, self.rev, decode_source)


@dataclass
class TreeDiff:
    """What the tree-level steps add to a `DiffResult`."""

    same_tree: int = 0  # changed files whose models cannot have changed (syntax trees the same)
    cached: int = 0  # changed files answered from the cache


def syntax_digest(text: str) -> str:
    """A digest of a module's syntax tree without positions ("unparsable" when it has none): see
    `reads.tree_digest`."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return "unparsable"
    return tree_digest(tree)


def text_hash(text) -> str | None:
    if not isinstance(text, str):
        return None if text is None else "unreadable"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# ---------------------------------------------------------------- the cache


def _key(*parts: str) -> str:
    return hashlib.sha256("\0".join((CACHE_FORMAT, _code_stamp(), *parts)).encode()).hexdigest()


_STAMP: list[str] = []


def _code_stamp() -> str:
    """Which build of ordercheck wrote an entry (its modules' sizes and times): an upgrade, or
    an edit of a development checkout, never reads answers the old code gave."""
    if not _STAMP:
        package = Path(__file__).resolve().parent
        parts = []
        for path in sorted(package.rglob("*.py")):
            st = path.stat()
            parts.append(f"{path.relative_to(package)}:{st.st_size}:{st.st_mtime_ns}")
        _STAMP.append(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16])
    return _STAMP[0]


# ---------------------------------------------------------------- step 1: syntax trees


def changed_trees(paths: list[str], read_old, read_new, cache: Cache, jobs: int,
                  progress: Callable[[int, int], None] | None = None) -> set[str]:
    """The files among `paths` (which differ as text) whose syntax tree differs too. The digests
    are cached as one table (text hash -> digest): a reformat of thousands of files reads one
    cache file, not thousands."""
    known: dict[str, str] = cache.get("tree", _key("digests")) or {}
    todo: dict[str, str] = {}  # text hash -> text
    pairs: list[tuple[str, str | None, str | None]] = []
    for path in paths:
        keys = []
        for read in (read_old, read_new):
            text = read(path)
            key = text_hash(text)  # None (no such file) and "unreadable" stand for themselves, as in `_tree_changed`
            if isinstance(text, str) and key not in known:
                todo[key] = text
            keys.append(key)
        pairs.append((path, *keys))
    if todo:
        texts = list(todo.values())
        if jobs > 1 and len(todo) >= _PARALLEL_FROM:
            with ProcessPoolExecutor(jobs) as pool:
                computed = _counted(pool.map(syntax_digest, texts, chunksize=32), len(texts), progress)
        else:
            computed = _counted(map(syntax_digest, texts), len(texts), progress)
        fresh = dict(zip(todo, computed))
        known.update(fresh)
        latest = cache.get("tree", _key("digests")) or {}  # another run may have added some meanwhile
        cache.put("tree", _key("digests"), {**latest, **fresh})
    return {path for path, old, new in pairs if _differ(known.get(old, old) if old else old, known.get(new, new) if new else new)}


def _differ(old: str | None, new: str | None) -> bool:
    """Whether two versions' digests (None: no such file) say the syntax tree changed; a file
    that cannot be read or parsed always counts as changed."""
    return old != new or old in (None, "unreadable", "unparsable")


@dataclass(frozen=True)
class Trees:
    """Which files changed their syntax tree, as a worker asks it of the files its models read:
    `differ` (the files whose text differs anywhere) less those answered before the comparisons
    (`checked`, of which `changed` changed), worked out when a model reads one. A diff of one
    folder between two releases parses the folder's files, not the thousand others that differ
    (22 s of CPU over vLLM 0.32.0 -> 0.33.0)."""

    differ: frozenset[str]
    changed: frozenset[str]
    checked: frozenset[str]


def _counted(items, total: int, progress):
    out = []
    for item in items:
        out.append(item)
        if progress:
            progress(len(out), total)
    return out


# ---------------------------------------------------------------- step 2: file by file


@dataclass
class FileAnswer:
    """One changed file's comparison, with the content hashes of what its models read. Its
    targets' models are headers: function, path and line, no branches (`_header`)."""

    result: object  # diff.DiffResult
    deps: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    same_tree: bool = False
    # the tree searched by text (what other modules may do to a name): each `outside.Search` -> the
    # files it found, old and new
    searches: dict = field(default_factory=dict)


_WORKER: dict = {}


def _start_pool_worker(*args) -> None:
    gc_policy.for_batch()  # a spawned worker starts with the defaults (a forked one has the parent's)
    _start_worker(*args)


def _start_worker(old: Side, new: Side, renames: bool, exclude: frozenset[str], trees: Trees) -> None:
    from .diff_files import Modules

    before = Modules(old.reader())
    _WORKER.update(old=before, new=Modules(new.reader(), records=True, twin=before), renames=renames, exclude=exclude,
                   trees=trees, asked={})


def _tree_changed(path: str) -> bool:
    """Whether `path`'s syntax tree differs between the versions (`Trees`), in this process."""
    trees, asked = _WORKER["trees"], _WORKER["asked"]
    if path in trees.checked:
        return path in trees.changed
    if path not in trees.differ:
        return False
    if path not in asked:
        digests = []
        for side in (_WORKER["old"], _WORKER["new"]):
            text = side.text(path)
            digests.append(syntax_digest(text) if isinstance(text, str) else text_hash(text))
        asked[path] = _differ(*digests)
    return asked[path]


def _answer(path: str) -> FileAnswer:
    """Compare one file in this process (`_start_worker` first), on one thread with a deep
    stack for all of its models (each model would start its own: `extract._deep`)."""
    from .extract import _deep

    return _deep(lambda: _answer_here(path))


def _answer_here(path: str) -> FileAnswer:
    from .diff import DiffResult
    from .diff_files import diff_file

    old, new = _WORKER["old"], _WORKER["new"]
    old.touched, new.touched = set(), set()
    old.searched, new.searched = set(), set()
    try:
        if not _tree_changed(path):  # the same tree: model the new version to learn what it reads
            alone = diff_file(path, old, new, _WORKER["renames"], _WORKER["exclude"], old_side=False)
            searches = _searches(new.searched, old, new)
            found = {p for pair in searches.values() for side in pair for p in side}
            if not any(_tree_changed(p) for p in sorted(new.touched | found)) and all(a == b for a, b in searches.values()):
                return FileAnswer(DiffResult(errors=alone.errors), _hashes(new.touched | found, old, new), same_tree=True,
                                  searches=searches)
            old.touched = set()
        result = diff_file(path, old, new, _WORKER["renames"], _WORKER["exclude"])
        for target in result.targets:  # the report names a model's function and line, nothing more
            target.old, target.new = _header(target.old), _header(target.new)
        searches = _searches(old.searched | new.searched, old, new)
        found = {p for pair in searches.values() for side in pair for p in side}
        return FileAnswer(result, _hashes(old.touched | new.touched | found, old, new), searches=searches)
    finally:
        old.touched = new.touched = None
        old.searched, new.searched = set(), set()
        old.forget_models()
        new.forget_models()


def _header(model):
    """A model without its branches and values: what a file's answer carries back to the parent
    process and into the cache (a model's values can be tens of MB)."""
    from dataclasses import replace

    return None if model is None else replace(model, branches=(), notes=(), helpers=(), ignored_calls=(), inputs=())


def _searches(searches: set, old, new) -> dict:
    """The files each search (`outside.Search`) finds in each version (round 24: a module of the
    tree newly changing a list the decision walks, the decision's file the same tree, was "no
    change")."""
    return {s: (old.search(s), new.search(s)) for s in sorted(searches, key=repr)}


def _found(read, search) -> tuple[str, ...]:
    """What `search` finds in the version `read` reads (nothing where it cannot search the tree,
    as `Project.mentioning`)."""
    mentioning = getattr(read, "mentioning", None)
    return search.answer(mentioning, read) if mentioning is not None else ()


def changers_called(paths: list[str], trees: Trees, read_old, read_new, within: Callable[[str], bool] | None = None) -> list[str]:
    """The files of the tree, of the same text in both versions, one of whose functions that
    change the module's globals (`def enable(): global _FLAG`) a file of `paths` whose syntax
    tree changed calls or decorates with, in either version (`sel.enable()`, `from sel import
    enable`): their decisions are compared too, the searches of what other modules do to their
    globals told apart there (round 32: boot.py newly calling `sel.enable()`, sel.py untouched,
    was never looked at). `within`: whether a file is under the PATHS asked (the others are not
    reported, as an unchanged file outside them is not)."""
    from .extract import ModuleIndex, Project
    from .extract.definitions import _statements_of

    asked = set(paths)
    out: dict[str, None] = {}
    for read in (read_old, read_new):
        project = Project(read)
        for path in paths:
            if path not in trees.changed:
                continue
            text = read(path)
            try:
                tree = ast.parse(text) if isinstance(text, str) else None
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                tree = None
            if tree is None:
                continue
            imports: dict[str, tuple[str, int]] = {}  # a name the file binds by import -> (dotted module or object, level)
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    imports.update((a.asname or a.name.split(".")[0], (a.name if a.asname else a.name.split(".")[0], 0))
                                   for a in node.names)
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    imports.update((a.asname or a.name, (f"{base}.{a.name}" if base else a.name, node.level))
                                   for a in node.names if a.name != "*")
            called: set[tuple[str, int, str]] = set()  # (dotted module, level, function)
            for node in ast.walk(tree):
                func = node.func if isinstance(node, ast.Call) else node if isinstance(node, (ast.Name, ast.Attribute)) else None
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in imports:
                    called.add((*imports[func.value.id], func.attr))
                elif isinstance(func, ast.Name) and func.id in imports:
                    module, level = imports[func.id]
                    head, _, name = module.rpartition(".")
                    if name and (head or level):
                        called.add((head, level, name))
            for module, level, name in sorted(called):
                target = project.module_for(module, level, path)
                if not isinstance(target, ModuleIndex) or target.path in asked or target.path in out or target.path in trees.differ \
                        or (within is not None and not within(target.path)):
                    continue  # (a file that differs and was not asked about is outside the PATHS asked)
                changes = _statements_of(target).changes
                if (changes.get(name, set()) | changes.get(f"{name}()", set())) & target.globals:
                    out[target.path] = None
    return list(out)


def _hashes(paths: set[str], old, new) -> dict[str, tuple[str | None, str | None]]:
    return {p: (text_hash(old.text(p)), text_hash(new.text(p))) for p in sorted(paths)}


def compare_files(paths: list[str], old: Side, new: Side, readers: tuple, renames: bool, exclude: frozenset[str],
                  trees: Trees, cache: Cache, jobs: int, tree: TreeDiff,
                  progress: Callable[[int, int], None] | None = None, within: Callable[[str], bool] | None = None) -> list[FileAnswer]:
    """Each file's answer, from the cache where everything it read is unchanged. `readers`:
    this process's readers of `old` and `new` (texts already read stay read); worker processes
    open the sides again. `within`: whether a file is under the PATHS asked (`changers_called`)."""
    read_old, read_new = readers
    memo: dict[tuple[int, str], str | None] = {}

    def current(path: str) -> tuple[str | None, str | None]:
        for side, read in ((0, read_old), (1, read_new)):
            if (side, path) not in memo:
                memo[(side, path)] = text_hash(read(path))
        return memo[(0, path)], memo[(1, path)]

    answers: dict[str, FileAnswer] = {}
    todo = []
    paths = [*paths, *changers_called(paths, trees, read_old, read_new, within)]
    for path in paths:
        key = _key("file", path, *map(str, current(path)), str(renames), ",".join(sorted(exclude)))
        hit = cache.get("file", key)
        if isinstance(hit, FileAnswer) and all(current(p) == tuple(h) for p, h in hit.deps.items()) \
                and all((_found(read_old, s), _found(read_new, s)) == found for s, found in hit.searches.items()):
            answers[path] = hit
            tree.cached += 1
        else:
            todo.append((path, key))
    args = (old, new, renames, exclude, trees)
    names = [p for p, _ in todo]
    if jobs > 1 and len(todo) >= 8:
        with ProcessPoolExecutor(min(jobs, len(todo)), initializer=_start_pool_worker, initargs=args) as pool:
            computed = _counted(pool.map(_answer, names), len(names), progress)
    else:
        _start_worker(*args)
        computed = _counted(map(_answer, names), len(names), progress)
        _WORKER.clear()
    for (path, key), answer in zip(todo, computed):
        answers[path] = answer
        cache.put("file", key, answer)
    return [answers[p] for p in paths]


__all__ = ["Side", "TreeDiff", "Trees", "Cache", "changed_trees", "changers_called", "compare_files", "syntax_digest", "CACHE_FORMAT"]
