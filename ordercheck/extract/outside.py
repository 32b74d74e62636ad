"""What other modules of the tree may do to a module's names when they are imported: write a
constant or a registry through an import (`from .registry import BACKENDS; BACKENDS.append(x)`,
`registry.MODE = "b"`), write a class's attribute (`Flash.MIN_CAP = 100`), or call a function of
the module that changes a name (`@register("flash")`). Python runs every imported module's code
before a decision is called, and which modules the program imports is not the model's to know:
any module of the tree may (round 23: a registry filled by a module the target never imports
was folded as empty, and a clean verdict was wrong).

The tree is searched by text (`Search`, `Project.mentioning`, where the reader can list the tree: a
folder, a git revision), and only the files naming what is looked for are parsed. No I/O.
"""

from __future__ import annotations

import ast
import functools
import posixpath
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .index import ModuleIndex


def _importer_words(path: str) -> tuple[str, str | None]:
    """What a module importing `path` names: its module name (`registry` of `pkg/registry.py`; a
    package's name for its `__init__.py`), and for a package's `__init__.py` its folder, the
    modules of which may import it naming no module (`from . import X`)."""
    folder, name = posixpath.split(path)
    if name == "__init__.py":
        return posixpath.basename(folder), folder
    return name.removesuffix(".py"), None


_MUTATORS = "append|extend|insert|remove|pop|popitem|clear|update|setdefault|add|discard|sort|reverse|register|" \
            "appendleft|extendleft|difference_update|intersection_update|symmetric_difference_update|__setitem__|__delitem__"


_PATH = r"(?:\.\s*\w+\s*|\[[^\]\n]*\]\s*)"
_STORE = r"(?:(?:\*\*|//|>>|<<|[-+*/%&|^@])?=(?!=))"
_CHANGE = rf"(?:\.\s*(?:{_MUTATORS})\s*\()"
_THROUGH = re.compile(rf"\s*{_PATH}*(?:{_STORE}|{_CHANGE})")  # after `.word`: `m.word = `, `C.word.append(`
_WHOLE = re.compile(r"[ \t]*(?:[,)\]}\n]|$)")  # after `word`: the object as a whole, an argument or an item
_NAMED = re.compile(rf"\s*(?:{_PATH}+{_STORE}|(?:\*\*|//|>>|<<|[-+*/%&|^@])=|{_PATH}*{_CHANGE}|\s+as\b)")  # after `word`


