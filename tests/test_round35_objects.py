"""Round 35: objects and classes that share attribute state in the model but not when the code
runs. Two objects made by calls of the same text (`draft = C(); target = C()`) were kept on the
heap under that text, so a method run on one (`draft.disable_cascade()`, writing `self.use_cascade
= False`) changed the other's attribute: `check` said clean where every run takes the other branch
(the order swapped, a temporary `C().off()`, objects in a list or a dict, made by a factory or in a
loop, a clone-then-adjust builder). An inlined classmethod's `cls.MIN = v` (cls a subclass) made
the base's and the siblings' `MIN` a new free input, though it sets `MIN` on `cls` alone.
Each object the function makes now has its own heap root, each class its own, and a write to one
leaves the others' own attributes alone; what the model cannot tell apart stays undetermined."""

from test_round32_check import check_tree, undetermined

_C = '''
    class C:
        def __init__(self):
            self.on = True

        def off(self):
            self.on = False

        def off_self(self):
            self.on = False
            return self

        def is_on(self):
            return self.on


    def make():
        return C()


    def pick():
        {body}
        if {read}:
            return "ON"
        return "OFF"
'''


def _check_objects(cli, tmp_path, body: str, read: str = "target.on"):
    """`check` that `pick` (`body`, then `if read: return "ON"`) never returns 'ON'; every run does."""
    source = _C.format(body=body.replace("\n", "\n        "), read=read)
    return check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "forbid = [\"'ON'\"]\n")


def _assert_not_clean(run) -> None:
    # `__init__` sets `on`, which the model does not run: what the other object holds is unknown to it
    assert undetermined(run) and "<C().on of the object made at line" in run.output, run.output


# ---------------------------------------------------------------- 09: a method's write reached another object

def test_a_method_writing_self_changes_its_own_object_not_another_made_by_the_same_call(cli, tmp_path):
    # round 35: clean (`target.use_cascade` read False); pick_target_backend() is 'CASCADE' on every run
    source = '''
        class AttnConfig:
            def __init__(self):
                self.use_cascade = True

            def disable_cascade(self):
                self.use_cascade = False


        def pick_target_backend():
            draft = AttnConfig()
            target = AttnConfig()
            draft.disable_cascade()
            if target.use_cascade:
                return "CASCADE"
            return "FLASH"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick_target_backend", "forbid = [\"'CASCADE'\"]\n")
    assert undetermined(run) and "<AttnConfig().use_cascade of the object made at line 12>" in run.output, run.output


def test_the_object_made_first_is_not_changed_by_a_method_of_the_second(cli, tmp_path):
    # round 35: clean; `target = C(); draft = C(); draft.off()`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, "target = C()\ndraft = C()\ndraft.off()"))


def test_a_method_of_a_temporary_object_changes_no_other(cli, tmp_path):
    # round 35: clean; `target = C(); C().off()`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, "target = C()\nC().off()"))


def test_a_method_of_a_temporary_returning_self_changes_no_other(cli, tmp_path):
    # round 35: clean; `target = C(); C().off_self()`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, "target = C()\ndraft = C().off_self()"))


def test_objects_in_a_list_are_apart(cli, tmp_path):
    # round 35: clean; `objs = [C(), C()]; objs[0].off()`, `objs[1].on`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, "objs = [C(), C()]\ntarget = objs[1]\nobjs[0].off()"))


def test_objects_in_a_dict_are_apart(cli, tmp_path):
    # round 35: clean; `reg = {"x": C(), "y": C()}; reg["x"].off()`, `reg["y"].on`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, 'reg = {"x": C(), "y": C()}\nreg["x"].off()', read='reg["y"].on'))


def test_objects_made_by_a_factory_are_apart(cli, tmp_path):
    # round 35: clean; `a = make(); b = make(); a.off()`, `b.on`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, "a = make()\nb = make()\na.off()", read="b.on"))


def test_objects_made_in_a_loop_are_apart(cli, tmp_path):
    # round 35: clean; `for _ in range(2): objs.append(C())`, `objs[0].off()`, `objs[1].on`: pick() is 'ON'
    body = "objs = []\nfor _ in range(2):\n    objs.append(C())\nobjs[0].off()"
    _assert_not_clean(_check_objects(cli, tmp_path, body, read="objs[1].on"))


def test_a_method_reading_self_reads_its_own_object(cli, tmp_path):
    # round 35: clean; `a, b = C(), C(); a.off()`, `b.is_on()`: pick() is 'ON'
    _assert_not_clean(_check_objects(cli, tmp_path, "a, b = C(), C()\na.off()", read="b.is_on()"))


def test_a_class_default_read_on_another_object_is_not_the_written_one(cli, tmp_path):
    # round 35: `b.m` was 'x', forbid 'd' clean; `a = Cfg(); b = Cfg(); a.set(); return b.m` is 'd'
    source = '''
        class Cfg:
            m = "d"

            def set(self):
                self.m = "x"


        def pick():
            a = Cfg()
            b = Cfg()
            a.set()
            return b.m
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "forbid = [\"'d'\"]\n")
    assert undetermined(run) and "<Cfg().m of the object made at line 11>" in run.output, run.output


