"""What a module-level name's value rests on, for `diff`: the statements of its module that bind
it or change it, and, through the names those read, the same of every definition of the tree
they reach. A global the model reads as one value (`ENV_ON = os.environ.get("K", "0") == "1"`,
`PRIORITY = sorted([...], key=...)`) is one value in both versions only where all of that is the
same (round 19: a changed default of such a constant was "no change"). No I/O.

A definition is keyed by its module's path and a name, or `TABLE[key]` for one entry of a dict a
module `__getattr__` looks names up in (`envs.X`: the entry for "X", not every other one),
`Class.attr` for what binds, writes or supplies an attribute of a class and its instances (its
bases' `Base.attr` followed by name), `Class.attr^` for the same but the class's own `def attr`
(what may replace a method), `Name!` for a class as such.

Blind spots: code outside the class's module that writes the attribute through a name it does not
spell (`for c in ALL: c.x = v` in another module), and an object handed to a call whose code
stores it where a later write reaches it, are not followed.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re

from ..model import dotted
from .index import ImportRef, ModuleIndex, as_setattr, captures, setattr_as_value, statement_binds
from .outside import modules_naming, outside_caller, outside_writer

LIMIT = 5000  # definitions followed from one name; past them, it is taken to rest on code that changed


def changed(old, new, before: tuple[str, str], after: tuple[str, str], memo: dict) -> str | None:
    """Whether a global, `before` (module path, name) in `old` and `after` in `new` (two versions
    of a project: `extract.Project`s), may hold another value in one than in the other: the first
    definition it rests on that differs (`module.py::name`), None where every one is the same.
    `memo` keeps answers between calls. Both versions are walked together, the walk ending at the
    first difference. An answer from `memo` looks up again, in each version, what its walk looked
    up (a project's `touched` modules and `searched` tree: what a cached answer of `diff` is kept
    by)."""
    key = (before, after)
    if key not in memo:
        projects = [old] if old is new else [old, new]
        saved = [(getattr(p, "touched", None), getattr(p, "searched", None)) for p in projects]
        for p in projects:
            if hasattr(p, "touched"):
                p.touched, p.searched = set(), set()
        try:
            answer, seen, skipped = _changed(old, new, before, after, memo.setdefault(_SAME, {}))
        finally:
            walked = [(frozenset(getattr(p, "touched", None) or ()), frozenset(getattr(p, "searched", None) or ()))
                      for p in projects]
            for p, (touched, searched) in zip(projects, saved):
                if hasattr(p, "touched"):
                    p.touched, p.searched = touched, searched
        looked = tuple((t.union(*(r[i][0] for r in skipped)), s.union(*(r[i][1] for r in skipped)))
                       for i, (t, s) in enumerate(walked))
        if answer is None:
            memo[_SAME].update(dict.fromkeys(seen, looked))
        memo[key] = (answer, looked)
    answer, looked = memo[key]
    for p, (touched, searched) in zip([old] if old is new else [old, new], looked):
        if getattr(p, "touched", None) is not None:
            p.touched |= touched
            p.searched |= searched
    return answer


_SAME = "same"  # the key, in `changed`'s memo, of the pairs of definitions known to rest on nothing that
# differs, each with what the walk that found it looked up


def _changed(old, new, start_before: tuple[str, str], start_after: tuple[str, str], same: dict) -> tuple:
    """`changed`'s walk: the first difference (None: none), the pairs of definitions walked and
    what the walks that found the pairs in `same` the same looked up. A walk that found no
    difference went through all its pairs rest on: later walks skip them (two thirds of the
    fused_moe walks find none, most of them through the same definitions)."""
    seen: set[tuple] = set()
    skipped: list = []
    queue: list[tuple] = [(start_before, start_after)]
    while queue:
        before, after = queue.pop()
        before, after = _landing(old, before), _landing(new, after)
        if (before, after) in seen:
            continue
        if (before, after) in same:
            skipped.append(same[(before, after)])
            continue
        seen.add((before, after))
        if len(seen) > LIMIT:
            return f"more than {LIMIT} definitions", seen, skipped
        where = f"{after[0]}::{'*' if after[1] == _RUN else after[1]}"  # (`*run`: a module's text, as an import runs it)
        if before[0] is None or after[0] is None:  # (a value from outside the tree: the same import)
            if before != after:
                return where, seen, skipped
            continue
        a, b = old.module(before[0]), new.module(after[0])
        if not isinstance(a, ModuleIndex) or not isinstance(b, ModuleIndex):
            if isinstance(a, ModuleIndex) or isinstance(b, ModuleIndex) or type(a) is not type(b):
                return where, seen, skipped  # (a module that appeared, vanished or no longer parses)
            continue
        mine, theirs = local(b, after[1]), local(a, before[1])
        if (a is not b or before[1] != after[1]) and theirs[0] != mine[0]:
            return where, seen, skipped  # (one module of both versions, another name of it: `MODE_A as MODE` -> `MODE_B as MODE`)
        for project, index, name in ((old, a, before[1]), (new, b, after[1])):
            writer = _changed_outside(project, index, name)
            if writer is not None and old is not new:  # (which modules run, and in which order, is the program's: round 23)
                return f"{where}, which {writer} may change", seen, skipped
            # (a version walked against itself only learns what the definitions read: the walk goes on past
            # a writer, whose search is compared as such; round 46: a global of an unchanged module resting on
            # a module two imports away that changed was never read, and a same-tree file "not modelled")
        follow_old, follow_new = _following(old, a, before[1], theirs), _following(new, b, after[1], mine)
        if len(follow_old) != len(follow_new):
            return where, seen, skipped
        queue.extend(zip(follow_old, follow_new))
    return None, seen, skipped


def _changed_outside(project, index: ModuleIndex, name: str) -> str | None:
    """Another module of the tree that may change `index`'s global `name`, a value an assignment
    binds (a function, a class or an import is taken to be rebound by none): through an import of
    it (`from .registry import BACKENDS; BACKENDS.append(x)`), or by calling a function of
    `index`'s module that changes it (`@register("flash")`), at import or later; None where none
    does."""
    if not name.isidentifier() or name not in index.globals or name in index.functions or name in index.classes \
            or name in index.imports:
        return None
    writer = outside_writer(project, index, name)
    if writer is not None:
        return f"`{writer}`"
    module = _statements_of(index)
    changers = sorted(f.removesuffix("()") for f, names in module.changes.items() if name in names)
    caller = outside_caller(project, index, list(dict.fromkeys(changers)))
    return None if caller is None else f"`{caller[0]}` (calling `{caller[1]}`)"


def _landing(project, where: tuple) -> tuple:
    """Where a definition reached through imports is made: a name a module only imports is the
    other module's (a re-export moved from one module to another changes nothing); `(None,
    dotted name)` for a value imported from outside the tree."""
    for _ in range(16):
        if where[0] is None:
            return where
        index = project.module(where[0])
        name, bracket, entry = where[1].partition("[")  # (`T[X]`: an entry of a table the module imports)
        suffix = "!" if name.endswith("!") else ""  # (`Flash!`: the class itself)
        name = name[:-1] if suffix else name
        if not bracket and "." in name:  # (`Base.attr`: of the class a re-exported name is)
            name, dot, attribute = name.partition(".")
            suffix, bracket, entry = "", dot, attribute
        if not isinstance(index, ModuleIndex) or name not in index.imports or name not in index.stable:
            return where
        found = _import_target(project, index, index.imports[name])
        if found is None:  # (from outside the tree: what this module does to it, `os.environ.setdefault(...)`)
            return where
        where = (found[0], f"{found[1]}{suffix}{bracket}{entry}")
    return where


def _following(project, index: ModuleIndex, key: str, found: tuple) -> list[tuple]:
    """The definitions the one of `key` in `index` reads, in the order of the names that read them."""
    _digest, bound, names, attributes = found
    out: list[tuple] = []
    if key in index.imports:
        out += _resolved(project, index, key) or [(None, key)]
        if out == [(index.path, key)]:  # (from outside the tree: what the module does to it under any name,
            # `from os import environ; environ["X"] = v` for `os`: round 22)
            root = (index.imports[key].module or "").split(".")[0]
            out += [(index.path, n) for n, r in sorted(index.imports.items()) if n != key and (r.module or "").split(".")[0] == root]
    elif "[" not in key and "." not in key and key != "*" and (bound or "__getattr__" not in index.functions):
        for ref in index.star_imports:  # bound (or bound again) by `from m import *`: m's definition
            target = project.module_for(ref.module, ref.level, index.path)
            out += [(target.path, key), (target.path, "__all__")] if target is not None else [(None, f"*{ref.module}")]
    for ref in sorted(names):
        out += _resolved(project, index, ref)
    for base, attr in sorted(attributes):
        out += _attribute(project, index, base, attr)
    if key.endswith("!") and key[:-1] in index.classes and "." not in key:
        out += _subclasses(project, index, key[:-1])
    if key == _RUN:  # (a module an import runs: and the modules its own imports run, which may raise; round 46)
        for stmt in _run_imports(index):
            out += [where for where in _imported_modules(project, index, stmt) if where not in out]
    if not key.startswith("*") and "." not in key:  # (and the modules of the tree an import its statements run under runs)
        module = _statements_of(index)
        for i in module.keyed(key.partition("[")[0].removesuffix("!")):
            out += [where for header in module.items[i][1] if isinstance(header, (ast.Import, ast.ImportFrom))
                    for where in _imported_modules(project, index, header)]
    return out


_RUN = "*run"  # the key of a module as an import runs it: its whole text, and the modules its own imports run


def _run_imports(index: ModuleIndex) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run when `index`'s module is imported (not those in function
    bodies; a class body's do), in source order; memoized on the index."""
    memo = index.__dict__.get("_run_imports")
    if memo is None:
        memo, stack = [], list(reversed(index.tree.body))
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                memo.append(node)
            elif isinstance(node, ast.stmt) and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                stack.extend(reversed([c for c in ast.iter_child_nodes(node) if isinstance(c, (ast.stmt, ast.excepthandler, ast.match_case))]))
            elif isinstance(node, (ast.excepthandler, ast.match_case)):
                stack.extend(reversed(node.body))
        index._run_imports = memo
    return memo


def imports_run(project, index: ModuleIndex, body: list[ast.stmt]) -> list[tuple[str, str]]:
    """The modules of the tree the import statements of `body` (a `try`'s, in a function) run, as
    definitions keyed as `changed` reads them: what whether the body raises rests on."""
    out: list[tuple[str, str]] = []
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                out += [where for where in _imported_modules(project, index, node) if where not in out]
    return out


def _imported_modules(project, index: ModuleIndex, stmt: ast.Import | ast.ImportFrom) -> list[tuple[str, str]]:
    """The modules of the tree an import statement runs (a package's `__init__` too), as whole
    texts and, through them, the modules their imports run: whether it raises is all of their
    code's (`try: import m; HAS_M = True except ...`; round 46: `m` importing `inner`, which newly
    imports a missing package, was no change)."""
    if isinstance(stmt, ast.Import):
        dotted_names = [a.name for a in stmt.names]
        level = 0
    else:
        base = stmt.module or ""
        dotted_names = [base] if base else []
        dotted_names += [f"{base}.{a.name}" if base else a.name for a in stmt.names if a.name != "*"]
        level = stmt.level
    out: list[tuple[str, str]] = []
    for name in dotted_names:
        parts = name.split(".")
        for n in range(1, len(parts) + 1):
            target = project.module_for(".".join(parts[:n]), level, index.path)
            if target is not None and (target.path, _RUN) not in out:
                out.append((target.path, _RUN))
    return out


def _subclasses(project, index: ModuleIndex, name: str) -> list[tuple[str, str]]:
    """The classes of the tree whose bases name class `name` of `index` (`class Sub(Fp8Config)`,
    `(configs.Fp8Config)`), as such: `isinstance(x, Fp8Config)` holds of their instances too
    (round 23: a subclass rebased onto another class was no change)."""
    out = []
    for module in [index, *modules_naming(project, index, name, through_module=False, subclassing=True)]:
        for qualname, info in sorted(module.classes.items()):
            if "." not in qualname and qualname != name and any(
                    (isinstance(b, ast.Name) and b.id == name) or (isinstance(b, ast.Attribute) and b.attr == name)
                    for b in info.node.bases):
                out.append((module.path, f"{qualname}!"))
    return out


def names(text: str, atom: str) -> bool:
    """Whether `text` (an atom, an outcome) reads `atom`: no identifier goes on before or after it
    (a global `n` is not in `mode`)."""
    return atom in text and _word(atom).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _word(part: str) -> re.Pattern:
    return re.compile(r"(?<![\w])" + re.escape(part) + r"(?![\w])")


def _text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _resolved(project, index: ModuleIndex, name: str) -> list[tuple[str, str]]:
    """The definitions a name read in `index`'s module-level code stands for (`Base.attr`: that
    attribute of the class the name is)."""
    if name.endswith("!"):  # (a base of a class, as such)
        return [(index.path, name)] if name[:-1] in index.globals else []
    if "." in name and "[" not in name:
        head, _, rest = name.partition(".")
        return [(where, f"{found}.{rest}") for where, found in _resolved(project, index, head)
                if where is not None and "." not in found and not found.endswith("*")]
    ref = index.imports.get(name)
    if ref is None and name not in index.globals and "[" not in name and name != "__getattr__" and index.star_imports:
        # bound by `from m import *` only: m's definition (round 26: `self.graph = USE_GRAPH` in
        # `__init__` rested on nothing, and a changed `USE_GRAPH` was "0 decisions changed")
        out: list[tuple[str, str]] = []
        for star in index.star_imports:
            target = project.module_for(star.module, star.level, index.path)
            out += [(target.path, name), (target.path, "__all__")] if target is not None else [(None, f"*{star.module}")]
        return out
    if ref is None:
        return [(index.path, name)] if name in index.globals or "[" in name or name == "__getattr__" else []
    found = _import_target(project, index, ref)
    return [found] if found is not None else [(index.path, name)]  # (from outside the tree: what this module does to it)


def _import_target(project, index: ModuleIndex, ref: ImportRef) -> tuple[str, str] | None:
    if ref.name is None:
        target = project.module_for(ref.module, ref.level, index.path)
        return (target.path, "*") if target is not None else None
    target = project.module_for(ref.module, ref.level, index.path)
    if target is not None and (ref.name in target.globals or ref.name in target.imports):
        return target.path, ref.name
    sub = project.module_for(f"{ref.module}.{ref.name}" if ref.module else ref.name, ref.level, index.path)
    if sub is not None:  # (a submodule the package does not bind: what `from vllm import envs` imports)
        return sub.path, "*"
    return (target.path, ref.name) if target is not None else None


def _attribute(project, index: ModuleIndex, base: str, attr: str) -> list[tuple[str, str]]:
    """`m.attr` of an imported module `m`: that module's definition of `attr`."""
    ref = index.imports.get(base)
    if ref is None:
        return []
    dotted = ref.module if ref.name is None else (f"{ref.module}.{ref.name}" if ref.module else ref.name)
    suffix = "!" if attr.endswith("!") else ""  # (`mk.Base!`: a base class, as such)
    attr = attr[:-1] if suffix else attr
    target = project.module_for(dotted, ref.level, index.path)
    if target is None:  # an object imported from a module (`from .q import kFp8`; `kFp8.scale`): its definition;
        # a module from outside the tree: what this module does to it (`os.environ["X"] = v`)
        found = _resolved(project, index, base) if ref.name is not None else []
        return found or [(index.path, base)]
    if attr in target.globals or attr in target.imports:
        return [(target.path, attr + suffix)]
    sub = project.module_for(f"{dotted}.{attr}", ref.level, index.path)
    return [(sub.path, "*" + suffix)] if sub is not None else [(target.path, attr + suffix)]


def local(index: ModuleIndex, name: str) -> tuple[str, bool, frozenset[str], frozenset[tuple[str, str]]]:
    """What `index`'s module itself says of `name` (`*`: its whole text): a digest, whether it
    binds the name, and the module names and `module.attr` reads those statements make."""
    memo = index.__dict__.get("_definitions")
    if memo is None:
        memo = index._definitions = {}
    known = memo.get(name)
    if known is None:
        known = memo[name] = _local(index, name)
    return known


def _local(index: ModuleIndex, name: str) -> tuple[str, bool, frozenset[str], frozenset[tuple[str, str]]]:
    from ..reads import tree_digest

    if name in ("*", _RUN):
        return _text_digest(index.source), True, frozenset(), frozenset()
    if name == "*!":  # (a module as such, `isinstance(b, plat.Backend)` of `from pkg import pa as plat`: which one)
        return _text_digest(index.path), True, frozenset(), frozenset()
    if "." in name and "[" not in name:
        return _class_attribute(index, *name.rsplit(".", 1))
    if name.endswith("!"):
        return _class_itself(index, name[:-1])
    module = _statements_of(index)
    table, _, key = name.partition("[")
    key = key[:-1]
    found: list[ast.AST] = []
    names: set[str] = set()
    attributes: set[tuple[str, str]] = set()
    bound = False
    for i in module.keyed(table if key else name):
        node, headers, binds, item_names, item_attributes = module.items[i]
        entry = _entry(node, table, key) if key else None
        if entry is not None:  # one entry of a table a module `__getattr__` looks names up in
            found += [*headers, entry]
            for sub in [*headers, entry]:
                names.update(n.id for n in ast.walk(sub) if isinstance(n, ast.Name))
                attributes.update((n.value.id, n.attr) for n in ast.walk(sub)
                                  if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name))
            bound = True
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):  # only the alias that binds it (`from m import (a, b)`)
            node = type(node)(**{**{f: getattr(node, f) for f in node._fields},
                                 "names": [a for a in node.names if a.name == "*" or _bound_by(node, a) == name]})
        found += [*headers, _unnamed(node, name)]
        names |= item_names
        attributes |= item_attributes
        bound = bound or (name in binds and not key)
    if not bound and not key and "__getattr__" in index.functions:
        # a name the module does not bind is what its `__getattr__` gives on access (PEP 562): the
        # entry of the table it looks the name up in (`envs.X`: its default); a value it computes
        # otherwise reads the running program (vLLM's `current_platform`): an input, as a parameter is
        found.append(index.functions["__getattr__"].node)
        names, attributes = set(), set()
        if module.lookup_table is not None:
            names.add(f"{module.lookup_table}[{name}]")
    names.discard(name)
    digest = tree_digest(ast.Module(body=[_as_statement(n) for n in found], type_ignores=[]))
    return digest, bound, frozenset(names), frozenset(attributes)


def _class_itself(index: ModuleIndex, name: str) -> tuple[str, bool, frozenset[str], frozenset[tuple[str, str]]]:
    """`Name!`: the class a module name binds, as `isinstance(x, Name)` or `x is Name` reads it: its
    header (bases, keywords, decorators) and its bases as such; not its body (an edit of a method
    changes no instance check). Any other name: its whole definition."""
    from ..reads import tree_digest

    info = index.classes.get(name)
    if info is None or name not in index.stable:
        digest, bound, names, attributes = local(index, name)
        return digest, bound, names | {name}, attributes
    node = info.node
    header = ast.ClassDef(name=node.name, bases=node.bases, keywords=node.keywords, body=[ast.Pass()],
                          decorator_list=node.decorator_list)
    names = {f"{b.id}!" for b in node.bases if isinstance(b, ast.Name)}
    attributes = {(b.value.id, f"{b.attr}!") for b in node.bases if isinstance(b, ast.Attribute) and isinstance(b.value, ast.Name)}
    names |= {n.id for part in [*node.decorator_list, *node.keywords] for n in ast.walk(part) if isinstance(n, ast.Name)}
    return tree_digest(ast.Module(body=[header], type_ignores=[])), True, frozenset(names), frozenset(attributes)


def _class_attribute(index: ModuleIndex, qualname: str, attr: str) -> tuple[str, bool, frozenset[str], frozenset[tuple[str, str]]]:
    """`Class.attr`: the class's header (bases, decorators, keywords: a metaclass is followed), the
    statements of its body that bind `attr` or may (`locals()["x"] = v`), its methods that write it
    through `self`, `cls`, the class's name or a local (`o.x = v` in `__new__`), by a name it may be
    (`setattr(self, k, v)`, `self.__dict__`), or that hand the object to other code
    (`configure(self)`), the hooks that may set or supply it (`__getattr__`, `__getattribute__`,
    `__setattr__`, `__new__`, `__init_subclass__`) whole, and the module's statements that may write
    it (`for c in [Base]: c.x = v`, `setattr(Base, "x", v)`); not the rest of the class (an edit of
    another method changes nothing it holds). `Class.attr^`: the same but for the class's own
    `def attr` (what may replace a method besides its text; round 33)."""
    from ..reads import tree_digest

    info = index.classes.get(qualname)
    if info is None:
        return "<no class>", False, frozenset(), frozenset()
    besides = attr.endswith("^")
    attr = attr.removesuffix("^")
    node = info.node
    header = ast.ClassDef(name=node.name, bases=node.bases, keywords=node.keywords, body=[ast.Pass()],
                          decorator_list=node.decorator_list)
    found: list[ast.AST] = [header]
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if stmt.name == attr:
                if not besides:
                    found.append(stmt)
            elif stmt.name in _HOOKS:
                found.append(stmt)
            else:  # (a method replaced through code handed the object, `configure(self)`: not followed)
                me = _receivers(stmt, node.name) if not besides else frozenset()
                if any(_may_write(n, attr, me) for n in ast.walk(stmt)):
                    found += _writing_slice(stmt, attr, node.name, me)
        elif attr in statement_binds(stmt) or not isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.ClassDef, ast.Pass, ast.Expr)) \
                or _namespace_write(stmt) or _makes_object(stmt):
            found.append(stmt)  # (and what decides whether it is bound: an `if`, a `for`, a `try`; round 23)
    if "." not in qualname and not besides:  # the module's statements that write or change the class (`F.CAP = 6`;
        # round 23), but for those that only bind another attribute of it (`F.OTHER = v`); of a method, those
        # that write it alone (a call handed the class is the model's: `S = patch(S)`, round 28)
        module = _statements_of(index)
        found += [module.items[i][0] for i in module.keyed(qualname)
                  if module.items[i][0] is not node and not _binds_other_attribute(module.items[i][0], qualname, attr)]
    for stmt, headers in _module_writes(index, attr):  # (through a name of any object: round 33)
        found += [*headers, stmt]
    # the bases are followed as their own `Base.attr` (`mk.Base.attr`; of `Base[T]`, `T` as such), not
    # whole: the model may not tell a base's class (round 33), and an edit of another of its methods
    # changes nothing the attribute holds; a base the key cannot name (`with_metaclass(M)`) is read whole
    hat = "^" if besides else ""
    walked = [ast.ClassDef(name=node.name, bases=[], keywords=node.keywords, body=[ast.Pass()],
                           decorator_list=node.decorator_list), *found[1:]]
    inherited: set[str] = set()
    inherited_attributes: set[tuple[str, str]] = set()
    for b in node.bases:
        head = b.value if isinstance(b, ast.Subscript) else b
        if isinstance(head, ast.Name):
            inherited.add(f"{head.id}.{attr}{hat}")
        elif isinstance(head, ast.Attribute) and isinstance(head.value, ast.Name):
            inherited_attributes.add((head.value.id, f"{head.attr}.{attr}{hat}"))
        else:
            walked.append(_as_statement(head))
        if isinstance(b, ast.Subscript):  # (`Base[Out]`: the class `Out` as such)
            inherited |= {f"{n.id}!" for n in ast.walk(b.slice) if isinstance(n, ast.Name)}
            inherited_attributes |= {(n.value.id, f"{n.attr}!") for n in ast.walk(b.slice)
                                     if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    attributes = {(n.value.id, n.attr) for f in walked for n in ast.walk(f) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    bases = {id(n.value) for f in walked for n in ast.walk(f) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)}
    # (`envs.X` of an imported module: X's definition, not the module's whole text, as `_Module` reads it)
    names = {n.id for f in walked for n in ast.walk(f) if isinstance(n, ast.Name)
             and (id(n) not in bases or n.id not in index.imports)} - {node.name}
    digest = tree_digest(ast.Module(body=[_as_statement(n) for n in found], type_ignores=[]))
    return digest, True, frozenset(names | inherited), frozenset(attributes | inherited_attributes)


def _writes(node: ast.AST, attr: str, owner: str) -> bool:
    """`self.attr = `, `cls.attr += `, `Owner.attr: T = ` (or `del`)."""
    return isinstance(node, ast.Attribute) and node.attr == attr and not isinstance(node.ctx, ast.Load) \
        and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", owner)


_HOOKS = frozenset({"__getattr__", "__getattribute__", "__setattr__", "__new__", "__init_subclass__"})  # methods that
# supply, intercept or set any attribute of the class or its instances (or its subclasses'): read whole

# builtins handed an object that write none of its attributes (`isinstance(self, X)`)
_READING_BUILTINS = frozenset({"isinstance", "issubclass", "getattr", "hasattr", "id", "type", "repr", "str", "hash", "len",
                               "callable", "print", "format", "super", "bool", "iter"})


def _receivers(fn: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> frozenset[str]:
    """The names a method reaches its object or class by: `self`, `cls`, the class's name, its
    first parameter (`def __new__(klass)`) but of a `@staticmethod`'s."""
    if any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in fn.decorator_list):
        return frozenset({owner})
    first = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)][:1]
    return frozenset({"self", "cls", owner, *first})


def _may_write(node: ast.AST, attr: str | None, receivers: frozenset[str]) -> bool:
    """Whether one node may write `attr` of an object (None: an attribute no literal names): `x.attr
    = ` of any name `x` (`o.limit = 4` in `__new__`, a loop's `c.limit`), `setattr(x, k, v)` of a
    name that may be `attr`, any use of `__dict__` or `vars(...)` (`self.__dict__.update(d)`),
    `object.__setattr__(...)`, and a call handed one of `receivers` (`configure(self)`: what it
    does to the object is its code's)."""
    if isinstance(node, ast.Attribute):
        if node.attr == "__dict__":
            return True
        return node.attr == attr and not isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Name)
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if name in ("setattr", "__setattr__"):  # (`setattr(o, k, v)`, `object.__setattr__(o, k, v)`, `o.__setattr__(k, v)`)
        keys = node.args[1:2] if isinstance(func, ast.Name) or len(node.args) > 2 else node.args[:1]
        return not (keys and isinstance(keys[0], ast.Constant) and isinstance(keys[0].value, str)
                    and (attr is None or keys[0].value != attr))
    if name == "vars" and isinstance(func, ast.Name):
        return True
    if not receivers or (isinstance(func, ast.Name) and func.id in _READING_BUILTINS):
        return False
    return any(isinstance(a, ast.Starred) and isinstance(a.value, ast.Name) and a.value.id in receivers
               or isinstance(a, ast.Name) and a.id in receivers for a in [*node.args, *(k.value for k in node.keywords)])


def _namespace_write(stmt: ast.stmt) -> bool:
    """A class-body statement that may bind any name of the class: through `locals()`, `vars()`,
    `exec`, or a subscript or attribute it stores to (`locals()["limit"] = 4`)."""
    for n in ast.walk(stmt):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("locals", "vars", "exec", "eval", "setattr"):
            return True
        if isinstance(n, (ast.Subscript, ast.Attribute)) and not isinstance(n.ctx, ast.Load):
            return True
    return False


def _makes_object(stmt: ast.stmt) -> bool:
    """A class-body binding whose value is an object a call makes (`d = Desc()`): its class's
    `__set_name__` runs as the class is made, and may set any attribute of it (`owner.limit = 4`)."""
    value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
    return isinstance(value, ast.Call) and not (isinstance(value.func, ast.Name) and value.func.id in _KEEPING_BUILTINS)


_KEEPING_BUILTINS = frozenset({"staticmethod", "classmethod", "property", "frozenset", "tuple", "dict", "set", "list",
                               "int", "str", "float", "bool", "len", "object"})  # (make no object with a `__set_name__`)


def _module_writes(index: ModuleIndex, attr: str) -> list[tuple[ast.AST, tuple]]:
    """The module-level statements (not a `def`, a class or an import), with their headers, that
    may write `attr` of an object they reach by any name (`for c in [Base]: c.limit = 6`,
    `setattr(Base, "limit", 6)`, `vars(Base)`)."""
    memo = index.__dict__.get("_attribute_writes")
    if memo is None:
        by_attr: dict[str, list[int]] = {}
        any_attr: list[int] = []
        module = _statements_of(index)
        blind = "setattr" in index.source and setattr_as_value(ast.walk(index.tree))  # (`setter = setattr` anywhere)
        for i, (stmt, headers, *_rest) in enumerate(module.items):
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
                continue
            nested = _inside_scopes(stmt)
            if blind and any(isinstance(n, ast.Call) or setattr_as_value([n]) for n in ast.walk(stmt) if id(n) not in nested):
                any_attr.append(i)  # (`setter = setattr`, then any call may be it: `setter(Base, "limit", 6)`; round 34)
            for n in ast.walk(stmt):
                if id(n) in nested:
                    continue
                if isinstance(n, ast.Attribute) and n.attr != "__dict__":
                    if not isinstance(n.ctx, ast.Load):
                        by_attr.setdefault(n.attr, []).append(i)
                elif _may_write(n, None, frozenset()):  # (a write whose name is no literal, or `__dict__`)
                    any_attr.append(i)
                elif isinstance(n, ast.Call) and isinstance((call := as_setattr(n)).func, ast.Name) and call.func.id == "setattr" \
                        and len(call.args) > 1 and isinstance(call.args[1], ast.Constant):
                    by_attr.setdefault(str(call.args[1].value), []).append(i)  # (`type.__setattr__(Base, "limit", 6)` too)
        memo = index._attribute_writes = (by_attr, any_attr)
    by_attr, any_attr = memo
    module = _statements_of(index)
    return [module.items[i][:2] for i in sorted(set(by_attr.get(attr, ())) | set(any_attr))]


def _hands_self(stmt: ast.AST) -> bool:
    """A call that may write the object's attributes: a method of it (`self.setup()`), or one
    handed it (`init(self)`, `super().__init__(...)`); not one handed an attribute's value
    (`logger.info("%s", self.mode)`)."""
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call):
            func = node.func
            receiver = func.value if isinstance(func, ast.Attribute) else None
            if (isinstance(receiver, ast.Name) and receiver.id in ("self", "cls")) or isinstance(receiver, ast.Call) \
                    or any(isinstance(a, ast.Name) and a.id in ("self", "cls") for a in [*node.args, *(k.value for k in node.keywords)]):
                return True
    return False


def _writing_slice(fn: ast.FunctionDef | ast.AsyncFunctionDef, attr: str, owner: str,
                   me: frozenset[str] = frozenset()) -> list[ast.AST]:
    """What of a method decides what it writes to `attr`: its signature and decorators, the
    statements writing it and every statement that leaves the method early (`return`, `raise`),
    with the tests they run under, and, through the local names those read, the statements
    binding them (round 24: `self.quant = ...` in `__init__` was one value in both versions; the
    whole method, every attribute `__init__` sets changed with any line of it). `me`: the names of
    the object a call handed one of may write it through (`_may_write`, `_receivers`)."""
    flat = list(_statements(fn.body, ()))
    keep = [any(_may_write(n, attr, me) for n in ast.walk(stmt)) or isinstance(stmt, (ast.Return, ast.Raise, ast.Assert))
            or _hands_self(stmt) for stmt, _ in flat]
    needed: set[str] = set()
    attrs: set[str] = set()  # the object's attributes the kept statements read (round 32: `self.mode = 'F' if
    # self.both else 'S'` rests on the line setting `self.both`, and where it stands)
    changed = True
    while changed:
        changed = False
        for i, (stmt, headers) in enumerate(flat):
            if not keep[i] and (needed & set(statement_binds(stmt) if isinstance(stmt, ast.stmt) else
                                             [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)])
                                or any(_writes(n, n.attr, owner) for n in ast.walk(stmt) if isinstance(n, ast.Attribute) and n.attr in attrs)):
                keep[i] = changed = True
            if keep[i]:
                reads = {n.id for part in (stmt, *headers) for n in ast.walk(part) if isinstance(n, ast.Name)}
                read = {n.attr for part in (stmt, *headers) for n in ast.walk(part) if isinstance(n, ast.Attribute)
                        and isinstance(n.value, ast.Name) and n.value.id in ("self", "cls", owner)}
                if not reads <= needed or not read <= attrs:
                    needed |= reads
                    attrs |= read
                    changed = True
    args = fn.args
    plain = [ast.arg(arg=a.arg) for a in (*args.posonlyargs, *args.args)]  # (annotations are no values)
    args = ast.arguments(posonlyargs=plain[:len(args.posonlyargs)], args=plain[len(args.posonlyargs):],
                         vararg=args.vararg and ast.arg(arg=args.vararg.arg), kwonlyargs=[ast.arg(arg=a.arg) for a in args.kwonlyargs],
                         kw_defaults=args.kw_defaults, kwarg=args.kwarg and ast.arg(arg=args.kwarg.arg), defaults=args.defaults)
    signature = ast.FunctionDef(name=fn.name, args=args, body=[ast.Pass()], decorator_list=fn.decorator_list, returns=None,
                                type_comment=None, **({"type_params": []} if "type_params" in ast.FunctionDef._fields else {}))
    return [signature, *(part for (stmt, headers), k in zip(flat, keep) if k for part in (*headers, _unannotated(stmt)))]


