"""`rules.parse_rules`: every key's validation, with the exact message and line a user sees, and
what a valid file becomes."""

import pytest

from ordercheck.model import Location, PolicyStep, RuleExample
from ordercheck.rules import parse_rules

HEAD = '[[rule]]\nid = "r"\npath = "m.py"\nfunction = "pick"\n'  # lines 1-4
BASE = HEAD + 'expect = "FAST"\n'  # line 5
SOURCE = "source = '''\ndef pick(cfg):\n    return 'SLOW'\n'''\n"


def only_error(text: str):
    rules, errors = parse_rules(text, "r.toml")
    (error,) = errors
    return error


@pytest.mark.parametrize("text, line, message", [
    (BASE.replace('function = "pick"\n', ""), 1, "rule is missing `function`"),
    (BASE.replace('id = "r"', "id = 3"), 2, "`id` must be a non-empty string"),
    (BASE.replace('path = "m.py"', 'path = " "'), 3, "`path` must be a non-empty string"),
    (BASE.replace('id = "r"', 'id = "a b"'), 2, "rule id `a b` may use only letters, digits and `_ . / -`"),
    (BASE + 'severity = "fatal"\n', 6, "severity must be one of error, warning, not `fatal`"),
    (HEAD + "expect = 1\n", 5, "`expect` must be an outcome name (a string)"),
    (BASE + "forbid = 1\n", 6, "`forbid` must be a list of outcome names"),
    (BASE + "reachable = [1]\n", 6, "`reachable` must be a list of outcome names"),
    (BASE + 'order = "x"\n', 6, "`order` must be a list of {when, then} tables"),
    (BASE + 'order = [{ when = "a" }]\n', 6, 'each `order` step must be { when = "...", then = "OUTCOME" }'),
    (HEAD + 'order = [{ when = "a", then = "A" }]\notherwise = 1\n', 6, "`otherwise` must be an outcome name (a string)"),
    (BASE + 'otherwise = "A"\n', 6, "`otherwise` needs an `order` policy"),
    (HEAD, 1, "rule states no expectation: give `expect`, `forbid`, `reachable`, `order`, `first`, `before` or `contains`"),
    (BASE + "given = 1\n", 6, "`given` must be a table of facts"),
    (BASE + "[rule.given]\nfast = true\nsizes = [[1], 2]\n", 8, "fact `sizes`: a set of values must be a non-empty list of booleans, numbers or strings"),
    (BASE + "[rule.given]\nfast = true\nsizes = { low = 1 }\n", 8, "fact `sizes`: a range is { min = N, max = M } (either may be left out)"),
    (BASE + "examples = 1\n", 6, "`examples` must be a list of {source, verdict} tables"),
    # an example's table is not told apart from the others: the error is at the rule's line
    (BASE + f'[[rule.examples]]\nverdict = "flaky"\n{SOURCE}', 1,
     "each example must be { name = \"...\", verdict = \"pass\" | \"fail\" | \"undetermined\" | \"error\", source = '''...''' } "
     "or, instead of `source`, base = \"NAME\" with replace = [[old, new], ...]"),
    (BASE + f'[[rule.examples]]\nverdict = "fail"\nline = 2\n{SOURCE}', 8,
     "unknown key `line` in an example (did you mean `branch_line`?); an example takes `source`, `base`, `replace`, "
     "`verdict`, `name`, `branch_line`"),
    (BASE + f'[[rule.examples]]\nverdict = "pass"\nbranch_line = 2\n{SOURCE}', 8,
     '`branch_line` pins the branch that a failing example fires: it needs verdict = "fail"'),
    (BASE + f'[[rule.examples]]\nverdict = "fail"\nbranch_line = 3\n{SOURCE}', 8, "`branch_line` must be a line of the example's source (1 to 2)"),
    (BASE + f'[[rule.examples]]\nverdict = "fail"\nbranch_line = true\n{SOURCE}', 8, "`branch_line` must be a line of the example's source (1 to 2)"),
])
def test_an_invalid_rule_is_one_error_at_its_line_and_is_dropped(text, line, message):
    rules, errors = parse_rules(text, "r.toml")
    assert rules == []
    assert [(e.location, e.message) for e in errors] == [(Location("r.toml", line), message)]


