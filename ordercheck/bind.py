"""Resolve the names a rule uses (`given` keys, `when` expressions) against a DecisionModel.

A key binds every atom whose normalized text equals it or ends with it at a name boundary
(`enable_eplb` binds `self._moe_config.moe_parallel_config.enable_eplb`); a call may leave out
its parentheses; `x is None` / `x is not None` bind one atom; a key may also name an inlined
helper (a property, a method, a local decision variable), which then constrains its value.
"""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass, field

from .formula import compare, conj, disj, neg, short, terms, truth, walk
from .model import DecisionModel, Formula, Lit, Named, Range, Term, Value

_AST_OPS = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not",
}


class BindError(Exception):
    """A name that binds nothing, or binds ambiguously; carries the nearest names."""

    def __init__(self, message: str, hints: tuple[str, ...] = (), key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hints = hints
        self.key = key  # the `given` key (or rule key) at fault


@dataclass
class Scenario:
    """What a rule's `given` means for one model: values substituted for terms, and
    constraints (formulas that must hold) for helpers and comparisons."""

    values: dict[str, Lit] = field(default_factory=dict)
    constraints: list[Formula] = field(default_factory=list)
    bound: dict[str, list[str]] = field(default_factory=dict)  # fact key -> atom texts it bound
    choices: dict[str, object] = field(default_factory=dict)  # atom text -> the set (tuple) or Range a fact allows


class Vocabulary:
    """The names of one model that rules may use: its terms (as read on entry), the terms its
    outcomes pass through, and its inlined helpers."""

    def __init__(self, model: DecisionModel) -> None:
        self.model = model
        self.terms: dict[str, Term] = {}
        self.helpers: dict[str, Named] = {h.name: h for h in model.helpers}
        self.rebound = frozenset(model.rebound_locals)  # locals bound on more than one line
        for branch in model.branches:
            for term in terms(branch.guard):
                if term.kind != "opaque":
                    self.terms.setdefault(term.text, term.entry)
            for node in walk(branch.guard):
                if isinstance(node, Named):
                    self.helpers.setdefault(node.name, node)
            result = branch.result
            if result is not None and result.kind == "term" and result.term is not None:
                self.terms.setdefault(result.term.text, result.term.entry)
        # inputs the function reads or writes that no guard keeps (written before read): a fact
        # may name them; it then constrains nothing
        self.inputs: dict[str, Term] = {t.text: t for t in model.inputs if t.text not in self.terms}

    def match_terms(self, key: str) -> list[Term]:
        found = [t for text, t in self.terms.items() if _suffix_match(key, text)]
        return found or [t for text, t in self.inputs.items() if _suffix_match(key, text)]

    def helper(self, key: str) -> Named | None:
        name = key[:-2] if key.endswith("()") else key
        name = name.removeprefix("self.")
        found = self.helpers.get(name)
        if found is not None:
            return found
        matches = [h for n, h in self.helpers.items() if "(" in n and _suffix_match(name, n)]
        return matches[0] if len(matches) == 1 else None

    def one_binding(self, helper: Named, key: str) -> Named:
        """`helper`, which `key` names, where it is no local the function binds on several lines
        (round 40: `ok = cap >= 80`, then `ok = False` under `if disable:`: a fact `ok = true`
        bound the first, and its scenario was a state where the guard's `ok` was false)."""
        if helper.kind == "local" and helper.name in self.rebound:
            raise BindError(f"`{key}` names the local `{helper.name}`, which the function binds on more than one line "
                            f"(first at line {helper.line}): a fact cannot tell which; name what it stands for")
        return helper

    def hints(self, key: str) -> tuple[str, ...]:
        """Nearest names to `key`: `did you mean ...` lines with the full text and line."""
        bare = key.rstrip("()").split(".")[-1].split(" ")[0].split("(")[0]
        candidates: dict[str, str] = {}
        for text, term in self.terms.items():
            candidates.setdefault(short(text, receivers=False).split("(")[0].rstrip("()"), f"{text}, line {term.line}")
        for name, helper in self.helpers.items():
            candidates.setdefault(name.split("(")[0], f"{helper.kind} `{name}`, line {helper.line}")
        near = difflib.get_close_matches(bare, list(candidates), n=3, cutoff=0.6)
        return tuple(f"did you mean `{n}`? ({candidates[n]})" for n in near)


def _suffix_match(key: str, text: str) -> bool:
    """`key` names `text`: equal, or a suffix at a name boundary; a call may leave out its
    parentheses (binding it whatever its arguments) or give some of its arguments (by suffix):
    `is_supported(TRITON)` binds `k.is_supported(Backend.TRITON, cfg)`."""
    for k in {key, key + "()"} if not key.endswith(")") else {key}:
        if text == k or text.endswith("." + k):
            return True
    if text.endswith(")[0]"):  # the first element of a call's tuple: `ok, why = check(...)` (not `mode[0]`:
        return _suffix_match(key, text[:-3])  # a fact on `mode` binding its first character was a wrong clean)
    callee, args = split_call(text)
    if callee is None:
        return False
    kcallee, kargs = split_call(key) if key.endswith(")") else (key, None)
    if kcallee is None or not (callee == kcallee or callee.endswith("." + kcallee)):
        return False
    if kargs is None:
        return True
    return all(any(a == k or a.endswith("." + k) for a in args) for k in kargs)


def split_call(text: str) -> tuple[str | None, list[str]]:
    """`a.f(x, k=y)` -> ("a.f", ["x", "y"]); (None, []) when `text` is not a call."""
    if not text.endswith(")"):
        return None, []
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch in ")]}":
            depth += 1
        elif ch in "([{":
            depth -= 1
            if depth == 0:
                if ch != "(" or i == 0:
                    return None, []
                inner = text[i + 1:-1]
                args, level, start = [], 0, 0
                for j, c in enumerate(inner):
                    if c in "([{":
                        level += 1
                    elif c in ")]}":
                        level -= 1
                    elif c == "," and level == 0:
                        args.append(inner[start:j])
                        start = j + 1
                if inner.strip():
                    args.append(inner[start:])
                cleaned = [a.strip().split("=", 1)[-1].strip() if _is_keyword(a) else a.strip() for a in args]
                return text[:i], cleaned
    return None, []


def _is_keyword(arg: str) -> bool:
    head, sep, _ = arg.strip().partition("=")
    return bool(sep) and head.isidentifier()


def bind_scenario(vocab: Vocabulary, given: tuple[tuple[str, object], ...]) -> Scenario:
    """Resolve every fact of a rule; raises BindError on the first fact that binds nothing."""
    scenario = Scenario()
    for key, value in given:
        try:
            _bind_fact(vocab, scenario, key, value)
        except BindError as exc:
            exc.key = exc.key or key
            raise
    return scenario


def _bind_fact(vocab: Vocabulary, scenario: Scenario, key: str, value: object) -> None:
    node = _parse(key)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        if not isinstance(value, bool):
            raise BindError(f"fact `{key}` is a comparison: its value must be true or false")
        left = _operand(vocab, node.left, key)
        right = _operand(vocab, node.comparators[0], key)
        if isinstance(left, Lit) and isinstance(right, Lit):
            raise BindError(f"fact `{key}` compares two literals: it names no atom")
        singleton = right if isinstance(left, Term) else left
        if value is True and isinstance(node.ops[0], ast.Is) and isinstance(singleton, Lit) \
                and any(singleton.value is v for v in (None, True, False)):
            # `cfg.x is None` = true says what `cfg.x` is: a value, as `cfg.x = ...` gives one (so
            # `cfg.x >= 1` is no comparison that is false there: Python raises)
            term = left if isinstance(left, Term) else right
            scenario.values[term.text] = Lit(singleton.value)  # type: ignore[union-attr]
            scenario.bound[key] = [term.text]  # type: ignore[union-attr]
            return
        formula = compare(left, _AST_OPS[type(node.ops[0])], right)
        scenario.constraints.append(formula if value else neg(formula))
        scenario.bound[key] = [t.text for t in (left, right) if isinstance(t, Term)] or [ast.unparse(node.left)]
        return
    helper = vocab.helper(key)
    matched = vocab.match_terms(key)
    if helper is not None and not matched:
        vocab.one_binding(helper, key)
        if not isinstance(value, bool):
            raise BindError(f"fact `{key}` names the helper `{helper.name}` (line {helper.line}): its value must be true or false")
        formula = truth(helper)
        scenario.constraints.append(formula if value else neg(formula))
        scenario.bound[key] = [helper.name]
        return
    if not matched:
        raise BindError(f"fact `{key}` binds no atom of {vocab.model.short_name}: the target does not read it (a typo, "
                        "or the guard that read it was removed or rewritten)", vocab.hints(key))
    if value in ("None", "null") and any(_tested_for_none(vocab.model, t.text) for t in matched):
        # (round 48: TOML has no None; `backend = "None"` gave the string, a confident finding about it)
        raise BindError(f"fact `{key}` gives the string {value!r}, and the target tests `{matched[0].text} is None`: "
                        f"for the value None write `\"{key} is None\" = true`; for the string, a set of it: `{key} = [{value!r}]`")
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]  # a set of one value is that value (its comparisons Python refuses are seen)
    if isinstance(value, (tuple, Range)):
        # a set or a range: the rule must hold for each value, so the term stays an atom,
        # constrained to them
        for term in matched:
            scenario.choices[term.text] = value
            if isinstance(value, tuple):
                scenario.constraints.append(disj(*(compare(term, "==", Lit(v)) for v in value)))
            else:
                parts = []
                if value.min is not None:
                    parts.append(compare(term, ">=", Lit(value.min)))
                if value.max is not None:
                    parts.append(compare(term, "<=", Lit(value.max)))
                scenario.constraints.append(conj(*parts))
        scenario.bound[key] = [t.text for t in matched]
        return
    for term in matched:
        known = scenario.values.get(term.text)
        if known is not None and (type(known.value) is not type(value) or known.value != value):
            other = next((k for k, texts in scenario.bound.items() if term.text in texts), "another fact")
            raise BindError(f"facts `{other}` and `{key}` give `{term.text}` two values ({known.value!r} and {value!r})")
        scenario.values[term.text] = Lit(value)
    scenario.bound[key] = [t.text for t in matched]


