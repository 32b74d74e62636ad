"""Generated decision programs, and execution as the judge of ordercheck's verdicts.

`program(rng)` writes a small module whose `Decider.decide` uses the constructs that make a model
unsound when they are ignored: parameters named like module constants, rebound globals, instance
attributes over class attributes, statement-level calls (inlined helpers that write state, and an
unknown `hook` the harness makes do anything to what it can reach), lists built by conditional
appends and removes, `and`/`or` used for their value, `is True`, `with` blocks whose manager may
swallow an exception, `try`/`except`, helpers and properties that raise, loops over literal
tuples with `break`, closures writing `nonlocal`s, and comparisons between two inputs written
both ways round. With `builtins=True` (bench/fuzz.py --builtins) also what Python and its
standard library give: reads of the environment (the judge sets `env.K` per input: `run` patches
os.environ around each execution and restores it), Python's own classes over a parameter `v` of
any of them and a mapping `d`, module lists/dicts/sets changed in place, objects with state of
their own, standard functions' values, names bound on some paths only, parameters named like
builtins, `getattr` with a default (BUILTIN_GUARDS, BUILTINS_HEAD, `_Writer.builtin_shape`);
the judge computes such atoms in the program's own module (`_ModuleAtoms`). With `engines=True`
(bench/fuzz.py --engines) also shapes real engines write (`_Writer.engine_shape`, `engine_leaf`,
`dict_value`): branches returning dict literals of inputs, locals and constants (a dict built,
written on some paths and returned too), which rules `expect`/`forbid` by their text (`_holds`
compares the returned dict as Python does, each value of its own type); nested functions writing a
`nonlocal` cell on some paths only, called (directly, twice, through a list or a dict) before the
chain reads it; formatting objects whose `__str__`/`__repr__`/`__format__` have effects
(ENGINES_HEAD's `Tag`, ENGINES_DUNDERS on the Decider) by f-strings, `str()`, `repr()`, `%`,
`format()`, `str.format`, `print` to a StringIO and a logger's arguments (`_call` drops what
logging's last-resort handler writes). Its draws are all aside: other flags' programs are unchanged.

`judge(source, rule)` runs ordercheck on the program and then the program itself:
- a clean verdict must hold for every input the facts allow, whatever the hook does and
  whether the context manager swallows;
- a definite finding must be reproduced by some input matching its counterexample (the hook doing
  nothing: findings assume calls leave the facts alone), however the rest of the unknowns behave;
- an undetermined verdict claims nothing.
Returns a `Judgement`; `contradiction` is set when execution contradicts the verdict.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import enum
import functools
import io
import itertools
import math
import os
import random
import re
import types
from dataclasses import dataclass, field

INPUTS = {
    "a": [False, True],
    "b": [False, True],
    "mode": ["x", "y", "w", "v"],
    "n": [-1, 0, 1, 2, 3, 5],
    "cfg.f0": [False, True],
    "cfg.f1": [False, True],
    "cfg.m": ["x", "y", None, "z"],
    "cfg.s": [None, "v"],
    "self.f": [False, True],
    "self.lvl": [-1, 0, 1, 2, 5],
    "STATE": ["idle", "busy"],
    "cfg.l": [(), ("x",), ("x", "y"), ("x", "x", "y"), ("y", "y", "y")],  # walked by a loop the model does not follow
}


class _Level(enum.IntEnum):
    """The judge's twin of the generated module's `Level` (BUILTINS_HEAD): `run` hands the
    program its own class's member of the same value."""
    LOW = 0
    HIGH = 2


# inputs of `builtins` programs: the environment (None: unset), a value of any of Python's own
# classes, a mapping of one of dict's subclasses (read only), parameters named like builtins
ENV_KEYS = ("APP_FAST", "APP_LEVEL")
INPUTS.update({
    "env.APP_FAST": [None, "", "0", "1", "true", "x"],
    "env.APP_LEVEL": [None, "", "0", "1", "true", "x"],
    "v": [False, True, 0, 1, 2, "1", "x", None, 0.5, _Level.HIGH],
    "d": [{}, collections.OrderedDict(), collections.defaultdict(int), [], (), None],
    "len": [0, 1, 2, 3],
    "type": ["x", "y"],
    "self.hint": [None, "x", "y", "w"],  # None: the instance has no attribute `hint` (a caller may set one)
    "cfg.missing": [None, "x"],  # None: cfg has no attribute `missing`
})
NO_FACTS = {"env.APP_FAST", "env.APP_LEVEL", "v", "d", "self.hint", "cfg.missing"}  # no rule gives these
HOOKS = ["nothing", "set_f0", "clear_f1", "set_m_y", "append_z", "set_self_f"]
SWALLOW = [False, True]
RISKY = [False, True]
MAX_ASSIGNMENTS = 1500


@dataclass
class Program:
    source: str
    uses: set[str] = field(default_factory=set)  # inputs the program reads
    outcomes: list[str] = field(default_factory=list)
    hook: bool = False
    cm: bool = False
    risky: bool = False
    returns_list: bool = False
    builtins: bool = False  # written with `builtins`: the judge computes atoms in the module itself
    mutated: frozenset = frozenset()  # module constants `decide` or a caller of a helper may have changed before a call