def test_an_error_names_the_rule_with_its_pack_prefix():
    rules, errors = parse_rules(BASE + 'severity = "fatal"\n', "r.toml", prefix="vllm/")
    assert [e.rule_id for e in errors] == ["vllm/r"]


def test_an_unknown_key_names_the_nearest_key():
    error = only_error(BASE + 'expekt = "FAST"\n')
    assert (error.location.line, error.message, error.hints) == (6, "unknown key `expekt` in rule", ("did you mean `expect`?",))


def test_a_bad_severity_names_the_nearest_severity():
    assert only_error(BASE + 'severity = "eror"\n').hints == ("did you mean `error`?",)


def test_invalid_toml_is_an_error_at_its_line_and_column():
    error = only_error(BASE + "given = {\n")
    assert (error.location, error.message.split(":")[0]) == (Location("r.toml", 6, 10), "invalid TOML")


def test_an_unknown_top_level_key_names_the_nearest():
    rules, errors = parse_rules("pure_calls = []\n" + BASE, "r.toml")
    (error,) = errors
    assert (error.location.line, error.message, error.hints) == (1, "unknown top-level key `pure_calls`", ("did you mean `pure-calls`?",))
    assert [r.id for r in rules] == ["r"]  # the rules themselves are still read


def test_pure_calls_must_be_a_list_of_patterns():
    rules, errors = parse_rules("pure-calls = \"a.*\"\n" + BASE, "r.toml")
    assert [(e.location.line, e.message) for e in errors] == [
        (1, '`pure-calls` must be a list of call patterns (fnmatch, e.g. "current_platform.*")')]
    assert rules[0].pure_calls == ()


def test_a_file_without_rules_is_an_error():
    error = only_error('pure-calls = []\n')
    assert (error.location, error.message) == (Location("r.toml", 1), "no [[rule]] tables in this file")


def test_a_duplicate_id_keeps_the_first_and_names_it():
    rules, errors = parse_rules(BASE + "\n" + BASE, "r.toml")
    assert [r.location for r in rules] == [Location("r.toml", 1), Location("r.toml", 7)]
    assert [(e.location, e.message) for e in errors] == [(Location("r.toml", 7), "duplicate rule id `r` (first at line 1)")]


def test_an_invalid_rule_leaves_the_valid_ones():
    rules, errors = parse_rules(BASE + "\n" + HEAD.replace('"r"', '"s"'), "r.toml")
    assert [r.id for r in rules] == ["r"]
    assert [(e.location.line, e.rule_id) for e in errors] == [(7, "s")]


def test_a_valid_rule_with_every_key():
    text = ('pure-calls = ["current_platform.*"]\n' + HEAD.replace('"m.py"', "'./sub\\m.py'")
            + 'message = "fast when asked"\nseverity = "warning"\nforbid = "SLOW"\nreachable = ["FAST"]\n'
            + 'order = [{ when = "fast", then = "FAST" }]\notherwise = "SLOW"\n'
            + '[rule.given]\nfast = true\n"size > 4" = false\n'
            + f'[[rule.examples]]\nname = "slow"\nverdict = "fail"\nbranch_line = 2\n{SOURCE}')
    (rule,), errors = parse_rules(text, "r.toml", prefix="pack/")
    assert errors == []
    assert (rule.id, rule.path, rule.function, rule.location) == ("pack/r", "sub/m.py", "pick", Location("r.toml", 2))
    assert (rule.message, rule.severity, rule.expect, rule.forbid, rule.reachable) == (
        "fast when asked", "warning", None, ("SLOW",), ("FAST",))
    assert (rule.order, rule.otherwise) == ((PolicyStep("fast", "FAST"),), "SLOW")
    assert rule.given == (("fast", True), ("size > 4", False))
    assert rule.examples == (RuleExample("def pick(cfg):\n    return 'SLOW'\n", "fail", "slow", 2),)
    assert rule.pure_calls == ("current_platform.*",)
    assert (rule.line_of("severity"), rule.line_of("size > 4"), rule.line_of("nothing")) == (
        Location("r.toml", 7), Location("r.toml", 14), Location("r.toml", 2))