def test_a_clone_adjusted_by_a_method_leaves_the_original(cli, tmp_path):
    # round 35: clean; `b2 = b1.copy(); b2.set_a("z")`, `b1.a == "z"` is false: pick() is 'SEP'
    source = '''
        class B:
            def __init__(self):
                self.a = "x"

            def set_a(self, v):
                self.a = v
                return self

            def copy(self):
                n = B()
                n.a = self.a
                return n


        def pick():
            b1 = B()
            b2 = b1.copy()
            b2.set_a("z")
            if b1.a == "z":
                return "SHARED"
            return "SEP"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "forbid = [\"'SEP'\"]\n")
    assert undetermined(run) and "<B().a of the object made at line 17>" in run.output, run.output


def test_a_direct_write_to_a_made_object_reads_back_exactly(cli, tmp_path):
    # round 35: undetermined (a write through a call's result made every `.v` unknown, `b1.v` too); with
    # each object its own root `b2.v = 2` is b2's alone: pick() is 'ONE' on every run
    source = '''
        class Box:
            pass


        def pick():
            b1 = Box()
            b2 = Box()
            b1.v = 1
            b2.v = 2
            if b1.v == 1 and b2.v == 2:
                return "ONE"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "expect = \"'ONE'\"\n")
    assert run.exit_code == 0 and not undetermined(run), run.output


def test_a_direct_write_through_a_custom_setattr_stays_undetermined(cli, tmp_path):
    # (kept) `o.x = "b"` runs S.__setattr__, which stores "forced": pick() is 'FORCED'; the write is
    # no plain one, so its object's root is not written exactly
    source = '''
        class S:
            def __setattr__(self, k, v):
                object.__setattr__(self, k, "forced")


        def pick():
            o = S()
            o.x = "b"
            if o.x == "b":
                return "B"
            return "FORCED"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "forbid = [\"'FORCED'\"]\n")
    assert undetermined(run) and "<S().x of the object made at line 8>" in run.output, run.output


def test_a_cached_property_is_each_objects_own(cli, tmp_path):
    # round 35: `b.big` read the value cached by `a.big` (one cache per call text): 'NONE' was reached
    # where `a.n > 1` is false; running f() is 'B_BIG' (a.n is 1, b.n is 5)
    source = '''
        from functools import cached_property


        class P:
            @cached_property
            def big(self):
                return self.n > 1


        def pick():
            a = P()
            a.n = 1
            b = P()
            b.n = 5
            if a.big:
                return "A_BIG"
            if b.big:
                return "B_BIG"
            return "NONE"
    '''
    run = check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "pick", "forbid = [\"'NONE'\"]\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


# ---------------------------------------------------------------- 08: `cls.X = v` of a subclass reached the base

_BASE = '''
    class Base:
        MIN = 80

        @classmethod
        def bump(cls):
            cls.MIN = 95

        @classmethod
        def ok(cls, cap):
            return cap >= cls.MIN


    class Flash(Base):
        pass


    class Triton(Base):
        pass


    def f(cap):
        {body}
