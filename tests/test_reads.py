"""`diff` builds a model in the old version only when some read of the new version's model
answers differently there (`reads.py`): a model said to read the same must be the model the old
version gives, whatever changed around it."""

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soundness_programs import program
from ordercheck.diff import _stable
from ordercheck.diff_files import Modules, diff_file
from ordercheck.formula import render
from ordercheck.model import ConfigError

TARGET = "Decider.decide"

# edits around the target (never inside it): values it may read, definitions it may call, what
# rebinds a name it reads, and changes it cannot see
EDITS = [
    ("LIMIT = 2", "LIMIT = 3"),
    ('STATE = "idle"', 'STATE = "busy"'),
    ('MODE = "x"', 'MODE = "y"'),
    ("    global STATE\n", ""),
    ('        return "x"\n', '        return "y"\n'),
    ("    if cfg.f1:\n", "    if not cfg.f1:\n"),
    ("        return False\n", "        return True\n"),
    ("    return cfg.m\n", "    return cfg.f0\n"),
    ("    LEVEL = 1\n", "    LEVEL = 2\n"),
    ("    lst.insert(0, lst.pop(lst.index(item)))", "    lst.append(item)"),
    ("class Decider:\n", "Decider = None\n\n\nclass Decider:\n"),
    ("class Decider:\n", "def unrelated():\n    return 1\n\n\nclass Decider:\n"),
    ("LIMIT = 2\n", "# a comment\n\nLIMIT = 2\n"),
    ("LIMIT = 2\n", "LIMIT = 2\nLIMIT += 1\n"),
    ("LIMIT = 2\n", "LIMIT = 2\nDecider = None\n"),
]
ADDED_AT_END = ["Decider.LEVEL = 3\n", "STATE = 'busy'\n", "def go_busy():\n    pass\n", "LIMIT = 5\n", "x = 1\n"]


def _around(source: str, rng: random.Random) -> str:
    """`source` with one or two edits outside `decide` and its properties."""
    head, sep, rest = source.partition("class Decider:\n")
    out = source
    for _ in range(rng.randint(1, 2)):
        kind = rng.random()
        if kind < 0.25:
            out = out + "\n" + rng.choice(ADDED_AT_END)
            continue
        old, new = rng.choice(EDITS)
        if old.startswith("    LEVEL") or old.startswith("class Decider"):
            out = out.replace(old, new, 1)
        else:
            head, sep, rest = out.partition("class Decider:\n")
            out = head.replace(old, new, 1) + sep + rest
    return out


def _shape(model) -> tuple:
    """A model without positions: its guards (opaque parts numbered by order) and outcomes."""
    if isinstance(model, ConfigError):
        return ("error", re.sub(r"\d+", "#", model.message))
    numbering: dict[str, int] = {}

    def positions(text: str) -> str:  # an outcome that names a line names it by order, as _stable does
        return re.sub(r" at line (\d+)", lambda m: f" #{numbering.setdefault(m.group(1), len(numbering) + 1)}", text)

    return tuple(render(g) for g in _stable(model)), tuple((b.kind, positions(b.outcome)) for b in model.branches)


def _versions(old_files: dict, new_files: dict):
    """Each version's Modules over its files (path -> text); the new one records what models read."""
    return Modules(old_files.get), Modules(new_files.get, records=True)


def _reads_the_same(old_files: dict, new_files: dict, target: str = "decide"):
    """The new version's model of `gen.py::target`, and whether the old version answers every
    read it made the same way."""
    old, new = _versions(old_files, new_files)
    model = new.extract(new.get("gen.py"), "gen.py", target)
    return model, new.same_in(old, "gen.py", target)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**31))
def test_a_model_said_to_read_the_same_is_the_old_versions_model(seed):
    rng = random.Random(seed)
    base = program(rng).source
    changed = _around(base, rng)
    model, same = _reads_the_same({"gen.py": base}, {"gen.py": changed}, TARGET)
    if not same:
        return
    fresh = Modules({"gen.py": base}.get)
    before = fresh.extract(fresh.get("gen.py"), "gen.py", TARGET)
    assert _shape(before) == _shape(model), f"seed {seed}: said to read the same\n--- old\n{base}\n--- new\n{changed}"


