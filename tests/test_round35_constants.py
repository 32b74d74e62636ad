"""Round 35: module and class constants folded to values running the code never gives. A list
constant (`ORDER = ["flash", "triton"]`) was held as the tuple of its items, so it equalled that
tuple, printed as it and was hashed, and `diff` took `(1, 2)` -> `[1, 2]` for no change; a constant
bound to a comprehension over constants (`SUPPORTED = [b for b in ALL if ...]`) was a free input
taking values it never has; and a list, dict or set constant was folded as written after the
function changed in place a parameter any caller may hand that very constant (`order.remove(x)`,
`opts[k] = v`). Each test once gave clean (or a definite answer) where running the code differs."""

import pytest
from test_round32_check import check_tree, undetermined
from test_soundness import _diff_tree


def _chain(head: str, cond: str) -> dict[str, str]:
    """`mod.py`: `head`, then `f()` returning 'YES' where `cond` holds, else 'NO'."""
    return {"mod.py": f"{head}\n\n\ndef f():\n    if {cond}:\n        return 'YES'\n    return 'NO'\n"}


def _decided(run, outcome: str) -> bool:
    """A definite violation whose branch is `outcome` (no undetermined answer)."""
    return run.exit_code == 1 and "undetermined" not in run.output and f"got       {outcome}" in run.output


# ---------------------------------------------------------------- 13: a list constant is a list

@pytest.mark.parametrize("head, cond", [
    ('ORDER = ["FLASH_ATTN", "TRITON_ATTN"]', 'ORDER == ("FLASH_ATTN", "TRITON_ATTN")'),
    ('ORDER = ["FLASH_ATTN", "TRITON_ATTN"]', '("FLASH_ATTN", "TRITON_ATTN") == ORDER'),
    ("ORDER = [1, 2]\nPAIR = (1, 2)", "ORDER == PAIR"),
    ("ORDER = [1, 2]", "ORDER * 1 == (1, 2)"),
    ("ORDER = [1]", "ORDER in [(1,)]"),
])
def test_a_module_list_constant_never_equals_a_tuple(cli, tmp_path, head, cond):
    # running: f() == 'NO' (a list never equals a tuple); the model said 'YES' always (forbid 'NO' clean)
    run = check_tree(cli, tmp_path, _chain(head, cond), "mod.py", "f", "forbid = [\"'NO'\"]\n")
    assert _decided(run, "'NO'"), run.output


def test_the_text_of_a_module_list_constant_is_a_lists(cli, tmp_path):
    # running: str(ORDER) == "['FLASH_ATTN', 'TRITON_ATTN']", f() == 'NO'; the model took the tuple's text
    files = _chain('ORDER = ["FLASH_ATTN", "TRITON_ATTN"]', "str(ORDER) == \"('FLASH_ATTN', 'TRITON_ATTN')\"")
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "forbid = [\"'NO'\"]\n")
    assert _decided(run, "'NO'"), run.output


@pytest.mark.parametrize("head, cond", [
    ("CAPS = [[9, 0]]", "CAPS[0] == (9, 0)"),
    ("A = ('a', ['b'])", "A[1] == ('b',)"),
    ("A = ([1, 2],)", "A == ((1, 2),)"),
])
def test_a_list_inside_a_module_constant_never_equals_a_tuple(cli, tmp_path, head, cond):
    # running: f() == 'NO'; the model said 'YES' (forbid 'NO' clean)
    run = check_tree(cli, tmp_path, _chain(head, cond), "mod.py", "f", "forbid = [\"'NO'\"]\n")
    assert _decided(run, "'NO'"), run.output


def test_a_class_list_constant_never_equals_a_tuple(cli, tmp_path):
    # running: C.A == (1, 2) is False, f() == 'NO'
    run = check_tree(cli, tmp_path, _chain("class C:\n    A = [1, 2]", "C.A == (1, 2)"), "mod.py", "f", "forbid = [\"'NO'\"]\n")
    assert _decided(run, "'NO'"), run.output