def _unannotated(stmt: ast.AST) -> ast.AST:
    """`self.x: T = v` as `self.x = v` (a type names no value)."""
    if isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
        return ast.Assign(targets=[stmt.target], value=stmt.value, lineno=stmt.lineno, col_offset=stmt.col_offset)
    return stmt


def _binds_other_attribute(stmt: ast.AST, owner: str, attr: str) -> bool:
    """`owner.other = v` (or `: T = v`, `+= v`), `other` not `attr`, whose value reads no `attr`."""
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, (ast.AnnAssign, ast.AugAssign)) else []
    return bool(targets) and all(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == owner
                                 and t.attr != attr for t in targets) \
        and not any(isinstance(n, ast.Attribute) and n.attr == attr for n in ast.walk(getattr(stmt, "value", None) or ast.Pass()))


class _Module:
    """A module's statements, found by the names they bind, mention or change: walked once. A
    statement no name keys (`globals()["X"] = v`, `exec(...)`, `from m import *`) is every name's;
    a module-level call of one of its functions (or a decorator) that changes a name is that
    name's (`_reg("triton")` of `def _reg(k): REGISTRY[k] = 1`)."""

    def __init__(self, index: ModuleIndex) -> None:
        self.items: list[tuple] = []  # (statement, headers, names it binds, names it reads, `module.attr` reads)
        self.by_name: dict[str, list[int]] = {}
        self.every: list[int] = []  # statements that may bind or change any name
        lazy = index.functions.get("__getattr__")
        self.lookup_table = _looked_up(lazy.node) if lazy is not None else None
        calls: list[tuple[int, set[str]]] = []  # module-level statements, with the module names they call
        changes: dict[str, set[str]] = {}  # a module function -> the names it changes
        self.changes = changes  # (`f()`: with what the functions it makes change, as a decorator runs them)
        param_changers: set[str] = set()  # module functions (defined above) that change what a parameter holds
        aliases: dict[str, set[str]] = {}  # a global -> names bound by statements that read it (another name of it, maybe)
        for stmt, headers in _statements(index.tree.body, ()):
            names: set[str] = set()
            attributes: set[tuple[str, str]] = set()
            stored: set[str] = set()
            changed: set[str] = set()
            called: set[str] = set()
            handed: set[str] = set()  # module names handed to a module function that changes its parameters
            reflective = False
            bases: set[int] = set()  # `m` of `m.attr` (ast.walk meets the attribute first)
            scope = isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            # (a lambda's code runs when called, not here; so does a function's inner function it
            # does not call itself: `get_env_or_set_default` returns one that sets `os.environ`)
            nested = set() if isinstance(stmt, ast.ClassDef) else _uncalled_scopes(stmt) if scope else _inside_scopes(stmt)
            # (a class's methods are what calls of them change, as a function's body is)
            for node in (stmt, *headers):
                for sub in ast.walk(node):
                    if id(sub) in nested:
                        if isinstance(sub, ast.Name) and (id(sub) not in bases or sub.id not in index.imports):
                            names.add(sub.id)
                        elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
                            bases.add(id(sub.value))
                            attributes.add((sub.value.id, sub.attr))
                        continue
                    if isinstance(sub, ast.Name):
                        if id(sub) not in bases or sub.id not in index.imports:  # (`envs.X` of a module: X's definition)
                            names.add(sub.id)
                        if isinstance(sub.ctx, (ast.Store, ast.Del)):
                            stored.add(sub.id)
                    elif isinstance(sub, ast.pattern):  # (`case MODE:` in a header binds MODE: round 27)
                        stored.update(captures(sub))
                    elif isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
                        bases.add(id(sub.value))
                        attributes.add((sub.value.id, sub.attr))
                    changed.update(_changes(sub))
                    if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name):
                        called.add(sub.func.id)
                        reflective = reflective or sub.func.id in _REFLECTIVE
                        if sub.func.id in param_changers:  # (`_tune(CONFIG)` of `def _tune(c): c.mode = "fast"`)
                            handed.update(a.id for a in sub.args if isinstance(a, ast.Name))
                    elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Call) and isinstance(sub.func.func, ast.Name):
                        called.add(f"{sub.func.func.id}()")  # (`register("x")(Default)`: what it returned ran too)
                    elif isinstance(sub, ast.Subscript) and isinstance(sub.ctx, ast.Load) and (dotted(sub.value) or "").endswith("modules"):
                        reflective = True  # (`sys.modules[__name__].X = v`)
            if scope:
                binds = {stmt.name}
                # (what a function or class only reads, it does not define; what it does to an imported
                # module, `os.environ[k] = v`, happens when it is called: at import, a call says so)
                keys = binds | (changed - set(index.imports))
                if not isinstance(stmt, ast.ClassDef):
                    changes[stmt.name] = changed
                    # (with the functions it makes: what a decorator or a call of its result runs)
                    changes[f"{stmt.name}()"] = changed | _changed_roots(stmt)
                    if changed & {a.arg for a in [*stmt.args.posonlyargs, *stmt.args.args, *stmt.args.kwonlyargs]}:
                        param_changers.add(stmt.name)
                called = {f"{d.func.id if isinstance(d, ast.Call) and isinstance(d.func, ast.Name) else getattr(d, 'id', '')}()"
                          for d in stmt.decorator_list}  # (its decorators run at import, and what they return)
                if isinstance(stmt, ast.ClassDef):
                    # a subclass made runs its bases' `__init_subclass__` (and a metaclass's code): what
                    # the base's methods change, the subclass's statement changes too (round 23)
                    changes[f"{stmt.name}<subclass>"] = changed
                    called |= {f"{b.id}<subclass>" for b in stmt.bases if isinstance(b, ast.Name)}
                reflective = False  # (a function's own body runs when called: its calls are what calls it)
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                binds = {_bound_by(stmt, a) for a in stmt.names}
                keys = binds
                reflective = any(a.name == "*" for a in stmt.names)  # (may rebind any name bound above)
            else:
                binds = stored
                keys = stored | changed | handed  # (a statement that only reads a name, `K = QuantKey(INT4_DTYPE)`, is
                # no definition of it: a call of code outside the module handed it is taken to change nothing)
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Name) and stmt.value.id in index.globals:
                # `_alias = _R`: what changes `_alias` changes `_R` (round 23)
                aliases.setdefault(stmt.value.id, set()).update(binds - {stmt.value.id})
            i = len(self.items)
            self.items.append((stmt, headers, frozenset(binds), frozenset(names), frozenset(attributes)))
            for key in keys:
                self.by_name.setdefault(key, []).append(i)
            if reflective:
                self.every.append(i)
            if called:
                calls.append((i, called))
        for _ in range(8):  # (a function calling another that changes a name changes it too)
            grown = False
            for fn, changed in changes.items():
                more = set().union(*(changes.get(c, set()) for c in self._called_by(index, fn))) - changed
                if more:
                    changed |= more
                    grown = True
            if not grown:
                break
        for i, called in calls:
            for name in set().union(*(changes.get(c, set()) for c in called)):
                if i not in self.by_name.setdefault(name, []):
                    self.by_name[name].append(i)
        for name in list(self.by_name):  # (through names that may hold it, two deep)
            for alias in aliases.get(name, ()):
                more = [j for other in (alias, *aliases.get(alias, ())) for j in self.by_name.get(other, ())]
                self.by_name[name] = self.by_name[name] + more
        for name in self.by_name:
            self.by_name[name] = sorted(set(self.by_name[name]) | set(self.every))

    @staticmethod
    def _called_by(index: ModuleIndex, fn: str) -> set[str]:
        info = index.functions.get(fn)
        if info is None:
            return set()
        return {n.func.id for n in ast.walk(info.node) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}

    def keyed(self, name: str) -> list[int]:
        """The statements of `name`: its own, and those that may bind or change any name."""
        return self.by_name.get(name, self.every)


