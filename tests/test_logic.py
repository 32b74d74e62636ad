"""`logic`: value domains, variables, and diagrams over them, with exact expected values.

Diagram node ids are deterministic: 0 and 1 are the leaves False and True, and nodes are numbered
in the order they are made, so a test can name the node an operation must return."""

import math

from ordercheck.domains import BOOL_CLASSES, Class, Space, VarKey
from ordercheck.logic import Diagram, _and, _or
from ordercheck.model import And, Compare, Lit, Or, Term, Truth

A, B, C = (Truth(Term(name)) for name in "abc")
N, X, Y = Term("n"), Term("x"), Term("y")


def diagram(*formulas):
    d = Diagram(Space(formulas))
    return d, [d.formula(f) for f in formulas]


# ---------------------------------------------------------------- apply and its memo


def test_apply_of_and_then_or_on_one_pair_gives_two_different_nodes():
    d, (a, b) = diagram(A, B)
    assert (a, b) == (2, 3)
    assert d.apply(_and, a, b) == 4 and d.children(4) == (d.false, b)
    assert d.apply(_or, a, b) == 5 and d.children(5) == (b, d.true)


def test_apply_memoises_on_the_function_not_on_its_name():
    # two functions with one name (`<lambda>`): a memo keyed by a name would hand the second the
    # first's node
    d, (a, b) = diagram(A, B)
    both, either = d.apply(lambda x, y: x and y, a, b), d.apply(lambda x, y: x or y, a, b)
    assert (both, either) == (4, 5)
    assert d.children(both) == (d.false, b) and d.children(either) == (b, d.true)


def test_local_computes_again_for_a_function_whose_answer_changed():
    d, (a,) = diagram(A)
    wanted = {True}

    def fires(value):
        return value in wanted

    assert d.local(fires, a) == a
    wanted.clear()
    assert d.local(fires, a) == d.false


def test_equal_functions_are_one_node():
    d, (ab,) = diagram(And((A, B)))
    a, b = d.formula(A), d.formula(B)
    assert d.conj(a, b) == ab == d.conj(b, a)
    assert d.negate(d.negate(ab)) == ab


# ---------------------------------------------------------------- value domains


def test_a_number_compared_with_constants_has_points_and_the_ranges_between():
    (n,) = Space([Compare(N, "<=", Lit(5)), Compare(N, "==", Lit(1))]).variables
    assert n.key == VarKey("value", "n")
    assert n.classes == (Class("range", -math.inf, 1), Class("point", 1), Class("range", 1, 5), Class("point", 5),
                         Class("range", 5, math.inf))
    assert [n.describe({i}) for i in range(5)] == ["<1", "1", "in (1, 5)", "5", ">5"]


def test_the_open_range_between_two_integers_is_kept_and_other_values_where_only_equality_is_tested():
    # `0 < ratio < 1` holds for 0.5 (an atom compared only with integers was taken to be an
    # integer); `k == 1` false and `k == 2` false for None too (it was taken to be a number)
    (n,) = Space([Compare(N, "==", Lit(1)), Compare(N, "==", Lit(2))]).variables
    assert n.classes == (Class("range", -math.inf, 1), Class("point", 1), Class("range", 1, 2), Class("point", 2),
                         Class("range", 2, math.inf), Class("other"))
    assert Class("range", 0, 1).sample() == 0.5 and Class("range", 0, 3).sample() == 1


def test_a_float_constant_keeps_the_ranges_on_both_sides():
    (n,) = Space([Compare(N, "<", Lit(0.5))]).variables
    assert n.classes == (Class("range", -math.inf, 0.5), Class("point", 0.5), Class("range", 0.5, math.inf))


def test_strings_have_one_point_each_and_other():
    (k,) = Space([Compare(Term("k"), "==", Lit("a")), Compare(Term("k"), "==", Lit("b"))]).variables
    assert k.classes == (Class("point", "a"), Class("point", "b"), Class("other"))
    assert k.describe({0, 1}) == '"a"|"b"'
    assert k.describe({2}) == 'other than "a"|"b"'


