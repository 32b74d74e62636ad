"""Round 39 (explorer over dispatch shapes across modules): a write through a property's setter of a
class the model does not know the object is of, a `@cache` helper handed a list, class constants
bound to a member, a class or an import read through `self`, module constants bound by unpacking or
changed by `op=`, a class constant computed from a nested class, `%` formatting with a dict of
literals, and a `str` method of what an inlined helper returned: each was a wrong clean or a free
input no run gives."""

from test_round32_check import check_tree, undetermined


def test_a_write_a_property_setter_of_the_tree_may_take_is_not_read_back(cli, tmp_path):
    # round 39 (02): `cfg.backend = "flash"` then `cfg.backend == "flash"` of a parameter was clean;
    # the tree's `Cfg.backend` setter stores `v.upper()`, and pick(Cfg()) returns 'OTHER'
    config = '''
        class Cfg:
            def __init__(self):
                self._backend = "auto"

            @property
            def backend(self):
                return self._backend

            @backend.setter
            def backend(self, v):
                self._backend = v.upper()
    '''
    select = 'def pick(cfg):\n    cfg.backend = "flash"\n    if cfg.backend == "flash":\n        return "LOWER"\n    return "OTHER"\n'
    files = {"pk/__init__.py": "", "pk/config.py": config, "pk/select.py": select}
    run = check_tree(cli, tmp_path, files, "pk/select.py", "pick", 'expect = "\'LOWER\'"\n')
    assert run.exit_code == 1, run.output


def test_a_write_no_setter_of_the_tree_takes_is_read_back(cli, tmp_path):
    # control: no class of the tree has a `backend` setter: the value written is what is read
    select = 'def pick(cfg):\n    cfg.backend = "flash"\n    if cfg.backend == "flash":\n        return "LOWER"\n    return "OTHER"\n'
    run = check_tree(cli, tmp_path, {"pk/__init__.py": "", "pk/select.py": select}, "pk/select.py", "pick", 'expect = "\'LOWER\'"\n')
    assert run.exit_code == 0, run.output


_CACHED = '''
    import functools

    @functools.{decorator}
    def count_ok(names):
        return len(names)

    def pick():
        if count_ok({argument}) == 2:
            return "TWO"
        return "OTHER"
'''


def test_a_cached_helper_handed_a_list_raises_type_error(cli, tmp_path):
    # round 39 (07): the cache hashes its arguments first: TypeError, never 'TWO' (was clean)
    for decorator in ("cache", "lru_cache(maxsize=None)"):
        source = _CACHED.format(decorator=decorator, argument='["flash", "triton"]')
        run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'TWO\'"\n')
        assert run.exit_code == 1 and "raise TypeError" in run.output, run.output


def test_a_cached_helper_handed_a_tuple_runs(cli, tmp_path):
    source = _CACHED.format(decorator="cache", argument='("flash", "triton")')
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'TWO\'"\n')
    assert run.exit_code == 0, run.output


def test_class_constants_of_members_classes_and_imports_read_through_self(cli, tmp_path):
    # round 39 (04): `self.KIND` of `KIND = Kind.FLASH`, `self.PREF` of `PREF = Flash`, `self.D` of an
    # imported constant were free inputs (`KIND=other than Kind.FLASH`)
    source = '''
        import enum
        from .consts import DEFAULT

        class Kind(enum.Enum):
            FLASH = "flash"
            TRITON = "triton"

        class Flash:
            @classmethod
            def is_supported(cls, cap):
                return cap >= 80

        class Selector:
            KIND = Kind.FLASH
            PREF = Flash
            D = DEFAULT

            def a(self):
                if self.KIND is Kind.FLASH:
                    return "PREF"
                return "FALLBACK"

            def b(self, cap):
                if self.PREF.is_supported(cap):
                    return "PREF"
                return "FALLBACK"

            def d(self):
                if self.D == "flash":
                    return "PREF"
                return "FALLBACK"
    '''
    files = {"pk/__init__.py": "", "pk/consts.py": 'DEFAULT = "flash"\n', "pk/s.py": source}
    for function, given in (("a", ""), ("b", "[rule.given]\ncap = 95\n"), ("d", "")):
        run = check_tree(cli, tmp_path, files, "pk/s.py", f"Selector.{function}", f'expect = "\'PREF\'"\n{given}')
        assert run.exit_code == 0, (function, run.output)