def test_enum_members_of_a_list_and_an_equal_tuple_are_two_members(cli, tmp_path):
    # running: K.A is K.B is False ([1, 2] != (1, 2): two members), f() == 'NO'; the model took B for A's alias
    head = "import enum\n\n\nclass K(enum.Enum):\n    A = [1, 2]\n    B = (1, 2)"
    run = check_tree(cli, tmp_path, _chain(head, "K.A is K.B"), "mod.py", "f", "forbid = [\"'NO'\"]\n")
    assert _decided(run, "'NO'"), run.output


def test_a_module_list_constant_in_a_set_raises_type_error(cli, tmp_path):
    # running: `ORDER in {(1, 2)}` raises TypeError (unhashable type: 'list'); the model said 'NO'
    run = check_tree(cli, tmp_path, _chain("ORDER = [1, 2]", "ORDER in {(1, 2)}"), "mod.py", "f", "expect = \"'NO'\"\n")
    assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


def test_a_module_list_constant_plus_a_tuple_is_no_clean_length(cli, tmp_path):
    # running: `ORDER + (3,)` raises TypeError; the model took the length 3 and said 'YES' always
    run = check_tree(cli, tmp_path, _chain("ORDER = [1, 2]", "len(ORDER + (3,)) == 3"), "mod.py", "f", "expect = \"'YES'\"\n")
    assert run.exit_code == 1, run.output


@pytest.mark.parametrize("head, cond", [
    ("ORDER = (1, 2)", "ORDER == (1, 2)"),
    ("ORDER = [1, 2]", "ORDER == [1, 2]"),
    ("ORDER = ['flash', 'triton']", "'triton' in ORDER and ORDER[0] == 'flash' and len(ORDER) == 2"),
    ("ORDER = [1, 2]", "ORDER + [3] == [1, 2, 3] and str(ORDER) == '[1, 2]' and ORDER < [1, 3]"),
])
def test_a_module_sequence_constant_stays_folded(cli, tmp_path, head, cond):
    # running: f() == 'YES'; the model folds it (no undetermined answer)
    run = check_tree(cli, tmp_path, _chain(head, cond), "mod.py", "f", "expect = \"'YES'\"\n")
    assert run.exit_code == 0, run.output


_PICK = '''
LIMIT = {limit}


def pick(n):
    if n == "x":
        return "X"
    if LIMIT == (1, 2):
        return "A"
    return "B"
'''


def test_diff_of_a_tuple_constant_made_a_list_is_a_change(cli, tmp_path):
    # running: old pick("y") == 'A', new pick("y") == 'B'; diff said "0 decisions changed"
    run = _diff_tree(cli, tmp_path, {"sel.py": _PICK.format(limit="(1, 2)")}, {"sel.py": _PICK.format(limit="[1, 2]")}, "--no-cache")
    assert run.exit_code == 1 and "'A' (line 9)  ->  'B' (line 10)" in run.output, run.output


# ---------------------------------------------------------------- 07: a comprehension over constants

_BACKENDS = '''
import enum

BACKENDS = ("flash", "triton", "torch")


class Kind(enum.Enum):
    P = "p"
    Q = "q"


{head}


def f():
    if {cond}:
        return "REAL"
    return "OTHER"
'''