class _Writer:
    def __init__(self, rng: random.Random, deterministic: bool = False, computed: bool = False, classes: bool = False,
                 objects: bool = False, builtins: bool = False, engines: bool = False) -> None:
        self.rng = rng
        self.engines = engines  # dict outcomes, `nonlocal` cells written on some paths, formatting that runs
        # the tree's `__str__`/`__repr__`/`__format__` (ENGINES_HEAD, `_Writer.engine_shape`); drawn aside
        self.tags: list[str] = []  # `Tag` objects `decide` made (with `engines`)
        self.cells = 0  # nested functions writing a `nonlocal` (with `engines`)
        self.builtins = builtins  # guards and statements over the environment, Python's own classes, module
        # lists/dicts/sets (changed in place too), objects with state of their own, standard functions, names
        # bound on some paths only, parameters named like builtins, `getattr` with a default
        self.module_names: set[str] = set()  # names BUILTINS_HEAD binds on some paths only (with `builtins`)
        self.shadowed: list[str] = []  # parameters named like builtins (with `builtins`)
        self.mutated: set[str] = set()  # module constants `decide` changes in place (with `builtins`)
        self.objects = objects  # statements over objects changed in place and consumers that stop early:
        # lists held by other displays, sets, `any(...)` of a generator, loops that break before `else`
        self.computed = computed  # guards on atoms Python computes from inputs (`n + 1`, `mode.startswith("x")`),
        # and statements of other shapes (`match`, `while`, the walrus, dict tables, `try`/`finally`, logging)
        self.classes = classes  # guards and statements over classes (CLASS_HEAD): enum lookups, candidate
        # classes walked to the first supported, methods a subclass inherits or overrides, super()
        self.aside = random.Random(hash(rng.getstate()[1]))  # choices that leave rng's sequence alone
        self.deterministic = deterministic  # no unknown calls, no exceptions: every atom is an input
        self.uses: set[str] = set()
        self.outcomes: list[str] = []
        self.locals: list[str] = []
        self.bool_locals: list[str] = []
        self.lists: list[str] = []
        self.hook = self.cm = self.risky = False
        self.shadow = rng.random() < 0.3  # a parameter named MODE shadows the module constant
        self.props: list[str] = []
        self.next_outcome = 0
        self.returns_list = False  # some path returns a candidate list

    def outcome(self) -> str:
        name = f"R{self.next_outcome}"
        self.next_outcome += 1
        self.outcomes.append(name)
        return f'"{name}"'

    def use(self, name: str) -> str:
        self.uses.add(name)
        return name

    # -- expressions
    def leaf(self) -> str:
        r = self.rng
        if self.computed and self.aside.random() < 0.3:  # drawn aside: the other draws stay the seed's
            return self.aside.choice(COMPUTED)(self.use)
        if self.classes and self.aside.random() < 0.3:
            return self.aside.choice(CLASS_GUARDS)(self.use)
        if self.builtins and self.aside.random() < 0.4:
            return self.builtin_leaf()
        if self.engines and self.aside.random() < 0.25:
            return self.engine_leaf()
        options = [
            lambda: self.use("a"), lambda: self.use("b"), lambda: self.use("cfg.f0"), lambda: self.use("cfg.f1"),
            lambda: f'{self.use("cfg.m")} == "x"', lambda: f'{self.use("cfg.m")} in ("x", "y")',
            lambda: f'{self.use("mode")} != "y"', lambda: f'{self.use("n")} <= 2', lambda: f'{self.use("n")} > LIMIT',
            lambda: f'2 < {self.use("n")}', lambda: f'{self.use("cfg.s")} is None', lambda: self.use("self.f"),
            lambda: f'{self.use("self.lvl")} >= 1', lambda: f'{self.use("STATE")} == "busy"', lambda: 'MODE == "x"',
            lambda: f'{self.use("n")} <= {self.use("self.lvl")}', lambda: f'{self.use("self.lvl")} >= {self.use("n")}',
            lambda: f'getattr(cfg, "{self.use("cfg.f1")[4:]}", False)',
            lambda: f'self.LEVEL > {self.use("n")}',
        ]
        if self.shadow:
            options.append(lambda: f'MODE == "{r.choice(["x", "y"])}"')
        if self.bool_locals:
            options.append(lambda: r.choice(self.bool_locals))
            options.append(lambda: f"{r.choice(self.bool_locals)} is True")
        if self.locals:
            options.append(lambda: f'{r.choice(self.locals)} == "x"')
        if self.lists:
            options.append(lambda: r.choice(self.lists))
            options.append(lambda: f'"y" in {r.choice(self.lists)}')
        if self.props:
            options.append(lambda: f"self.{r.choice(self.props)}")
        return r.choice(options)()

    def self_leaf(self) -> str:
        return self.rng.choice([lambda: self.use("self.f"), lambda: f'{self.use("self.lvl")} >= 1',
                                lambda: f'self.LEVEL > {self.use("self.lvl")}', lambda: f'{self.use("STATE")} == "busy"'])()

    def expr(self, depth: int = 0, leaf=None) -> str:
        r = self.rng
        leaf = leaf or self.leaf
        if depth >= 2 or r.random() < 0.45:
            return leaf()
        kind = r.choice(["not", "and", "or", "and", "or"])
        if kind == "not":
            return f"not ({self.expr(depth + 1, leaf)})"
        return f"({self.expr(depth + 1, leaf)} {kind} {self.expr(depth + 1, leaf)})"

    def value_expr(self) -> str:
        r = self.rng
        return r.choice([
            lambda: f'{self.use("cfg.m")} or "auto"', lambda: f'{self.use("mode")} if {self.expr(1)} else "y"',
            lambda: f'"x" if {self.expr(1)} else {self.use("mode")}', lambda: f'{self.use("cfg.s")} or {self.use("mode")}',
        ])()

    # -- statements
    def block(self, indent: int, count: int, depth: int = 0) -> list[str]:
        lines: list[str] = []
        for _ in range(count):
            lines += self.statement(indent, depth)
        return lines

    def statement(self, indent: int, depth: int) -> list[str]:
        r = self.rng
        pad = " " * indent
        if self.computed and self.aside.random() < 0.3:
            return self.shape(pad, indent, depth)
        if self.classes and self.aside.random() < 0.2:
            return self.class_shape(pad, depth)
        if self.objects and self.aside.random() < 0.3:
            return self.object_shape(pad, depth)
        if self.builtins and self.aside.random() < 0.3:
            return self.builtin_shape(pad, depth)
        if self.engines and self.aside.random() < 0.35:
            return self.engine_shape(pad, depth)
        kinds = ["if_return"] * 4 + ["local", "bool_local", "call", "list", "self_write", "hook"]
        if depth < 2:
            kinds += ["if_else", "with", "try", "loop", "closure", "global", "priority", "priority"]
        if self.deterministic:
            kinds = [k for k in kinds if k not in ("hook", "with", "try", "call")]
        kind = r.choice(kinds)
        if kind == "loop" and self.aside.random() < 2 / 3:
            # loops the model does not follow, drawn aside: the programs of seeds named in tests
            # before these were added stay what they were unless they write a loop
            kind = self.aside.choice(["count", "filter"])
        if kind == "if_return":
            return [f"{pad}if {self.expr()}:", f"{pad}    return {self.return_value()}"]
        if kind == "local":
            name = f"v{len(self.locals)}"
            self.locals.append(name)
            return [f"{pad}{name} = {self.value_expr()}"]
        if kind == "bool_local":
            name = f"t{len(self.bool_locals)}"
            line = f"{pad}{name} = {self.expr()}"
            self.bool_locals.append(name)
            return [line]
        if kind == "call":
            self.uses |= {"cfg.f0", "cfg.f1", "cfg.m"}
            return [f"{pad}{r.choice(['set_f0(cfg)', 'go_busy()', 'check(cfg)', 'v_m = check(cfg)', 'v_p = pick(cfg)'])}"]
        if kind == "list":
            name = f"lst{len(self.lists)}"
            start = r.choice(["[]", '["x"]'])
            lines = [f"{pad}{name} = {start}", f"{pad}if {self.expr()}:", f'{pad}    {name}.append("y")']
            if r.random() < 0.5:
                lines += [f'{pad}if "x" in {name} and {self.expr(1)}:', f'{pad}    {name}.remove("x")']
            if r.random() < 0.4:
                lines += [f'{pad}{name}.insert(0, "z")']
            self.lists.append(name)
            return lines
        if kind == "self_write":
            target = r.choice(["self.f", "self.lvl", "self.LEVEL", "cfg.f0"])
            value = {"self.f": "True", "self.lvl": "2", "self.LEVEL": "0", "cfg.f0": "False"}[target]
            return [f"{pad}if {self.expr()}:", f"{pad}    {target} = {value}"]
        if kind == "hook":
            self.hook = True
            args = r.choice(["cfg", "cfg, self"] + ([f"cfg, {self.lists[-1]}"] if self.lists else []))
            return [f"{pad}hook({args})"]
        if kind == "if_else":
            body = self.block(indent + 4, r.randint(1, 2), depth + 1)
            other = self.block(indent + 4, r.randint(1, 2), depth + 1)
            return [f"{pad}if {self.expr()}:", *body, f"{pad}else:", *other]
        if kind == "with":
            self.cm = True
            inner = [f"{pad}    {r.choice(['risky(cfg)', 'check(cfg)', 'raise ValueError(1)', 'pick(cfg)'])}"]
            self.risky = self.risky or "risky" in inner[0]
            return [f"{pad}with cm():", f"{pad}    if {self.expr()}:", "    " + inner[0], f"{pad}    return {self.return_value()}"]
        if kind == "try":
            self.risky = True
            body = [f"{pad}    {r.choice(['risky(cfg)', 'v_m = check(cfg)'])}", f"{pad}    if {self.expr()}:",
                    f"{pad}        return {self.return_value()}"]
            handler = [f"{pad}except ValueError:", f"{pad}    if {self.expr()}:", f"{pad}        return {self.return_value()}"]
            return [f"{pad}try:", *body, *handler]
        if kind == "loop":
            cond = self.expr(1).replace(self.use("mode"), "item") if "mode" in self.uses and r.random() < 0.5 else self.expr(1)
            return [f'{pad}for item in ("x", "y", "w"):', f"{pad}    if item == {self.use('mode')} and {cond}:",
                    f"{pad}        return {self.return_value()}", f"{pad}    if {self.expr(1)}:", f"{pad}        break"]
        if kind == "count":  # a loop over an input of any length: what it leaves is opaque to the model
            name = f"k{len(self.locals)}"
            self.locals.append(name)
            return [f"{pad}{name} = 0", f"{pad}for item in {self.use('cfg.l')}:", f'{pad}    if item == "x":',
                    f"{pad}        {name} += 1", f"{pad}if {name} > 1:", f"{pad}    return {self.return_value()}"]
        if kind == "filter":  # an expression the model does not evaluate, reading a local an edit may change
            name = f"m{len(self.locals)}"
            self.locals.append(name)
            count = "sum(1 for" if "len" in self.shadowed else "len([item for"  # `len` a parameter: no call of it
            return [f'{pad}{name} = "x"', f"{pad}c{name} = {count} item in {self.use('cfg.l')} if item == {name}{')' if self.shadowed else '])'}",
                    f"{pad}if c{name} > 1:", f"{pad}    return {self.return_value()}"]
        if kind == "closure":
            name = f"c{len(self.bool_locals)}"
            self.bool_locals.append(name)
            return [f"{pad}{name} = False", f"{pad}def mark():", f"{pad}    nonlocal {name}", f"{pad}    {name} = True",
                    f"{pad}if {self.expr()}:", f"{pad}    mark()"]
        if kind == "global":
            return [f"{pad}if {self.expr()}:", f"{pad}    go_busy()"]
        if kind == "priority":
            return self.priority(pad)
        raise AssertionError(kind)

    def shape(self, pad: str, indent: int, depth: int) -> list[str]:
        """A statement of a shape the others do not write (with `computed`)."""
        r, e, ret = self.rng, self.expr, self.return_value
        kinds = ["walrus", "table", "table_index", "log", "augmented", "ternary", "unpack", "assert", "raise", "finally"]
        if depth < 2:
            kinds += ["match", "while", "for_else", "continue", "elif"]
        kind = r.choice(kinds)
        name = f"s{len(self.locals)}"
        if kind == "walrus":
            return [f"{pad}if ({name} := {self.use('n')} + 1) > 2 and {e(1)}:", f"{pad}    return {ret()}",
                    f"{pad}if {name} == 1:", f"{pad}    return {ret()}"]
        if kind == "table":
            return [f"{pad}{name} = {{'x': {self.outcome()}, 'y': {self.outcome()}}}.get({self.use('mode')}, {self.outcome()})",
                    f"{pad}if {e(1)}:", f"{pad}    return {name}"]
        if kind == "table_index":  # a KeyError for the other modes
            return [f"{pad}if {e(1)}:", f"{pad}    return {{'x': {self.outcome()}, 'w': {self.outcome()}}}[{self.use('mode')}]"]
        if kind == "log":
            return [f"{pad}if {e(1)}:", f'{pad}    logger.{r.choice(["info", "debug"])}("mode %s n %s", {self.use("mode")}, {self.use("n")})']
        if kind == "augmented":
            return [f"{pad}{name} = {self.use('n')}", f"{pad}if {e(1)}:", f"{pad}    {name} {r.choice(['+= 1', '*= 2', '-= 3', '//= 2'])}",
                    f"{pad}if {name} > 1:", f"{pad}    return {ret()}"]
        if kind == "ternary":
            return [f"{pad}{name} = {self.outcome()} if {e(1)} else {self.outcome()} if {e(1)} else {self.outcome()}",
                    f"{pad}if {e(1)}:", f"{pad}    return {name}"]
        if kind == "unpack":
            p, q = f"u{len(self.bool_locals)}", f"u{len(self.bool_locals) + 1}"
            line = f"{pad}{p}, {q} = ({self.use('a')}, {self.use('b')}) if {self.use('n')} > 0 else ({self.use('b')}, {self.use('a')})"
            self.bool_locals += [p, q]
            return [line]
        if kind == "assert":
            return [f"{pad}assert {e(1)}"]
        if kind == "raise":
            return [f"{pad}if {e(1)}:", f"{pad}    raise RuntimeError('no')"]
        if kind == "finally":
            return [f"{pad}try:", f"{pad}    if {e(1)}:", f"{pad}        return {ret()}", f"{pad}finally:", f"{pad}    {name} = {e(1)}"]
        if kind == "match":
            return [f"{pad}match {self.use('mode')}:", f'{pad}    case "x":', f"{pad}        return {ret()}",
                    f'{pad}    case "y" | "w" if {e(1)}:', f"{pad}        return {ret()}", f"{pad}    case _:",
                    *(self.block(indent + 8, 1, depth + 1) or [f"{pad}        pass"])]
        if kind == "while":
            return [f"{pad}{name} = 0", f"{pad}while {name} < {self.use('n')} and {name} < 3:", f"{pad}    {name} += 1",
                    f"{pad}if {name} == 2 and {e(1)}:", f"{pad}    return {ret()}"]
        if kind == "for_else":
            return [f'{pad}for item in ("x", "y"):', f"{pad}    if item == {self.use('mode')}:", f"{pad}        break",
                    f"{pad}else:", f"{pad}    return {ret()}"]
        if kind == "continue":
            return [f'{pad}for item in ("x", "y", "w"):', f"{pad}    if item != {self.use('mode')}:", f"{pad}        continue",
                    f"{pad}    if {e(1)}:", f"{pad}        return {ret()}"]
        return [f"{pad}if {e()}:", f"{pad}    return {ret()}", f"{pad}elif {e()}:", f"{pad}    return {ret()}", f"{pad}else:",
                *(self.block(indent + 4, 1, depth + 1) or [f"{pad}    pass"])]

    def class_shape(self, pad: str, depth: int) -> list[str]:
        """A statement over the classes of CLASS_HEAD (with `classes`)."""
        e, ret, name = self.expr, self.return_value, f"k{len(self.locals)}"
        kinds = ["kind_local", "method_local", "held"] + (["candidates", "kind_match"] if depth < 2 else [])
        kind = self.aside.choice(kinds)
        if kind == "kind_local":
            return [f"{pad}{name} = to_kind({self.use('mode')})", f"{pad}if {name} == Kind.W and {e(1)}:", f"{pad}    return {ret()}",
                    f"{pad}if {name} is Kind.X:", f"{pad}    return {ret()}"]
        if kind == "method_local":
            return [f"{pad}{name} = self.pick({self.use('mode')}, k={self.use('n')})", f"{pad}if {name} != 'A' and {e(1)}:",
                    f"{pad}    return {ret()}"]
        if kind == "held":  # a class kept in a list and read back
            return [f"{pad}{name} = [OptB, OptA][{self.use('n')} % 2]", f"{pad}if {name}.ok({_cfg(self.use)}) and {name}.NAME == {self.use('mode')}:",
                    f"{pad}    return {ret()}"]
        if kind == "candidates":
            return [f"{pad}for c in CANDIDATES:", f"{pad}    if c.ok({_cfg(self.use)}) and {e(1)}:", f"{pad}        return c.NAME",
                    f"{pad}    if c.NAME == {self.use('mode')}:", f"{pad}        break"]
        return [f"{pad}match to_kind({self.use('mode')}):", f"{pad}    case Kind.X:", f"{pad}        return {ret()}",
                f"{pad}    case Kind.Y if {e(1)}:", f"{pad}        return {ret()}", f"{pad}    case _:", f"{pad}        pass"]

    def object_shape(self, pad: str, depth: int) -> list[str]:
        """A statement over an object changed in place, or a consumer that stops early (with
        `objects`): the shapes an exploratory generator found wrong answers with."""
        e, ret, n = self.expr, self.return_value, len(self.lists)
        kinds = ["chosen", "or_default", "in_tuple", "in_dict", "nested", "set_add", "any_stops", "walrus_any", "item_write",
                 "decorated", "negated", "default", "generator"]
        if depth < 2:
            kinds += ["while_else", "loop_try"]
        kind = self.aside.choice(kinds)
        name = f"ob{n}"
        if kind in ("chosen", "or_default", "in_tuple", "in_dict", "nested"):
            build = {
                "chosen": [f'{name} = ["x"] if {e(1)} else []'],
                "or_default": [f'base{n} = ["x"] if {e(1)} else []', f'{name} = base{n} or ["z"]'],
                "in_tuple": [f'{name}, w{n} = ["x"], 0'],
                "in_dict": [f'd{n} = {{"k": ["x"]}}', f'{name} = d{n}.get("k")'],
                "nested": [f'o{n} = [["x"]]', f'{name} = o{n}[0]'],
            }[kind]
            seen = {"chosen": name, "or_default": f"base{n}", "in_tuple": name, "in_dict": f'd{n}["k"]', "nested": f"o{n}[0]"}[kind]
            self.lists.append(seen if kind in ("in_dict", "nested") else name)
            return [*(pad + line for line in build), f"{pad}if {e(1)}:", f'{pad}    {name}.append("y")',
                    f'{pad}if "y" in {seen} and {e(1)}:', f"{pad}    return {ret()}"]
        if kind == "set_add":
            return [f'{pad}{name} = {{"x"}}', f"{pad}al{n} = {name}", f"{pad}if {e(1)}:", f'{pad}    al{n}.add("y")',
                    f'{pad}if "y" in {name}:', f"{pad}    return {ret()}"]
        if kind == "any_stops":  # the second item raises KeyError where it is computed
            return [f'{pad}if any(c == {self.use("mode")} or {{"x": 2}}[c] > 1 for c in ("y", "w")):', f"{pad}    return {ret()}"]
        if kind == "walrus_any":
            return [f'{pad}{name} = "none"', f'{pad}if any(({name} := c) == {self.use("mode")} for c in ("y", "x", "w")) and {e(1)}:',
                    f"{pad}    return {ret()}", f'{pad}if {name} == "w":', f"{pad}    return {ret()}"]
        if kind == "decorated":  # a wrapper that calls the function only where STATE is "idle"
            return [f'{pad}if gated_mode({self.use("mode")}) == "x" and {self.use("STATE")} != "busy":', f"{pad}    return {ret()}",
                    f'{pad}if gated_mode({self.use("mode")}) == "R_gated":', f"{pad}    return {ret()}"]
        if kind == "negated":
            self.use("cfg.f0")
            return [f"{pad}if not_f0(cfg) and {e(1)}:", f"{pad}    return {ret()}"]
        if kind == "default":  # one list for every call of `counted`
            return [f"{pad}counted({self.use('mode')})", f"{pad}if counted({self.use('mode')}) == 2:", f"{pad}    return {ret()}"]
        if kind == "generator":
            return [f'{pad}if next(modes({self.use("mode")})) == "x" and {e(1)}:', f"{pad}    return {ret()}"]
        if kind == "item_write":
            return [f'{pad}{name} = ["x"] if {e(1)} else ["w"]', f"{pad}if {e(1)}:", f'{pad}    {name}[0] = "y"',
                    f'{pad}if {name}[0] == "y":', f"{pad}    return {ret()}"]
        if kind == "while_else":
            return [f"{pad}{name} = 0", f"{pad}while {name} < 3:", f"{pad}    if {name} > {self.use('n')}:", f"{pad}        break",
                    f"{pad}    {name} += 1", f"{pad}else:", f"{pad}    return {ret()}"]
        return [f"{pad}{name} = 0", f'{pad}for c in ("x", "q", "y"):', f"{pad}    try:", f'{pad}        v{n} = {{"x": 1, "y": 2}}[c]',
                f"{pad}    except KeyError:", f"{pad}        v{n} = 0", f"{pad}    if v{n} == 0 and {e(1)}:", f"{pad}        {name} = 1",
                f"{pad}    if c == {self.use('mode')}:", f"{pad}        break", f"{pad}if {name} == 1:", f"{pad}    return {ret()}"]

    def builtin_leaf(self) -> str:
        """A guard of BUILTIN_GUARDS (with `builtins`), redrawn where it would call a builtin a
        parameter shadows or read a name the module never binds."""
        for _ in range(50):
            used: set[str] = set()
            text = self.aside.choice(BUILTIN_GUARDS)(lambda name: used.add(name) or name)
            if any(p not in used and re.search(rf"\b{p}\b", text) for p in self.shadowed):  # `len(...)`, `key=len`
                continue
            if any(p in used for p in ("len", "type") if p not in self.shadowed):
                continue
            if any(re.search(rf"\b{name}\b", text) for name in MAYBE_BOUND if name not in self.module_names):
                continue
            self.uses |= used
            return text
        return self.use("a")

    def builtin_shape(self, pad: str, depth: int) -> list[str]:
        """A statement over the environment, module constants changed in place, objects with state
        of their own, standard functions' values, a local bound on some paths only, `getattr`."""
        e, ret, n, u = self.expr, self.return_value, len(self.locals), self.use
        kinds = ["env_local", "env_int", "env_flag", "mutate", "mutate", "helper_alias", "two_objects", "factory", "alias_object",
                 "registry", "hits", "maybe_bound", "hint", "rounded", "divmod", "best", "table_read"]
        kind = self.aside.choice(kinds)
        name = f"b{n}"
        lines = self._builtin_lines(kind, name, pad, n)
        if kind in ("env_local", "env_int", "env_flag", "rounded", "divmod", "best", "table_read"):
            self.locals.append(name)  # bound on every path: other guards may read it
        if kind == "registry":
            self.mutated.add("REGISTRY")
        if kind in ("mutate", "helper_alias"):  # lines[1]: the change
            self.mutated |= {m for m in ("ORDER", "TABLE", "SEEN") if m in lines[1] or m.lower() + "()" in lines[1]}
        return lines

    def _builtin_lines(self, kind: str, name: str, pad: str, n: int) -> list[str]:
        e, ret, u = self.expr, self.return_value, self.use
        if kind == "env_local":
            u("env.APP_FAST")
            read = self.aside.choice(['os.environ.get("APP_FAST")', 'os.getenv("APP_FAST", "0")', 'os.environ.get("APP_FAST", "")'])
            second = self.aside.choice([f"{name} is None", f"not {name}", f"{name} == 0", f'{name}.lower() == "true"'])
            return [f"{pad}{name} = {read}", f'{pad}if {name} == "1" and {e(1)}:', f"{pad}    return {ret()}",
                    f"{pad}if {second}:", f"{pad}    return {ret()}"]
        if kind == "env_int":  # a ValueError for text that is no number
            u("env.APP_LEVEL")
            read = self.aside.choice(['int(os.environ.get("APP_LEVEL", "0"))', 'int(os.getenv("APP_LEVEL") or 0)',
                                      'int(os.environ.get("APP_LEVEL") or "1")'])
            return [f"{pad}{name} = {read}", f"{pad}if {name} > 0 and {e(1)}:", f"{pad}    return {ret()}"]
        if kind == "env_flag":
            u("env.APP_FAST")
            return [f'{pad}{name} = os.environ.get("APP_FAST", "").lower() in ("1", "true")', f"{pad}if {name} or {e(1)}:",
                    f"{pad}    return {ret()}"]
        if kind in ("mutate", "helper_alias"):  # a module constant changed in place, then read
            m = u("mode")
            change = self.aside.choice([f"ORDER.append({m})", f"TABLE[{m}] = 2", "ORDER.reverse()", f"SEEN.add({m})",
                                        'SEEN.discard("x")', 'ORDER.remove("x")', 'TABLE.pop("x", None)'] if kind == "mutate" else
                                       [f"remember(ORDER, {m})", f"t{n} = table()\n{pad}    t{n}[{m}] = 0", f"l{n} = order()\n{pad}    l{n}.insert(0, \"w\")",
                                        f"l{n} = ORDER\n{pad}    l{n}.clear()"])
            read = self.aside.choice([f'ORDER[0] == "y"', f"{m} in ORDER", f"TABLE.get({m}, 0) > 1", f"{m} in SEEN", "len(ORDER) == 2",
                                      f"ORDER.index({m}) < 1", f'TABLE.get("x", 0) == 1', f'"x" in SEEN'])
            if "len" in self.shadowed and "len(" in read:
                read = f"{m} in ORDER"
            return [f"{pad}if {e(1)}:", f"{pad}    {change}", f"{pad}if {read}:", f"{pad}    return {ret()}"]
        if kind == "two_objects":  # two objects built by one call: a method run on one
            first, second = self.aside.sample(["sa", "sb"], 2)
            return [f"{pad}sa{n}, sb{n} = Switch(), Switch()", f"{pad}if {e(1)}:", f"{pad}    {first}{n}.off()",
                    f"{pad}if {second}{n}.on and {e(1)}:", f"{pad}    return {ret()}"]
        if kind == "factory":
            return [f"{pad}fa{n} = make_switch()", f"{pad}fb{n} = make_switch({self.aside.choice(['True', u('a'), 'False'])})",
                    f"{pad}if {e(1)}:", f"{pad}    fa{n}.off()", f"{pad}if {self.aside.choice(['fa', 'fb'])}{n}.on:", f"{pad}    return {ret()}"]
        if kind == "alias_object":
            return [f"{pad}fa{n} = make_switch()", f"{pad}fb{n} = fa{n}", f"{pad}if {e(1)}:", f"{pad}    fb{n}.off()",
                    f"{pad}if not fa{n}.on:", f"{pad}    return {ret()}"]
        if kind == "registry":  # a module list of instances
            read = self.aside.choice(["REGISTRY[0].on", "REGISTRY[-1].on", "any(s.on for s in REGISTRY)", "not all(s.on for s in REGISTRY)"]
                                     + ([] if "len" in self.shadowed else ["len(REGISTRY) == 2"]))
            return [f"{pad}register(Switch())", f"{pad}if {e(1)}:", f"{pad}    register(Switch(False))", f"{pad}if {read}:",
                    f"{pad}    return {ret()}"]
        if kind == "hits":
            return [f"{pad}sa{n} = Switch()", f"{pad}if {e(1)}:", f"{pad}    sa{n}.hit()", f"{pad}if sa{n}.hit() == 2:", f"{pad}    return {ret()}"]
        if kind == "maybe_bound":  # an UnboundLocalError where the guard did not hold
            first = f"{pad}if {e(1)}:"
            cond = f"{name} == {u('mode')}" if self.aside.random() < 0.5 else f'{name} == "x" and {e(1)}'
            return [first, f'{pad}    {name} = "x"', f"{pad}if {cond}:", f"{pad}    return {ret()}"]
        if kind == "hint":  # an attribute set on some paths, read with a default
            return [f"{pad}if {e(1)}:", f'{pad}    self.hint = "y"', f'{pad}if getattr(self, "{u("self.hint")[5:]}", "x") == {u("mode")}:', f"{pad}    return {ret()}"]
        if kind == "rounded":  # banker's rounding
            return [f"{pad}{name} = round({u('n')} / 2)", f"{pad}if {name} == {self.aside.choice(['0', '1', '2'])} and {e(1)}:",
                    f"{pad}    return {ret()}"]
        if kind == "divmod":
            return [f"{pad}q{n}, {name} = divmod({u('n')}, 3)", f"{pad}if {name} == {self.aside.choice(['0', '2'])} or q{n} > 0:",
                    f"{pad}    return {ret()}"]
        if kind == "best":
            return [f'{pad}{name} = max({u("mode")}, "w", key=lambda s: s == "x")', f'{pad}if {name} == "x":', f"{pad}    return {ret()}"]
        return [f"{pad}{name} = TABLE.get({u('mode')})", f"{pad}if {name} is not None and {name} > 0:", f"{pad}    return {ret()}"]

    # -- engines: dict outcomes, nonlocal cells, formatting that runs the tree's dunders
    def _dict_source(self) -> tuple[str, list]:
        """A value a dict outcome holds (an input, a local or a constant), and the values it may take."""
        a = self.aside
        kind = a.choice(["mode", "cfg.m", "a", "n", "str", "true", "false", "none"] + (["local"] if self.locals else []))
        if kind in ("mode", "cfg.m", "a", "n"):
            return self.use(kind), list(INPUTS[kind])
        if kind == "local":
            return a.choice(self.locals), ["x", "y", "auto", 0]
        text = {"str": '"flash"', "true": "True", "false": "False", "none": "None"}[kind]
        return text, [{"str": "flash", "true": True, "false": False, "none": None}[kind]]

    def _dict_outcome(self, keys: list[str], domains: list[list]) -> None:
        """A dict a rule may name (`{'backend': 'x', 'fast': True}`): each value one its domain
        gives, its keys now and then in another order than the code's (the same dict to Python)."""
        pairs = [(k, self.aside.choice(d)) for k, d in zip(keys, domains)]
        if len(pairs) > 1 and self.aside.random() < 0.1:
            self.aside.shuffle(pairs)
        text = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in pairs) + "}"
        if text not in self.outcomes:
            self.outcomes.append(text)

    def dict_value(self) -> str:
        """A dict literal returned (`{"backend": mode, "fast": True}`); one or two of the dicts it
        may be become outcomes a rule may name."""
        keys = self.aside.sample(["backend", "fast", "dtype"], k=self.aside.randint(1, 3))
        parts, domains = [], []
        for key in keys:
            text, domain = self._dict_source()
            parts.append(f'"{key}": {text}')
            domains.append(domain)
        for _ in range(self.aside.randint(1, 2)):
            self._dict_outcome(keys, domains)
        return "{" + ", ".join(parts) + "}"

    def engine_leaf(self) -> str:
        """A guard that formats an object whose `__str__`/`__repr__`/`__format__` has effects: the
        Decider itself (ENGINES_DUNDERS: `__str__` sets self.f, `__repr__` bumps self.lvl or
        raises) or a `Tag` the function made (ENGINES_HEAD), or reads what formatting changed."""
        a, u = self.aside, self.use
        options = [
            lambda: 'f"{self}" == "D"', lambda: 'str(self) != "D"', lambda: f'"%s" % (self,) == "D" and {self.leaf()}',
            lambda: (u("self.lvl"), 'repr(self) == "D1"')[1], lambda: (u("self.lvl"), 'f"{self!r}" == "D3"')[1],
            lambda: 'format(self, "") == "D"', lambda: '"{}".format(self) == "D"', lambda: (u("self.lvl"), 'len(str((self, 1))) > 5')[1],
        ]
        if self.tags:
            t = a.choice(self.tags)
            options += [
                lambda: f'str({t}) == "x"', lambda: f'f"{{{t}:u}}" == "X"', lambda: f'"{{}}".format({t}) == {u("mode")}',
                lambda: f'repr({t}) == "Tag(y)"', lambda: f'"%s" % ({t},) == "y"', lambda: f"{t}.hits > 0",
                lambda: f"len({t}.log) > 0", lambda: f'f"{{{t}!r}}" == "Tag(x)"', lambda: f'format({t}, "u") == "Y"',
                lambda: f'"x" in {t}.log', lambda: f"{t}.hits == 2",
            ]
        return a.choice(options)()

    def engine_shape(self, pad: str, depth: int) -> list[str]:
        """A statement of the shapes real engines write: a `nonlocal` cell a nested function writes
        on some paths only, called before the chain reads it; formatting a `Tag` or `self` (an
        f-string, `str()`, `%`, `format()`, `print` to a StringIO, a logger's arguments) whose
        dunders have effects; a dict built, written on some paths and returned."""
        kind = self.aside.choice(["cell", "cell", "format", "format", "dict"])
        if kind == "cell":
            return self.cell_shape(pad)
        if kind == "format":
            return self.format_shape(pad)
        n = self.cells
        self.cells += 1
        name = f"dd{n}"
        key = self.aside.choice(["backend", "dtype"])
        text, domain = self._dict_source()
        ekey, etext, edomain = self.aside.choice([("fast", "True", [True]), ("fast", self.use("a"), INPUTS["a"]), ("dtype", '"fp8"', ["fp8"]),
                                                  ("backend", self.use("mode"), INPUTS["mode"])])
        self._dict_outcome([key], [domain])
        self._dict_outcome(*(([key], [edomain]) if ekey == key else ([key, ekey], [domain, edomain])))
        return [f'{pad}{name} = {{"{key}": {text}}}', f"{pad}if {self.expr(1)}:", f'{pad}    {name}["{ekey}"] = {etext}',
                f"{pad}if {self.expr(1)}:", f"{pad}    return {name}"]

    def _calls(self, fn: str, pad: str) -> list[str]:
        """A call of nested function `fn`: direct, twice, through a list or a dict holding it."""
        return self.aside.choice([[f"{pad}{fn}()"], [f"{pad}{fn}()", f"{pad}{fn}()"], [f"{pad}for hk in [{fn}]:", f"{pad}    hk()"],
                                  [f'{pad}{{"k": {fn}}}["k"]()']])

    def cell_shape(self, pad: str) -> list[str]:
        a, e, ret = self.aside, self.expr, self.return_value
        n = self.cells
        self.cells += 1
        name, fn = f"nl{n}", f"setc{n}"
        kind = a.choice(["flag", "text", "count", "param", "candidate", "maybe_bound"])
        guarded = a.random() < 0.6
        if kind == "param":
            name = a.choice(["mode", "n"])
            self.use(name)
        if kind == "candidate":
            head = [f'{pad}{name} = "none"']
            nested = [f"{pad}def {fn}(c):", f"{pad}    nonlocal {name}", f"{pad}    if c == {self.use('mode')} and {e(1)}:",
                      f"{pad}        {name} = c"]
            for c in ("x", "y"):
                if c not in self.outcomes:
                    self.outcomes.append(c)
            return [*head, *nested, f'{pad}for c in ("x", "y"):', f"{pad}    {fn}(c)", f'{pad}if {name} != "none":',
                    f"{pad}    return {name}"]
        start = {"flag": "False", "text": a.choice(['"x"', self.use("mode"), self.use("cfg.m")]), "count": a.choice(["1", self.use("n")]),
                 "maybe_bound": '"x"'}.get(kind)
        head = [] if start is None else [f"{pad}{name} = {start}"] if kind != "maybe_bound" else [f"{pad}if {e(1)}:", f"{pad}    {name} = {start}"]
        write = {"flag": "True", "text": '"y"', "count": None, "maybe_bound": '"y"',
                 "param": '"y"' if name == "mode" else "3"}[kind]
        body = [f"{pad}    if {e(1)}:", f"{pad}        {name} {'+= 2' if write is None else '= ' + write}"]
        if kind == "text" and a.random() < 0.4:
            body += [f"{pad}    elif {e(1)}:", f"{pad}        {name} = {self.use('mode')}"]
        nested = [f"{pad}def {fn}():", f"{pad}    nonlocal {name}", *body]
        call = [f"{pad}if {e()}:", *self._calls(fn, pad + "    ")] if guarded else self._calls(fn, pad)
        read = {"flag": f"{name} and {e(1)}", "text": a.choice([f'{name} == "y"', f'{name} != "x" and {e(1)}']),
                "count": a.choice([f"{name} > 2", f"{name} == 3"]), "maybe_bound": a.choice([f'{name} == "y"', f'{name} == "x" and {e(1)}']),
                "param": f'{name} == "y"' if name == "mode" else f"{name} > 2"}[kind]
        lines = [*head, *nested, *call, f"{pad}if {read}:", f"{pad}    return {ret()}"]
        if kind == "flag":
            self.bool_locals.append(name)
        elif kind == "text":
            self.locals.append(name)
        return lines

    def format_shape(self, pad: str) -> list[str]:
        a, e, ret, u = self.aside, self.expr, self.return_value, self.use
        n = self.cells
        self.cells += 1
        tag, log = f"tg{n}", f"log{n}"
        loud = a.choice(["False", "False", u("a"), u("b")]) if not self.deterministic else "False"
        lines = [f"{pad}{log} = []", f"{pad}{tag} = Tag({a.choice([u('mode'), u('cfg.m'), chr(34) + 'x' + chr(34)])}, {log}, loud={loud})"]
        target = a.choice([tag, tag, "self", f"({tag}, 1)", f"[{tag}]"])
        op = a.choice([
            lambda x: f'sf{n} = f"{{{x}}}"', lambda x: f'sf{n} = f"{{{x}!r}}"', lambda x: f'sf{n} = f"{{{x}:u}}"', lambda x: f"sf{n} = str({x})",
            lambda x: f"sf{n} = repr({x})", lambda x: f'sf{n} = format({x}, "u")', lambda x: f'sf{n} = "%s" % ({x},)',
            lambda x: f'sf{n} = "%r" % ({x},)', lambda x: f'sf{n} = "{{}}".format({x})', lambda x: f'sf{n} = "{{!r}}".format({x})',
            lambda x: f"print({x}, file=buf{n})", lambda x: f'logger.info("%s", {x})', lambda x: f'logger.warning("%s", {x})',
            lambda x: f'logger.info(f"{{{x}}}")', lambda x: f'logger.debug("%r", {x})', lambda x: f'logger.error("tag %s of %s", {x}, {u("mode")})',
        ])(target)
        if "self" in target and ("r" in op.split("%")[-1][:2] or "!r" in op or "repr" in op) or target[0] in "([":
            u("self.lvl")  # `__repr__` of the Decider reads it
        if "buf" in op:
            lines.append(f"{pad}buf{n} = io.StringIO()")
        if a.random() < 0.5:
            lines += [f"{pad}if {e(1)}:", f"{pad}    {op}"]
        else:
            lines.append(f"{pad}{op}")
        if not self.deterministic and a.random() < 0.25:
            inner = lines[2:] if "buf" not in op else lines[3:]
            keep = len(lines) - len(inner)
            lines = lines[:keep] + [f"{pad}try:"] + ["    " + line for line in inner] + [
                f"{pad}except (ValueError, RuntimeError):", f"{pad}    return {ret()}"]
        read = a.choice([f"len({log}) > 0", f'"x" in {log}', f"{tag}.hits > 1", f"{tag}.hits == 2", "self.f", "self.lvl >= 2",
                         f"{log} == [{tag}.name]"] + ([f'buf{n}.getvalue() == "x\\n"'] if "buf" in op else []))
        if read.startswith("self."):
            u(read.split(" ")[0])
        lines += [f"{pad}if {read} and {e(1)}:" if a.random() < 0.4 else f"{pad}if {read}:", f"{pad}    return {ret()}"]
        self.tags.append(tag)
        return lines

    def priority(self, pad: str) -> list[str]:
        """A candidate list reordered under conditions (a helper moving one to the front, remove
        and append, insert, concatenation), then returned whole or walked to the first supported."""
        r = self.rng
        name = f"cands{len(self.lists)}"
        cands = r.sample(["x", "y", "w", "z"], k=r.randint(2, 4))
        for c in cands:
            if c not in self.outcomes:
                self.outcomes.append(c)
        lines = [f"{pad}{name} = [{', '.join(repr(c) for c in cands)}]"]
        for _ in range(r.randint(1, 3)):
            c = r.choice(cands)
            move = r.choice([f"front({name}, {c!r})", f"{name}.remove({c!r}); {name}.append({c!r})",
                             f"{name}.insert(0, {name}.pop())", f"{name} = {name} + [{r.choice(['x', 'v'])!r}]"])
            lines += [f"{pad}if {c!r} in {name} and {self.expr(1)}:", f"{pad}    {move}"]
        if r.random() < 0.5:
            self.returns_list = True
            lines += [f"{pad}if {self.expr(1)}:", f"{pad}    return {name}"]
        else:
            self.uses |= {"cfg.m", "cfg.f1"}
            lines += [f"{pad}for c in {name}:", f"{pad}    if supported(c, cfg):", f"{pad}        return c"]
        return lines

    def return_value(self) -> str:
        r = self.rng
        if self.engines and self.aside.random() < 0.3:
            return self.dict_value()
        if r.random() < 0.1:
            return self.use("mode")
        if r.random() < 0.08 and self.locals:
            return r.choice(self.locals)
        return self.outcome()