def test_other_than_none_reads_not_none():
    (x,) = Space([Compare(X, "is", Lit(None))]).variables
    assert x.classes == (Class("point", None), Class("other"))
    assert (x.describe({0}), x.describe({1})) == ("None", "not None")


def test_a_term_tested_for_truth_and_ordered_against_zero_needs_no_residual_truth_variable():
    # compared by order, a number: every class decides the truth (<0 and >0 true, 0 false)
    space = Space([Truth(Term("k")), Compare(Term("k"), ">=", Lit(0))])
    assert [v.key for v in space.variables] == [VarKey("value", "k")]


def test_a_term_tested_for_truth_and_for_equality_with_zero_keeps_a_residual_truth_variable():
    # `other` holds None (false) and "x" (true)
    space = Space([Truth(Term("k")), Compare(Term("k"), "==", Lit(0))])
    assert [v.key for v in space.variables] == [VarKey("value", "k"), VarKey("truth", "k")]


def test_a_term_tested_for_truth_and_compared_with_a_string_keeps_a_residual_truth_variable():
    # `other` may be "" (false) or anything else (true): its truth is a variable of its own
    space = Space([Compare(Term("k"), "==", Lit("a")), Truth(Term("k"))])
    assert [(v.key, v.classes) for v in space.variables] == [
        (VarKey("value", "k"), (Class("point", "a"), Class("other"))),
        (VarKey("truth", "k"), BOOL_CLASSES),
    ]


def test_a_variable_keeps_its_position_when_a_later_formula_adds_one():
    # a diagram made after the first formula numbers its nodes by these positions
    space = Space([Truth(Term("k"))])
    assert [v.key for v in space.variables] == [VarKey("truth", "k")]
    space.add(Compare(Term("k"), "==", Lit("a")))
    assert [v.key for v in space.variables] == [VarKey("truth", "k"), VarKey("value", "k")]


def test_a_relation_of_two_terms_is_one_variable_in_a_canonical_orientation():
    space = Space([Compare(Y, ">", X), Compare(X, "<=", Y)])
    (rel,) = space.variables
    assert rel.key == VarKey("rel", "x", "", "y", "")
    assert rel.text == "x ? y"
    assert [rel.describe({i}) for i in range(3)] == ["<", "==", ">"]


def test_a_relation_compared_only_for_equality_has_two_classes():
    (rel,) = Space([Compare(X, "==", Y)]).variables
    assert [c.label() for c in rel.classes] == ["==", "!="]


def test_a_read_after_a_change_is_a_variable_of_its_own():
    later = Term("a", version="after f() #1")
    space = Space([A, Truth(later)])
    assert [(v.text, v.version) for v in space.variables] == [("a", ""), ("a", "after f() #1")]


# ---------------------------------------------------------------- counting, paths, quantifiers


def test_count_is_over_the_whole_space():
    f = And((A, Compare(N, "<=", Lit(5))))
    d, (u, _) = diagram(f, B)
    assert [v.text for v in d.space.variables] == ["a", "n", "b"]
    assert d.space.size() == 12  # 2 * 3 * 2
    assert d.count(u, bool) == 4  # a true, n in {<5, 5}, b either
    assert d.count(d.true, bool) == 12 and d.count(d.false, bool) == 0


def test_shortest_path_fixes_the_fewest_variables_and_takes_the_first_of_equals():
    d, (u,) = diagram(Or((And((A, B)), C)))
    assert d.shortest_path(u, bool) == ({0: (0,), 2: (1,)}, True)  # a false, c true


def test_shortest_path_weighs_variables_by_their_cost():
    d, (u,) = diagram(Or((And((A, B)), C)))
    expensive_c = lambda var: 5 if var == 2 else 1  # noqa: E731
    assert d.shortest_path(u, bool, expensive_c) == ({0: (1,), 1: (1,)}, True)  # a and b true


def test_shortest_path_to_no_wanted_leaf_is_none():
    d, (u,) = diagram(Or((A, B)))
    assert d.shortest_path(u, lambda value: value == "never") is None


def test_quantify_for_all_and_for_some():
    d, (ab, a) = diagram(And((A, B)), A)
    b_var = 1
    assert d.quantify(ab, {b_var}, _and) == d.false  # a and b for every b: never
    assert d.quantify(ab, {b_var}, _or) == a  # a and b for some b: a


