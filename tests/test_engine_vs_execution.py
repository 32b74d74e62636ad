"""The engine's answer equals running the code: random decision methods, random assignments.

Each generated class has bool attributes, a string compared with constants, an int compared
numerically, an optional attribute tested against None, properties with early returns, locals,
nested ifs, conditional expressions and tuple returns. For a full assignment the diagram must
select the branch that executing the method returns from; for a partial one, the set of possible
outcomes must equal the outcomes of executing every completion.
"""

import itertools
import types

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ordercheck.bind import Scenario
from ordercheck.check import Query
from ordercheck.extract import extract
from ordercheck.model import Lit

BOOLS = ["self.cfg.a0", "self.cfg.a1", "self.cfg.a2"]
DOMAINS = {
    "self.cfg.a0": [False, True],
    "self.cfg.a1": [False, True],
    "self.cfg.a2": [False, True],
    "self.mode": ["x", "y", "w"],
    # a number compared only with integers may lie between them (2.5 takes `2 < n < 3`) or past them
    "self.n": [0, 1, 2, 3, 4, 5, -1, 6, 0.5, 1.5, 2.5, 3.5, 4.5],
    "self.s": [None, "v"],
}
LEAVES = [
    *BOOLS,
    'self.mode == "x"', 'self.mode in ("x", "y")', 'self.mode != "y"',
    "self.n <= 1", "self.n > 3", "2 < self.n", "self.n == 3",
    "self.s is None", "self.s is not None", "getattr(self.cfg, 'a1', False)",
]


def expressions(names):
    leaf = st.sampled_from(LEAVES + names)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(lambda e: f"not ({e})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]} and {p[1]})"),
            st.tuples(inner, inner).map(lambda p: f"({p[0]} or {p[1]})"),
        ),
        max_leaves=4,
    )


@st.composite
def decision_class(draw):
    props = []
    for j in range(draw(st.integers(0, 2))):
        lines = [f"    @property", f"    def _p{j}(self):"]
        if draw(st.booleans()):
            lines += [f"        if {draw(expressions([]))}:", "            return True"]
        lines += [f"        t = {draw(expressions([]))}", f"        return t and {draw(expressions([]))}"]
        props.append("\n".join(lines))
    helpers = [f"self._p{j}" for j in range(len(props))]
    body = []
    local_names: list[str] = []
    outcome = iter(range(100))
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["if", "nested", "local", "ifelse", "cond", "tuple", "merge"]))
        expr = lambda: draw(expressions(helpers + local_names))  # noqa: E731
        if kind == "if":
            body += [f"        if {expr()}:", f'            return "R{next(outcome)}"']
        elif kind == "nested":
            body += [f"        if {expr()}:", f"            if {expr()}:", f'                return "R{next(outcome)}"',
                     f'            return "R{next(outcome)}"']
        elif kind == "local":
            name = f"v{len(local_names)}"
            body += [f"        {name} = {expr()}"]
            local_names.append(name)
        elif kind == "ifelse":
            body += [f"        if {expr()}:", f'            return "R{next(outcome)}"', "        else:",
                     f"            if {expr()}:", f'                return "R{next(outcome)}"']
        elif kind == "cond":
            body += [f'        if {expr()}:', f'            return "R{next(outcome)}" if {expr()} else "R{next(outcome)}"']
        elif kind == "tuple":
            body += [f"        if {expr()}:", f'            return "R{next(outcome)}", None']
        else:  # a local assigned differently in two arms, read later
            name = f"v{len(local_names)}"
            body += [f"        if {expr()}:", f"            {name} = {expr()}", "        else:", f"            {name} = {expr()}"]
            local_names.append(name)
    if draw(st.booleans()):
        body += ['        return "D"']
    source = "class Decider:\n" + "\n\n".join(props + ["    def decide(self):\n" + "\n".join(body)]) + "\n"
    return source


def execute(source: str, values: dict) -> str:
    namespace: dict = {}
    exec(compile(source, "<generated>", "exec"), namespace)
    obj = namespace["Decider"].__new__(namespace["Decider"])
    obj.cfg = types.SimpleNamespace(a0=values["self.cfg.a0"], a1=values["self.cfg.a1"], a2=values["self.cfg.a2"])
    obj.mode, obj.n, obj.s = values["self.mode"], values["self.n"], values["self.s"]
    result = namespace["Decider"].decide(obj)
    return repr(result[0] if isinstance(result, tuple) else result)


def outcomes(model, values: dict) -> set[str]:
    scenario = Scenario(values={k: Lit(v) for k, v in values.items()})
    # getattr(self.cfg, 'a1', False) is the attribute self.cfg.a1
    query = Query.build(model, scenario)
    return {model.branches[i].outcome for i in query.diagram.leaves(query.chain)}


assignments = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in DOMAINS.items()})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_class(), assignments)
def test_engine_selects_the_branch_that_execution_returns_from(source, values):
    model = extract(source, "gen.py", "Decider.decide")
    assert not hasattr(model, "message"), model
    assert outcomes(model, values) == {execute(source, values)}, source


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decision_class(), assignments, st.sets(st.sampled_from(sorted(DOMAINS)), min_size=1, max_size=3))
def test_possible_outcomes_under_a_partial_assignment_are_exactly_those_of_all_completions(source, values, free):
    model = extract(source, "gen.py", "Decider.decide")
    bound = {k: v for k, v in values.items() if k not in free}
    free = sorted(free)
    executed = set()
    for combo in itertools.product(*(DOMAINS[k] for k in free)):
        executed.add(execute(source, {**bound, **dict(zip(free, combo))}))
    assert outcomes(model, bound) == executed, source


def test_a_value_with_more_paths_than_are_walked_one_by_one_selects_what_execution_returns():
    # each line keeps `v` on both arms of its test: 2^8 paths to 10 leaves, split by pushing each
    # node's region down the DAG once (`values.leaf_regions`), not path by path
    tests = ["self.cfg.a1", "self.cfg.a2", 'self.mode == "x"', "self.s is None"]
    source = "\n".join(["class Decider:", "    def decide(self):", '        v = "A" if self.cfg.a0 else "B"',
                        *[f'        v = v if self.n > {i} else (v if {tests[i % 4]} else "E{i}")' for i in range(8)],
                        "        return v"]) + "\n"
    model = extract(source, "gen.py", "Decider.decide")
    names = sorted(DOMAINS)
    for combo in itertools.product(*(DOMAINS[k] for k in names)):
        values = dict(zip(names, combo))
        assert outcomes(model, values) == {execute(source, values)}, values
