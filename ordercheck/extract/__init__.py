"""Source text -> DecisionModel: a sound abstract interpreter over CPython's `ast`.

Stages, one module each: `index` (what a module defines, which names are constants), `heap`
(attribute paths through writes and calls), `values` (sequences, references, conditional values),
`state` (one path and how paths join), `statements`, `expressions`, `calls` (resolution, inlining,
what unmodeled calls may change), `interpreter` (frames and scoping), `build` (exits -> branches).
No I/O: callers hand in source text, or a `Project` whose `read(path)` returns it.
"""

from __future__ import annotations

import ast
import posixpath
import sys
from collections.abc import Callable

from ..model import ConfigError, DecisionModel, Location
from .build import build_model, inherited_overridden
from .builtins import lookup_axioms, lookup_axioms_across
from .index import ClassInfo, FunctionInfo, ModuleIndex, build_index, dotted
from .interpreter import Options

_DEEP_LIMIT = 20_000
_KEPT_TEXT = 2_000_000  # characters of file texts a project keeps (`Project.text`; the searches keep what a text answered)


def parse(source: str, path: str) -> ModuleIndex | ConfigError:
    """Parse a module and index its functions, classes, imports and constants."""
    try:
        tree = _deep(lambda: ast.parse(source, filename=path))
    except SyntaxError as exc:
        return ConfigError(Location(path, exc.lineno or 1, exc.offset or 1), f"cannot parse {path}: {exc.msg}")
    except ValueError as exc:  # NUL bytes
        return ConfigError(Location(path, 1), f"cannot parse {path}: {exc}")
    except (RecursionError, MemoryError):
        return ConfigError(Location(path, 1), f"cannot parse {path}: it is nested too deeply (CPython's own parser gives up on it too)")
    return build_index(source, path, tree)


class Project:
    """The analysed tree: each module parsed once, imports resolved to files under the root.
    `read(path)` returns a file's text relative to the root, or None."""

    def __init__(self, read: Callable[[str], str | None] | None = None) -> None:
        self._read = read or (lambda path: None)
        self._modules: dict[str, ModuleIndex | ConfigError | None] = {}
        self._mentions: dict[tuple[str, ...], list[str]] = {}
        self._searches: dict = {}  # outside.Search -> the files it finds
        self._filtered: dict = {}  # (path, a filter of a search) -> whether the file's text passes it
        # the texts read, newest last (the tree searches read a file once per search that finds it:
        # 100,000 reads and decodes of one fused_moe diff), kept up to `_KEPT_TEXT` characters
        self._texts: dict[str, str | ConfigError | None] = {}
        self._kept_chars = 0

    def mentioning(self, *words: str) -> list[str]:
        """The tree's Python files whose text holds every one of `words`, where the reader can
        search the tree (`read.mentioning`: a folder, a git revision); none where it cannot (a
        project of the modules handed in)."""
        if words not in self._mentions:
            search = getattr(self._read, "mentioning", None)
            self._mentions[words] = sorted(search(words)) if search is not None else []
        return self._mentions[words]

    def search(self, search) -> tuple[str, ...]:
        """What an `outside.Search` of the tree answers in this project."""
        found = self._searches.get(search)
        if found is None:
            found = self._searches[search] = search.answer(lambda words: self.mentioning(*words), self.text, self._filtered)
        return found

    def add(self, index: ModuleIndex) -> None:
        self._modules[index.path] = index

    def text(self, path: str) -> str | ConfigError | None:
        """The file's text as the tree's reader gives it (None: not in the tree)."""
        texts = self._texts
        if path in texts:
            return texts[path]
        text = self._read(path)
        size = len(text) if isinstance(text, str) else 0
        while texts and self._kept_chars + size > _KEPT_TEXT:
            old = texts.pop(next(iter(texts)))
            self._kept_chars -= len(old) if isinstance(old, str) else 0
        texts[path] = text
        self._kept_chars += size
        return text

    def module(self, path: str) -> ModuleIndex | ConfigError | None:
        if path not in self._modules:
            text = self.text(path)
            self._modules[path] = text if text is None or isinstance(text, ConfigError) else parse(text, path)
        return self._modules[path]

    def module_for(self, name: str, level: int, from_path: str) -> ModuleIndex | None:
        """The module `name` (relative to `from_path`'s package when `level` > 0), if it is in the tree."""
        if level:
            package = posixpath.dirname(from_path)
            for _ in range(level - 1):
                package = posixpath.dirname(package)
            base = posixpath.join(package, *name.split(".")) if name else package
        else:
            if not name:
                return None
            base = posixpath.join(*name.split("."))
        # (a package comes before a module of the same name, as Python's finder takes it: round 27,
        # `consts/__init__.py` beside `consts.py` was read as the module)
        for candidate in (posixpath.join(base, "__init__.py"), base + ".py"):
            found = self.module(candidate)
            if found is not None:
                return found if isinstance(found, ModuleIndex) else None
        # a tree checked out below a prefix (`src/` layouts, a package inside the root)
        return None


def extract(source: str, path: str, function: str, target: str | None = None, project: Project | None = None,
            options: Options = Options()) -> DecisionModel | ConfigError:
    """Extract the decision chain of `function` (`Qualname` or `Qualname:variable`) in `source`.

    Returns a DecisionModel, or a ConfigError naming the file, the line and the nearest names
    when the source cannot be parsed, the function does not exist or the variable is never set.
    """
    index = parse(source, path)
    if isinstance(index, ConfigError):
        return index
    return extract_from(index, path, function, target, project, options)


def extract_from(index: ModuleIndex, path: str, function: str, target: str | None = None, project: Project | None = None,
                 options: Options = Options()) -> DecisionModel | ConfigError:
    project = project or Project()
    if project.module(path) is None:
        project.add(index)
    return _deep(lambda: build_model(index, path, function, target, project, options))


def _deep(work):
    """Run `work` with a deep recursion limit on a thread with a large stack: deeply nested source
    and long chains are answered, not crashed on."""
    import threading

    if getattr(_local, "deep", False):
        return work()
    result: list = []
    error: list = []

    def run() -> None:
        _local.deep = True
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, _DEEP_LIMIT))
        try:
            result.append(work())
        except BaseException as exc:  # re-raised in the caller's thread
            error.append(exc)
        finally:
            sys.setrecursionlimit(old)
            _local.deep = False

    previous = threading.stack_size()
    threading.stack_size(512 * 1024 * 1024)
    try:
        thread = threading.Thread(target=run, name="ordercheck-deep")
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join()
    if error:
        raise error[0]
    return result[0]


import threading as _threading  # noqa: E402

_local = _threading.local()


def normalize(code: str) -> str:
    """Canonical spacing of an expression's source text."""
    try:
        return ast.unparse(ast.parse(code.strip(), mode="eval"))
    except SyntaxError:
        return " ".join(code.split())


__all__ = [
    "extract", "extract_from", "parse", "normalize", "ModuleIndex", "Project", "Options", "dotted",
    "FunctionInfo", "ClassInfo", "lookup_axioms", "lookup_axioms_across", "inherited_overridden",
]