def test_consistency_keeps_only_relations_the_value_classes_allow():
    d, _ = diagram(Compare(X, "<", Y), Compare(X, "==", Lit(1)), Compare(Y, "==", Lit(1)))
    assert [v.text for v in d.space.variables] == ["x ? y", "x", "y"]
    possible = d.consistency()
    # of 48 combinations (x and y each <1, 1, >1 or other): the 9 pairs of numbers as before (x and
    # y in one open range leave all 3 relations, the other 7 pairs one each: 13); a pair with an
    # `other` value leaves all 3 (7 pairs: 21)
    assert d.count(possible, bool) == 34
    assert d.count(d.conj(possible, d.formula(Compare(X, "<", Y))), bool) == 5 + 7
    both_one = d.conj(d.formula(Compare(X, "==", Lit(1))), d.formula(Compare(Y, "==", Lit(1))))
    assert d.conj(d.conj(possible, both_one), d.formula(Compare(X, "<", Y))) == d.false


def test_consistency_rules_out_a_cycle_of_strict_relations():
    z = Term("z")
    d, _ = diagram(Compare(X, "<", Y), Compare(Y, "<", z), Compare(z, "<", X))
    cycle = d.conj(d.conj(d.formula(Compare(X, "<", Y)), d.formula(Compare(Y, "<", z))), d.formula(Compare(z, "<", X)))
    assert cycle != d.false  # the atoms alone allow it
    assert d.conj(cycle, d.consistency()) == d.false


def test_arcs_group_the_classes_that_lead_to_one_child():
    d, (u,) = diagram(Compare(N, "<=", Lit(5)))
    assert d.children(u) == (d.true, d.true, d.false)  # <5, 5, >5
    assert d.arcs(u) == {d.true: (0, 1), d.false: (2,)}


def test_cover_writes_a_diagram_as_disjoint_cubes():
    from ordercheck.diff import cover

    d, (u,) = diagram(Or((A, B)))
    assert cover(d, u) == [{0: frozenset({0}), 1: frozenset({1})}, {0: frozenset({1})}]  # not a and b; a


# ---------------------------------------------------------------- fast paths agree with the plain ones


def _walk(d, u, at):
    while not d.is_leaf(u):
        u = d.children(u)[at[d.var_of(u)]]
    return d.value(u)


def test_the_sparse_steps_and_the_point_lookup_give_the_plain_answer(monkeypatch):
    # chains over a name of many values, a number and flags: every configuration's branch is the
    # same with the fast paths (a lookup for `x == c`, one loop per step at a wide node) as with
    # the plain class-by-class comparison and recursion
    import itertools
    import random

    from ordercheck import logic
    from ordercheck.domains import Member

    def chain_of(seed):
        rng = random.Random(seed)
        pool = [Lit(v) for v in ("a", "b", "c", 1, 1.0, True, 2, 0, None, 2.5)] + [Term("E.A", kind="member"), Term("E.B", kind="member")]
        guards = []
        for _ in range(rng.randint(1, 7)):
            parts = []
            for _ in range(rng.randint(1, 3)):
                pick = rng.random()
                if pick < 0.5:
                    parts.append(Compare(X, rng.choice(("==", "!=")), rng.choice(pool)))
                elif pick < 0.7:
                    parts.append(Compare(N, rng.choice(("<", "<=", "==", ">")), Lit(rng.randint(0, 3))))
                else:
                    parts.append(rng.choice((A, B, C)))
            guards.append(And(tuple(parts)) if rng.random() < 0.6 else Or(tuple(parts)))
        return guards

    def answers(guards):
        d = Diagram(Space(guards))
        u = d.chain(guards, list(range(len(guards))), fallback="default")
        sizes = [range(len(v.classes)) for v in d.space.variables]
        return [(at, _walk(d, u, at)) for at in itertools.product(*sizes)], [v.key for v in d.space.variables]

    assert Member("E.A") != "E.A"
    for seed in range(150):
        guards = chain_of(seed)
        fast = answers(guards)
        with monkeypatch.context() as m:
            m.setattr(logic, "_SPARSE", {})
            m.setattr(logic, "_indexable", lambda value: False)
            plain = answers(guards)
        assert fast == plain, seed


