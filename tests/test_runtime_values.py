"""Values the probe records and how the reconciler reads them: classes and functions by the name
the static model gives them, enum-member atoms as the model's member (or its value, for an int or
str mixin), non-finite floats in JSON, negative constant subscripts; and the configuration errors
of `--runtime` (a stale target named by several rules, a decision-variable target)."""

import json
import subprocess
import sys
import textwrap

from ordercheck.model import Lit, Term


def write(tmp_path, files: dict) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def probe(tmp_path, *args, script="main.py"):
    """(completed process, JSON report) of `--runtime ARGS -- python SCRIPT` in tmp_path."""
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "ordercheck.cli", "--runtime", "--root", ".", *args, "--format", "json",
               "--output", str(report), "--", sys.executable, script]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    text = report.read_text() if report.exists() else done.stdout
    return done, json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(f"not JSON: {c}")))


CLASSES = {
    "pk/__init__.py": "",
    "pk/sel.py": """\
        class Tri:
            pass


        class Fla:
            pass


        def order(hopper):
            out = [Tri]
            if hopper:
                out.insert(0, Fla)
            return out


        def best(hopper):
            if hopper:
                return Fla
            return Tri


        def local(flag):
            class Inner:
                pass
            if flag:
                return Inner
            return Tri


        def same(kind):
            if kind is Fla:
                return "FLA"
            return "OTHER"
        """,
    "main.py": """\
        from pk import sel
        print([c.__name__ for c in sel.order(True)], sel.best(True).__name__, sel.local(True).__name__,
              sel.same(sel.Fla), sel.same(sel.Tri))
        """,
    "rules.toml": """\
        [[rule]]
        id = "hopper-first"
        path = "pk/sel.py"
        function = "order"
        message = "hopper tries Fla first"
        first = "Fla"
        [rule.given]
        hopper = true

        [[rule]]
        id = "hopper-contains-tri"
        path = "pk/sel.py"
        function = "order"
        message = "hopper keeps Tri"
        contains = ["Tri"]
        [rule.given]
        hopper = true

        [[rule]]
        id = "hopper-best"
        path = "pk/sel.py"
        function = "best"
        message = "hopper picks Fla"
        expect = "Fla"
        [rule.given]
        hopper = true
        """,
}


def test_returned_classes_are_named_as_the_model_names_them_never_judged_by_a_placeholder(tmp_path):
    write(tmp_path, CLASSES)
    done, data = probe(tmp_path, "--rules", "rules.toml", "--target", "pk/sel.py::local", "--target", "pk/sel.py::same")
    assert "['Fla', 'Tri'] Fla Inner FLA OTHER" in done.stdout, done.stderr
    outcomes = {o["target"]: o["outcome"] for o in data["observations"] if o["target"] != "pk/sel.py::same"}
    assert outcomes == {"pk/sel.py::order": ["Fla", "Tri"], "pk/sel.py::best": "Fla", "pk/sel.py::local": "<class>"}
    assert data["violations"] == [] and data["disagreements"] == [], (data["violations"], data["disagreements"])
    assert set(data["rules_exercised"]) == {"hopper-first", "hopper-contains-tri", "hopper-best"}
    # a class defined in a function: no name the model gives it, so the call is not judged
    assert any("pk/sel.py::local: cannot judge 1 call" in n for n in data["notes"]), data["notes"]
    # a class as an atom: `kind is Fla` is the model's class constant, not the text 'Fla'
    assert {o["outcome"]: o["atoms"] for o in data["observations"] if o["target"] == "pk/sel.py::same"} == {
        "FLA": {"kind": "Fla"}, "OTHER": {"kind": "Tri"}}
    assert data["exit_code"] == 0


ENUMS = {
    "m.py": """\
        import enum


        class Plain(enum.Enum):
            A = "a"
            B = "b"


        class Lvl(enum.IntEnum):
            LOW = 1
            HIGH = 3


        class Be(str, enum.Enum):
            FLASH = "flash"


        def g(p):
            if p is Plain.B:
                return "PB"
            return "END"


        def n_level(n):
            if n >= Lvl.HIGH:
                return "HIGH"
            return "LOW"


        def h(b):
            if b == "flash":
                return "FLASH"
            return "END"
        """,
    "main.py": """\
        from m import *
        print(g(Plain.B), g(Plain.A), n_level(Lvl.HIGH), n_level(Lvl.LOW), h(Be.FLASH))
        """,
    "rules.toml": """\
        [[rule]]
        id = "b-is-pb"
        path = "m.py"
        function = "g"
        message = "Plain.B gives PB"
        expect = "PB"
        [rule.given]
        "p is Plain.B" = true
        """,
}


