"""Round 47 (fixer of round 46's open findings). (05) A module-level dict display unpacking an
imported dict (`TABLE = {"a": 1, **EXTRA}`) was read as a free input: `TABLE.get(key) == 3` a
scenario, and a definite violation no run gives; it is now computed where the imported module's
value is, and an unknown value with a note where it is not. (03) A first-supported loop returning
what the loop item gives (`return b.NAME`) was no decision of `diff`/`discover`: a reordered
`BACKENDS` was "0 decisions changed"."""

from test_round32_check import check_tree, undetermined
from test_round46_diff import _trees

_SEL = ('from .consts import EXTRA\n\nTABLE = {"a": 1, **EXTRA}\n\n\ndef pick(key):\n    v = TABLE.get(key)\n'
        '    if v == 2:\n        return "TWO"\n    if v == 3:\n        return "THREE"\n    return "OTHER"\n')
_SEL_IN = ('from .consts import EXTRA\n\nTABLE = {"a": 1, **EXTRA}\n\n\ndef pick(key):\n    if key in TABLE and key == "z":\n'
           '        return "ZED"\n    return "OTHER"\n')
_COMPUTED = 'EXTRA = {"b": 2}\n'
_FROM_ENVIRON = 'import os\n\nEXTRA = {"b": int(os.environ.get("B", "2"))}\n'
_FROM_A_CALL = 'def _build():\n    return {"b": 2}\n\n\nEXTRA = _build()\n'


def _files(consts: str, sel: str = _SEL) -> dict[str, str]:
    return {"pk/__init__.py": "", "pk/consts.py": consts, "pk/sel.py": sel}