# guards on values Python computes from inputs; every class of each is some input's in INPUTS
COMPUTED = [
    lambda use: f'{use("n")} + 1 > 2', lambda use: f'{use("n")} % 2 == 0', lambda use: f'abs({use("n")}) > 1',
    lambda use: f'min({use("n")}, 2) == 2', lambda use: f'{use("n")} * 2 > 3', lambda use: f'-{use("n")} > 0',
    lambda use: f'{use("n")} // 2 == 1', lambda use: f'{use("mode")}.startswith("x")',
    lambda use: f'({use("cfg.m")} or "").upper() == "Y"', lambda use: f'isinstance({use("cfg.s")}, str)',
    lambda use: f'len({use("cfg.s")} or "") > 0', lambda use: f'{use("mode")}.upper() == "X"',
    lambda use: f'f"{{{use("mode")}}}-{{{use("a")}}}" == "x-True"', lambda use: f'{use("mode")} + "y" in ("xy", "wy")',
    # values no input gives them: `n % 2 == 5`, an upper-case text equal to "x", a negative length
    lambda use: f'{use("n")} % 2 == 5', lambda use: f'abs({use("n")}) < 0', lambda use: f'({use("cfg.m")} or "").upper() == "y"',
    lambda use: f'len({use("mode")}) == -1', lambda use: f'f"on-{{{use("mode")}}}" == "x"',
    lambda use: f'divmod({use("n")}, 2)[1] == 1', lambda use: f'"-".join(({use("mode")}, "z")) == "x-z"',
]