def test_enum_member_atoms_are_the_models_members_or_their_mixin_values(tmp_path):
    write(tmp_path, ENUMS)
    done, data = probe(tmp_path, "--rules", "rules.toml", "--target", "m.py::n_level", "--target", "m.py::h")
    assert "PB END HIGH LOW FLASH" in done.stdout, done.stderr
    assert data["disagreements"] == [] and data["violations"] == [], data["disagreements"]
    assert data["rules_exercised"] == ["b-is-pb"] and data["agreed_calls"] == 5
    # reports still show a member by its name
    atoms = sorted(json.dumps(o["atoms"]) for o in data["observations"])
    assert atoms == sorted(json.dumps(a) for a in ({"p": "Plain.B"}, {"p": "Plain.A"}, {"n": "Lvl.HIGH"},
                                                    {"n": "Lvl.LOW"}, {"b": "Be.FLASH"}))
    assert data["exit_code"] == 0


def test_a_member_is_substituted_as_what_the_guards_compare_it_with(tmp_path):
    from ordercheck.api import source_reader
    from ordercheck.check import Models
    from ordercheck.runtime.reconcile import substitution

    write(tmp_path, ENUMS)
    models = Models(source_reader(str(tmp_path)))
    g, n_level, h = (models.get("m.py", name) for name in ("g", "n_level", "h"))
    assert substitution(g, {"p": {"member": "Plain.B"}}) == {"p": Term("Plain.B", 0, "member")}
    assert substitution(n_level, {"n": {"member": "Lvl.HIGH", "value": 3}}) == {"n": Lit(3)}
    assert substitution(h, {"b": {"member": "Be.FLASH", "value": "flash"}}) == {"b": Lit("flash")}
    # a string that reads like a member is a string; a class the probe could not name is no value
    assert substitution(g, {"p": "Plain.B"}) == {"p": Lit("Plain.B")}
    assert substitution(g, {"p": "<class>"}) == {}


def test_non_finite_floats_are_json_safe_strings(tmp_path):
    write(tmp_path, {
        "m.py": """\
            def f(x):
                if x > 1.5:
                    return "BIG"
                return "SMALL"
            """,
        "main.py": """\
            import m
            print(m.f(float("nan")), m.f(float("inf")), m.f(float("-inf")))
            """,
    })
    done, data = probe(tmp_path, "--target", "m.py::f")  # `probe` refuses bare NaN / Infinity
    assert "SMALL BIG SMALL" in done.stdout, done.stderr
    assert sorted((o["atoms"]["x"], o["outcome"]) for o in data["observations"]) == [
        ("-inf", "SMALL"), ("inf", "BIG"), ("nan", "SMALL")]
    assert data["disagreements"] == [] and data["exit_code"] == 0


def test_a_stale_target_named_by_two_rules_is_reported_once_naming_them(tmp_path):
    rule = """\
        [[rule]]
        id = "{id}"
        path = "app.py"
        function = "route_v2"
        message = "m"
        expect = "{expect}"
        [rule.given]
        {fact}
        """
    write(tmp_path, {
        "app.py": """\
            def route(tp, ep=False):
                if ep:
                    return "EP"
                if tp > 1:
                    return "TP"
                return "SINGLE"
            """,
        "main.py": "import app\n",
        "stale.toml": textwrap.dedent(rule).format(id="tp", expect="TP", fact="tp = 2") + "\n"
                      + textwrap.dedent(rule).format(id="ep", expect="EP", fact="ep = true"),
    })
    done, data = probe(tmp_path, "--rules", "stale.toml")
    (error,) = data["errors"]
    assert error["message"] == "no function `route_v2` in app.py"
    assert "named by 2 rules: `tp`, `ep`" in error["hints"]
    assert done.returncode == 2


def test_a_decision_variable_target_says_it_is_checked_statically_only(tmp_path):
    write(tmp_path, {
        "d.py": """\
            def dec(x, flag):
                use = flag and x > 2
                if use:
                    return "USE"
                return "NO"
            """,
        "main.py": "import d\nprint(d.dec(5, True))\n",
    })
    done, data = probe(tmp_path, "--target", "d.py::dec:use")
    (error,) = data["errors"]
    assert "d.py::dec:use: decision variables are checked statically only" in error["message"]
    assert "name rules" not in error["message"] and done.returncode == 2


def test_a_negative_constant_index_is_read_as_a_positive_one_is(tmp_path):
    write(tmp_path, {
        "m.py": """\
            def f(lst, d):
                if lst[-1] > 3:
                    return "LAST"
                if d[lst[0]]:
                    return "KEY"
                return "END"
            """,
        "main.py": "import m\nprint(m.f([1, 9], {}), m.f([1], {1: True}))\n",
    })
    done, data = probe(tmp_path, "--target", "m.py::f")
    assert "LAST KEY" in done.stdout, done.stderr
    observed = {o["outcome"]: (o["atoms"], o["not_read"]) for o in data["observations"]}
    assert observed["LAST"][0]["lst[-1]"] == 9 and observed["KEY"][0]["lst[-1]"] == 1
    # a subscript by a computed key is not read, and not called a call
    reasons = {r for _, not_read in observed.values() for r in not_read.values()}
    assert reasons and not any("a call" in r for r in reasons), reasons
    assert data["disagreements"] == []
