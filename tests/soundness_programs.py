"""Generated decision programs, and execution as the judge of ordercheck's verdicts.

`program(rng)` writes a small module whose `Decider.decide` uses the constructs that make a model
unsound when they are ignored: parameters named like module constants, rebound globals, instance
attributes over class attributes, statement-level calls (inlined helpers that write state, and an
unknown `hook` the harness makes do anything to what it can reach), lists built by conditional
appends and removes, `and`/`or` used for their value, `is True`, `with` blocks whose manager may
swallow an exception, `try`/`except`, helpers and properties that raise, loops over literal
tuples with `break`, closures writing `nonlocal`s, and comparisons between two inputs written
both ways round.

`judge(source, rule)` runs ordercheck on the program and then the program itself:
- a clean verdict must hold for every input the facts allow, whatever the hook does and
  whether the context manager swallows;
- a definite finding must be reproduced by some input matching its counterexample (the hook doing
  nothing: findings assume calls leave the facts alone), however the rest of the unknowns behave;
- an undetermined verdict claims nothing.
Returns a `Judgement`; `contradiction` is set when execution contradicts the verdict.
"""

from __future__ import annotations

import itertools
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


class _Writer:
    def __init__(self, rng: random.Random, deterministic: bool = False, computed: bool = False, classes: bool = False,
                 objects: bool = False) -> None:
        self.rng = rng
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
            return [f'{pad}{name} = "x"', f"{pad}c{name} = len([item for item in {self.use('cfg.l')} if item == {name}])",
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
            objects: bool = False) -> Program:
    w = _Writer(rng, deterministic, computed, classes, objects)
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
    body = w.block(8, rng.randint(2, 6))
    body.append(f"        return {w.outcome()}" if rng.random() < 0.8 else "        pass")
    head = 'import logging\nlogger = logging.getLogger("generated")\n' + MODULE_HEAD if computed else MODULE_HEAD
    if classes:
        head = CLASS_HEAD + head.replace("class Decider:\n    LEVEL = 1\n", _CLASS_DECIDER)
        w.uses |= {"self.f"}
    if objects:
        head = head.replace("class Decider:\n", OBJECTS_HEAD + "class Decider:\n")
    source = head + "\n".join(props) + ("\n\n" if props else "") + f"    def decide({params}):\n" + "\n".join(body) + "\n"
    if w.shadow:
        w.uses.add("MODE")
    return Program(source, w.uses, w.outcomes, w.hook, w.cm, w.risky, w.returns_list)


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


def run(code, values: dict, hook: str = "nothing", swallow: bool = False, risky: bool = False) -> str:
    namespace: dict = {}
    exec(code, namespace)
    namespace["STATE"] = values["STATE"]
    cls = namespace["Decider"]
    obj = cls.__new__(cls)
    obj.f, obj.lvl = values["self.f"], values["self.lvl"]
    if "self.LEVEL" in values:  # an instance attribute over the class's (a counterexample may need one)
        obj.LEVEL = values["self.LEVEL"]
    cfg = types.SimpleNamespace(f0=values["cfg.f0"], f1=values["cfg.f1"], m=values["cfg.m"], s=values["cfg.s"],
                                l=list(values.get("cfg.l", ())))

    def risky_call(cfg):
        if risky:
            raise ValueError("risky")

    args = [cfg, _hook(hook), lambda: _Swallow(swallow), risky_call]
    if "MODE" in values:
        args.append(values["MODE"])
    args += [values["mode"], values["n"], values["a"], values["b"]]
    try:
        result = cls.decide(obj, *args)
    except Exception as exc:  # noqa: BLE001 - the program's own exception is an outcome
        return f"raise {type(exc).__name__}"
    return repr(result)


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


def _assignments(prog: Program, facts: dict, extra: dict | None = None, keep=None):
    """Input assignments to run; `keep(values)` filters them before a sample is taken (a
    counterexample's few matching inputs must not be sampled away: seed 718189559)."""
    names = sorted(INPUTS)
    domains = []
    for name in names:
        if name in facts:
            domains.append([facts[name]])
        elif name in prog.uses:
            domains.append(INPUTS[name] + [v for v in (extra or {}).get(name, []) if v not in INPUTS[name]])
        else:
            domains.append(INPUTS[name][:1])
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
    open_ = prog.uses - {"MODE", "cfg.l"}  # a list is no fact a rule can give
    for name in rng.sample(sorted(open_), k=min(len(open_), rng.randint(0, 3))):
        facts[name] = rng.choice(INPUTS[name])
    outcome = rng.choice(prog.outcomes) if prog.outcomes else "R0"
    kind = rng.choice(["expect", "forbid", "forbid"] + (["first", "contains", "before"] * 2 if prog.returns_list else []))
    lines = ['[[rule]]', 'id = "r"', 'path = "gen.py"', 'function = "Decider.decide"']
    if kind == "before":
        other = rng.choice([o for o in prog.outcomes if o != outcome] or ["R0"])
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
    matches = outcome_matches(outcome, result)
    return matches if kind == "expect" else not matches


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
    worlds = _worlds(prog)
    if not findings:
        for values in _assignments(prog, facts):
            for hook, swallow, risky in worlds:
                result = run(code, values, hook, swallow, risky)
                if not _holds(kind, outcome, result):
                    return Judgement("clean", f"clean, but {values} with hook={hook} swallow={swallow} risky={risky} returns {result}")
        return Judgement("clean")
    (finding,) = findings
    if finding.verdict == "undetermined":
        return Judgement("undetermined")
    # violated: some input matching the counterexample violates whatever unknowns do (hook idle)
    counterexample = finding.extra.get("counterexample", {})
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
    without_mode = {t: label for t, label in counterexample.items() if "MODE" not in t}
    candidates = _assignments(prog, facts, extra, keep=lambda v: _matches(v, without_mode))
    matching = [w for v in candidates if _matches(v, counterexample) and (w := _with_level(v, counterexample)) is not None]
    if not matching:
        return Judgement("violated", f"no input matches the counterexample {counterexample}")
    for values in matching:
        if all(not _holds(kind, outcome, run(code, values, "nothing", swallow, risky))
               for _, swallow, risky in worlds if True):
            return Judgement("violated")
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


def _relation(a: int, b: int) -> str:
    return "<" if a < b else "==" if a == b else ">"


def _matches(values: dict, counterexample: dict) -> bool:
    for text, label in counterexample.items():
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
                if ka and kb:
                    va, vb = values.get(ka), values.get(kb)
                    try:
                        rel = "<" if va < vb else "==" if va == vb else ">"
                    except TypeError:  # `"other" < 1` raises: no relation holds (seed 124804, classes)
                        return False
                    if rel not in label.split("|") and not (label == "!=" and rel != "=="):
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