def _cfg(use) -> str:
    """`cfg`, as the candidate classes' `ok` read it."""
    use("cfg.f1"), use("cfg.m")
    return "cfg"


# guards over classes: enum lookups, candidate classes, inherited and overridden methods
CLASS_GUARDS = [
    lambda use: f'to_kind({use("mode")}) == Kind.Y', lambda use: f'Kind({use("mode")}) is Kind.X',
    lambda use: f'to_kind({use("cfg.m")}) in (Kind.X, Kind.W)', lambda use: f'Kind.X.value == {use("mode")}',
    lambda use: f'first_supported({_cfg(use)}) == {use("mode")}', lambda use: f'pick_kind({_cfg(use)}, {use("mode")}).NAME == "y"',
    lambda use: f'any(c.NAME == {use("mode")} for c in CANDIDATES)', lambda use: f'self.supports({use("mode")})',
    lambda use: f'Base.supports(self, {use("mode")})', lambda use: f'self.deep({use("n")})', lambda use: f'Base.deep({use("n")})',
    lambda use: f'self.small({use("n")})', lambda use: f'self.kind() == "d"', lambda use: 'self.KIND == "b"',
    lambda use: f'isinstance(self, Base) and {use("a")}', lambda use: f'({use("n")}, {use("a")}) in PAIRS',
    lambda use: f'{use("mode")} in Kind._value2member_map_',
    # iteration idioms over the candidates
    lambda use: f'next((c.NAME for c in CANDIDATES if c.ok({_cfg(use)})), None) == {use("mode")}',
    lambda use: f'[c for c in CANDIDATES if c.ok({_cfg(use)})][0] is OptB',
    lambda use: f'{{"x": OptA, "y": OptB}}.get({use("mode")}, OptC).NAME == "w"',
    lambda use: f'all(k.value != {use("mode")} for k in Kind)', lambda use: f'OptA.__name__ == "OptA" and {use("b")}',
    # instances the function makes: `isinstance` and `type` of them by the classes' bases
    lambda use: f'isinstance(pick_kind({_cfg(use)}, {use("mode")})(), OptB)',
    lambda use: f'type(pick_kind({_cfg(use)}, {use("mode")})()) is OptA',
    lambda use: f'isinstance({{"x": Tier, "y": OptA}}.get({use("mode")}, OptC)(), (OptB, Base))',
    lambda use: f'isinstance(Tier(), Base) and not isinstance(Tier(), OptA) and {use("a")}',
]