def _inside_scopes(stmt: ast.AST) -> set[int]:
    """The ids of nodes inside a lambda, comprehension, function or class nested in `stmt`: one
    walk, each node once (a walk per nested scope met each node once per enclosing scope)."""
    inside: set[int] = set()
    stack = [(child, False) for child in ast.iter_child_nodes(stmt)]
    while stack:
        node, within = stack.pop()
        within = within or isinstance(node, _NESTED)
        if within:
            inside.add(id(node))
        stack.extend((child, within) for child in ast.iter_child_nodes(node))
    return inside


def _changed_roots(node: ast.AST) -> set[str]:
    """The names at the root of what `node`, nested code included, writes or changes in place."""
    return {name for sub in ast.walk(node) for name in _changes(sub)}


def _changes(node: ast.AST) -> list[str]:
    """The names at the root of what one node writes or changes in place: `global` ones,
    `s |= {"x"}` of a set or list (round 22), `os.environ["X"] = v` (`os`), `PRIORITY.append(x)`."""
    if isinstance(node, ast.Global):
        return list(node.names)
    if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) \
            and isinstance(node.op, (ast.BitOr, ast.BitAnd, ast.Sub, ast.BitXor, ast.Add, ast.Mult)):
        return [node.target.id]
    if isinstance(node, (ast.Attribute, ast.Subscript)) and not isinstance(node.ctx, ast.Load):
        return _root(node.value)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
        return _root(node.func.value)
    return []


