"""Lists the function builds: append / insert / remove / pop / extend / index / copy / clear,
exactly where the positions are known, and the raises Python makes where they are not there."""

from __future__ import annotations

import ast

from ..formula import conj, disj, neg, truth
from ..model import FALSE, TRUE, Formula, Item, Ite, Lit, Named, Seq, Term, Value, in_order
from .state import State
from .expressions import MAX_ITEMS
from .index import gives_any
from .values import (
    Mapping,
    _Starred,
    IndexOf,
    Ref,
    new_uid,
    seq_append,
    seq_concat,
    seq_drop,
    seq_first,
    seq_count,
    seq_remove_first,
    unhashable,
)

_LIST_MUTATORS = {"append", "insert", "remove", "pop", "extend", "clear", "sort", "reverse", "__setitem__", "__delitem__"}


class _ListMethod:
    __slots__ = ("ref", "name")

    def __init__(self, ref: Ref, name: str) -> None:
        self.ref, self.name = ref, name

    def __repr__(self) -> str:  # in a call's text (never an object's address: texts are compared across runs)
        return f"<list>.{self.name}"


class _MappingMethod:
    __slots__ = ("mapping", "name")

    def __init__(self, mapping, name: str) -> None:
        self.mapping, self.name = mapping, name

    def __repr__(self) -> str:
        return f"<dict>.{self.name}"


def lookup_key(mapping: Mapping, key: Value, default: Value | None, match=None) -> tuple[Value, Formula]:
    """`mapping.get(key, default)` as a conditional value, and the condition that no key matched;
    `match(key, k)`: whether the key hits `k` where the interpreter decides it (`key_match`)."""
    from ..formula import compare, ite

    value: Value = default if default is not None else Lit(None)
    missing: Formula = TRUE
    for k, v in reversed(mapping.entries):
        held = k if isinstance(k, Term) else Lit(k)  # (a plain enum member's key is its atom)
        hit = match(key, held) if match is not None else compare(key, "==", held)
        value = ite(hit, v, value)
        missing = conj(neg(hit), missing)
    return value, missing