def _tested_for_none(model: DecisionModel, text: str) -> bool:
    """Whether a guard of `model` asks `text is None` (or `is not None`)."""
    from .model import Compare

    seen: set[int] = set()
    return any(isinstance(node, Compare) and node.op in ("is", "is not") and Lit(None) in (node.left, node.right)
               and any(isinstance(side, Term) and side.text == text for side in (node.left, node.right))
               for b in model.branches for node in walk(b.guard, seen))


def bind_condition(vocab: Vocabulary, text: str) -> Formula:
    """A `when` expression (names joined by not/and/or, or comparisons) as a formula."""
    node = _parse(text)

    def go(n: ast.expr) -> Formula:
        if isinstance(n, ast.BoolOp):
            parts = [go(v) for v in n.values]
            return conj(*parts) if isinstance(n.op, ast.And) else disj(*parts)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not):
            return neg(go(n.operand))
        if isinstance(n, ast.Constant) and isinstance(n.value, bool):
            return Lit(n.value)
        if isinstance(n, ast.Compare) and len(n.ops) == 1:
            left = _resolve_value(vocab, ast.unparse(n.left), text)
            return compare(left, _AST_OPS[type(n.ops[0])], _operand(vocab, n.comparators[0], text))
        key = ast.unparse(n)
        helper = vocab.helper(key)
        matched = vocab.match_terms(key)
        if helper is not None and not matched:
            return truth(vocab.one_binding(helper, key))
        if not matched:
            raise BindError(f"`{key}` in `when = \"{text}\"` names no atom or helper of {vocab.model.short_name}", vocab.hints(key))
        return disj(*(truth(t) for t in matched)) if len(matched) > 1 else truth(matched[0])

    try:
        return go(node)
    finally:
        del go  # it calls itself: a cycle otherwise, left to the collector


