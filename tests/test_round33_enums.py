"""Round 33: answers of `check` about enums that running the code contradicts: members the model
did not list (a nested class, `@member`, `A, B = 1, 2`, a binding under `if`/`try`), a set of a
mixin member and its value, and a `value` or `name` the enum sets or defines itself."""

from test_round32_check import check_tree, undetermined


def check_enum(cli, tmp_path, source: str, rule: str):
    """`check` of `mod.py::f` in a tree of that one module."""
    return check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", rule)


_COUNT = '''
    {head}

    class B({base}):
        FLASH = 1
        TRITON = 2
    {body}

    def f(x):
        if len(B) == 3:
            return "THREE"
        return "OTHER"
'''


def kept(tmp_path):
    """A second tree beside the first: the shape the fix keeps exact."""
    (tmp_path / "kept").mkdir()
    return tmp_path / "kept"


def count_enum(body: str, head: str = "import enum", base: str = "enum.Enum") -> str:
    return _COUNT.format(head=head, base=base, body="    " + "\n        ".join(body.splitlines()))


# ---------------------------------------------------------------- 01: a class nested in an enum body

def test_a_class_nested_in_an_enum_makes_its_member_count_unknown(cli, tmp_path):
    # round 33: forbid 'THREE' was clean (2 members); on Python 3.11 and 3.12 the nested class is a
    # member (`len(B) == 3`, f returns 'THREE'), on 3.13 it is not: unknown
    run = check_enum(cli, tmp_path, count_enum("class Inner:\n    pass"), "forbid = [\"'THREE'\"]\n")
    assert undetermined(run) and "len(B)" in run.output, run.output
    # `@enum.nonmember class Inner` is no member on any version: `len(B) == 2`, f returns 'OTHER'
    run = check_enum(cli, kept(tmp_path), count_enum("@enum.nonmember\nclass Inner:\n    pass"), "expect = \"'OTHER'\"\n")
    assert run.exit_code == 0, run.output


def test_a_class_nested_in_an_enum_is_no_class_the_model_reads(cli, tmp_path):
    # round 33: forbid 'INNER' was clean (the loop saw FLASH and TRITON only); on 3.11 `B.Inner` is
    # a member named 'Inner' and f returns 'INNER'
    run = check_enum(cli, tmp_path, '''
        import enum

        class B(enum.Enum):
            FLASH = 1
            class Inner:
                pass

        def f(x):
            for m in B:
                if m.name == "Inner":
                    return "INNER"
            return "OTHER"
    ''', "forbid = [\"'INNER'\"]\n")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- 02: `@enum.member`

def test_a_member_decorated_def_makes_the_member_count_unknown(cli, tmp_path):
    # round 33: expect 'THREE' was violated (2 members counted); `@enum.member def fn` is a third
    # member, `len(B) == 3`, f returns 'THREE'
    run = check_enum(cli, tmp_path, count_enum("@enum.member\ndef fn(self):\n    return 1"), "expect = \"'THREE'\"\n")
    assert undetermined(run) and "len(B)" in run.output, run.output
    # a method, a property, a classmethod are no members: `len(B) == 2`, f returns 'OTHER'
    body = "def m(self):\n    return 1\n@property\ndef p(self):\n    return 2\n@classmethod\ndef c(cls):\n    return 3"
    run = check_enum(cli, kept(tmp_path), count_enum(body), "expect = \"'OTHER'\"\n")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 03: `A, B = 1, 2`

def test_a_tuple_target_in_an_enum_body_binds_one_member_per_name(cli, tmp_path):
    # round 33: expect 'THREE' was violated ("no branch returns 'THREE'"); `FLASH, TRITON = 1, 2;
    # CUTLASS = 3` makes three members, f returns 'THREE'
    run = check_enum(cli, tmp_path, '''
        from enum import Enum

        class B(Enum):
            FLASH, TRITON = 1, 2
            CUTLASS = 3

        def f(x):
            if len(B) == 3 and B.TRITON.value == 2:
                return "THREE"
            return "OTHER"
    ''', "expect = \"'THREE'\"\n")
    assert run.exit_code == 0, run.output


def test_a_tuple_target_of_a_computed_value_makes_the_members_unknown(cli, tmp_path):
    # `A, B = PAIR` (no display): which members and values there are, unknown (was: 2 members,
    # expect 'OTHER' clean; running: 4 members, 'FOUR')
    run = check_enum(cli, tmp_path, '''
        from enum import Enum
        PAIR = (3, 4)

        class B(Enum):
            FLASH = 1
            TRITON = 2
            ROCM, CPU = PAIR

        def f(x):
            if len(B) == 4:
                return "FOUR"
            return "OTHER"
    ''', "expect = \"'OTHER'\"\n")
    assert undetermined(run), run.output