class ListsMixin:
    def key_match(self, key: Value, node: ast.AST):
        """How a dict the function holds matches a key that is an object the function made: as
        `==` does (`compare`: an object of a plain class is no literal; one whose class defines
        `__eq__` or `__hash__` decides itself); None for other keys (round 31: `d.get(K())` hit
        `"a"` as a free relation)."""
        from ..formula import arms

        if not any(self.made_class(arm) is not None for arm in (arms(key) if isinstance(key, (Ite, Named)) else (key,))):
            return None

        def match(a: Value, b: Value) -> Formula:
            for arm in arms(a) if isinstance(a, (Ite, Named)) else (a,):
                cls = self.made_class(arm)
                if cls is not None and any(gives_any(c, ("__hash__", "__eq__")) for c in self.mro(cls)):
                    return self.unknown_formula(node, f"a dict lookup of an object of `{cls.name}`, whose `__hash__` decides")
            return self.compare(a, "==", b, node)

        return match

    def mapping_method(self, method: _MappingMethod, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        mapping, name = method.mapping, method.name
        loaded = [self.load(a, st) for a in args if not isinstance(a, _Starred)]
        if name in ("get", "pop", "setdefault", "__contains__", "__getitem__") and loaded and len(loaded) == len(args) \
                and unhashable(loaded[0]):
            self.raise_if(TRUE, st, "TypeError", node)  # (`T.get({"a"})`: a set is no key; round 35)
            return Lit(None)
        if name == "get" and len(loaded) in (1, 2) and not kwargs and len(loaded) == len(args):
            key = self.as_data(loaded[0])
            value, _ = lookup_key(mapping, key, loaded[1] if len(loaded) == 2 else Lit(None), self.key_match(key, node))
            return value
        if name in ("keys", "values", "items") and not args:
            if name == "keys":
                return Seq(tuple(Item(new_uid(), TRUE, k if isinstance(k, Term) else Lit(k)) for k, _ in mapping.entries), "tuple")
            if name == "values":
                return Seq(tuple(Item(new_uid(), TRUE, v) for _, v in mapping.entries), "tuple")
            return Seq(tuple(Item(new_uid(), TRUE, Seq((Item(new_uid(), TRUE, k if isinstance(k, Term) else Lit(k)),
                                                        Item(new_uid(), TRUE, v)), "tuple"))
                             for k, v in mapping.entries), "tuple")
        if name == "pop" and len(loaded) == 1 and len(args) == 1 and not kwargs:
            # no default: KeyError where the key is missing (round 27: taken as removed)
            key = self.as_data(loaded[0])
            _, missing = lookup_key(mapping, key, None, self.key_match(key, node))
            self.raise_if(missing, st, "KeyError", node)
            if st.dead:
                return Lit(None)
        if name not in ("copy", "__contains__", "__len__", "__getitem__"):
            self.havoc_mappings(st, f"`.{name}()` of a dict at line {node.lineno}", node.lineno, touched=True)
        return self.unknown(node, f"`.{name}()` of a dict")


    def list_method(self, method: _ListMethod, args: list, kwargs: dict, node: ast.Call, st: State) -> Value:
        oid, name = method.ref.oid, method.name
        content = st.objects.get(oid)
        line = node.lineno
        if content is None:
            if name in _LIST_MUTATORS:
                return Lit(None)
            return self.unknown(node, f"`.{name}()` of a list changed by unmodeled code")
        if kwargs or any(isinstance(a, _Starred) for a in args):
            st.objects[oid] = None
            return self.unknown(node, f"`.{name}()` with keyword or starred arguments")
        if name == "append" and len(args) == 1:
            st.objects[oid] = seq_append(content, args[0])
            return Lit(None)
        if name == "insert" and len(args) == 2:
            index = self.load(args[0], st)
            if isinstance(index, Lit) and index.value == 0:
                st.objects[oid] = seq_append(content, args[1], front=True)
                return Lit(None)
            if isinstance(index, Lit) and isinstance(index.value, int) and not isinstance(index.value, bool) \
                    and all(i.cond == TRUE for i in content.items[: max(index.value, 0)]) and index.value >= 0:
                items = list(content.items)
                items.insert(index.value, Item(new_uid(), TRUE, args[1]))
                st.objects[oid] = Seq(tuple(items), content.kind)
                return Lit(None)
            st.objects[oid] = None
            self.note(line, "list-insert", "`insert` at a position that depends on the configuration: the list is unknown after it")
            return Lit(None)
        if name == "extend" and len(args) == 1:
            other = self.load(args[0], st)
            if isinstance(other, Lit) and isinstance(other.value, tuple) and in_order(other.value):
                other = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in other.value), "tuple")
            if isinstance(other, Seq) and len(content.items) + len(other.items) <= MAX_ITEMS:
                st.objects[oid] = seq_concat(content, other)
            else:
                st.objects[oid] = None
                self.note(line, "list-extend", "`extend` with values the model does not know (or too many): the list is unknown after it")
            return Lit(None)
        if name == "remove" and len(args) == 1:
            updated, missing = seq_remove_first(content, self.load(args[0], st))
            self.raise_if(missing, st, "ValueError", node)
            st.objects[oid] = updated
            return Lit(None)
        if name == "index" and len(args) == 1:
            value = self.load(args[0], st)
            found = disj(*(conj(i.cond, truth(_eq(i.value, value))) for i in content.items))
            self.raise_if(neg(found), st, "ValueError", node)
            return IndexOf(method.ref, value)
        if name == "pop" and len(args) <= 1:
            index = args[0] if args else Lit(-1)
            if isinstance(index, IndexOf) and index.ref.oid == oid:
                updated, missing = seq_remove_first(content, index.value)
                st.objects[oid] = updated
                return index.value
            index = self.load(index, st)
            if isinstance(index, Lit) and isinstance(index.value, int) and index.value not in (0, -1) \
                    and all(i.cond == TRUE for i in content.items[: index.value + 1 if index.value >= 0 else None]):
                items = list(content.items)
                try:
                    taken = items.pop(index.value)
                except IndexError:
                    self.raise_if(TRUE, st, "IndexError", node)
                    return Lit(None)
                st.objects[oid] = Seq(tuple(items), content.kind)
                return taken.value
            if isinstance(index, Lit) and index.value in (0, -1):
                value, empty = seq_first(content, last=index.value == -1)
                self.raise_if(empty, st, "IndexError", node)
                st.objects[oid] = seq_drop(content, last=index.value == -1)
                return value
            st.objects[oid] = None
            return self.unknown(node, "`pop` at a position that depends on the configuration")
        if name == "clear" and not args:
            st.objects[oid] = Seq((), content.kind)
            return Lit(None)
        if name == "copy" and not args:
            copy = new_uid()
            st.objects[copy] = Seq(tuple(Item(new_uid(), i.cond, i.value) for i in content.items), content.kind)
            return Ref(copy)
        if name == "count" and len(args) == 1:
            return self.unknown(node, "`count` of a list")
        st.objects[oid] = None
        self.note(line, "list-" + name, f"`.{name}()` of a list is not modeled: the list is unknown after it")
        return self.unknown(node, f"`.{name}()`")

    def list_extend(self, ref: Ref, operand: Value, st: State, node: ast.AST) -> None:
        content = st.objects.get(ref.oid)
        other = self.load(operand, st)
        if isinstance(other, Lit) and isinstance(other.value, tuple) and in_order(other.value):
            other = Seq(tuple(Item(new_uid(), TRUE, Lit(v)) for v in other.value), "tuple")
        if content is not None and isinstance(other, Seq) and len(content.items) + len(other.items) <= MAX_ITEMS:
            st.objects[ref.oid] = seq_concat(content, other)
        else:
            st.objects[ref.oid] = None
            if content is not None:
                self.note(getattr(node, "lineno", 0), "list-extend", "`+=` with values the model does not know: the list is unknown after it")

    def refused_item_write(self, base: Value, index: Value, node: ast.AST, st: State, deleting: bool = False) -> bool:
        """`base[index] = v` (`del base[index]`: `deleting`) where Python refuses it on some paths:
        a raise branch there (round 27: each was a write). A str, number, None or set takes no
        item write, nor does a tuple (one the model keeps as a literal may be a module's list: on
        an atom); a list refuses an index out of its range or not a number, a dict a key it cannot
        hash, and `del` a key it lacks (a number may be an `IntFlag`'s member, `Feat(0)`: not
        said). True where it surely raised: nothing is written."""
        if st.dead:
            return False
        held = self.load(base, st)
        while isinstance(held, Named):
            held = held.body
        if isinstance(held, Lit) and type(held.value) is tuple:
            line = getattr(node, "lineno", 0)
            self.raise_if(truth(Term(f"<the item write at line {line} to a tuple, or to a list held as one>", line, "opaque")),
                          st, "TypeError", node)
            return False
        if isinstance(held, Lit) and isinstance(held.value, (str, tuple, type(None))) or isinstance(held, Seq) and held.kind == "tuple":
            self.raise_if(TRUE, st, "TypeError", node)
            return True
        if isinstance(held, Seq) and held.kind == "list" and isinstance(index, Lit):
            if type(index.value) not in (int, bool):
                self.raise_if(TRUE, st, "TypeError", node)  # (`lst["a"] = v`: list indices are numbers)
                return True
            counts = seq_count(held)
            if counts is not None:
                outside = disj(*(cond for n, cond in counts.items() if not -n <= index.value < n))
                self.raise_if(outside, st, "IndexError", node)
                return st.dead
            return False
        if isinstance(held, Mapping):
            if unhashable(index):
                self.raise_if(TRUE, st, "TypeError", node)
                return True
            if deleting and isinstance(index, Lit):
                _, missing = lookup_key(held, index, None, self.key_match(index, node))
                self.raise_if(missing, st, "KeyError", node)
                return st.dead
        return False

    def raise_if(self, cond, st: State, name: str, node: ast.AST) -> None:
        if cond == FALSE:
            return
        self.raise_exit(st.fork(cond), name, node)
        if cond == TRUE:
            st.dead = True
        else:
            st.path = conj(st.path, neg(cond))

    def mutates(self, body: list[ast.AST], iterable: ast.expr, st: State) -> bool:
        """Whether a loop body (or a comprehension's parts) may change a list it iterates (then it
        is not unrolled): the list a name holds, or one `enumerate`, `zip`, `reversed`, `map`,
        `filter` or `iter` walks (round 24: `for i, x in enumerate(lst): lst.remove(...)` was
        unrolled over the list as it was), changed through that name or another holding it, handed
        to a call, or reached by a call of a nested function that reads it (`any(chk(x) for x in
        lst)` with `chk` removing from `lst`)."""
        held = {iterable.id} if isinstance(iterable, ast.Name) else set()
        stack = [iterable]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _WALKERS:
                for arg in node.args:
                    if isinstance(arg, ast.Name):
                        held.add(arg.id)
                    else:
                        stack.append(arg)
        refs = {st.env[n].oid for n in held if isinstance(st.env.get(n), Ref)}
        if not refs:
            return False
        names = {n for n, v in st.env.items() if isinstance(v, Ref) and v.oid in refs}
        fn = self.frame.fn
        closed = fn is not None and any(isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and inner is not fn.node
                                        and any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(inner))
                                        for inner in ast.walk(fn.node))
        for stmt in body:
            for node in ast.walk(stmt):
                if isinstance(node, ast.Call):
                    func = node.func
                    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in names:
                        if func.attr in _LIST_MUTATORS:
                            return True
                    if any(isinstance(a, ast.Name) and a.id in names for a in [*node.args, *(k.value for k in node.keywords)]):
                        return True
                    if closed and not (isinstance(func, ast.Name) and func.id in _WALKERS | {"len", "isinstance", "str", "int"}):
                        return True  # (a nested function that reads the list may change it)
                if isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)) and any(
                    isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name) and t.value.id in names
                    for t in (node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target])
                ):
                    return True
                if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in names:
                    return True  # (`lst += [x]` extends it in place)
        return False


_WALKERS = frozenset({"enumerate", "zip", "reversed", "map", "filter", "iter"})


def _eq(a: Value, b: Value):
    from .values import equal

    return equal(a, b)