def test_an_inherited_method_reads_the_subclass_member_through_self(cli, tmp_path):
    files = {
        "pk/__init__.py": "",
        "pk/kinds.py": 'import enum\n\nclass Kind(enum.Enum):\n    FLASH = 1\n    TRITON = 2\n',
        "pk/base.py": '''
            from .kinds import Kind

            class Base:
                KIND = Kind.TRITON

                def choose(self):
                    if self.KIND is Kind.FLASH:
                        return "FLASH"
                    return "TRITON"
        ''',
        "pk/impl.py": "from .base import Base\nfrom .kinds import Kind\n\nclass Impl(Base):\n    KIND = Kind.FLASH\n",
    }
    run = check_tree(cli, tmp_path, files, "pk/impl.py", "Impl.choose", 'expect = "\'FLASH\'"\n')
    assert run.exit_code == 0, run.output


def test_a_self_member_constant_a_module_writes_is_unknown(cli, tmp_path):
    # control: another module writes `Selector.KIND`: not the body's member
    source = '''
        import enum

        class Kind(enum.Enum):
            FLASH = 1
            TRITON = 2

        class Selector:
            KIND = Kind.FLASH

            def a(self):
                if self.KIND is Kind.FLASH:
                    return "PREF"
                return "FALLBACK"
    '''
    files = {"pk/__init__.py": "", "pk/s.py": source, "pk/patch.py": "from .s import Selector, Kind\n\nSelector.KIND = Kind.TRITON\n"}
    run = check_tree(cli, tmp_path, files, "pk/s.py", "Selector.a", 'expect = "\'PREF\'"\n')
    assert undetermined(run), run.output


def test_module_constants_bound_by_unpacking_are_their_items(cli, tmp_path):
    # round 39 (08): `DEFAULT, FALLBACK = "flash", "triton"` was a free input
    select = 'from .consts import DEFAULT\n\ndef pick():\n    if DEFAULT == "flash":\n        return "FLASH"\n    return "TRITON"\n'
    files = {"pk/__init__.py": "", "pk/consts.py": 'DEFAULT, FALLBACK = "flash", "triton"\n', "pk/select.py": select}
    run = check_tree(cli, tmp_path, files, "pk/select.py", "pick", 'expect = "\'FLASH\'"\n')
    assert run.exit_code == 0, run.output


def test_a_swap_by_unpacking_is_not_two_assignments(cli, tmp_path):
    source = 'A = "x"\nB = "y"\nA, B = B, A\n\ndef pick():\n    if A == "y":\n        return "SWAPPED"\n    return "SAME"\n'
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'SAME\'"\n')
    assert run.exit_code == 1, run.output  # (never clean: A is "y" after the import)