def test_partition_gives_each_leaf_value_the_diagram_that_local_would():
    # one bottom-up pass in place of one `local` per leaf value (diff's moves and value pairs)
    formulas = [A, B, C, Compare(N, "<", Lit(2)), Compare(N, "==", Lit(5))]
    d, (a, b, c, small, five) = diagram(*formulas)
    labelled = d.ite(a, d.ite(small, d.leaf("x"), d.leaf("y")), d.ite(b, d.leaf("z"), d.ite(five, d.leaf("x"), d.leaf(None))))
    labelled = d.ite(c, labelled, d.leaf("w"))
    parts = d.partition(labelled)
    assert set(parts) == d.leaves(labelled) == {"x", "y", "z", "w", None}
    for value, node in parts.items():
        assert node == d.local(lambda v, want=value: v == want, labelled)
    assert d.partition(d.true) == {True: d.true}


def test_a_consistency_past_the_budget_is_refused_at_once_for_the_same_relations():
    # relations among four terms: the first diagram builds the consistency and runs past its
    # budget; a second one over the same relational variables is refused before building a node
    import pytest

    from ordercheck.logic import TooLarge

    terms = [Term(f"t{i}") for i in range(4)]
    formulas = [Compare(a, "<", b) for a in terms for b in terms if a.text < b.text]
    first = Diagram(Space(formulas), budget=12)
    with pytest.raises(TooLarge):
        first.consistency()
    second = Diagram(Space(formulas), budget=12)
    made = len(second._var)
    with pytest.raises(TooLarge):
        second.consistency()
    assert len(second._var) == made
    roomy = Diagram(Space(formulas))  # another budget: built, once per diagram
    assert roomy.consistency() == roomy.consistency() != roomy.false


def test_the_one_variable_fast_paths_give_what_apply_gives():
    # negate, and, or, an n-ary and/or, and ite of tests of one wide variable take a pass over
    # the classes as bytes; the answers must be apply's, node for node
    import random

    from ordercheck.logic import _ite, _not
    from ordercheck.model import Not, Or

    key = Term("key")
    tests = [Compare(key, "==", Lit(f"k{i}")) for i in range(40)]
    d, nodes = diagram(*tests, A)
    rng = random.Random(7)
    for _ in range(200):
        picks = rng.sample(range(40), rng.randint(1, 6))
        parts = [nodes[i] if rng.random() < 0.5 else d.apply(_not, nodes[i]) for i in picks]
        a, b = parts[0], parts[-1]
        assert d.negate(a) == d.apply(_not, a)
        assert d.conj(a, b) == d.apply(_and, a, b) and d.disj(a, b) == d.apply(_or, a, b)
        leaf, other = d.leaf("x"), rng.choice([d.leaf("y"), d.ite(b, d.leaf("z"), d.leaf("w")), nodes[-1]])
        assert d.ite(a, leaf, other) == d.apply(_ite, a, leaf, other)
        formula = rng.choice([And, Or])(tuple(tests[i] if rng.random() < 0.5 else Not(tests[i]) for i in picks) + (A,))
        combine = _and if isinstance(formula, And) else _or
        acc = d.formula(A)
        for arg in formula.args[:-1]:
            acc = d.apply(combine, acc, d.formula(arg))
        assert d.formula(formula) == acc


def test_a_consistency_past_the_budget_of_a_filled_diagram_refuses_nothing_later():
    # the budget ran out because other work filled the diagram first: a fresh diagram over the
    # same relations is built, not refused
    import pytest

    from ordercheck.logic import TooLarge

    terms = [Term(f"u{i}") for i in range(4)]
    formulas = [Compare(a, "<", b) for a in terms for b in terms if a.text < b.text]
    wide = [Compare(Term("w"), "==", Lit(i)) for i in range(1200)]
    filled = Diagram(Space([*formulas, *wide]), budget=1260)
    for f in wide:
        filled.formula(f)
    with pytest.raises(TooLarge):
        filled.consistency()
    fresh = Diagram(Space([*formulas, *wide]), budget=1260)
    assert fresh.consistency() != fresh.false