def test_an_alias_bound_by_name_in_an_enum_body_is_no_member_of_its_own(cli, tmp_path):
    # `FA = FLASH` in the body is an alias: `B.FA is B.FLASH` (running: 'SAME'); it was a member
    # of its own, forbid 'SAME' clean
    run = check_enum(cli, tmp_path, '''
        from enum import Enum

        class B(Enum):
            FLASH = 1
            FA = FLASH

        def f(x):
            if B.FA is B.FLASH:
                return "SAME"
            return "OTHER"
    ''', "forbid = [\"'SAME'\"]\n")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- 04: members under `if` / `try`

def test_a_member_bound_under_if_in_an_enum_body_makes_iteration_unknown(cli, tmp_path):
    # round 33: forbid 'ROCM' was clean (the loop saw FLASH and TRITON only); running: ROCM = 3 is
    # a member and f returns 'ROCM'
    run = check_enum(cli, tmp_path, '''
        import sys
        from enum import Enum

        class B(Enum):
            FLASH = 1
            TRITON = 2
            if sys.maxsize > 0:
                ROCM = 3

        def f(x):
            for m in B:
                if m.value == 3:
                    return "ROCM"
            return "OTHER"
    ''', "forbid = [\"'ROCM'\"]\n")
    assert undetermined(run), run.output


def test_a_member_bound_under_try_in_an_enum_body_makes_the_count_unknown(cli, tmp_path):
    # round 33: forbid 'THREE' was clean; running: `len(B) == 3`, f returns 'THREE'
    run = check_enum(cli, tmp_path, count_enum("try:\n    ROCM = 3\nexcept Exception:\n    pass"), "forbid = [\"'THREE'\"]\n")
    assert undetermined(run), run.output


def test_a_computed_ignore_list_makes_the_members_unknown(cli, tmp_path):
    # `_ignore_ = NAMES` (no literal): which names are members is unknown (was: TRITON a member,
    # expect 'OTHER' violated... or clean by chance); running: TRITON ignored, `len(B) == 1`
    run = check_enum(cli, tmp_path, '''
        from enum import Enum
        NAMES = ["TRITON"]

        class B(Enum):
            _ignore_ = NAMES
            FLASH = 1
            TRITON = 2

        def f(x):
            if len(B) == 2:
                return "TWO"
            return "OTHER"
    ''', "expect = \"'OTHER'\"\n")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- 07: `F.A | F.B` of an IntFlag

_FLAGS = '''
    from enum import IntFlag

    class F(IntFlag):
        A = 1
        B = 2

    def f(x):
        s = {expr}
        if s == {want}:
            return "X"
        return "Y"
'''


def test_a_combination_of_int_flag_members_is_no_plain_int(cli, tmp_path):
    # round 33: expect 'X' was violated (`repr(3)` is "3"); `repr(F.A | F.B)` is "<F.A|B: 3>" on
    # 3.11, f returns 'X'
    run = check_enum(cli, tmp_path, _FLAGS.format(expr="repr(F.A | F.B)", want='"<F.A|B: 3>"'), "expect = \"'X'\"\n")
    assert undetermined(run), run.output


def test_the_length_of_an_int_flag_combination_is_not_an_int_s_type_error(cli, tmp_path):
    # round 33: expect 'X' was violated with `raise TypeError` (no `len` of an int); `len(F.A | F.B)`
    # is 2 on 3.11, f returns 'X'
    run = check_enum(cli, tmp_path, _FLAGS.format(expr="len(F.A | F.B)", want="2"), "expect = \"'X'\"\n")
    assert undetermined(run) and "TypeError" not in run.output, run.output


def test_an_int_flag_of_no_bits_is_no_plain_int(cli, tmp_path):
    # round 33: expect 'X' was violated; `repr(F(0))` is "<F: 0>", f returns 'X'
    run = check_enum(cli, tmp_path, _FLAGS.format(expr="repr(F(0))", want='"<F: 0>"'), "expect = \"'X'\"\n")
    assert undetermined(run), run.output


def test_an_int_flag_combination_still_compares_and_tests_as_its_number(cli, tmp_path):
    # `(F.A | F.B) == 3`, `F.A & F.B` false, `F.A | F.A` is F.A, `F.B in F.A | F.B`: f returns 'X'
    expr = "(F.A | F.B) == 3 and not (F.A & F.B) and (F.A | F.A) is F.A and F.B in (F.A | F.B)"
    run = check_enum(cli, tmp_path, _FLAGS.format(expr=expr, want="True"), "expect = \"'X'\"\n")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 08: a set of a mixin member and its value