CLASS_HEAD = '''import enum


class Kind(enum.Enum):
    X = "x"
    Y = "y"
    W = "w"


def to_kind(m):
    if m == "x":
        return Kind.X
    if m in ("y", "v"):
        return Kind.Y
    return Kind.W


class OptA:
    NAME = "x"

    @classmethod
    def ok(cls, cfg):
        return not cfg.f1


class OptB:
    NAME = "y"

    @classmethod
    def ok(cls, cfg):
        return cfg.m == "y"


class OptC:
    NAME = "w"

    @staticmethod
    def ok(cfg):
        return True


CANDIDATES = [OptA, OptB, OptC]
ONE = 1
PAIRS = ((ONE, True), (2, False))


def first_supported(cfg):
    for c in CANDIDATES:
        if c.ok(cfg):
            return c.NAME
    return None


def pick_kind(cfg, mode):
    for c in (OptB, OptA):
        if c.ok(cfg) and c.NAME == mode:
            return c
    return OptC


class Base:
    KIND = "a"
    DEPTH = 2

    def supports(self, m):
        return m == "x"

    def kind(self):
        return self.name()

    def name(self):
        return "base"

    @staticmethod
    def small(k):
        return -1 < k < 2

    @classmethod
    def deep(cls, k):
        return k >= cls.DEPTH


class Tier(Base):
    pass


'''

_CLASS_DECIDER = '''class Decider(Base):
    LEVEL = 1
    KIND = "b"
    DEPTH = 3

    def supports(self, m):
        return m in ("x", "y") and super().supports(m) or self.f

    def name(self):
        return "d"

    def pick(self, m, k):
        if m == "x" and k > 0:
            return "A"
        if self.f:
            return "B"
        return "A" if k == 2 else "C"
'''

# helpers the `objects` statements call: a decorator whose wrapper forwards the call under a
# condition, one that negates it, a list default shared by every call, a generator function
OBJECTS_HEAD = '''import functools


def only_idle(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if STATE == "idle":
            return func(*args, **kwargs)
        return "R_gated"
    return wrapper


def negated(func):
    def wrapper(*args, **kwargs):
        return not func(*args, **kwargs)
    return wrapper


@only_idle
def gated_mode(mode):
    return mode


@negated
def not_f0(cfg):
    return cfg.f0


def counted(x, acc=[]):
    acc.append(x)
    return len(acc)


def modes(m):
    yield m


'''

def _env(use, key: str) -> str:
    use(f"env.{key}")
    return key


# guards of `builtins` programs: reads of the environment compared with text and with what no read
# gives, Python's own classes (a bool is an int, an IntEnum member too, OrderedDict a dict), module
# lists/dicts/sets, values of standard functions, `getattr` with a default, names bound on some
# paths only (MAYBE_BOUND), parameters named like builtins
BUILTIN_GUARDS = [
    lambda use: f'os.environ.get("{_env(use, "APP_FAST")}") == "1"', lambda use: f'os.getenv("{_env(use, "APP_FAST")}", "0") == "1"',
    lambda use: f'os.getenv("{_env(use, "APP_FAST")}", None) is None', lambda use: f'os.getenv("{_env(use, "APP_LEVEL")}", 0) == 0',
    lambda use: f'os.environ.get("{_env(use, "APP_FAST")}") == 1', lambda use: f'os.environ.get("{_env(use, "APP_LEVEL")}", "") == ""',
    lambda use: f'os.environ["{_env(use, "APP_FAST")}"] == "1"', lambda use: f'int(os.environ.get("{_env(use, "APP_LEVEL")}", "0")) > 0',
    lambda use: f'int(os.environ.get("{_env(use, "APP_LEVEL")}", "0")) == 1',
    lambda use: f'os.environ.get("{_env(use, "APP_FAST")}", "").lower() in ("1", "true")',
    lambda use: f'os.getenv("{_env(use, "APP_LEVEL")}") is None', lambda use: f'not os.environ.get("{_env(use, "APP_LEVEL")}")',
    lambda use: f'"{_env(use, "APP_FAST")}" in os.environ', lambda use: (_env(use, "APP_FAST"), "FAST")[1],
    lambda use: f'os.environ.get("{_env(use, "APP_FAST")}", "0") == os.environ.get("{_env(use, "APP_LEVEL")}", "0")',
    lambda use: f'os.getenv("{_env(use, "APP_LEVEL")}", "1") == "1"', lambda use: f'os.environ.get("{_env(use, "APP_FAST")}") is True',
    lambda use: f'os.environ.get("{_env(use, "APP_FAST")}", "0") != "0" and {use("n")} > 0',
    # Python's own classes
    lambda use: f'isinstance({use("v")}, int)', lambda use: f'isinstance({use("v")}, bool)', lambda use: f'isinstance({use("v")}, (int, str))',
    lambda use: f'type({use("v")}) is int', lambda use: f'type({use("v")}) == bool', lambda use: f'issubclass(type({use("v")}), int)',
    lambda use: f'isinstance({use("v")}, int) and not isinstance({use("v")}, bool)', lambda use: f'isinstance({use("v")}, Level)',
    lambda use: f'{use("v")} == Level.HIGH', lambda use: f'{use("v")} == 1', lambda use: f'{use("v")} is True', lambda use: f'{use("v")} is None',
    lambda use: f'isinstance({use("v")}, float)', lambda use: f'isinstance({use("v")}, str) and {use("v")} == "1"',
    lambda use: f'{use("v")} in (1, "1")', lambda use: f'isinstance({use("v")}, int) and {use("v")} > 1',
    lambda use: f'isinstance({use("d")}, dict)', lambda use: f'type({use("d")}) is dict', lambda use: f'isinstance({use("d")}, collections.OrderedDict)',
    lambda use: f'isinstance({use("d")}, (list, tuple))', lambda use: f'isinstance({use("d")}, dict) and not {use("d")}',
    # module lists, dicts and sets
    lambda use: f'{use("mode")} in ORDER', lambda use: f'ORDER[0] == {use("mode")}', lambda use: f'ORDER.index({use("mode")}) < 1',
    lambda use: f'TABLE.get({use("mode")}, 0) > 0', lambda use: 'len(ORDER) == 2', lambda use: f'{use("mode")} in SEEN',
    lambda use: f'TABLE[{use("mode")}] > 0', lambda use: f'{use("mode")} in TABLE', lambda use: f'ORDER[-1] == {use("mode")}',
    lambda use: 'len(REGISTRY) > 0', lambda use: f'{use("mode")} in order()', lambda use: f'table().get({use("mode")}) == 1',
    # values of standard functions
    lambda use: f'math.floor({use("n")} / 2) == 1', lambda use: f'math.isclose({use("n")} / 3, 1)', lambda use: f'abs({use("n")} - 2) < 1',
    lambda use: f'round({use("n")} / 2) == 1', lambda use: f'round({use("n")} / 2) == 2', lambda use: f'divmod({use("n")}, 3)[0] == 1',
    lambda use: f'max({use("n")}, 2, key=abs) == {use("n")}', lambda use: f'sorted(({use("mode")}, "w"))[0] == "w"',
    lambda use: f'"".join(({use("mode")}, "y")) == "xy"', lambda use: f'"{{}}-{{}}".format({use("mode")}, {use("n")}) == "x-1"',
    lambda use: f'float("nan") == {use("n")}', lambda use: f'{use("n")} < float("nan")', lambda use: f'int("0x10", 16) == {use("n")} + 14',
    lambda use: f'math.ceil({use("n")} / 2) == 1', lambda use: f'max({use("mode")}, "ww", key=len) == {use("mode")}',
    lambda use: f'sorted([{use("n")}, 2, 1])[1] == {use("n")}', lambda use: 'round(2.5) == 2 and math.floor(-0.5) == -1',
    # getattr with a default
    lambda use: f'getattr(cfg, "{use("cfg.missing")[4:]}", None) is None', lambda use: f'getattr(self, "{use("self.hint")[5:]}", "x") == {use("mode")}',
    lambda use: f'getattr({use("cfg.m")[:3]}, "m", "x") == "y"', lambda use: 'getattr(Switch(), "on", False)',
    # names the module binds on some paths only
    lambda use: (_env(use, "APP_LEVEL"), f'FALLBACK == {use("mode")}')[1], lambda use: (_env(use, "APP_FAST"), f'LEGACY == {use("mode")}')[1],
    lambda use: f'HAVE_FAST and {use("a")}',
    # parameters named like builtins
    lambda use: f'{use("len")} > 1', lambda use: f'{use("type")} == "x"', lambda use: f'{use("len")} == {use("n")}',
]
MAYBE_BOUND = ("FALLBACK", "LEGACY", "HAVE_FAST")

# module code a `builtins` program may run after its constants (one to three, drawn): changes in
# place, and names bound on some paths only
MODULE_CHANGES = {
    "reverse": ["ORDER.reverse()"], "table": ['TABLE["y"] = 2'], "seen": ['SEEN.add("v")'],
    "env_append": ['if os.environ.get("APP_FAST"):', '    ORDER.append("w")'],
    "alias": ["ALIASED = ORDER", 'ALIASED.insert(0, "v")'],
    "FALLBACK": ['if os.environ.get("APP_LEVEL") == "1":', '    FALLBACK = "y"'],
    "LEGACY": ['LEGACY = "y"', "if not FAST:", "    del LEGACY"],
    "HAVE_FAST": ["try:", "    import _no_such_fastlib  # noqa: F401", "    HAVE_FAST = True", "except ImportError:", "    pass"],
}

BUILTINS_HEAD = """import collections
import enum
import math
import os


class Level(enum.IntEnum):
    LOW = 0
    HIGH = 2


ORDER = ["x", "y"]
TABLE = {"x": 1, "w": 0}
SEEN = {"x"}
FAST = os.environ.get("APP_FAST", "0") == "1"
REGISTRY = []
# <changes>


class Switch:
    def __init__(self, on=True):
        self.on = on
        self.hits = 0

    def off(self):
        self.on = False

    def hit(self):
        self.hits += 1
        return self.hits


"""

# helpers of BUILTINS_HEAD, written where `decide` calls them: one that returns a constant or
# changes one lets a caller change it before `decide` runs (ordercheck takes it as free then)
BUILTIN_HELPERS = {
    "make_switch": "def make_switch(on=True):\n    return Switch(on)\n",
    "register": "def register(s):\n    REGISTRY.append(s)\n    return s\n",
    "remember": "def remember(lst, m):\n    lst.append(m)\n",
    "order": "def order():\n    return ORDER\n",
    "table": "def table():\n    return TABLE\n",
}