def _resolve_value(vocab: Vocabulary, key: str, fact: str) -> Value:
    matched = vocab.match_terms(key)
    if matched:
        if len(matched) > 1:
            texts = ", ".join(f"`{t.text}`" for t in matched)
            raise BindError(f"`{key}` in `{fact}` is ambiguous: it matches {texts}; write more of the name")
        return matched[0]
    helper = vocab.helper(key)
    if helper is not None:
        return vocab.one_binding(helper, key)
    raise BindError(f"`{key}` in `{fact}` binds no atom of {vocab.model.short_name}", vocab.hints(key))


def _parse(text: str) -> ast.expr:
    try:
        return ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise BindError(f"`{text}` is not a Python expression") from None


def _operand(vocab: Vocabulary, node: ast.expr, fact: str) -> Value:
    """The right side of a comparison fact: a literal, or another atom of the model
    (`activation_key == kFp8Dynamic128Sym`)."""
    try:
        return _literal(node, fact)
    except BindError:
        return _resolve_value(vocab, ast.unparse(node), fact)


def _literal(node: ast.expr, fact: str) -> Lit:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        raise BindError(f"`{fact}`: the right side of a comparison must be a literal") from None
    return Lit(tuple(value) if isinstance(value, (list, set, frozenset)) else value)