def test_a_set_of_a_str_mixin_member_and_its_value_holds_one_item(cli, tmp_path):
    # round 33: expect 'X' was violated (two items); `{B.FLASH, "flash"}` of a `str, Enum` has
    # one item (equal, one hash), f returns 'X'
    run = check_enum(cli, tmp_path, '''
        from enum import Enum

        class B(str, Enum):
            FLASH = "flash"

        def f(x):
            if len({B.FLASH, "flash"}) == 1:
                return "X"
            return "Y"
    ''', "expect = \"'X'\"\n")
    assert undetermined(run), run.output
    # `{K.A, K.B, "a"}` of a plain Enum: three items, f returns 'X'
    run = check_enum(cli, kept(tmp_path), '''
        from enum import Enum

        class K(Enum):
            A = "a"
            B = "b"

        def f(x):
            if len({K.A, K.B, "a"}) == 3:
                return "X"
            return "Y"
    ''', "expect = \"'X'\"\n")
    assert run.exit_code == 0, run.output


def test_a_set_of_an_int_enum_member_and_its_number_holds_one_item(cli, tmp_path):
    # round 33: expect 'X' was violated; `{L.A, 1}` of an IntEnum has one item, f returns 'X'
    run = check_enum(cli, tmp_path, '''
        from enum import IntEnum

        class L(IntEnum):
            A = 1

        def f(x):
            if len({L.A, 1}) == 1:
                return "X"
            return "Y"
    ''', "expect = \"'X'\"\n")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- 10: `value` / `name` the enum changes

def test_an_enum_init_that_sets_value_makes_member_values_unknown(cli, tmp_path):
    # round 33: expect 'RAW' was clean; `self._value_ = raw.upper()` in `__init__` makes
    # `B.FLASH.value == 'FLASH'`, f returns 'CHANGED'
    run = check_enum(cli, tmp_path, '''
        from enum import Enum

        class B(Enum):
            FLASH = "flash"
            TRITON = "triton"

            def __init__(self, raw):
                self._value_ = raw.upper()

        def f(mode):
            if B.FLASH.value == "flash":
                return "RAW"
            return "CHANGED"
    ''', "expect = \"'RAW'\"\n")
    assert undetermined(run), run.output


def test_an_enum_value_property_is_its_own_code(cli, tmp_path):
    # round 33: expect 'RAW' was clean; the enum's `value` property returns "overridden", f returns 'PROP'
    run = check_enum(cli, tmp_path, '''
        from enum import Enum

        class B(Enum):
            FLASH = "flash"

            @property
            def value(self):
                return "overridden"

        def f(x):
            if B.FLASH.value == "flash":
                return "RAW"
            return "PROP"
    ''', "expect = \"'RAW'\"\n")
    assert undetermined(run), run.output


def test_an_enum_name_property_is_its_own_code(cli, tmp_path):
    # round 33: expect 'STD' was clean; the enum's `name` property returns "custom", f returns 'CUSTOM'
    run = check_enum(cli, tmp_path, '''
        from enum import Enum

        class B(Enum):
            FLASH = "flash"

            @property
            def name(self):
                return "custom"

        def f(mode):
            if B.FLASH.name == "FLASH":
                return "STD"
            return "CUSTOM"
    ''', "expect = \"'STD'\"\n")
    assert undetermined(run), run.output
    # no `name`/`value` of its own: `B.FLASH.name == "FLASH"` and `.value == "flash"`, f returns 'STD'
    run = check_enum(cli, kept(tmp_path), '''
        from enum import Enum

        class B(Enum):
            FLASH = "flash"

        def f(mode):
            if B.FLASH.name == "FLASH" and B.FLASH.value == "flash":
                return "STD"
            return "OTHER"
    ''', "expect = \"'STD'\"\n")
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- nearby: a mixin converts its values

def test_a_mixin_enum_value_of_another_type_is_converted_and_may_alias(cli, tmp_path):
    # round 33: `A = 1` of a `str, Enum` was the value 1 and a member apart from `B = "1"`: expect
    # 'INT' clean, expect 'ONE' violated; running: `S.A.value == "1"`, B an alias (`len(S) == 1`)
    source = '''
        from enum import Enum

        class S(str, Enum):
            A = 1
            B = "1"

        def f(x):
            if S.A.value == 1:
                return "INT"
            if len(S) == 1:
                return "ONE"
            return "OTHER"
    '''
    run = check_enum(cli, tmp_path, source, "expect = \"'INT'\"\n")
    assert undetermined(run), run.output
    run = check_enum(cli, kept(tmp_path), source, "forbid = [\"'ONE'\"]\n")
    assert undetermined(run), run.output


# ---------------------------------------------------------------- nearby: names of an enum body that are no members

def test_a_nonmember_or_ignored_name_of_an_enum_is_no_free_input(cli, tmp_path):
    # round 33: `P.X` of `X = enum.nonmember(5)` was a free input: expect 'OK' violated with the
    # scenario X=other than 5; running: `P.X == 5`, f returns 'OK' (an `_ignore_`d name likewise)
    run = check_enum(cli, tmp_path, '''
        import enum

        class P(enum.Enum):
            A = 1
            X = enum.nonmember(5)

        def f(x):
            if P.X == 5:
                return "OK"
            return "OTHER"
    ''', "expect = \"'OK'\"\n")
    assert undetermined(run) and "scenario  X=" not in run.output, run.output