# the head of `engines` programs: a class of the tree whose formatting has effects (`__str__` appends
# to a list it was handed, `__repr__` and `__format__` count, `__format__` raises when loud), and a
# logger of the standard library, bound as `--computed`'s head binds it (its records below WARNING
# are not emitted: their arguments are never formatted; one bound to another name, `flog`, is an
# unknown call to the model: /tmp/xf51f/found/03)
ENGINES_HEAD = """import io
import logging

logger = logging.getLogger("generated")


class Tag:
    def __init__(self, name, log=None, loud=False):
        self.name = name
        self.log = [] if log is None else log
        self.loud = loud
        self.hits = 0

    def __str__(self):
        self.log.append(self.name)
        return str(self.name)

    def __repr__(self):
        self.hits += 1
        return "Tag(" + str(self.name) + ")"

    def __format__(self, spec):
        if self.loud:
            raise ValueError("loud")
        self.hits += 2
        return str(self.name).upper() if spec == "u" else str(self)


"""

# the Decider's own dunders in `engines` programs: formatting `self` changes inputs guards read
ENGINES_DUNDERS = """
    def __str__(self):
        self.f = True
        return "D"

    def __repr__(self):
        if self.lvl > 2:
            raise RuntimeError("repr")
        self.lvl += 1
        return "D" + str(self.lvl)

"""

MODULE_HEAD = '''LIMIT = 2
STATE = "idle"
MODE = "x"


def set_f0(cfg):
    cfg.f0 = True


def go_busy():
    global STATE
    STATE = "busy"


def check(cfg):
    if cfg.f1:
        raise ValueError("f1")
    return cfg.m


def pick(cfg):
    if cfg.f0:
        return "x"
    if cfg.m == "y":
        return cfg.m
    raise ValueError("none")


def front(lst, item):
    lst.insert(0, lst.pop(lst.index(item)))


def supported(c, cfg):
    if c == cfg.m:
        return False
    return not cfg.f1 or c != "x"


class Decider:
    LEVEL = 1
'''


def program(rng: random.Random, deterministic: bool = False, computed: bool = False, classes: bool = False,
            objects: bool = False, builtins: bool = False, engines: bool = False) -> Program:
    w = _Writer(rng, deterministic, computed, classes, objects, builtins, engines)
    changes: list[str] = []
    if builtins:  # drawn aside, before anything else reads the writer
        for change in w.aside.sample(sorted(MODULE_CHANGES), k=w.aside.randint(0, 3)):
            changes += MODULE_CHANGES[change]
            if change in MAYBE_BOUND:
                w.module_names.add(change)
        if not computed and not classes and w.aside.random() < 0.25:
            w.shadowed = ["len", "type"]
    props = []
    for j in range(rng.randint(0, 2)):
        name = f"p{j}"
        lines = ["    @property", f"    def {name}(self):"]
        if rng.random() < 0.4 and not deterministic:
            lines += [f"        if {w.expr(1, w.self_leaf)}:", "            raise ValueError('p')"]
        if rng.random() < 0.5:
            lines += [f"        if {w.expr(1, w.self_leaf)}:", "            return True"]
        lines += [f"        return {w.expr(1, w.self_leaf)}"]
        props.append("\n".join(lines))
        w.props.append(name)
    params = "self, cfg, hook, cm, risky, " + ("MODE, " if w.shadow else "") + "mode, n, a, b"
    if builtins:
        params += ", v, d" + "".join(f", {name}" for name in w.shadowed)
    body = w.block(8, rng.randint(2, 6))
    body.append(f"        return {w.outcome()}" if rng.random() < 0.8 else "        pass")
    head = 'import logging\nlogger = logging.getLogger("generated")\n' + MODULE_HEAD if computed else MODULE_HEAD
    if classes:
        head = CLASS_HEAD + head.replace("class Decider:\n    LEVEL = 1\n", _CLASS_DECIDER)
        w.uses |= {"self.f"}
    if objects:
        head = head.replace("class Decider:\n", OBJECTS_HEAD + "class Decider:\n")
    if builtins:
        text = "\n".join(body) + "\n".join(props)
        helpers = [name for name in BUILTIN_HELPERS if f"{name}(" in text]
        head = (BUILTINS_HEAD.replace("# <changes>\n", "".join(line + "\n" for line in changes))
                + "".join(BUILTIN_HELPERS[name] + "\n\n" for name in helpers) + head)
        # constants a call may have changed before this one: those `decide` changes, those a helper hands out
        for name in helpers:
            w.mutated |= {"register": {"REGISTRY"}, "order": {"ORDER"}, "table": {"TABLE"}}.get(name, set())
    if engines:
        at = head.index("class Decider")
        level = head.index("    LEVEL = 1\n", at) + len("    LEVEL = 1\n")
        engines_head = ENGINES_HEAD.replace('import logging\n\nlogger = logging.getLogger("generated")\n', "") if computed else ENGINES_HEAD
        head = engines_head + head[:level] + ENGINES_DUNDERS + head[level:]
    source = head + "\n".join(props) + ("\n\n" if props else "") + f"    def decide({params}):\n" + "\n".join(body) + "\n"
    if w.shadow:
        w.uses.add("MODE")
    for key in ENV_KEYS if builtins else ():  # module code reading the environment
        if key in "".join(changes) or key == "APP_FAST" and "FAST" in "".join(changes):
            w.uses.add(f"env.{key}")
    return Program(source, w.uses, w.outcomes, w.hook, w.cm, w.risky, w.returns_list, builtins, frozenset(w.mutated))


# ---------------------------------------------------------------- running the program


class _Swallow:
    def __init__(self, swallow: bool) -> None:
        self.swallow = swallow

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return self.swallow


def _hook(behaviour: str):
    def hook(cfg, other=None):
        if behaviour == "set_f0":
            cfg.f0 = True
        elif behaviour == "clear_f1":
            cfg.f1 = False
        elif behaviour == "set_m_y":
            cfg.m = "y"
        elif behaviour == "append_z" and isinstance(other, list):
            other.append("z")
        elif behaviour == "set_self_f" and other is not None and not isinstance(other, list):
            other.f = True
    return hook


@contextlib.contextmanager
def _environment(values: dict):
    """os.environ as the input gives it (`env.K`: None is unset) while the program runs, then as
    it was."""
    saved = {key: os.environ.get(key) for key in ENV_KEYS}
    try:
        for key in ENV_KEYS:
            value = values.get(f"env.{key}")
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _imported(values: dict) -> dict:
    """The environment the module was imported in: the call's, unless `$import` gives another
    (the environment may change between the import and the call)."""
    if "$import" not in values:
        return values
    return {f"env.{key}": value for key, value in zip(ENV_KEYS, values["$import"])}


def _extra_parameters(namespace: dict, function, values: dict) -> dict:
    """The inputs of `builtins` programs' extra parameters (`v`, `d`, `len`, `type`) that
    `function` takes: a `Level` member made the module's own, a mapping copied."""
    code = function.__code__
    names = code.co_varnames[:code.co_argcount]
    extra = {}
    for name in ("v", "d", "len", "type"):
        if name in names:
            value = values[name]
            if isinstance(value, _Level) and "Level" in namespace:
                value = namespace["Level"](int(value))
            extra[name] = copy.copy(value)
    return extra


def _instance(namespace: dict, values: dict):
    namespace["STATE"] = values["STATE"]
    cls = namespace["Decider"]
    obj = cls.__new__(cls)
    obj.f, obj.lvl = values["self.f"], values["self.lvl"]
    if "self.LEVEL" in values:  # an instance attribute over the class's (a counterexample may need one)
        obj.LEVEL = values["self.LEVEL"]
    if values.get("self.hint") is not None:
        obj.hint = values["self.hint"]
    cfg = types.SimpleNamespace(f0=values["cfg.f0"], f1=values["cfg.f1"], m=values["cfg.m"], s=values["cfg.s"],
                                l=list(values.get("cfg.l", ())))
    if values.get("cfg.missing") is not None:
        cfg.missing = values["cfg.missing"]
    return cls, obj, cfg


def run(code, values: dict, hook: str = "nothing", swallow: bool = False, risky: bool = False, before: dict | None = None) -> str:
    """What `decide` does with `values`, in a module just built; `before`: after a first call with
    those inputs (the state module constants are left in: `builtins` programs)."""
    with _environment(_imported(values)):
        namespace: dict = {}
        exec(code, namespace)
    if before is not None:
        with _environment(before):
            _call(namespace, before, "nothing", swallow, risky)
    with _environment(values):
        return _call(namespace, values, hook, swallow, risky)


def _call(namespace: dict, values: dict, hook: str, swallow: bool, risky: bool) -> str:
    cls, obj, cfg = _instance(namespace, values)

    def risky_call(cfg):
        if risky:
            raise ValueError("risky")

    args = [cfg, _hook(hook), lambda: _Swallow(swallow), risky_call]
    if "MODE" in values:
        args.append(values["MODE"])
    args += [values["mode"], values["n"], values["a"], values["b"]]
    try:
        with contextlib.redirect_stderr(io.StringIO()):  # a logger's records without a handler (`engines`)
            result = cls.decide(obj, *args, **_extra_parameters(namespace, cls.decide, values))
    except Exception as exc:  # noqa: BLE001 - the program's own exception is an outcome
        return f"raise {type(exc).__name__}"
    return repr(result)


class _ModuleAtoms:
    """The value of an atom's text where `decide` is entered with `values` (`builtins` programs):
    evaluated in the module the program's own code built (its constants as module code left them,
    the environment as the input gives it) with the parameters and `self` bound, or
    `_NOT_COMPUTED` where that raises (a call, a name bound on no path). The module is built once
    for each environment (module code reads nothing else), the scope once for the atoms of one
    input (`_matches` asks for them in turn)."""

    def __init__(self, code, mutated=frozenset()) -> None:
        self.code = code
        # an atom over a constant `decide` changes in place has a value that depends on when it is
        # read (entry or some guard): passed over (`_PASSED`), as unknown atoms are without `builtins`
        self.changing = re.compile("|".join(rf"\b{m}\b|\b{m.lower()}\(\)" for m in sorted(mutated)) + (
            r"|\bALIASED\b" if "ORDER" in mutated else "")) if mutated else None
        self.modules: dict[tuple, dict | None] = {}
        self.values: dict | None = None
        self.scope: dict | None = None

    def __call__(self, text: str, values: dict) -> object:
        if self.changing is not None and self.changing.search(text):
            return _PASSED
        if values is not self.values:
            self.values, self.scope = values, None
            env = tuple(_imported(values).get(f"env.{key}") for key in ENV_KEYS)
            if env not in self.modules:
                namespace: dict | None = {}
                with _environment(_imported(values)):
                    try:
                        exec(self.code, namespace)
                    except Exception:  # noqa: BLE001 - the module raised as it was built
                        namespace = None
                self.modules[env] = namespace
            namespace = self.modules[env]
            if namespace is None:
                return _NOT_COMPUTED
            cls, obj, cfg = _instance(namespace, values)  # sets STATE, which the module's functions read
            local = {"self": obj, "cfg": cfg, "mode": values["mode"], "n": values["n"], "a": values["a"], "b": values["b"],
                     "STATE": values["STATE"], **_extra_parameters(namespace, cls.decide, values)}
            if "MODE" in values:
                local["MODE"] = values["MODE"]
            self.scope = {**namespace, **local}  # one namespace: a generator in the text sees the parameters too
        if self.scope is None:
            return _NOT_COMPUTED
        with _environment(values) if "environ" in text or "getenv" in text else contextlib.nullcontext():
            try:
                return eval(_compiled(text), dict(self.scope))  # noqa: S307 - the program's own text
            except Exception:  # noqa: BLE001
                return _NOT_COMPUTED


@functools.lru_cache(maxsize=4096)
def _compiled(text: str):
    return compile(text, "<atom>", "eval")


# ---------------------------------------------------------------- judging a verdict


@dataclass
class Judgement:
    verdict: str  # clean | violated | undetermined | error | skipped
    contradiction: str | None = None
    detail: str = ""


def _worlds(prog: Program):
    hooks = HOOKS if prog.hook else ["nothing"]
    swallows = SWALLOW if prog.cm else [False]
    risks = RISKY if prog.risky or prog.cm else [False]
    return list(itertools.product(hooks, swallows, risks))