@pytest.mark.parametrize("head, cond", [
    ('SUPPORTED = [b for b in BACKENDS if b != "flash"]', "len(SUPPORTED) == 2"),
    ("BY_NAME = {b: i for i, b in enumerate(BACKENDS)}", 'BY_NAME.get("flash") == 0'),
    ("NAMES = {b for b in BACKENDS}", "len(NAMES) == 3"),
    ("NAMES = tuple(b for b in BACKENDS)", "len(NAMES) == 3"),
    ("VALUES = [k.value for k in Kind]", 'VALUES[0] == "p"'),
    ("FIRST = next(b for b in BACKENDS)", 'FIRST == "flash"'),
    ("PAIRS = [(a, b) for a in BACKENDS for b in BACKENDS if a != b]", "len(PAIRS) == 6"),
    ('class C:\n    Z = [y for y in ("a", "b") if y != "a"]', "len(C.Z) == 1"),
    ("import functools, operator\nJOINED = functools.reduce(operator.add, BACKENDS)", 'JOINED == "flashtritontorch"'),
    ("import itertools\nALL = list(itertools.chain(BACKENDS, BACKENDS))", "len(ALL) == 6"),
    ('DEFAULT = Kind("p")', "DEFAULT is Kind.P"),
])
def test_a_constant_built_by_a_comprehension_over_constants_is_no_free_input(cli, tmp_path, head, cond):
    # running: f() == 'REAL' always; the model read the constant as a free input and reported 'OTHER'
    # under a value it never has (`len(SUPPORTED)=3`): now a value of the constants it did not compute
    files = {"mod.py": _BACKENDS.format(head=head, cond=cond)}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'REAL'\"\n")
    assert undetermined(run), run.output


def test_a_comprehension_reading_the_environment_stays_an_input(cli, tmp_path):
    # a comprehension that reads `os.environ`: what the environment gives, an input a rule may bind
    head = "import os\nSUPPORTED = [b for b in BACKENDS if os.environ.get(b)]"
    files = {"mod.py": _BACKENDS.format(head=head, cond="len(SUPPORTED) == 2")}
    run = check_tree(cli, tmp_path, files, "mod.py", "f", "expect = \"'REAL'\"\n")
    assert run.exit_code == 1 and "the model did not compute" not in run.output, run.output


# ---------------------------------------------------------------- 12: a parameter that may be the constant

_MOVE = '''
PRIORITY = ["FLASH_ATTN", "TRITON_ATTN", "TORCH_SDPA"]
OVERRIDES = {"kv_cache_dtype": "auto"}


def move_to_front(order, name):
    order.remove(name)
    order.insert(0, name)


def pick(order, prefer_triton):
    if prefer_triton:
        move_to_front(order, "TRITON_ATTN")
    if PRIORITY[0] == "FLASH_ATTN":
        return "FLASH"
    return "OTHER"


def kv_dtype(opts):
    opts["kv_cache_dtype"] = "fp8"
    if OVERRIDES["kv_cache_dtype"] == "auto":
        return "AUTO"
    return "FP8"
'''


