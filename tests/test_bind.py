"""`bind`: how the names a rule writes (`given` keys, `when` expressions) bind a model's atoms and
helpers, and the errors that name what is wrong."""

import textwrap

import pytest

from ordercheck.bind import BindError, Vocabulary, bind_condition, bind_scenario, split_call
from ordercheck.check import check_rule
from ordercheck.extract import extract
from ordercheck.model import And, Compare, Lit, Location, Named, Not, Term, Truth
from ordercheck.rules import parse_rules

SOURCE = textwrap.dedent('''
    class Picker:
        @property
        def wide(self):
            return self.a.size > 4 or self.b.size > 4

        def pick(self, x, cfg):
            if x.kernel.is_supported(Backend.TRITON, cfg):
                return "TRITON"
            if self.moe.enable_eplb:
                return "EPLB"
            if self.wide:
                return "BIG"
            if self.mode is None:
                return "NONE"
            return "DEFAULT"


    from backends import Backend  # (read when `pick` runs: bound by then)
''')
MODEL = extract(SOURCE, "m.py", "Picker.pick")
VOCAB = Vocabulary(MODEL)
SUPPORTED = "x.kernel.is_supported(Backend.TRITON, cfg)"


def bound(key: str) -> list[str]:
    return [t.text for t in VOCAB.match_terms(key)]


def test_the_vocabulary_of_the_model():
    assert list(VOCAB.terms) == [SUPPORTED, "self.moe.enable_eplb", "self.a.size", "self.b.size", "self.mode"]
    assert list(VOCAB.helpers) == ["wide"]


@pytest.mark.parametrize("key", ["enable_eplb", "moe.enable_eplb", "self.moe.enable_eplb"])
def test_a_key_binds_a_term_it_ends_at_a_name_boundary(key):
    assert bound(key) == ["self.moe.enable_eplb"]


def test_a_key_never_binds_part_of_a_name():
    assert bound("eplb") == []


def test_a_key_binds_every_term_it_ends():
    assert bound("size") == ["self.a.size", "self.b.size"]
    assert bound("a.size") == ["self.a.size"]


@pytest.mark.parametrize("key", ["is_supported", "is_supported()", "kernel.is_supported()"])
def test_a_call_key_without_arguments_binds_the_call_whatever_its_arguments(key):
    assert bound(key) == [SUPPORTED]


@pytest.mark.parametrize("key", ["is_supported(TRITON)", "is_supported(Backend.TRITON)", "is_supported(TRITON, cfg)"])
def test_a_call_key_with_some_arguments_binds_a_call_that_has_them(key):
    assert bound(key) == [SUPPORTED]


def test_a_call_key_with_another_argument_binds_nothing():
    assert bound("is_supported(CUDA)") == []


def test_a_fact_sets_the_value_of_every_term_it_binds():
    scenario = bind_scenario(VOCAB, (("size", 3),))
    assert scenario.values == {"self.a.size": Lit(3), "self.b.size": Lit(3)}
    assert scenario.bound == {"size": ["self.a.size", "self.b.size"]}


def test_a_comparison_fact_is_a_constraint_on_its_one_term():
    scenario = bind_scenario(VOCAB, (("mode is None", False),))
    assert scenario.constraints == [Not(Compare(Term("self.mode"), "is", Lit(None)))]
    assert scenario.bound == {"mode is None": ["self.mode"]}


def test_a_fact_on_a_helper_constrains_its_value():
    (constraint,) = bind_scenario(VOCAB, (("wide", True),)).constraints
    assert isinstance(constraint, Named) and (constraint.name, constraint.line) == ("wide", 4)


def test_a_comparison_whose_term_is_ambiguous_is_an_error():
    with pytest.raises(BindError) as raised:
        bind_scenario(VOCAB, (("size > 4", True),))
    assert raised.value.message == "`size` in `size > 4` is ambiguous: it matches `self.a.size`, `self.b.size`; write more of the name"
    assert raised.value.key == "size > 4"


def test_the_ambiguous_name_error_is_a_configuration_error_at_the_fact_s_line():
    text = '[[rule]]\nid = "r"\npath = "m.py"\nfunction = "Picker.pick"\nexpect = "BIG"\n[rule.given]\n"size > 4" = true\n'
    (rule,), _ = parse_rules(text, "r.toml")
    findings, error = check_rule(rule, MODEL)
    assert findings == []
    assert (error.location, error.rule_id) == (Location("r.toml", 7), "r")
    assert error.message.startswith("`size` in `size > 4` is ambiguous")


def test_a_fact_that_binds_nothing_names_the_nearest_atom_with_its_line():
    with pytest.raises(BindError) as raised:
        bind_scenario(VOCAB, (("enable_epl", True),))
    assert raised.value.message == "fact `enable_epl` binds no atom of Picker.pick: the target does not read it (a typo, or the guard that read it was removed or rewritten)"
    assert raised.value.hints == ("did you mean `enable_eplb`? (self.moe.enable_eplb, line 10)",)
    assert raised.value.key == "enable_epl"


@pytest.mark.parametrize("key, value, message", [
    ("mode is None", 1, "fact `mode is None` is a comparison: its value must be true or false"),
    ("wide", 3, "fact `wide` names the helper `wide` (line 4): its value must be true or false"),
    ("mode ==", True, "`mode ==` is not a Python expression"),
    ("mode == other", True, "`other` in `mode == other` binds no atom of Picker.pick"),
    ("mode == f(1)", True, "`f(1)` in `mode == f(1)` binds no atom of Picker.pick"),
])
def test_malformed_facts_say_what_is_wrong(key, value, message):
    with pytest.raises(BindError) as raised:
        bind_scenario(VOCAB, ((key, value),))
    assert raised.value.message == message


def test_a_when_expression_joins_atoms_and_helpers():
    formula = bind_condition(VOCAB, "enable_eplb and not wide")
    assert isinstance(formula, And)
    eplb, not_wide = formula.args
    assert eplb == Truth(Term("self.moe.enable_eplb"))
    assert isinstance(not_wide, Not) and isinstance(not_wide.arg, Named) and not_wide.arg.name == "wide"


def test_a_when_expression_naming_nothing_is_an_error():
    with pytest.raises(BindError) as raised:
        bind_condition(VOCAB, "nothing_here or enable_eplb")
    assert raised.value.message == '`nothing_here` in `when = "nothing_here or enable_eplb"` names no atom or helper of Picker.pick'


@pytest.mark.parametrize("text, call", [
    ("a.f(x, k=y)", ("a.f", ["x", "y"])),
    ("f(g(a, b), c)", ("f", ["g(a, b)", "c"])),
    ("f()", ("f", [])),
    ("a.b", (None, [])),
    ("x[0]", (None, [])),
])
def test_split_call(text, call):
    assert split_call(text) == call