def _assignments(prog: Program, facts: dict, extra: dict | None = None, keep=None, narrow: dict | None = None):
    """Input assignments to run; `keep(values)` filters them before a sample is taken (a
    counterexample's few matching inputs must not be sampled away: seed 718189559). `narrow`
    (input: predicate) drops an input's values before they are combined (`builtins` programs,
    whose inputs are too many to combine before `keep` filters them)."""
    names = sorted(INPUTS)
    domains = []
    for name in names:
        if name in facts:
            domains.append([facts[name]])
        elif name in prog.uses and prog.builtins:  # Level.LOW == 0 == False: new by type and value
            domain = list(INPUTS[name])
            for v in (extra or {}).get(name, []):
                if not any(type(v) is type(x) and v == x for x in domain):
                    domain.append(v)
            domains.append(domain)
        elif name in prog.uses:
            domains.append(INPUTS[name] + [v for v in (extra or {}).get(name, []) if v not in INPUTS[name]])
        else:
            domains.append(INPUTS[name][:1])
        if narrow and name in narrow:
            domains[-1] = [v for v in domains[-1] if narrow[name](v)] or domains[-1][:1]
    if prog.builtins and math.prod(len(d) for d in domains) > 200_000:
        # too many to list: a sample, the same for a given program, drawn before `keep` filters it
        total = math.prod(len(d) for d in domains)
        pick = random.Random(total)
        indices = sorted({tuple(pick.randrange(len(d)) for d in domains) for _ in range(30_000)})
        combos = [tuple(d[i] for d, i in zip(domains, index)) for index in indices]
    else:
        combos = list(itertools.product(*domains))
    if keep is not None:
        combos = [c for c in combos if keep(dict(zip(names, c)))]
    if len(combos) > MAX_ASSIGNMENTS:  # a sample, the same for a given program
        combos = random.Random(len(combos)).sample(combos, MAX_ASSIGNMENTS)
    for combo in combos:
        values = dict(zip(names, combo))
        if "MODE" in prog.uses:
            for mode_const in ["x", "y", *(extra or {}).get("MODE", [])]:
                yield {**values, "MODE": mode_const}
        else:
            yield values


def rule_for(prog: Program, rng: random.Random) -> tuple[str, dict, str, str]:
    """(rule TOML text, facts, kind, outcome)."""
    facts = {}
    open_ = prog.uses - {"MODE", "cfg.l"} - NO_FACTS  # a list is no fact a rule can give
    for name in rng.sample(sorted(open_), k=min(len(open_), rng.randint(0, 3))):
        facts[name] = rng.choice(INPUTS[name])
    outcome = rng.choice(prog.outcomes) if prog.outcomes else "R0"
    kind = rng.choice(["expect", "forbid", "forbid"] + (["first", "contains", "before"] * 2 if prog.returns_list else []))
    lines = ['[[rule]]', 'id = "r"', 'path = "gen.py"', 'function = "Decider.decide"']
    if kind in ("before", "first", "contains") and outcome.startswith("{"):  # (`engines`) a list's items are no dicts
        outcome = random.Random(outcome).choice([o for o in prog.outcomes if not o.startswith("{")] or ["R0"])
    if kind == "before":
        other = rng.choice([o for o in prog.outcomes if o != outcome and not o.startswith("{")] or ["R0"])
        outcome = f"{outcome} {other}"
        lines.append(f'before = [["{outcome.split()[0]}", "{other}"]]')
    elif kind in ("first", "contains"):
        lines.append(f'{kind} = {outcome!r}'.replace("'", '"') if kind == "first" else f'contains = ["{outcome}"]')
    else:
        lines.append(f'expect = "{outcome}"' if kind == "expect" else f'forbid = ["{outcome}"]')
    if facts:
        lines.append("[rule.given]")
        for key, value in facts.items():
            shown = "true" if value is True else "false" if value is False else f'"{value}"' if isinstance(value, str) else value
            if value is None:
                lines.append(f'"{key} is None" = true')
            else:
                lines.append(f'"{key}" = {shown}')
    return "\n".join(lines) + "\n", facts, kind, outcome


def _holds(kind: str, outcome: str, result: str) -> bool:
    from ordercheck.check import outcome_matches

    if kind in ("first", "contains", "before"):
        items = _items_of(result)
        position = [i for i, item in enumerate(items) if outcome_matches(outcome.split()[0], item)]
        if kind == "first":
            return bool(items) and bool(position) and position[0] == 0
        if kind == "contains":
            return bool(position)
        later = [i for i, item in enumerate(items) if outcome_matches(outcome.split()[1], item)]
        return not later or (bool(position) and position[0] < later[0])
    matches = _dict_equal(outcome, result) if outcome.startswith("{") else outcome_matches(outcome, result)
    return matches if kind == "expect" else not matches


def _dict_equal(outcome: str, result: str) -> bool:
    """Whether a run returned the dict a rule names (`engines`): equal as Python compares dicts
    (keys in any order), each value of the same type (`True` is no `1`, as the rule's text says)."""
    import ast

    if not result.startswith("{"):
        return False
    wanted, got = ast.literal_eval(outcome), ast.literal_eval(result)
    return wanted.keys() == got.keys() and all(type(wanted[k]) is type(got[k]) and wanted[k] == got[k] for k in wanted)


def _items_of(result: str) -> list[str]:
    """What a run returned as the candidates it tries, in order (a scalar is a list of one)."""
    import ast

    if result.startswith("raise "):
        return [result]
    value = ast.literal_eval(result)
    return [repr(v) for v in value] if isinstance(value, list) else [result]


def judge(prog: Program, rule_text: str, facts: dict, kind: str, outcome: str) -> Judgement:
    from ordercheck.check import check_rule
    from ordercheck.extract import extract
    from ordercheck.model import ConfigError
    from ordercheck.rules import parse_rules

    rules, errors = parse_rules(rule_text, "r.toml")
    if errors:
        return Judgement("skipped", detail=errors[0].message)
    model = extract(prog.source, "gen.py", "Decider.decide")
    if isinstance(model, ConfigError):
        return Judgement("error", f"extraction failed: {model.message}")
    findings, error = check_rule(rules[0], model)
    if error is not None:
        return Judgement("skipped", detail=error.message)
    code = compile(prog.source, "<generated>", "exec")
    # `python -O` (`__debug__` false: no assert runs) is a run too (round 51)
    optimized = compile(prog.source, "<generated>", "exec", optimize=1) if "assert" in prog.source else None
    worlds = _worlds(prog)
    if not findings:
        for values in _assignments(prog, facts):
            for hook, swallow, risky in worlds:
                for each in (code, optimized) if optimized is not None else (code,):
                    result = run(each, values, hook, swallow, risky)
                    if not _holds(kind, outcome, result):
                        return Judgement("clean", f"clean, but {values} with hook={hook} swallow={swallow} risky={risky}"
                                                  f"{' under -O' if each is optimized else ''} returns {result}")
        return Judgement("clean")
    (finding,) = findings
    if finding.verdict == "undetermined":
        return Judgement("undetermined")
    # violated: some input matching the counterexample violates whatever unknowns do (hook idle)
    counterexample = finding.extra.get("counterexample", {})
    if counterexample.get("__debug__") == "false" and optimized is not None:
        code = optimized
    counterexample = {text: label for text, label in counterexample.items() if text != "__debug__"}
    extra = {key: [_value_for(label)] for text, label in counterexample.items() if (key := _input_of(text))}
    for key, values in extra.items():  # a value other than the constants: one a computed atom may need
        if values == ["other"] and key in ("n", "self.lvl"):  # "other than 1" of a number: numbers
            values[:] = [-3, 4, 7]
        elif values == ["other"]:
            values += ["X", "Y", "xz", "yz", "", 7]
    for text in counterexample:  # relations between inputs may need values beyond the domains
        for side in text.split(" ? ") if " ? " in text else ():
            if (key := _input_of(side.strip())) and key in ("n", "self.lvl"):
                extra.setdefault(key, []).extend([-3, -2, 6, 7, 0.5, 1.5, 2.5])  # numbers between: the classes are real intervals
    for text in counterexample:  # an atom computed from an input may need values beyond its domain
        if _input_of(text) is None and " ? " not in text and _computed(text, _SAMPLE) is not _NOT_COMPUTED:
            for key in ("mode", "cfg.m", "cfg.s"):
                if re.search(rf"\b{re.escape(key)}\b", text) and key not in facts:
                    extra.setdefault(key, []).extend(["X", "Y", "xz", "yz", ""])
            if re.search(r"\bn\b", text) and "n" not in facts:
                extra.setdefault("n", []).extend([-3, -2, 4, 5, 6, 7, 0.5, 1.5, 2.5])  # an even and an odd one past 2
    evaluate, narrow = None, None
    if prog.builtins:  # atoms computed in the module; inputs the program reads that no domain gives
        evaluate = _ModuleAtoms(code, prog.mutated)
        for text, label in counterexample.items():
            for key in ENV_KEYS:
                if key in text and f"env.{key}" not in facts:
                    extra.setdefault(f"env.{key}", []).extend(re.findall(r'"([^"]*)"', label) + list(_ENV_EXTRA))
            if re.search(r"\bv\b", text):
                extra.setdefault("v", []).extend([3, -1, "y", "", "0", 1.5, -0.5, _Level.LOW])
        narrow = {key: functools.partial(_one_holds, label) for text, label in counterexample.items()
                  if (key := _input_of(text)) and key not in ("self.LEVEL", "MODE")}
    without_mode = {t: label for t, label in counterexample.items() if "MODE" not in t}
    candidates = _assignments(prog, facts, extra, keep=lambda v: _matches(v, without_mode, evaluate), narrow=narrow)
    matching = [w for v in candidates if _matches(v, counterexample, evaluate) and (w := _with_level(v, counterexample)) is not None]
    if not matching and prog.builtins and any(re.search(r"\b(FAST|LEGACY|FALLBACK|ORDER|ALIASED)\b", t) for t in counterexample):
        # a value module code computed from the environment where it was imported, the environment
        # changed since (ordercheck takes the two as free of each other)
        for imported in itertools.product(*(INPUTS[f"env.{key}"] for key in ENV_KEYS)):
            candidates = _assignments(prog, facts, extra, keep=lambda v: _matches({**v, "$import": imported}, without_mode, evaluate),
                                      narrow=narrow)
            matching = [w for c in candidates if _matches(v := {**c, "$import": imported}, counterexample, evaluate)
                        and (w := _with_level(v, counterexample)) is not None]
            if matching:
                break
    if not matching:
        return Judgement("violated", f"no input matches the counterexample {counterexample}")
    for values in matching:
        if all(not _holds(kind, outcome, run(code, values, "nothing", swallow, risky))
               for _, swallow, risky in worlds if True):
            return Judgement("violated")
    stateful = [t for t in counterexample if evaluate is not None and evaluate.changing is not None and evaluate.changing.search(t)]
    if stateful:
        # the counterexample reads a constant an earlier call may have changed (ordercheck takes it
        # as free): a call of `decide` with other inputs first, then the matching input
        primers = list(_assignments(prog, {}))
        primers = random.Random(len(primers)).sample(primers, min(len(primers), 40))
        for values in matching[:25]:
            for prime in primers:
                if all(not _holds(kind, outcome, run(code, values, "nothing", swallow, risky, before=prime))
                       for _, swallow, risky in worlds):
                    return Judgement("violated")
        # a caller of a helper may change it in ways no call of `decide` does: nothing to contradict
        return Judgement("violated", detail=f"unconfirmed: {stateful} as an earlier call left them")
    return Judgement("violated", f"every input matching {counterexample} satisfies the rule in some world")