def test_a_parameter_changed_in_place_may_be_the_module_list_constant(cli, tmp_path):
    # running: pick(PRIORITY, True) == 'OTHER' (the helper moved TRITON_ATTN to the front of PRIORITY
    # itself); the model folded PRIORITY[0] as written and said 'FLASH' always (clean)
    run = check_tree(cli, tmp_path, {"mod.py": _MOVE}, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert undetermined(run) and "PRIORITY" in run.output, run.output


def test_the_list_constant_stays_folded_on_the_paths_that_change_nothing(cli, tmp_path):
    # running: pick(anything, False) == 'FLASH' (nothing is changed): still decided
    run = check_tree(cli, tmp_path, {"mod.py": _MOVE}, "mod.py", "pick", "expect = \"'FLASH'\"\n[rule.given]\nprefer_triton = false\n")
    assert run.exit_code == 0, run.output


def test_an_item_write_to_a_parameter_may_change_the_module_dict_constant(cli, tmp_path):
    # running: kv_dtype(OVERRIDES) == 'FP8'; the model folded OVERRIDES["kv_cache_dtype"] to "auto" (clean)
    run = check_tree(cli, tmp_path, {"mod.py": _MOVE}, "mod.py", "kv_dtype", "expect = \"'AUTO'\"\n")
    assert undetermined(run) and "OVERRIDES" in run.output, run.output


def test_the_caller_handing_the_constant_may_be_in_another_module(cli, tmp_path):
    # running: app.main() == ('OTHER', 'FP8'): another module hands the constants; both were clean
    files = {"mod.py": _MOVE, "app.py": "from mod import PRIORITY, OVERRIDES, pick, kv_dtype\n\n\n"
                                         "def main():\n    return pick(PRIORITY, True), kv_dtype(OVERRIDES)\n"}
    run = check_tree(cli, tmp_path, files, "mod.py", "pick", "expect = \"'FLASH'\"\n")
    assert undetermined(run), run.output


@pytest.mark.parametrize("source", [
    # f(Engine.ORDER) == 'OTHER'
    "class Engine:\n    ORDER = ['FLASH_ATTN']\n\n\ndef f(lst):\n    lst.insert(0, 'TORCH')\n"
    "    if Engine.ORDER[0] == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
    # f(SUPPORTED) == 'OTHER'
    "SUPPORTED = {'flash', 'triton'}\n\n\ndef f(s):\n    s.discard('flash')\n"
    "    if 'flash' in SUPPORTED:\n        return 'FLASH'\n    return 'OTHER'\n",
    # f(TABLE['a']) == 'OTHER'
    "TABLE = {'a': ['flash']}\n\n\ndef f(lst):\n    lst.clear()\n    if TABLE['a']:\n        return 'FLASH'\n    return 'OTHER'\n",
    # f(PRIORITY) == 'OTHER'
    "PRIORITY = ['FLASH_ATTN', 'TRITON_ATTN']\n\n\ndef f(lst):\n    lst[0] = 'TORCH'\n    for b in PRIORITY:\n"
    "        if b == 'FLASH_ATTN':\n            return 'FLASH'\n        return 'OTHER'\n    return 'OTHER'\n",
    # f(PRIORITY) == 'OTHER'
    "PRIORITY = ['FLASH_ATTN', 'TRITON_ATTN']\n\n\ndef f(lst):\n    lst.sort()\n    lst.reverse()\n"
    "    if PRIORITY[0] == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
    # f(SimpleNamespace(order=PRIORITY)) == 'OTHER'
    "PRIORITY = ['FLASH_ATTN', 'TRITON_ATTN']\n\n\ndef f(cfg):\n    cfg.order.insert(0, 'TORCH')\n"
    "    if PRIORITY[0] == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
    # f(PRIORITY) == 'OTHER'
    "PRIORITY = ['FLASH_ATTN', 'TRITON_ATTN']\n\n\ndef f(lst):\n    lst += ['X']\n    lst.pop(0)\n"
    "    if PRIORITY[0] == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
    # f(C.ORDER) == 'OTHER'
    "class C:\n    ORDER = ['FLASH_ATTN']\n\n    def g(self, lst):\n        lst.insert(0, 'TORCH')\n"
    "        if self.ORDER[0] == 'FLASH_ATTN':\n            return 'FLASH'\n        return 'OTHER'\n\n\n"
    "def f(lst):\n    return C().g(lst)\n",
])
def test_a_mutable_constant_after_a_change_in_place_of_an_object_that_may_be_it(cli, tmp_path, source):
    # running: f(<the constant itself>) == 'OTHER'; the model folded the constant and said 'FLASH' (clean)
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", "expect = \"'FLASH'\"\n")
    assert undetermined(run), run.output


