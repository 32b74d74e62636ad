"""Types shared by every stage: frozen dataclasses, no logic beyond small helpers.

A decision function becomes a `DecisionModel`: an ordered tuple of `Branch`es whose guards are
formulas over atoms. Formulas are trees of the node types below; they are values, hashable and
comparable, so stages can memoise on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


# ---------------------------------------------------------------- values and formulas


@dataclass(frozen=True)
class Term:
    """A value the model does not look inside: an attribute chain, a call, a subscript.

    `text` is the normalized source text after substituting locals and inlining, which is the
    identity of the atom and what `given` keys match by suffix.
    """

    text: str
    line: int = 0
    kind: str = "attr"  # attr | call | name | subscript | opaque

    def __repr__(self) -> str:
        return f"Term({self.text!r})"


@dataclass(frozen=True)
class Lit:
    """A literal: bool, int, float, str, None, or a tuple of those."""

    value: object

    def __repr__(self) -> str:
        return f"Lit({self.value!r})"


@dataclass(frozen=True)
class Truth:
    """The truth value of a term: a boolean atom."""

    term: Term


@dataclass(frozen=True)
class Compare:
    """`left op right` where op is one of ==, !=, <, <=, >, >=, in, not in, is, is not."""

    left: Union[Term, Lit]
    op: str
    right: Union[Term, Lit]


@dataclass(frozen=True)
class Not:
    arg: "Formula"


@dataclass(frozen=True)
class And:
    args: tuple["Formula", ...]


@dataclass(frozen=True)
class Or:
    args: tuple["Formula", ...]


@dataclass(frozen=True)
class Ite:
    """`then if cond else other`, for formulas and for values alike."""

    cond: "Formula"
    then: "Value"
    other: "Value"


@dataclass(frozen=True)
class Named:
    """An inlined helper (a property, a method, a local decision variable): transparent for
    evaluation, kept so rules can name it and reports can show where a value came from."""

    name: str
    body: "Value"
    line: int
    kind: str = "property"  # property | method | local


Formula = Union[Lit, Truth, Compare, Not, And, Or, Ite, Named]
Value = Union[Term, Lit, Truth, Compare, Not, And, Or, Ite, Named]

TRUE = Lit(True)
FALSE = Lit(False)


# ---------------------------------------------------------------- decision models


@dataclass(frozen=True)
class Note:
    """Something the extractor could not model exactly, at a source line."""

    line: int
    message: str


@dataclass(frozen=True)
class Branch:
    """One arm of a first-match chain: `guard` selects `outcome` at `line`."""

    index: int
    guard: Formula
    outcome: str
    line: int
    col: int
    source: tuple[tuple[int, str], ...]  # (line, text) of the guard and the return, for reports
    kind: str = "return"  # return | raise | default
    guard_line: int = 0  # the line of the innermost `if` that guards it (0: none)


@dataclass(frozen=True)
class DecisionModel:
    """The first-match chain of one target: the first branch whose guard holds fires."""

    target: str  # as written by the user: path::Qualname[:variable]
    path: str
    qualname: str
    variable: str | None
    line: int  # the def line
    branches: tuple[Branch, ...]
    notes: tuple[Note, ...] = ()
    helpers: tuple[Named, ...] = ()  # every inlined helper and local decision variable
    end_line: int = 0  # the last line of the function

    @property
    def outcomes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for branch in self.branches:
            seen.setdefault(branch.outcome, None)
        return tuple(seen)

    @property
    def short_name(self) -> str:
        return self.qualname + (f":{self.variable}" if self.variable else "")


# ---------------------------------------------------------------- rules and findings


@dataclass(frozen=True)
class Location:
    path: str
    line: int
    col: int = 1


@dataclass(frozen=True)
class PolicyStep:
    when: str
    then: str


@dataclass(frozen=True)
class RuleExample:
    """A rule self-test: source text and the verdict the rule must reach on it."""

    source: str
    verdict: str  # pass | fail | error (the rule must be a configuration error on it)
    name: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    path: str  # target file, relative to the root
    function: str  # Qualname[:variable]
    location: Location  # where the rule is written (rule file and line)
    message: str = ""
    severity: str = "error"
    given: tuple[tuple[str, object], ...] = ()
    expect: str | None = None
    forbid: tuple[str, ...] = ()
    reachable: tuple[str, ...] = ()
    order: tuple[PolicyStep, ...] = ()
    otherwise: str | None = None
    examples: tuple[RuleExample, ...] = ()
    key_lines: tuple[tuple[str, int], ...] = ()  # line of each fact / key in the rule file

    def line_of(self, key: str | None) -> Location:
        line = dict(self.key_lines).get(key or "", self.location.line)
        return Location(self.location.path, line)

    @property
    def target(self) -> str:
        return f"{self.path}::{self.function}"


@dataclass(frozen=True)
class ConfigError:
    """The rule, the configuration or the input is wrong (exit 2); never a finding."""

    location: Location | None
    message: str
    rule_id: str | None = None
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """The code violates a rule (exit 1 for errors)."""

    rule_id: str
    severity: str  # error | warning
    location: Location  # the branch that fired (or the shadowed branch)
    title: str  # one line: what the rule says
    expected: str | None = None
    expected_line: int | None = None
    actual: str | None = None
    actual_line: int | None = None
    source: tuple[tuple[int, str], ...] = ()  # source lines of the branch that fired
    because: tuple[str, ...] = ()  # lines explaining why the guard held
    scenario: tuple[tuple[str, str], ...] = ()  # (atom, value) shown to the user
    rule_location: Location | None = None
    target: str = ""
    detail: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)