def _with_level(values: dict, counterexample: dict) -> dict | None:
    """`values` with `self.LEVEL` set on the instance where the counterexample relates it to an
    input (`self.LEVEL ? self.lvl` = `<|==`): the class says 1, but an instance may say otherwise
    (fuzz seed 7175: the judge ran with 1 and called a real violation a contradiction), or gives
    it a class of its own (`self.LEVEL` = `>1`: seed 8142552). One value meets every such
    relation and class at once (seed 73065: `n ? self.LEVEL` = `==|>` and `self.LEVEL ? self.lvl`
    = `<|==`; setting it for each relation in turn kept only the last, and the input no longer
    matched the counterexample); None when no value does: the input does not match."""
    constraints: list[tuple[int, set[str]]] = []  # (an input's value, relations self.LEVEL may have to it)
    own: list[str] = []  # class labels of self.LEVEL itself
    for text, label in counterexample.items():
        if text.strip() == "self.LEVEL":
            own.append(label)
            continue
        sides = [side.strip() for side in text.split(" ? ")] if " ? " in text else []
        if "self.LEVEL" not in sides:
            continue
        other = _input_of(sides[1] if sides[0] == "self.LEVEL" else sides[0])
        if other is None or not isinstance(values.get(other), int):
            continue
        relations = set(label.split("|"))
        if sides[0] != "self.LEVEL":  # `x ? self.LEVEL`: the relation seen from self.LEVEL
            relations = {{"<": ">", ">": "<"}.get(r, r) for r in relations}
        constraints.append((values[other], relations))
    if not own and not constraints:
        return values
    candidates = [level for label in own if isinstance(level := _value_for(label), int) and not isinstance(level, bool)]
    candidates += [value + offset for value, _ in constraints for offset in (-1, 0, 1)]
    for level in candidates:
        if all(_label_holds(level, label) for label in own) and all(
                _relation(level, value) in relations or ("!=" in relations and level != value)
                for value, relations in constraints):
            return {**values, "self.LEVEL": level}
    return None


_ENV_EXTRA = ("-1", "2", "7", "yes", "TRUE", "True", "on", "false", "0.5", " 1")


def _one_holds(label: str, value) -> bool:
    """Whether an input's value is in the class a counterexample gives it (as `_matches` reads one)."""
    if label in ("true", "false") and not isinstance(value, bool):
        return bool(value) == (label == "true")
    return _label_holds(value, label)


def _relation(a: int, b: int) -> str:
    return "<" if a < b else "==" if a == b else ">"


def _matches(values: dict, counterexample: dict, evaluate=None) -> bool:
    """Whether `values` is an input the counterexample describes. `evaluate(text, values)`
    (`builtins` programs) computes any other atom in the program's module: an atom it cannot
    compute matches no input (the judge cannot tell), where without it such atoms are passed over."""
    items = list(counterexample.items())
    if evaluate is not None:  # the inputs first: they reject most candidates without building the module
        items.sort(key=lambda item: _input_of(item[0]) is None)
    for text, label in items:
        if text.endswith(")") and " (after " in text:
            continue  # a read after a call: the counterexample assumes it equals the entry value
        if text.startswith("bool(") and (inner := _input_of(text[5:-1])):  # its truth, apart from its value
            if bool(values.get(inner)) != (label == "true"):
                return False
            continue
        key = _input_of(text)
        if key is None:
            if " ? " in text:
                a, b = (s.strip() for s in text.split(" ? "))
                ka, kb = _input_of(a), _input_of(b)
                if evaluate is not None and not (ka and kb):  # a relation between computed atoms
                    va, vb = (values.get(k) if k else evaluate(side, values) for k, side in ((ka, a), (kb, b)))
                    if va is _PASSED or vb is _PASSED:
                        continue
                    if va is _NOT_COMPUTED or vb is _NOT_COMPUTED:
                        return False
                    if label == "!=" or va == vb:  # `None ? 0` = `!=`: no order needed
                        if (va == vb) != ("==" in label.split("|")) and not (label == "!=" and va != vb):
                            return False
                        continue
                    ka = kb = True
                else:
                    va, vb = values.get(ka), values.get(kb)
                    if evaluate is not None and label == "!=":  # `"x" ? None` = `!=`: no order needed (builtins)
                        if va == vb:
                            return False
                        continue
                if ka and kb:
                    try:
                        rel = "<" if va < vb else "==" if va == vb else ">"
                    except TypeError:  # `"other" < 1` raises: no relation holds (seed 124804, classes)
                        return False
                    if rel not in label.split("|") and not (label == "!=" and rel != "=="):
                        return False
                continue
            if evaluate is not None:
                computed = evaluate(text, values)
                if computed is _PASSED:
                    continue
                if computed is _NOT_COMPUTED or not _one_holds(label, computed):
                    return False
                continue
            computed = _computed(text, values)  # an atom Python computes from inputs (`n + 1`)
            if computed is not _NOT_COMPUTED and not _label_holds(computed, label):
                return False
            continue
        value = values.get(key)
        if label in ("true", "false") and not isinstance(value, bool):
            # a truth variable alone is keyed by its text (`(cfg.m or "").upper()` reads only the
            # truth of cfg.m): the class is the value's truth, not the value True
            if bool(value) != (label == "true"):
                return False
            continue
        if not _label_holds(value, label):
            return False
    return True


_NOT_COMPUTED = object()
_PASSED = object()  # an atom `_matches` passes over (`_ModuleAtoms`)
_SAMPLE = {name: values[0] for name, values in INPUTS.items()}
_PURE = {"len": len, "abs": abs, "min": min, "max": max, "str": str, "isinstance": isinstance, "int": int, "bool": bool,
         "divmod": divmod}


def _computed(text: str, values: dict) -> object:
    """The value of an atom's text computed from the inputs (`n + 1`, `mode.startswith('x')`), or
    `_NOT_COMPUTED` where it reads anything else."""
    names = {"a": values["a"], "b": values["b"], "mode": values["mode"], "n": values["n"], "STATE": values["STATE"],
             "cfg": types.SimpleNamespace(f0=values["cfg.f0"], f1=values["cfg.f1"], m=values["cfg.m"], s=values["cfg.s"]),
             "MODE": values.get("MODE", "x"), **_PURE}
    try:
        return eval(compile(text, "<atom>", "eval"), {"__builtins__": {}}, names)  # noqa: S307 - the program's own text
    except Exception:  # noqa: BLE001 - a call, a read of self, a value of unmodeled code
        return _NOT_COMPUTED


def _value_for(label: str):
    """A value in the class a counterexample names, for classes the input domains miss."""
    option = label.split("|")[0]
    if label.startswith("other than ") or option == "other":
        return "other"
    if option.startswith("<"):
        return int(float(option[1:])) - 1
    if option.startswith(">"):
        return int(float(option[1:])) + 1
    if option.startswith("in ("):  # an open interval: a number inside it (between two integers: a float)
        low, high = (float(part) for part in option[4:-1].split(","))
        return int(low) + 1 if high - low > 1 else (low + high) / 2
    if option in ("true", "false"):
        return option == "true"
    if option in ("None",):
        return None
    if option == "not None":
        return "other"
    if option.startswith('"'):
        return option.strip('"')
    try:
        return int(option)
    except ValueError:
        return None


def _input_of(text: str) -> str | None:
    text = text.strip()
    if text in INPUTS or text == "MODE":
        return text
    return None


def _label_holds(value, label: str) -> bool:
    options = label.split("|")
    if label == "not None":
        return value is not None
    if label.startswith("other than "):
        excluded = label[len("other than "):].split("|")
        return not any(_label_holds(value, e) for e in excluded)
    for option in options:
        if option == "true" and value is True or option == "false" and value is False:
            return True
        if option == "None" and value is None:
            return True
        if option.startswith('"') and value == option.strip('"'):
            return True
        # a bool compared with numbers is one (False < 1, True == 1), as the model's classes read it
        if option.startswith("<") and isinstance(value, (int, float)) and value < float(option[1:]):
            return True
        if option.startswith(">") and isinstance(value, (int, float)) and value > float(option[1:]):
            return True
        if option.startswith("in (") and isinstance(value, (int, float)):
            lo, hi = (float(x) for x in option[4:-1].split(","))
            if lo < value < hi:
                return True
        if option == "other":
            return True  # checked by the caller's other classes
        try:
            if isinstance(value, (int, float)) and float(option) == value:
                return True
        except ValueError:
            pass
    return False


# ---------------------------------------------------------------- judging diff


def edit(prog: Program, rng: random.Random) -> Program | None:
    """A second version of `prog`: one guard negated, two neighbouring guarded returns swapped,
    a constant changed, a comparison mirrored (which changes nothing), what a loop over an input
    counts (inside the loop or where it starts), or a local an unevaluated expression reads."""
    lines = prog.source.split("\n")
    start = next(i for i, line in enumerate(lines) if "def decide(" in line)
    ifs = [i for i in range(start, len(lines)) if lines[i].startswith("        if ") and lines[i].endswith(":")]
    if not ifs:
        return None
    counts = [i for i in range(start, len(lines)) if re.fullmatch(r' +(k\d+ (\+= 1|= 0)|m\d+ = "x")', lines[i])]
    kind = rng.choice(["negate", "swap", "constant", "mirror"] + ["count"] * (2 if counts else 0))
    i = rng.choice(ifs)
    test = lines[i][len("        if "):-1]
    if kind == "count":  # inside the loop, or where it starts: the model does not follow either
        j = rng.choice(counts)
        lines[j] = (lines[j].replace("+= 1", "+= 2") if "+=" in lines[j] else lines[j].replace("= 0", "= 1")
                    .replace('= "x"', '= "y"'))
    elif kind == "negate":
        lines[i] = f"        if not ({test}):"
    elif kind == "swap":
        pairs = [j for j in ifs if j + 2 < len(lines) and lines[j + 2].startswith("        if ") and lines[j + 1].startswith("            return")
                 and j + 3 < len(lines) and lines[j + 3].startswith("            return")]
        if not pairs:
            return None
        j = rng.choice(pairs)
        lines[j:j + 4] = lines[j + 2:j + 4] + lines[j:j + 2]
    elif kind == "constant":
        if "<= 2" not in test and "LIMIT" not in test:
            return None
        lines[i] = lines[i].replace("<= 2", "<= 3", 1).replace("> LIMIT", ">= LIMIT", 1)
    else:
        if "<= self.lvl" not in test and "<= 2" not in test:
            return None
        lines[i] = lines[i].replace("n <= self.lvl", "self.lvl >= n").replace("n <= 2", "2 >= n")
    source = "\n".join(lines)
    return None if source == prog.source else Program(source, set(prog.uses), list(prog.outcomes), prog.hook, prog.cm, prog.risky)


def judge_diff(old: Program, new: Program) -> Judgement:
    """The regions `diff` reports must be exactly the inputs on which the two versions return
    different outcomes (programs without unknown calls: every atom is an input)."""
    from ordercheck.diff import diff_models
    from ordercheck.extract import extract
    from ordercheck.model import ConfigError

    if old.hook or old.cm or old.risky or new.hook or new.cm or new.risky:
        return Judgement("skipped")
    a = extract(old.source, "gen.py", "Decider.decide")
    b = extract(new.source, "gen.py", "Decider.decide")
    if isinstance(a, ConfigError) or isinstance(b, ConfigError):
        return Judgement("error", f"extraction failed: {getattr(a, 'message', '')}{getattr(b, 'message', '')}")
    diff = diff_models(a, b)
    variables = diff.space.variables
    old_code, new_code = compile(old.source, "<old>", "exec"), compile(new.source, "<new>", "exec")
    if any(_input_of(t.strip()) is None for v in variables for t in v.text.split(" ? ")):
        # regions over atoms that are not inputs cannot be placed, but "nothing changes" can be run
        if diff.changed or diff.undetermined or diff.unlisted:
            return Judgement("skipped", detail="an atom that is not an input")
        for values in _assignments(old, {}):
            if run(old_code, values) != run(new_code, values):
                return Judgement("diff", f"{values}: the versions differ, and diff said nothing changes")
        return Judgement("same")
    for values in _assignments(old, {}):
        differs = run(old_code, values) != run(new_code, values)
        classes = {}
        for i, var in enumerate(variables):
            if " ? " in var.text:
                x, y = (values[_input_of(t.strip())] for t in var.text.split(" ? "))
                labels = [c.value for c in var.classes]
                if "ne" in labels:
                    rel = "eq" if x == y else "ne"
                else:
                    rel = "lt" if x < y else "eq" if x == y else "gt"
                classes[i] = labels.index(rel) if rel in labels else labels.index("ne")
            elif var.key.kind == "truth":
                classes[i] = 1 if values[_input_of(var.text)] else 0
            else:
                classes[i] = var.class_of(values[_input_of(var.text)])
        inside = [r for r in diff.regions if all(classes[v] in allowed for v, allowed in r.cube)]
        if len(inside) != (1 if differs else 0) and not diff.unlisted:
            return Judgement("diff", f"{values}: versions differ={differs}, regions containing it={len(inside)}")
    return Judgement("diff" if diff.changed else "same")