def test_the_property_saw_both_answers():
    """Not vacuous: over the same seeds, some edits are seen by the target and some are not."""
    seen = {"same": 0, "differs": 0}
    for seed in range(60):
        rng = random.Random(seed)
        base = program(rng).source
        _, same = _reads_the_same({"gen.py": base}, {"gen.py": _around(base, rng)}, TARGET)
        seen["same" if same else "differs"] += 1
    assert seen["same"] >= 5 and seen["differs"] >= 5, seen


MODULE = """\
LIMIT = 2


def helper(n):
    if n > LIMIT:
        return "big"
    return "small"


def other(n):
    return n + 1


class Kind:
    FAST = "fast"


def decide(n, flag):
    if flag:
        return Kind.FAST
    if helper(n) == "big":
        return "slow"
    return "none"
"""


@pytest.mark.parametrize("old_text, new_text, same", [
    ("    return n + 1", "    return n + 2", True),  # a function it never calls
    ('        return "big"', '        return "huge"', False),  # a function it inlines
    ("LIMIT = 2", "LIMIT = 3", False),  # a constant a callee reads
    ('    FAST = "fast"', '    FAST = "quick"', False),  # a member it returns
    ("LIMIT = 2\n", "LIMIT = 2\n\n\ndef more():\n    global LIMIT\n    LIMIT = 9\n", False),  # LIMIT is no longer a constant
    ("LIMIT = 2\n", "# moved down\n\n\nLIMIT = 2\n", True),  # positions only
])
def test_which_edits_a_decision_sees(old_text, new_text, same):
    changed = MODULE.replace(old_text, new_text, 1)
    assert changed != MODULE
    assert _reads_the_same({"gen.py": MODULE}, {"gen.py": changed})[1] is same


def test_diff_of_a_file_does_not_build_an_unchanged_decision_twice_and_still_lists_it():
    changed = MODULE.replace("    return n + 1", "    return n + 2", 1).replace("LIMIT = 2\n", "# moved\n\nLIMIT = 2\n", 1)
    old, new = _versions({"gen.py": MODULE}, {"gen.py": changed})
    result = diff_file("gen.py", old, new)
    (target,) = [t for t in result.targets if t.target.endswith("::decide")]
    assert target.status == "unchanged" and target.changed == 0 and target.total > 0
    assert (target.old.line, target.new.line) == (18, 20)
    assert ("gen.py", "decide") not in old._models  # the old version's model was never built


CALLER = """\
from helpers import classify, Mode


def decide(n, flag):
    if flag:
        return Mode.FAST
    if classify(n) == "big":
        return "slow"
    return "none"
"""
HELPERS = """\
class Mode:
    FAST = "fast"


def classify(n):
    if n > 2:
        return "big"
    return "small"


def unused():
    return 0
"""


@pytest.mark.parametrize("helpers, same", [
    (HELPERS.replace("    return 0", "    return 1"), True),  # another module: an entry it never reads
    (HELPERS.replace("n > 2", "n > 3"), False),  # another module: a function it inlines
    (HELPERS.replace('    FAST = "fast"', '    FAST = "quick"'), False),  # another module: a class it reads
    (None, False),  # the module is gone
    ("def classify(:\n", False),  # the module no longer parses
])
def test_reads_in_other_modules(helpers, same):
    assert _reads_the_same({"gen.py": CALLER, "helpers.py": HELPERS}, {"gen.py": CALLER, "helpers.py": helpers})[1] is same


def test_a_walk_over_a_table_reads_all_of_it_whatever_walks_it():
    from ordercheck import reads
    from ordercheck.extract import parse

    index = parse("A = 1\n\ndef f():\n    return A\n", "m.py")
    reads.watch(index)
    for walk in (set, list, sorted, len, dict.fromkeys, lambda t: {"B"} | t, lambda t: t == {"A"}):
        with reads.recording() as seen:
            walk(index.globals)
        assert seen.paths == {"m.py": {("globals", "*")}}, walk
    with reads.recording() as seen:
        assert "A" in index.globals and index.constants.get("A") == 1 and "f" in index.functions
    assert seen.paths == {"m.py": {("globals", "A"), ("constants", "A"), ("functions", "f")}}