def test_a_module_number_changed_by_an_augmented_assignment_is_computed(cli, tmp_path):
    # round 39 (09): `MAX_BATCH = 128; MAX_BATCH *= 2` gave `MAX_BATCH<200`; a list's `+=` changes it in place
    consts = 'MAX_BATCH = 128\nMAX_BATCH *= 2\nBACKENDS = ["flash"]\nBACKENDS += ["triton"]\n'
    select = '''
        from .consts import MAX_BATCH, BACKENDS

        def pick(n):
            if n > MAX_BATCH:
                return "CHUNK"
            return "WHOLE"

        def count():
            if len(BACKENDS) == 2:
                return "TWO"
            return "OTHER"
    '''
    files = {"pk/__init__.py": "", "pk/consts.py": consts, "pk/select.py": select}
    run = check_tree(cli, tmp_path, files, "pk/select.py", "pick", 'expect = "\'WHOLE\'"\n[rule.given]\nn = 200\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, files, "pk/select.py", "count", 'expect = "\'TWO\'"\n')
    assert undetermined(run), run.output


def test_an_augmented_assignment_after_a_call_is_not_folded(cli, tmp_path):
    # control: code runs between the binding and the `op=` (a function reading it then sees 128)
    source = 'LIMIT = 128\nprint("loading")\nLIMIT *= 2\n\ndef pick(n):\n    if n > LIMIT:\n        return "BIG"\n    return "SMALL"\n'
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'SMALL\'"\n[rule.given]\nn = 200\n')
    assert run.exit_code == 1, run.output


def test_a_class_constant_computed_from_a_nested_class_is_computed(cli, tmp_path):
    # round 39 (10): `NAME = Meta.name + "_attn"` of a nested `class Meta` was a free input
    backends = 'class FlashBackend:\n    class Meta:\n        name = "flash"\n    NAME = Meta.name + "_attn"\n'
    select = ('from .backends import FlashBackend\n\ndef pick():\n    if FlashBackend.NAME == "flash_attn":\n'
              '        return "FLASH"\n    return "OTHER"\n')
    files = {"pk/__init__.py": "", "pk/backends.py": backends, "pk/select.py": select}
    run = check_tree(cli, tmp_path, files, "pk/select.py", "pick", 'expect = "\'FLASH\'"\n')
    assert run.exit_code == 0, run.output


def test_percent_formatting_with_a_dict_of_literals_is_computed(cli, tmp_path):
    # round 39 (05): `"%(b)s" % {"b": BACKEND}` was an atom free to be "other than flash"
    source = ('BACKEND = "flash"\n\ndef pick():\n    key = "%(b)s" % {"b": BACKEND}\n    if key == "flash":\n'
              '        return "FLASH"\n    return "OTHER"\n\ndef missing():\n    return "%(x)s" % {"b": BACKEND}\n')
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'FLASH\'"\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "missing", 'forbid = ["raise KeyError"]\n')
    assert run.exit_code == 1 and "KeyError" in run.output, run.output


def test_a_str_method_of_what_an_inlined_helper_returns_is_of_that_value(cli, tmp_path):
    # round 39 (06): `ident(backend).startswith("FLASH")` was an atom of the helper's text, free under
    # the fact `backend = "triton"`
    source = ('def ident(x):\n    return x\n\ndef pick(backend):\n    if ident(backend).startswith("FLASH"):\n'
              '        return "FA"\n    return "NONE"\n')
    run = check_tree(cli, tmp_path, {"m.py": source}, "m.py", "pick", 'expect = "\'NONE\'"\n[rule.given]\nbackend = "triton"\n')
    assert run.exit_code == 0, run.output


def test_a_class_constant_a_base_classmethod_of_another_module_writes_is_unknown(cli, tmp_path):
    # found while fixing round 39: `Base.disable()` (`cls.enabled = False`) called on Flash by a module
    # naming neither `enabled` nor a write: Flash's own `enabled = True` was folded, a wrong clean
    files = {
        "pk/__init__.py": "",
        "pk/base.py": "class Base:\n    enabled = True\n\n    @classmethod\n    def disable(cls):\n        cls.enabled = False\n",
        "pk/flash.py": ('from .base import Base\n\nclass Flash(Base):\n    enabled = True\n\ndef pick():\n    if Flash.enabled:\n'
                        '        return "FLASH"\n    return "OTHER"\n'),
        "pk/boot.py": "from .flash import Flash\n\nFlash.disable()\n",
    }
    run = check_tree(cli, tmp_path, files, "pk/flash.py", "pick", 'expect = "\'FLASH\'"\n')
    assert undetermined(run) and "pk/base.py" in run.output, run.output
