"""`diff` asks whether a global rests on a definition that changed (`extract.definitions.changed`)
once per pair of versions and keeps the answer: a later file's answer, from that memo, must still
look up what the walk looked up, since a cached answer of `diff` is kept only while those files
are unchanged."""

import textwrap

from ordercheck.diff_files import Modules
from ordercheck.extract.definitions import changed

LIMITS = "DEFAULT = '0'\n"
CONSTS = '''
    import os
    import limits


    def _compute():
        return os.environ.get("K", limits.DEFAULT) == "1"


    ON = _compute()
    OFF = not _compute()
'''


def _sides(new_default: str = "'0'"):
    old = {"limits.py": LIMITS, "consts.py": textwrap.dedent(CONSTS)}
    new = {**old, "limits.py": f"DEFAULT = {new_default}\n"}
    old_side, new_side = Modules(old.get), Modules(new.get)
    new_side.twin = old_side
    return old_side, new_side


def _looked_up(old, new, name: str, memo: dict) -> tuple[str | None, set[str], set[str]]:
    old.touched, new.touched = set(), set()
    answer = changed(old, new, ("consts.py", name), ("consts.py", name), memo)
    return answer, old.touched, new.touched


def test_an_answer_from_the_memo_looks_up_what_its_walk_did():
    old, new = _sides()
    memo: dict = {}
    first = _looked_up(old, new, "ON", memo)
    assert first[0] is None and "limits.py" in first[1] and "limits.py" in first[2]
    again = _looked_up(old, new, "ON", memo)  # (the memo answers)
    assert again == first


def test_a_walk_that_skips_definitions_known_the_same_looks_up_what_they_rest_on():
    old, new = _sides()
    memo: dict = {}
    _looked_up(old, new, "ON", memo)
    answer, old_touched, new_touched = _looked_up(old, new, "OFF", memo)  # `_compute` is known the same
    assert answer is None and "limits.py" in old_touched and "limits.py" in new_touched


def test_a_definition_that_changed_is_found_through_the_ones_known_the_same():
    old, new = _sides("'1'")
    memo: dict = {}
    assert changed(old, new, ("consts.py", "ON"), ("consts.py", "ON"), memo) == "limits.py::DEFAULT"
    assert changed(old, new, ("consts.py", "OFF"), ("consts.py", "OFF"), memo) == "limits.py::DEFAULT"


def test_a_relation_of_a_value_too_large_to_write_out_is_searched_without_its_constants():
    # (a fused_moe diff: `expert_data.narrow(..., <value #55a18cc5d3>).ndim` related to another
    # value was parsed for its constants, an internal error)
    from ordercheck.witness import _constants

    assert _constants(((("rel", "t.narrow(0, <value #55a18cc5d3>).ndim", "n + 1"), ()),)) == [1]