def may_write(text: str, word: str, attribute: bool) -> bool:
    """Whether `text` may write `word` of another module or change it in place: through it
    (`word[...] = `, `word.x = `, `word += `, `word.append(`, `del word[...]`), as an attribute
    (`m.word = `; with `attribute`, `.word` is all there is), or under an alias (`word as w`), as
    `changes_import` reads a module. A plain `word = ` binds the importing module's own name."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before, after = text[at - 1:at] if at else "", text[end:end + 1]
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            dotted = text[max(0, at - 8):at].rstrip().endswith(".")
            line = text[text.rfind("\n", 0, at) + 1:at]
            if (dotted and _THROUGH.match(text, end)) or (not attribute and _NAMED.match(text, end)) \
                    or line.lstrip().startswith("del "):
                return True
            if not attribute and _WHOLE.match(text, end) and not line.lstrip().startswith(("from ", "import ")):
                # the object itself handed on (`pick(PRIORITY, True)`, `order = PRIORITY`, `order = _b.PRIORITY`):
                # what the module does with it, its index says (`changed_imports`, `handed_import_attributes`;
                # round 35: a caller handing a list constant to a function that changes its parameter in
                # place was not seen; round 46: nor one reached through a module's name)
                return True
        at = text.find(word, end)
    return False


@dataclass(frozen=True)
class Search:
    """One search of the tree by text, as a model reads it: the files other than `target` whose
    text names every one of `words` and, with `through_module`, `target`'s module (by name, or
    from its package folder: those that may import it and use them); with `writing` (a word,
    whether as an attribute), only those whose text may write it (`may_write`); with
    `subclassing`, only those whose text may define a class with the first word among its bases
    (`class Sub(pkg.Fp8Config, ...)`). `diff` compares what a search answers in two versions,
    filters applied: a file newly naming a class without writing its attribute changes nothing a
    model read."""

    target: str
    words: tuple[str, ...]
    through_module: bool = True
    writing: tuple[str, bool] | None = None
    subclassing: bool = False
    by_name: bool = False  # only files whose text may write an object's attributes by a computed name
    aliasing: bool = False  # only packages' `__init__` and files whose text imports the first word `as` another name
    on_objects: bool = False  # only files whose text may write the first word on an object not `self`/`cls` (`_on_objects`)

    def answer(self, mentioning: Callable[[tuple[str, ...]], list[str]], text: Callable[[str], object],
               kept: dict | None = None) -> tuple[str, ...]:
        """The files found, in path order: `mentioning(words)` lists the tree's files naming every
        one of `words`, `text(path)` reads one; `kept` holds what each file's text answered to each
        filter, for the searches after this one (a project's: one fused_moe diff asks 8,000
        searches, 100,000 times of a file's text)."""
        if self.through_module:  # (files naming the module too: a search of both words, the module's
            name, folder = _importer_words(self.target)  # name scanned once for all the searches pairing it)
            paths = set(mentioning((*self.words, name)))
            if folder:
                paths.update(p for p in mentioning(self.words) if p.startswith(folder + "/"))
            paths = sorted(paths)
        else:
            paths = sorted(mentioning(self.words))
        tests = self._filters()
        kept = {} if kept is None else kept
        found = []
        for path in paths:
            if path == self.target:
                continue
            if all(passes(kept, text, path, test) for test in tests if not (test[0] == "aliasing" and path.endswith("__init__.py"))):
                found.append(path)
        return tuple(found)

    def _filters(self) -> list[tuple]:
        """The tests a file's text must pass (`_FILTERS`), each with its arguments; a package's
        `__init__` passes `aliasing`'s."""
        word = self.words[0]
        tests: list[tuple] = []
        if self.aliasing:
            tests.append(("aliasing", word))
        if self.writing is not None:
            tests.append(("writing", *self.writing))
        if self.on_objects:
            tests.append(("on_objects", word))
        if self.subclassing:
            tests.append(("subclassing", word))
        if self.by_name:
            tests.append(("by_name", _importer_words(self.target)[0]))
        return tests


def _aliasing(text: str, word: str) -> bool:
    """Whether `text` may import `word` under another name (`word as w`)."""
    return next(_found(rf"{re.escape(word)}\s+as\s+\w", text, _not_word), None) is not None


def _subclasses(text: str, base: str) -> bool:
    """Whether `text` may define a class with `base` among its bases (`class Sub(pkg.Base, ...)`)."""
    return base in text and next(_found(rf"class\s+\w+\s*\([^)]*\b{re.escape(base)}\b", text, _not_word), None) is not None


def _on_objects(text: str, attr: str) -> bool:
    """Whether `text` may write `attr` on an object other than the `self` or `cls` of its own
    methods (`layer.runner.attr = v`, `c.attr += 1`, `objs[0].attr = v`, `setattr(o, "attr", v)`):
    what `index` records as `object_attributes`. A write through `self` is of an object of a class
    the module defines, which names any class of another module it derives from."""
    if ("setattr" in text or "__dict__" in text or "vars(" in text) and any(quote + attr + quote in text for quote in ("'", '"')):
        return True  # (`setattr(o, "x", v)`, `vars(o)["x"] = v`, `o.__dict__["x"]`, a table of names `setattr` walks)
    for found in _found(rf"\.\s*{re.escape(attr)}\b", text, _any):
        if not _THROUGH.match(text, found.end()):
            continue
        end = found.start()
        while end and text[end - 1] in " \t":
            end -= 1
        start = end
        while start and (text[start - 1].isalnum() or text[start - 1] in "_."):
            start -= 1
        if text[start:end] not in ("self", "cls") or text[start - 1:start] in (")", "]"):
            return True
    return False


def _writes_by_name(text: str, module: str) -> bool:
    """Whether `text` may write names of the module `module` names (`consts`, or what it imports
    it as: `consts as c`) as attributes: `setattr(consts, k, v)`, `delattr(c, ...)`, `vars(c)`,
    `c.__dict__`, as `index` records them (of a name bound to the module). Every file calling
    `setattr(layer, ...)` and naming the module, parsed, was 145 MB of a fused_moe diff. The
    patterns start with a literal and the word boundary before it is looked at here (one starting
    with `\\b` is tried at every position of the text: 0.2 s of a check)."""
    if module not in text or not any(word in text for word in ("setattr", "delattr", "vars", "__dict__")):
        return False  # (most files: no regular expression over their text, 16 s of the fused_moe diff)
    names = {module, *(found.group(1) for found in _found(rf"{re.escape(module)}\s+as\s+(\w+)", text, _not_word))}
    alternatives = "|".join(re.escape(n) for n in sorted(names))
    # (each pattern starts with a literal, which the engine scans for fast: an alternation or an
    # optional part first was tried at every position, 0.13 s of a pre-commit check)
    return any(next(_found(rf"{word}\(\s*(?:{alternatives})\s*[,)]", text, _not_word), None) is not None
               for word in ("setattr", "delattr", "vars", "__setattr__") if word in text) \
        or any(next(_found(rf"{re.escape(name)}\.(?:__dict__|__setattr__)\b", text, lambda before: before != "." and _not_word(before)), None)
               is not None for name in sorted(names)) \
        or ("setattr" in text and any(_setattr_word(text, found.start()) for found in _found(r"setattr(?:__)?\b(?!\s*\()", text, _any)))
    # (the last: `setattr` as a value, `setter = setattr`, `map(setattr, ...)`, `type.__setattr__`
    # handed on; round 34)


def _any(character: str) -> bool:
    return True


def _setattr_word(text: str, start: int) -> bool:
    """Whether the `setattr` at `start` begins the word `setattr` or `__setattr__`."""
    if start >= 2 and text[start - 2:start] == "__":
        start -= 2
    return not start or _not_word(text[start - 1])


def _not_word(character: str) -> bool:
    return not (character.isalnum() or character == "_")  # (not `\w` of a `str` pattern)


def _found(pattern: str, text: str, before: Callable[[str], bool]) -> Iterator[re.Match]:
    """The matches of `pattern` in `text` at the positions the character before passes `before`
    (or at its start), overlapping ones too: `\\bPATTERN`, `(?<![.\\w])PATTERN` where `before`
    says so, but scanned for PATTERN's first literal fast, as the engine does not for a pattern
    starting with an assertion."""
    compiled = re.compile(pattern)
    found = compiled.search(text)
    while found:
        if not found.start() or before(text[found.start() - 1]):
            yield found
        found = compiled.search(text, found.start() + 1)


@functools.lru_cache(maxsize=256)
def _setter_patterns(attr: str) -> tuple[re.Pattern, str]:
    word = re.escape(attr)
    return re.compile(rf"@\s*{word}\s*\.\s*setter\b"), rf"{word}\s*=\s*(?:\w+\s*\.\s*)*property\s*\("


def _defines_setter(text: str, attr: str) -> bool:
    """Whether `text` may define `attr` as a property with a setter (`@attr.setter`, `attr =
    property(get, set)`). Each pattern starts with a literal (one starting with `\\b` is tried at
    every position of the text: `Interpreter.setter_of`'s was 10 s of a fused_moe diff)."""
    if attr not in text:
        return False
    decorated, assigned = _setter_patterns(attr)
    return decorated.search(text) is not None or ("property" in text and next(_found(assigned, text, _not_word), None) is not None)


# the name of a test of a file's text (a `Search`'s filter, `setter_of`'s) -> the test
_FILTERS: dict[str, Callable[..., bool]] = dict(aliasing=_aliasing, writing=may_write, on_objects=_on_objects, subclassing=_subclasses,
                                                by_name=_writes_by_name, setter=_defines_setter)


def passes(kept: dict, text: Callable[[str], object], path: str, test: tuple) -> bool:
    """Whether the text of `path` (`text(path)` reads it) passes `test` (a `_FILTERS` name and
    its arguments), kept in `kept` (a project's: a diff asks the same of a file thousands of times)."""
    key = (path, test)
    if key not in kept:
        body = text(path)
        kept[key] = isinstance(body, str) and _FILTERS[test[0]](body, *test[1:])
    return kept[key]


def modules_naming(project, target: ModuleIndex, *words: str, through_module: bool = True,
                   writing: tuple[str, bool] | None = None, subclassing: bool = False, by_name: bool = False,
                   on_objects: bool = False) -> list[ModuleIndex]:
    """The modules a `Search` of the tree finds, parsed (those that do not parse left out)."""
    paths = project.search(Search(target.path, words, through_module, writing, subclassing, by_name, on_objects=on_objects))
    # (asked each time, memo or not: what a model reads, `reads.note_search`)
    memo = project.__dict__.setdefault("_naming", {})
    key = (target.path, words, through_module, writing, subclassing, by_name, on_objects)
    if key not in memo:
        modules = (project.module(path) for path in paths)
        memo[key] = [m for m in modules if isinstance(m, ModuleIndex)]
    return memo[key]


def changes_import(project, module: ModuleIndex, target: ModuleIndex, name: str, by_name: bool = False) -> bool:
    """Whether `module` changes `target`'s `name` through an import: writes it through the module
    (`reg.REG["k"] = v`, `reg.MODE = "b"`) or changes what it imported of it in place
    (`from .reg import REG as _R; _R["k"] = v`). `by_name`: only by writing the module's names as
    attributes (`setattr(reg, k, v)`, `setattr(reg, "MODE", v)`), which the text need not spell."""
    for local, attrs in module.import_attribute_writes.items():
        ref = module.imports.get(local)
        if ref is None or (name not in attrs and not attrs & _ANY_NAME):
            continue
        dotted = ref.module if ref.name is None else f"{ref.module}.{ref.name}" if ref.module else ref.name
        if project.module_for(dotted, ref.level, module.path) is target:
            return True
    for local, attrs in () if by_name or name in target.immutable else module.handed_import_attributes.items():
        ref = module.imports.get(local)  # (the object handed on under another name: `order = _b.PRIORITY`)
        if ref is None or name not in attrs:
            continue
        dotted = ref.module if ref.name is None else f"{ref.module}.{ref.name}" if ref.module else ref.name
        if project.module_for(dotted, ref.level, module.path) is target:
            return True
    for local in () if by_name else module.changed_imports:
        ref = module.imports[local]
        if ref.name == name and project.module_for(ref.module, ref.level, module.path) is target \
                and name not in target.immutable and not only_read(module, local):
            return True  # (a string returned or handed on changes in no place: round 26)
    return False


_ITEM_METHODS = frozenset({"get", "values", "items", "copy", "__getitem__"})  # (what hands out an item of it)
_READING_METHODS = frozenset({"keys", "__contains__"})


def only_read(module: ModuleIndex, name: str, items: bool = False) -> bool:
    """Whether the module's code only reads the object `name` holds (`k in N`, `len(N)`,
    `N.keys()`, `{**N}`; with `items`, what hands out its items too: `N.get(k)`, `N[k]`, a loop),
    never binds another name to it, hands it on or changes it: a conservative test, by position.
    (The index counts `{**N}` as another name for N: round 47, an imported dict unpacked into a
    table was a free input.)"""
    memo = _ONLY_READ.setdefault(module, {})
    if (name, items) not in memo:
        memo[(name, items)] = _only_read(module, name, items)
    return memo[(name, items)]


_ONLY_READ: "weakref.WeakKeyDictionary[ModuleIndex, dict[tuple[str, bool], bool]]" = weakref.WeakKeyDictionary()


def _only_read(module: ModuleIndex, name: str, items: bool) -> bool:
    parents = {id(child): node for node in ast.walk(module.tree) for child in ast.iter_child_nodes(node)}
    methods = _READING_METHODS | _ITEM_METHODS if items else _READING_METHODS
    builtins = ("len", "sorted", "list", "tuple") if items else ("len",)  # (a copy holds its items)
    for node in ast.walk(module.tree):
        if not (isinstance(node, ast.Name) and node.id == name):
            continue
        up = parents.get(id(node))
        if isinstance(node.ctx, ast.Store) and not isinstance(up, ast.AugAssign):
            continue  # (the one binding; a function's own local of the name)
        if isinstance(up, ast.Attribute) and up.attr in methods:
            call = parents.get(id(up))
            if isinstance(call, ast.Call) and call.func is up:
                continue
        elif items and isinstance(up, ast.Subscript) and up.value is node and isinstance(up.ctx, ast.Load):
            continue
        elif isinstance(up, ast.Compare) and any(c is node and isinstance(op, (ast.In, ast.NotIn))
                                                 for op, c in zip(up.ops, up.comparators)):
            continue
        elif isinstance(up, ast.Call) and isinstance(up.func, ast.Name) and up.func.id in builtins \
                and up.func.id not in module.globals and up.func.id not in module.imports and any(a is node for a in up.args):
            continue
        elif items and isinstance(up, (ast.For, ast.comprehension)) and up.iter is node:
            continue
        elif isinstance(up, ast.Dict) and any(k is None and v is node for k, v in zip(up.keys, up.values)):
            continue  # (`{**N}`: a copy of its entries, no other name for it)
        return False
    return True


def reexports(project, target: ModuleIndex, name: str) -> list[tuple[ModuleIndex, str]]:
    """The modules of the tree that bind `target`'s `name` by an import another module may import
    it from under another name (`from a.sel import PRIORITY as ORDER`), or as a package's
    `__init__` does (`from .sel import PRIORITY`), each with the name it binds, followed from
    module to module (round 32: a list changed as `ORDER.insert(0, x)` through such a module was
    folded as written). Only files whose text imports the name so are parsed."""
    out: list[tuple[ModuleIndex, str]] = []
    seen = {(target.path, name)}
    frontier = [(target, name)]
    while frontier and len(seen) < 32:
        module, word = frontier.pop()
        for path in project.search(Search(module.path, (word,), aliasing=True)):  # (the filter in the search:
            # `diff` compares what it answers, and a new file only reading the name answers it as before)
            other = project.module(path)
            if not isinstance(other, ModuleIndex):
                continue
            for local, ref in other.imports.items():
                if ref.name == word and (path, local) not in seen \
                        and project.module_for(ref.module, ref.level, other.path) is module:
                    seen.add((path, local))
                    out.append((other, local))
                    frontier.append((other, local))
    return out


def outside_writer(project, target: ModuleIndex, name: str) -> str | None:
    """A module of the tree, other than `target`, that changes its `name` through an import (or
    through a module that imports it under another name, `reexports`): its path; None where none
    does."""
    writer = _outside_writer(project, target, name)
    if writer is not None:
        return writer
    for module, local in reexports(project, target, name):
        writer = _outside_writer(project, module, local)
        if writer is not None:
            return writer
    return None


def _outside_writer(project, target: ModuleIndex, name: str) -> str | None:
    for module in modules_naming(project, target, name, writing=(name, False)):
        if changes_import(project, module, target, name):
            return module.path
    # one writing names of it by a name computed, which its text need not spell (round 27: `for k, v
    # in OVERRIDES.items(): setattr(consts, k, v)`, `vars(consts).update(LIMIT=8)`, `"LIM" + "IT"`)
    for word in _WRITING_ANY:  # (only files whose text may: parsing every file naming `vars` took 250 MB in a diff)
        for module in modules_naming(project, target, word, by_name=True):
            if changes_import(project, module, target, name, by_name=True):
                return module.path
    return None


_ANY_NAME = frozenset({"*", "__dict__"})  # what `index` records of a write by a computed name (`setattr(m, k, v)`)
_WRITING_ANY = ("setattr", "delattr", "vars", "__dict__", "__setattr__")  # (a word each: `__setattr__` holds no `setattr`)


def outside_caller(project, target: ModuleIndex, functions: list[str]) -> tuple[str, str] | None:
    """A module of the tree, other than `target`, that names one of `target`'s `functions` (which
    change a name of it: `register`) and `target`'s module: its path and the function; None where
    none does. A call from outside the tree is the program's, the same in both versions, as an
    input is."""
    for function in functions:
        found = project.search(Search(target.path, (function,)))
        if found:
            return found[0], function
    return None


__all__ = ["Search", "changes_import", "modules_naming", "outside_caller", "outside_writer", "reexports"]