def test_an_unpacked_dict_of_another_module_is_computed_where_its_value_is(cli, tmp_path):
    # round 46: "scenario TABLE.get(key)=3", a violation; running: TABLE is {"a": 1, "b": 2}, never 3
    run = check_tree(cli, tmp_path, _files(_COMPUTED), "pk/sel.py", "pick", "forbid = [\"'THREE'\"]\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_an_unpacked_dict_of_another_module_reaches_the_outcome_its_entries_give(cli, tmp_path):
    run = check_tree(cli, tmp_path, _files(_COMPUTED), "pk/sel.py", "pick", "reachable = [\"'TWO'\"]\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    run = check_tree(cli, tmp_path, _files(_COMPUTED), "pk/sel.py", "pick", "reachable = [\"'THREE'\"]\n")
    assert run.exit_code == 1 and "no branch returns 'THREE'" in run.output, run.output


def test_a_key_tested_in_an_unpacked_dict_is_one_of_its_keys(cli, tmp_path):
    # round 46: "scenario (key in TABLE)=true, key="z"", a violation; running: "z" is no key of TABLE
    run = check_tree(cli, tmp_path, _files(_COMPUTED, _SEL_IN), "pk/sel.py", "pick", "forbid = [\"'ZED'\"]\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_an_unpacked_dict_the_model_does_not_compute_is_unknown_with_a_note(cli, tmp_path):
    for consts in (_FROM_ENVIRON, _FROM_A_CALL):
        run = check_tree(cli, tmp_path, _files(consts), "pk/sel.py", "pick", "forbid = [\"'THREE'\"]\n")
        assert undetermined(run), (consts, run.output)
        assert "a dict of another module's values the model did not compute" in run.output, (consts, run.output)
        assert "scenario  TABLE.get(key)=3" not in run.output, (consts, run.output)


def test_an_unpacked_dict_changed_in_place_by_its_module_is_unknown(cli, tmp_path):
    sel = _SEL + "\n\ndef grow():\n    TABLE[\"c\"] = 3\n"
    run = check_tree(cli, tmp_path, _files(_COMPUTED, sel), "pk/sel.py", "pick", "forbid = [\"'THREE'\"]\n")
    assert undetermined(run), run.output


def test_an_imported_dict_another_module_changes_is_not_folded_into_the_table(cli, tmp_path):
    files = {**_files(_COMPUTED), "pk/plug.py": "from .consts import EXTRA\n\nEXTRA[\"c\"] = 3\n"}
    run = check_tree(cli, tmp_path, files, "pk/sel.py", "pick", "forbid = [\"'THREE'\"]\n")
    assert undetermined(run), run.output


def test_diff_of_an_unpacked_dict_lists_only_regions_a_run_gives(cli, tmp_path):
    # round 46: "when TABLE.get(key) == 3: 'THREE' -> 'OTHER'", which no run gives (TABLE holds 1 and 2)
    old, new = _trees(tmp_path, _files(_COMPUTED), _files(_COMPUTED, _SEL.replace("v == 3", "v == 1")))
    run = cli("diff", old, new, "--no-cache")
    assert "TABLE.get(key) ==" not in run.output and "1 of 3 configurations change path" in run.output, run.output
    assert "when key=\"a\":" in run.output and run.exit_code == 1, run.output


def test_diff_of_an_unpacked_dict_whose_entries_changed_names_the_key(cli, tmp_path):
    old, new = _trees(tmp_path, _files(_COMPUTED), _files('EXTRA = {"b": 3}\n', _SEL + "# touched\n"))
    run = cli("diff", old, new, "--no-cache")
    assert "when key=\"b\":" in run.output and "'TWO' (line 9)  ->  'THREE' (line 11)" in run.output, run.output
    assert run.exit_code == 1, run.output



def test_diff_of_an_unpacked_dict_the_model_does_not_compute_names_what_it_rests_on(cli, tmp_path):
    old, new = _trees(tmp_path, _files(_FROM_ENVIRON), _files(_FROM_ENVIRON.replace('"2"', '"4"'), _SEL + "# touched\n"))
    run = cli("diff", old, new, "--no-cache")
    assert "not compared" in run.output and "rests on `pk/consts.py::EXTRA`, which changed" in run.output, run.output
    assert "when TABLE.get(key)" not in run.output and run.exit_code == 1, run.output


_BACKENDS = ('class Flash:\n    NAME = "flash"\n\n    @classmethod\n    def is_supported(cls, cfg):\n        return cfg.cap >= 80\n\n'
             '    @classmethod\n    def get_path(cls):\n        return "pk.flash"\n\n\n'
             'class Triton:\n    NAME = "triton"\n\n    @classmethod\n    def is_supported(cls, cfg):\n        return cfg.cap >= 70\n\n'
             '    @classmethod\n    def get_path(cls):\n        return "pk.triton"\n\n\n'
             'class Torch:\n    NAME = "torch"\n\n    @classmethod\n    def is_supported(cls, cfg):\n        return True\n\n'
             '    @classmethod\n    def get_path(cls):\n        return "pk.torch"\n')
_LOOP = ('from .backends import Flash, Triton, Torch\n\nBACKENDS = ({order})\n\n\ndef select(cfg):\n    for b in BACKENDS:\n'
         '        if b.is_supported(cfg):\n            return b.{outcome}\n    raise ValueError("no backend")\n')


def _loop_trees(tmp_path, outcome: str):
    files = {"pk/__init__.py": "", "pk/backends.py": _BACKENDS}
    return _trees(tmp_path, {**files, "pk/sel.py": _LOOP.format(order="Flash, Triton, Torch", outcome=outcome)},
                  {**files, "pk/sel.py": _LOOP.format(order="Triton, Flash, Torch", outcome=outcome)})


def test_diff_of_a_first_supported_loop_returning_an_attribute_of_its_item_lists_the_reorder(cli, tmp_path):
    # round 46: "0 decisions changed in 0 files (0 compared)"; running: select(cap=90) 'flash' -> 'triton'
    run = cli("diff", *_loop_trees(tmp_path, "NAME"), "--no-cache")
    assert "select  sel.py:6 -> :6" in run.output, run.output
    assert "when cap >= 80:" in run.output and "'flash' (line 9)  ->  'triton' (line 9)" in run.output, run.output
    assert "1 decision changed in 1 file" in run.output and run.exit_code == 1, run.output


def test_diff_of_a_first_supported_loop_returning_a_call_of_its_item_lists_the_reorder(cli, tmp_path):
    # round 46: "0 decisions changed"; running: select(cap=90) 'pk.flash' -> 'pk.triton'
    run = cli("diff", *_loop_trees(tmp_path, "get_path()"), "--no-cache")
    assert "'pk.flash' (line 9)  ->  'pk.triton' (line 9)" in run.output, run.output
    assert "1 decision changed in 1 file" in run.output and run.exit_code == 1, run.output


_REGISTRY = ('BACKENDS = []\n\n\ndef register(cls):\n    BACKENDS.append(cls)\n    return cls\n\n\n{first}\n\n\n{second}\n')
_FLASH = '@register\nclass Flash:\n    NAME = "flash"\n\n    @staticmethod\n    def is_supported(cfg):\n        return cfg.cap >= 80\n'
_TORCH = '@register\nclass Torch:\n    NAME = "torch"\n\n    @staticmethod\n    def is_supported(cfg):\n        return True\n'
_REGISTERED = ('from .backends import BACKENDS\n\n\ndef select(cfg):\n    for b in BACKENDS:\n        if b.is_supported(cfg):\n'
               '            return b.NAME\n    raise ValueError("no backend")\n')


def test_diff_of_a_first_supported_loop_over_a_list_it_does_not_hold_is_not_compared(cli, tmp_path):
    # round 46: "0 decisions changed (... not modelled)"; running: select(cap=90) 'flash' -> 'torch'
    old, new = _trees(tmp_path, {"pk/__init__.py": "", "pk/backends.py": _REGISTRY.format(first=_FLASH, second=_TORCH),
                                 "pk/sel.py": _REGISTERED},
                      {"pk/__init__.py": "", "pk/backends.py": _REGISTRY.format(first=_TORCH, second=_FLASH),
                       "pk/sel.py": _REGISTERED + "# touched\n"})
    run = cli("diff", old, new, "--no-cache")
    assert "not compared: an outcome is `<item of the loop at line 5>.NAME`" in run.output, run.output
    assert "0 decisions changed in 0 files (0 compared; 1 not compared)" in run.output and run.exit_code == 1, run.output


def test_discover_finds_a_first_supported_loop_returning_what_its_item_gives(cli, tmp_path):
    for outcome in ("NAME", "get_path()"):
        root = tmp_path / outcome.strip("()")
        for path, text in {"pk/__init__.py": "", "pk/backends.py": _BACKENDS,
                           "pk/sel.py": _LOOP.format(order="Flash, Triton, Torch", outcome=outcome)}.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)
        run = cli("discover", "--root", root, "--no-cache")
        assert "first-supported  pk/sel.py::select" in run.output and "1 candidates in 3 files" in run.output, (outcome, run.output)