@pytest.mark.parametrize("source", [
    # a tuple changes in no place: PRIORITY[0] is 'FLASH_ATTN' whatever `lst` is
    "PRIORITY = ('FLASH_ATTN', 'TRITON_ATTN')\n\n\ndef f(lst):\n    lst.insert(0, 'TORCH')\n"
    "    if PRIORITY[0] == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
    # a list the function made is no constant
    "PRIORITY = ['FLASH_ATTN', 'TRITON_ATTN']\n\n\ndef f(x):\n    lst = [x]\n    lst.insert(0, 'TORCH')\n"
    "    if PRIORITY[0] == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
    # read before the change: as written
    "PRIORITY = ['FLASH_ATTN', 'TRITON_ATTN']\n\n\ndef f(lst):\n    first = PRIORITY[0]\n    lst.insert(0, 'TORCH')\n"
    "    if first == 'FLASH_ATTN':\n        return 'FLASH'\n    return 'OTHER'\n",
])
def test_a_constant_no_change_in_place_can_reach_stays_folded(cli, tmp_path, source):
    # running: f(anything) == 'FLASH'
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", "expect = \"'FLASH'\"\n")
    assert run.exit_code == 0, run.output


_DECIDE = '''
PRIORITY = ["FLASH_ATTN", "TRITON_ATTN"]


def move_to_front(order, name):
    order.remove(name)
    order.insert(0, name)


def decide():
    if PRIORITY[0] == "FLASH_ATTN":
        return "FLASH"
    return "OTHER"
'''


def test_a_module_handing_the_list_constant_to_code_that_may_change_it_unfolds_it(cli, tmp_path):
    # running: app.main() == 'OTHER' (it moved TRITON_ATTN to the front of mod.PRIORITY, then decided);
    # the model folded PRIORITY[0] in `decide`, which changes nothing itself, and said 'FLASH' (clean)
    files = {"mod.py": _DECIDE, "app.py": "from mod import PRIORITY, move_to_front, decide\n\n\n"
                                          "def main():\n    move_to_front(PRIORITY, 'TRITON_ATTN')\n    return decide()\n"}
    run = check_tree(cli, tmp_path, files, "mod.py", "decide", "expect = \"'FLASH'\"\n")
    assert undetermined(run) and "PRIORITY" in run.output, run.output


def test_a_module_only_reading_the_list_constant_keeps_it_folded(cli, tmp_path):
    # running: decide() == 'FLASH' whatever reader.show() did (it only reads PRIORITY)
    files = {"mod.py": _DECIDE, "reader.py": "from mod import PRIORITY\n\n\ndef show():\n"
                                             "    print(', '.join(PRIORITY), len(PRIORITY), sorted(PRIORITY))\n"
                                             "    return 'x' in PRIORITY\n"}
    run = check_tree(cli, tmp_path, files, "mod.py", "decide", "expect = \"'FLASH'\"\n")
    assert run.exit_code == 0, run.output


@pytest.mark.parametrize("head, read", [("import consts", "consts.ORDER[0]"), ("from consts import ORDER as O", "O[0]")])
def test_an_imported_list_constant_after_a_change_in_place_of_a_parameter(cli, tmp_path, head, read):
    # running: f(consts.ORDER) == 'B' (the parameter is the imported list itself); the model said 'A' (clean)
    source = f"{head}\n\n\ndef f(lst):\n    lst.insert(0, 'z')\n    if {read} == 'a':\n        return 'A'\n    return 'B'\n"
    run = check_tree(cli, tmp_path, {"consts.py": "ORDER = ['a', 'b']\n", "mod.py": source}, "mod.py", "f", "expect = \"'A'\"\n")
    assert undetermined(run), run.output


def test_a_method_of_a_list_constant_that_reads_it_is_computed(cli, tmp_path):
    # round 35 (after the list constants): `PRIORITY.index("TRITON_ATTN")` was a free input, a
    # counterexample gave it "other than 2"; rank() is 'LAST'
    mod = ("PRIORITY = ['FLASH_ATTN', 'FLASHINFER', 'TRITON_ATTN']\n\n\ndef rank():\n    if PRIORITY.index('TRITON_ATTN') == 2"
           " and PRIORITY.count('X') == 0:\n        return 'LAST'\n    return 'NOT_LAST'\n")
    run = check_tree(cli, tmp_path, {"mod.py": mod}, "mod.py", "rank", "expect = \"'LAST'\"\n")
    assert run.exit_code == 0, run.output