'''


def _check_classes(cli, tmp_path, body: str, rule: str):
    source = _BASE.format(body=body.replace("\n", "\n        "))
    return check_tree(cli, tmp_path, {"mod.py": source}, "mod.py", "f", rule)


def test_a_classmethod_writing_cls_of_a_subclass_leaves_the_base(cli, tmp_path):
    # round 35: `Base.MIN` after `Flash.bump()` was a new free atom: with Base.MIN=80 given, "NONE" for
    # MIN=85 after the write; running f(85) is 'BASE_OK' (Base.MIN stays 80, Flash.MIN is 95)
    body = 'Flash.bump()\nif cap >= Base.MIN:\n    return "BASE_OK"\nreturn "NONE"'
    run = _check_classes(cli, tmp_path, body, "expect = \"'BASE_OK'\"\n[rule.given]\ncap = 85\n\"Base.MIN\" = 80\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_classmethod_writing_cls_of_a_subclass_leaves_a_sibling(cli, tmp_path):
    # round 35: `Triton.MIN` after `Flash.bump()` was a new free atom; f(85) is 'TRITON_OK'
    body = 'Flash.bump()\nif cap >= Triton.MIN:\n    return "TRITON_OK"\nreturn "NONE"'
    run = _check_classes(cli, tmp_path, body, "expect = \"'TRITON_OK'\"\n[rule.given]\ncap = 85\n\"Triton.MIN\" = 80\n")
    assert run.exit_code == 0, run.output


def test_a_first_supported_walk_after_a_subclass_write_reads_the_siblings_own(cli, tmp_path):
    # round 35: `for k in (Flash, Triton): if k.ok(cap)` read Triton's `cls.MIN` as a new atom after
    # `Flash.bump()`; running f(85) is 'Triton' (Flash.MIN 95, Triton.MIN 80)
    body = 'Flash.bump()\nfor k in (Flash, Triton):\n    if k.ok(cap):\n        return k.__name__\nreturn "NONE"'
    run = _check_classes(cli, tmp_path, body, "expect = \"'Triton'\"\n[rule.given]\ncap = 85\n\"Triton.MIN\" = 80\n")
    assert run.exit_code == 0, run.output


def test_a_classmethod_writing_cls_of_the_base_reaches_a_subclass(cli, tmp_path):
    # (kept) `Base.bump()` sets Base.MIN, which Flash inherits: f(85) is 'NONE'
    body = 'Base.bump()\nif cap >= Flash.MIN:\n    return "FLASH_OK"\nreturn "NONE"'
    run = _check_classes(cli, tmp_path, body, "expect = \"'NONE'\"\n[rule.given]\ncap = 85\n")
    assert run.exit_code == 0, run.output


_IMPORTED = {"w/__init__.py": "", "w/a.py": "class Base:\n    MIN = 80\n\n\nclass Flash(Base):\n    pass\n"}


def test_a_write_to_an_imported_subclass_leaves_the_base(cli, tmp_path):
    # round 35: `Flash.MIN = 95` made the imported `Base.MIN` a new atom after it: with Base.MIN=80
    # given, "NONE" for MIN=85; running f(85) is 'BASE_OK'
    source = "from w.a import Base, Flash\n\n\ndef f(cap):\n    Flash.MIN = 95\n    if cap >= Base.MIN:\n" \
             "        return 'BASE_OK'\n    return 'NONE'\n"
    run = check_tree(cli, tmp_path, {**_IMPORTED, "w/b.py": source}, "w/b.py", "f",
                     "expect = \"'BASE_OK'\"\n[rule.given]\ncap = 85\n\"Base.MIN\" = 80\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output


def test_a_write_to_an_imported_base_reaches_a_subclass(cli, tmp_path):
    # round 35: 'FLASH_OK' for cap=85 (the imported `Flash.MIN` a new free atom after the write); running
    # f(85) is 'NONE': `Base.MIN = 95` is what Flash inherits
    source = "from w.a import Base, Flash\n\n\ndef f(cap):\n    Base.MIN = 95\n    if cap >= Flash.MIN:\n" \
             "        return 'FLASH_OK'\n    return 'NONE'\n"
    run = check_tree(cli, tmp_path, {**_IMPORTED, "w/b.py": source}, "w/b.py", "f", "expect = \"'NONE'\"\n[rule.given]\ncap = 85\n")
    assert run.exit_code == 0 and "0 errors" in run.output, run.output
