"""Round 48 (explorer's replays of vLLM/SGLang regressions). (04) `ok, why = helper()` where the
inlined helper returns `False, "x"` early and `True, ""` later: the conditional of two tuples was
an unknown atom when unpacked, and a correct version undetermined; it is unpacked item by item
(ValueError / TypeError where an alternative has another shape). (08) A method of an enum member
(`def get_class(self): return _CLASSES[self]`) was an atom; it is inlined. (01) A str method of
a value the model knows is exactly a `str` (an f-string with a literal part, an environment
read with a string default) made later reads new atoms, as if it could change them."""

import subprocess
import sys
import textwrap

from test_round32_check import check_tree, undetermined


def _runs(source: str, call: str) -> str:
    """What running `call` on `source` gives (the truth the verdicts must agree with)."""
    code = textwrap.dedent(source) + f"\nprint(repr({call}))\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


_TWO_RETURNS = '''
    def supported(major):
        if major != 10:
            return False, "needs sm100"
        return True, ""


    def pick(major):
        ok, why = supported(major)
        if ok:
            return "TRTLLM"
        return "TRITON"
'''


def test_unpacking_a_helper_returning_one_of_two_tuples_is_item_by_item(cli, tmp_path):
    assert _runs(_TWO_RETURNS, "pick(9)") == "'TRITON'" and _runs(_TWO_RETURNS, "pick(10)") == "'TRTLLM'"
    run = check_tree(cli, tmp_path, {"m.py": _TWO_RETURNS}, "m.py", "pick", "expect = \"'TRITON'\"\n[rule.given]\nmajor = 9\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    run = check_tree(cli, tmp_path, {"m.py": _TWO_RETURNS}, "m.py", "pick", "expect = \"'TRTLLM'\"\n[rule.given]\nmajor = 10\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


_ONE_ITEM = '''
    def supported(major):
        if major != 10:
            return (False,)
        return (True,)


    def pick(major):
        ok, = supported(major)
        if ok:
            return "TRTLLM"
        return "TRITON"
'''


def test_a_one_item_unpacking_of_one_of_two_tuples_is_its_item(cli, tmp_path):
    assert _runs(_ONE_ITEM, "pick(9)") == "'TRITON'"
    run = check_tree(cli, tmp_path, {"m.py": _ONE_ITEM}, "m.py", "pick", "expect = \"'TRITON'\"\n[rule.given]\nmajor = 9\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


_SHAPES = '''
    def shaped(major):
        if major == 8:
            return False, "x", 3
        if major == 7:
            return None
        return major == 10, "y"


    def pick(major):
        ok, why = shaped(major)
        if ok:
            return "A"
        return "B"
'''


def _raised(source: str, call: str) -> str:
    try:
        namespace: dict = {}
        exec(textwrap.dedent(source), namespace)
        eval(call, namespace)
    except Exception as exc:  # noqa: BLE001 - the exception is the truth here
        return type(exc).__name__
    return ""


def test_unpacking_an_alternative_of_another_shape_raises_there(cli, tmp_path):
    assert _raised(_SHAPES, "pick(8)") == "ValueError" and _raised(_SHAPES, "pick(7)") == "TypeError"
    assert _runs(_SHAPES, "pick(10)") == "'A'" and _runs(_SHAPES, "pick(9)") == "'B'"
    for major, expected in ((8, "raise ValueError"), (7, "raise TypeError"), (10, "'A'"), (9, "'B'")):
        run = check_tree(cli, tmp_path, {"m.py": _SHAPES}, "m.py", "pick", f"expect = \"{expected}\"\n[rule.given]\nmajor = {major}\n")
        assert run.exit_code == 0 and "0 errors" in run.output, (major, run.output)
    # where one alternative is a value of unknown shape, the names stay unknown
    other = _SHAPES.replace('return None', 'return major.pair')
    run = check_tree(cli, tmp_path, {"m.py": other}, "m.py", "pick", "expect = \"'B'\"\n[rule.given]\nmajor = 9\n")
    assert undetermined(run), run.output


_MEMBER_METHOD = '''
    import enum


    class Fa:
        @classmethod
        def ok(cls, sink):
            return True


    class Fi:
        @classmethod
        def ok(cls, sink):
            return not sink


    class B(enum.Enum):
        FA = "fa"
        FI = "fi"

        def get_class(self):
            return _CLASSES[self]


    _CLASSES = {B.FA: Fa, B.FI: Fi}


    def pick(sink):
        for b in [B.FI, B.FA]:
            if b.get_class().ok(sink):
                return b
        return None
'''


def test_a_method_of_an_enum_member_is_inlined(cli, tmp_path):
    assert _runs(_MEMBER_METHOD, "pick(True).name") == "'FA'" and _runs(_MEMBER_METHOD, "pick(False).name") == "'FI'"
    run = check_tree(cli, tmp_path, {"m.py": _MEMBER_METHOD}, "m.py", "pick", "expect = \"FA\"\n[rule.given]\nsink = true\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    run = check_tree(cli, tmp_path, {"m.py": _MEMBER_METHOD}, "m.py", "pick", "expect = \"FI\"\n[rule.given]\nsink = false\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    # an `__init__` may set the member's own `get_class`, which hides the method: not inlined
    source = _MEMBER_METHOD.replace('FI = "fi"\n', 'FI = "fi"\n\n        def __init__(self, v):\n'
                                    '            if v == "fi":\n                self.get_class = lambda: Fa\n')
    assert _runs(source, "pick(True).name") == "'FI'"
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", "expect = \"FA\"\n[rule.given]\nsink = true\n")
    assert run.exit_code == 1 and "0 errors" not in run.output, run.output


_FSTRING = '''
    def pick(n):
        kv = f"tq_{n}"
        if kv.startswith("tq_"):
            if kv.startswith("tq_"):
                return "TQ"
            return "BAD"
        return "FA"
'''

_ENVIRON = '''
    import os


    def pick():
        kv = os.getenv("KV_DTYPE", "tq_4bit")
        if kv.startswith("tq_"):
            if kv.startswith("tq_"):
                return "TQ"
            return "BAD"
        return "FA"
'''


def test_a_str_method_of_a_known_str_changes_nothing(cli, tmp_path):
    assert _runs(_FSTRING, "pick(4)") == "'TQ'"
    run = check_tree(cli, tmp_path, {"m.py": _FSTRING}, "m.py", "pick", "forbid = [\"'BAD'\"]\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    assert _runs(_ENVIRON, "pick()") == "'TQ'"
    run = check_tree(cli, tmp_path, {"m.py": _ENVIRON}, "m.py", "pick", "forbid = [\"'BAD'\"]\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
    # a parameter may be any object, whose `startswith` may do anything: still undetermined
    source = '''
        def pick(kv):
            first = kv.startswith("tq_")
            if kv.startswith("tq_"):
                return "TQ"
            return "FA"
    '''

    class Odd:
        calls = 0

        def startswith(self, prefix):
            Odd.calls += 1
            return Odd.calls > 1

    namespace: dict = {}
    exec(textwrap.dedent(source), namespace)
    assert namespace["pick"](Odd()) == "TQ"
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", "forbid = [\"'TQ'\"]\n")
    assert run.exit_code == 1, run.output