def _uncalled_scopes(fn: ast.AST) -> set[int]:
    """The ids of nodes inside lambdas, and inner functions `fn`'s own code does not call by name."""
    inside = _inside_scopes(fn)
    called = {n.func.id for n in ast.walk(fn) if id(n) not in inside and isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    out: set[int] = set()
    stack = [(child, False) for child in ast.iter_child_nodes(fn)]
    while stack:  # (a node inside an inner function it calls, at any depth, is not left out)
        node, kept = stack.pop()
        kept = kept or (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in called)
        if not kept and id(node) in inside:
            out.add(id(node))
        stack.extend((child, kept) for child in ast.iter_child_nodes(node))
    return out


def _root(node: ast.expr) -> list[str]:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return [node.id] if isinstance(node, ast.Name) else []


_REFLECTIVE = frozenset({"globals", "vars", "exec", "eval", "locals"})  # (`setattr(sys.modules[...], ...)`: its subscript;
# `locals()` of module-level code is `globals()`: round 27)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.GeneratorExp, ast.ListComp, ast.SetComp, ast.DictComp)
_NESTED = (ast.Lambda, *_SCOPES)


# methods that change a list, dict or set in place: a function of the module calling one on a
# global may change it at import (another method call on it is taken to change nothing)
_MUTATORS = frozenset(("append", "extend", "insert", "remove", "pop", "popitem", "clear", "update", "setdefault", "add",
                       "discard", "sort", "reverse", "__setitem__", "__delitem__", "register", "appendleft", "extendleft",
                       "difference_update", "intersection_update", "symmetric_difference_update", "__iadd__", "__ior__"))


def _bound_by(stmt: ast.Import | ast.ImportFrom, alias: ast.alias) -> str:
    return alias.asname or (alias.name.split(".")[0] if isinstance(stmt, ast.Import) else alias.name)


def _statements_of(index: ModuleIndex) -> _Module:
    known = index.__dict__.get("_definition_statements")
    if known is None:
        known = index._definition_statements = _Module(index)
    return known


def _unnamed(node: ast.AST, name: str) -> ast.AST:
    """A statement binding `name` alone, with the name left out of its digest: what a global is
    is its value, not what it is called (`A = f()` and `B = f()` swapped behind one alias are the
    same definition; round 22: "rests on `B`, which changed")."""
    if isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) and t.id == name for t in node.targets):
        return ast.Assign(targets=[ast.Name("_", ast.Store())], value=node.value, type_comment=None)
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
        return ast.AnnAssign(target=ast.Name("_", ast.Store()), annotation=node.annotation, value=node.value, simple=node.simple)
    return node


def _as_statement(node: ast.AST) -> ast.stmt:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        node = ast.Tuple([node], ast.Load())  # (a header `match "b":` is no docstring the digest leaves out: round 27)
    return node if isinstance(node, ast.stmt) else ast.Expr(node)  # type: ignore[arg-type]


def _statements(body: list[ast.stmt], headers: tuple):
    """Module-level statements, each with the tests and headers of the compound statements it
    sits in; the bodies of `if TYPE_CHECKING:` (never run) left out."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            if _type_checking(stmt.test):
                yield from _statements(stmt.orelse, headers)
                continue
            inner = (*headers, stmt.test)
            yield from _statements(stmt.body, inner)
            yield from _statements(stmt.orelse, inner)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            inner = (*headers, stmt.target, stmt.iter)
            yield stmt.target, headers  # (binds its target)
            yield from _statements(stmt.body, inner)
            yield from _statements(stmt.orelse, inner)
        elif isinstance(stmt, ast.While):
            inner = (*headers, stmt.test)
            yield from _statements(stmt.body, inner)
            yield from _statements(stmt.orelse, inner)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            inner = (*headers, *(i.context_expr for i in stmt.items))
            for item in stmt.items:
                if item.optional_vars is not None:
                    yield ast.Assign(targets=[item.optional_vars], value=item.context_expr), headers
            yield from _statements(stmt.body, inner)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            # what the body runs (and raises) decides which of its statements, handlers and `else` run
            # (round 32: `try: from x import Y; HAS_Y = True except ImportError: HAS_Y = False` rested on
            # the two assignments alone, and a changed import was "0 decisions changed")
            tried = (*headers, *stmt.body)
            yield from _statements(stmt.body, tried)
            for handler in stmt.handlers:
                inner = (*tried, *([handler.type] if handler.type is not None else []))
                yield from _statements(handler.body, inner)
            yield from _statements(stmt.orelse, tried)
            yield from _statements(stmt.finalbody, headers)
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                yield from _statements(case.body, (*headers, stmt.subject, case.pattern))
        else:
            yield stmt, headers


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _entry(stmt: ast.AST, table: str, key: str) -> ast.expr | None:
    """The value a dict literal bound to `table` by `stmt` gives `key`."""
    value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(stmt, ast.AnnAssign) else []
    if not isinstance(value, ast.Dict) or not any(isinstance(t, ast.Name) and t.id == table for t in targets):
        return None
    for k, v in zip(value.keys, value.values):
        if k is None:  # `**other`: which entry wins depends on it
            return value
        if isinstance(k, ast.Constant) and k.value == key:
            return v
    return ast.Constant(None)  # (absent: the same answer while no entry of that key appears)


def _looked_up(fn: ast.AST) -> str | None:
    """The module-level dict a module `__getattr__(name)` looks its argument up in
    (`table[name]`, `table.get(name)`, `name in table`), where that is its only use of it."""
    args = getattr(fn, "args", None)
    if args is None or not args.args:
        return None
    param = args.args[0].arg
    tables: set[str] = set()
    for sub in ast.walk(fn):
        if isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name) and isinstance(sub.slice, ast.Name) \
                and sub.slice.id == param:
            tables.add(sub.value.id)
    if len(tables) != 1:
        return None
    table = next(iter(tables))
    for sub in ast.walk(fn):  # any other use of the table (a walk over it, a write) reads more than one entry
        if isinstance(sub, ast.Name) and sub.id == table:
            parent_ok = any(
                (isinstance(p, ast.Subscript) and p.value is sub and isinstance(p.slice, ast.Name) and p.slice.id == param)
                or (isinstance(p, ast.Compare) and p.comparators and p.comparators[0] is sub and isinstance(p.left, ast.Name)
                    and p.left.id == param and isinstance(p.ops[0], (ast.In, ast.NotIn)))
                for p in ast.walk(fn))
            if not parent_ok:
                return None
    return table


__all__ = ["LIMIT", "changed", "local", "names"]
