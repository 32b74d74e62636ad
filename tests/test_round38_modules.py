"""Round 38: `check` over dispatch packages of several modules, answers running contradicted. A class
constant bound to a member of an enum another module defines, an attribute written on objects by a
module that never names their class (a loading hook, a loop over a registry), a name a later star
import rebinds, a dict keyed by an imported enum's members, one member spelled two ways, and module
constants bound to a call of the tree: each was a free input (a wrong clean, or a definite violation
no run gives)."""

import textwrap

from test_round32_check import check_tree, undetermined

# ---------------------------------------------------------------- 01: a class constant of an imported enum

_KINDS = '''
    import enum

    class Backend(enum.Enum):
        FLASH_ATTN = "flash_attn"
        XFORMERS = "xformers"

    DEFAULT_NAME = "flash"
'''
_SELECTOR = '''
    from .kinds import Backend
    from .backends import FlashAttn

    def get_attn_backend(n):
        if n > 1:
            return FlashAttn.NAME
        return Backend.XFORMERS
'''


def _enum_tree(backends: str) -> dict[str, str]:
    return {"pkg/__init__.py": "", "pkg/kinds.py": _KINDS, "pkg/backends.py": backends, "pkg/selector.py": _SELECTOR}


def test_a_class_constant_bound_to_an_imported_enum_member_is_that_member(cli, tmp_path):
    # round 38 (01): `NAME = Backend.FLASH_ATTN` with Backend from kinds.py was an outcome named
    # "NAME", never FLASH_ATTN: forbid clean, get_attn_backend(5) returns Backend.FLASH_ATTN
    files = _enum_tree("from .kinds import Backend\n\nclass FlashAttn:\n    NAME = Backend.FLASH_ATTN\n")
    run = check_tree(cli, tmp_path, files, "pkg/selector.py", "get_attn_backend", 'forbid = ["FLASH_ATTN"]\n[rule.given]\nn = 5\n')
    assert run.exit_code == 1 and "undetermined" not in run.output and "got       FLASH_ATTN" in run.output, run.output
    run = check_tree(cli, tmp_path, files, "pkg/selector.py", "get_attn_backend", 'expect = "FLASH_ATTN"\n[rule.given]\nn = 5\n')
    assert run.exit_code == 0, run.output


def test_a_class_constant_bound_to_an_imported_constant_is_that_constant(cli, tmp_path):
    # round 38 (01): `class Cfg: NAME = DEFAULT_NAME` of `from .kinds import DEFAULT_NAME` was a free
    # input, "DIFF" reached with NAME other than "flash"; same() always returns 'SAME'
    guard = '''
        from .kinds import DEFAULT_NAME

        class Cfg:
            NAME = DEFAULT_NAME

        def same():
            if Cfg.NAME == "flash":
                return "SAME"
            return "DIFF"
    '''
    run = check_tree(cli, tmp_path, {**_enum_tree(""), "pkg/guard.py": guard}, "pkg/guard.py", "same", 'forbid = ["\'DIFF\'"]\n')
    assert run.exit_code == 0, run.output


def test_a_class_constant_extending_an_imported_base_tuple_is_computed(cli, tmp_path):
    # round 38 (01): `DTYPES = AttentionBackend.DTYPES + ("float32",)` of a base in another module
    files = {"pkg/__init__.py": "", "pkg/base.py": 'class AttentionBackend:\n    DTYPES = ("float16", "bfloat16")\n',
             "pkg/triton.py": '''
                 from .base import AttentionBackend

                 class TritonBackend(AttentionBackend):
                     DTYPES = AttentionBackend.DTYPES + ("float32",)

                 def pick(dtype):
                     if dtype in TritonBackend.DTYPES:
                         return "TRITON"
                     return "NONE"
             '''}
    run = check_tree(cli, tmp_path, files, "pkg/triton.py", "pick", 'expect = "\'TRITON\'"\n[rule.given]\ndtype = "float32"\n')
    assert run.exit_code == 0, run.output


def test_an_imported_class_constant_the_function_rewrites_is_what_it_wrote(cli, tmp_path):
    # the import-time value is what the class body bound, not what the function wrote since
    selector = '''
        from .kinds import Backend
        from .backends import FlashAttn

        def get_attn_backend(n):
            FlashAttn.NAME = Backend.XFORMERS
            return FlashAttn.NAME
    '''
    files = {**_enum_tree("from .kinds import Backend\n\nclass FlashAttn:\n    NAME = Backend.FLASH_ATTN\n"), "pkg/selector.py": selector}
    run = check_tree(cli, tmp_path, files, "pkg/selector.py", "get_attn_backend", 'expect = "XFORMERS"\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 02, 03: writes by modules not naming the class

_RUNNER = '''
    class Runner:
        use_overlap = True

        def order(self):
            if self.use_overlap:
                return "MK_INTERNAL"
            return "NO_OVERLAP"
'''


def test_an_attribute_a_loading_hook_writes_through_a_path_is_no_class_constant(cli, tmp_path):
    # round 38 (02): `layer.runner.use_overlap = False` in a module that never names Runner kept
    # `use_overlap = True` folded: expect 'MK_INTERNAL' clean, the run after loading returns NO_OVERLAP
    loader = "def process_weights_after_loading(layer):\n    layer.runner.use_overlap = False\n"
    files = {"pk/__init__.py": "", "pk/runner.py": _RUNNER, "pk/loader.py": loader}
    run = check_tree(cli, tmp_path, files, "pk/runner.py", "Runner.order", 'expect = "MK_INTERNAL"\n')
    assert undetermined(run) and "pk/loader.py writes it" in run.output, run.output


def test_an_attribute_setattr_writes_by_its_name_on_any_object_is_no_class_constant(cli, tmp_path):
    loader = 'def disable(r):\n    setattr(r, "use_overlap", False)\n'
    files = {"pk/__init__.py": "", "pk/runner.py": _RUNNER, "pk/loader.py": loader}
    run = check_tree(cli, tmp_path, files, "pk/runner.py", "Runner.order", 'expect = "MK_INTERNAL"\n')
    assert undetermined(run), run.output


def test_an_attribute_only_self_writes_in_an_unrelated_module_stays_a_constant(cli, tmp_path):
    # control: `self.use_overlap = ...` of another module's own class writes no Runner
    other = "class Other:\n    def __init__(self):\n        self.use_overlap = False\n"
    files = {"pk/__init__.py": "", "pk/runner.py": _RUNNER, "pk/other.py": other}
    run = check_tree(cli, tmp_path, files, "pk/runner.py", "Runner.order", 'expect = "MK_INTERNAL"\n')
    assert run.exit_code == 0, run.output


def test_a_method_a_plugin_patches_on_one_object_is_not_inlined(cli, tmp_path):
    # round 38 (02): `layer.runner._can_overlap = lambda: False` in a plugin module: the `def` was inlined
    runner = '''
        class MethodRunner:
            def _can_overlap(self):
                return True

            def order(self):
                if self._can_overlap():
                    return "MK_INTERNAL"
                return "NO_OVERLAP"
    '''
    plugin = "def disable_overlap(layer):\n    layer.runner._can_overlap = lambda: False\n"
    files = {"pk/__init__.py": "", "pk/method_runner.py": runner, "pk/plugin.py": plugin}
    run = check_tree(cli, tmp_path, files, "pk/method_runner.py", "MethodRunner.order", 'expect = "MK_INTERNAL"\n')
    assert undetermined(run), run.output


def test_a_class_attribute_written_through_a_registry_loop_is_no_constant(cli, tmp_path):
    # round 38 (03): `for c in REGISTRY.values(): c.enabled = False` (the classes a decorator
    # registered) left `enabled = True` folded: expect 'Flash' clean, pick() returns 'Triton'
    files = {
        "pk/__init__.py": "from . import backends, tweaks\n",
        "pk/registry.py": "REGISTRY = {}\n\ndef register(name):\n    def deco(cls):\n        REGISTRY[name] = cls\n"
                          "        return cls\n    return deco\n",
        "pk/backends.py": '''
            from .registry import register

            class Base:
                enabled = True

                @classmethod
                def is_supported(cls):
                    return cls.enabled

            @register("flash")
            class Flash(Base):
                pass

            class Triton(Base):
                pass

            def pick():
                for b in (Flash, Triton):
                    if b.is_supported():
                        return b.__name__
                return "NONE"
        ''',
        "pk/tweaks.py": "from .registry import REGISTRY\n\nfor _cls in REGISTRY.values():\n    _cls.enabled = False\n",
    }
    run = check_tree(cli, tmp_path, files, "pk/backends.py", "pick", 'expect = "\'Flash\'"\n')
    assert undetermined(run) and "pk/tweaks.py writes it" in run.output, run.output


# ---------------------------------------------------------------- 04: a name a later star import rebinds

def test_a_name_a_later_star_import_rebinds_is_no_input(cli, tmp_path):
    # round 38 (04): `from .defaults import N` then `from .tuned import *` (which binds N = 4096):
    # a definite violation with N < 1000, which no run gives
    files = {
        "pk/__init__.py": "", "pk/defaults.py": "MAX_TOKENS = 128\n", "pk/tuned.py": "MAX_TOKENS = 4096\n",
        "pk/sched.py": '''
            from .defaults import MAX_TOKENS
            from .tuned import *

            def chunked_prefill(num_tokens):
                if num_tokens > MAX_TOKENS:
                    return "CHUNK"
                return "WHOLE"
        ''',
    }
    run = check_tree(cli, tmp_path, files, "pk/sched.py", "chunked_prefill", 'expect = "\'WHOLE\'"\n[rule.given]\nnum_tokens = 1000\n')
    assert undetermined(run) and "bound more than once" in run.output, run.output


# ---------------------------------------------------------------- 05, 06: imported enums as keys, two spellings

_BACKENDS = '''
    class FlashAttentionBackend:
        @classmethod
        def supports_head_size(cls, head_size):
            return head_size in (64, 128, 256)

    class TritonAttentionBackend:
        @classmethod
        def supports_head_size(cls, head_size):
            return head_size >= 32
'''


def test_a_dict_keyed_by_an_imported_enum_is_a_table(cli, tmp_path):
    # round 38 (05): `_CLS = {B.FLASH_ATTN: ..., B.TRITON_ATTN: ...}` with B imported was a free input:
    # `(B.TRITON_ATTN in _CLS)=false` and a call on `_CLS[B.X]` given false, both no run's
    selector = '''
        from .kinds import B
        from .backends import FlashAttentionBackend, TritonAttentionBackend

        _CLS = {B.FLASH_ATTN: FlashAttentionBackend, B.TRITON_ATTN: TritonAttentionBackend}

        def validate_selected(selected, head_size):
            if not _CLS[B[selected]].supports_head_size(head_size):
                raise ValueError(selected)
            return B[selected]

        def registered():
            if B.TRITON_ATTN in _CLS:
                return "PRESENT"
            return "MISSING"
    '''
    kinds = 'import enum\n\nclass B(enum.Enum):\n    FLASH_ATTN = "FLASH_ATTN"\n    TRITON_ATTN = "TRITON_ATTN"\n'
    files = {"pk/__init__.py": "", "pk/kinds.py": kinds, "pk/backends.py": _BACKENDS, "pk/selector.py": selector}
    run = check_tree(cli, tmp_path, files, "pk/selector.py", "registered", 'expect = "\'PRESENT\'"\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, files, "pk/selector.py", "validate_selected",
                     'expect = "TRITON_ATTN"\n[rule.given]\nselected = "TRITON_ATTN"\nhead_size = 80\n')
    assert run.exit_code == 0, run.output


def test_a_dict_keyed_through_an_alias_of_the_module_enum_is_a_table(cli, tmp_path):
    aliased = '''
        import enum
        from .backends import FlashAttentionBackend, TritonAttentionBackend

        class AttentionBackendEnum(enum.Enum):
            FLASH_ATTN = "FLASH_ATTN"
            TRITON_ATTN = "TRITON_ATTN"

        B = AttentionBackendEnum
        _CLS = {B.FLASH_ATTN: FlashAttentionBackend, B.TRITON_ATTN: TritonAttentionBackend}

        def supports(head_size):
            if _CLS[B.TRITON_ATTN].supports_head_size(head_size):
                return "VALID"
            return "INVALID"
    '''
    files = {"pk/__init__.py": "", "pk/backends.py": _BACKENDS, "pk/aliased.py": aliased}
    run = check_tree(cli, tmp_path, files, "pk/aliased.py", "supports", 'expect = "\'VALID\'"\n[rule.given]\nhead_size = 80\n')
    assert run.exit_code == 0, run.output


def test_a_dict_keyed_by_what_is_no_member_stays_unknown(cli, tmp_path):
    # control: keys that are no enum members (a module's plain constants read through an import)
    files = {"pk/__init__.py": "", "pk/keys.py": 'A = "a"\n\ndef rebind():\n    global A\n    A = "b"\n',
             "pk/sel.py": '''
                 from . import keys

                 _T = {keys.A: "X"}

                 def pick(k):
                     if k in _T:
                         return "HIT"
                     return "MISS"
             '''}
    run = check_tree(cli, tmp_path, files, "pk/sel.py", "pick", 'expect = "\'HIT\'"\n[rule.given]\nk = "a"\n')
    assert run.exit_code == 1 and "HIT" not in run.output.split("got", 1)[1].split("\n")[0] or undetermined(run), run.output


_SPELLED = {
    "pk/__init__.py": "",
    "pk/kinds.py": 'import enum\n\nclass Kind(enum.Enum):\n    FLASH = "flash"\n    TRITON = "triton"\n',
    "pk/backends.py": '''
        from . import kinds as K

        class Flash:
            @classmethod
            def ok(cls, n):
                return n >= 64

            @classmethod
            def kind(cls):
                return K.Kind.FLASH

        class Triton:
            @classmethod
            def ok(cls, n):
                return True

            @classmethod
            def kind(cls):
                return K.Kind.TRITON
    ''',
    "pk/selector.py": '''
        from .kinds import Kind
        from .backends import Flash, Triton

        def pick(n):
            for b in (Flash, Triton):
                if b.ok(n):
                    return b.kind()
            return None

        def describe(n):
            k = pick(n)
            if k is Kind.FLASH:
                return "F"
            if k is Kind.TRITON:
                return "T"
            return "NONE"

        def same():
            from . import kinds as K
            if Kind.TRITON is K.Kind.TRITON:
                return "EQ"
            return "NE"
    ''',
}


def test_one_member_spelled_through_a_module_alias_and_a_from_import_is_one_value(cli, tmp_path):
    # round 38 (06): `K.Kind.TRITON` beside `Kind.TRITON` was an atom "TRITON" free to differ from itself
    run = check_tree(cli, tmp_path, _SPELLED, "pk/selector.py", "same", 'expect = "\'EQ\'"\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, _SPELLED, "pk/selector.py", "describe", 'expect = "\'T\'"\n[rule.given]\nn = 10\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, _SPELLED, "pk/selector.py", "describe", 'forbid = ["\'NONE\'"]\n')
    assert run.exit_code == 0, run.output


def test_two_enums_of_one_name_in_two_modules_stay_apart(cli, tmp_path):
    # control: `Kind` of a.py and `Kind` of b.py are two enums; their members are never equal
    files = {"pk/__init__.py": "", "pk/a.py": 'import enum\n\nclass Kind(enum.Enum):\n    X = 1\n',
             "pk/b.py": 'import enum\n\nclass Kind(enum.Enum):\n    X = 1\n\ndef get():\n    return Kind.X\n',
             "pk/sel.py": '''
                 from .a import Kind
                 from . import b

                 def same():
                     if b.get() is Kind.X:
                         return "EQ"
                     return "NE"
             '''}
    run = check_tree(cli, tmp_path, files, "pk/sel.py", "same", 'expect = "\'NE\'"\n')
    assert run.exit_code == 0, run.output


# ---------------------------------------------------------------- 07: module constants bound to a call of the tree

_DEFAULTS = '''
    def _default_backend():
        return "flash"

    def _min_capability():
        return 90

    DEFAULT_BACKEND = _default_backend()
    MIN_CAP = _min_capability()
'''


def test_a_module_constant_bound_to_a_call_of_the_tree_is_what_the_call_returns(cli, tmp_path):
    # round 38 (07): `DEFAULT_BACKEND = _default_backend()` was a free input ("other than flash")
    selector = '''
        from .defaults import DEFAULT_BACKEND, MIN_CAP

        def pick():
            if DEFAULT_BACKEND == "flash":
                return "FLASH"
            return "OTHER"

        def cap(capability):
            if capability >= MIN_CAP:
                return "HOPPER_PATH"
            return "OLD_PATH"
    '''
    files = {"pk/__init__.py": "", "pk/defaults.py": _DEFAULTS, "pk/selector.py": selector}
    run = check_tree(cli, tmp_path, files, "pk/selector.py", "pick", 'expect = "\'FLASH\'"\n')
    assert run.exit_code == 0, run.output
    run = check_tree(cli, tmp_path, files, "pk/selector.py", "cap", 'expect = "\'HOPPER_PATH\'"\n[rule.given]\ncapability = 90\n')
    assert run.exit_code == 0, run.output


def test_a_class_constant_bound_to_a_call_of_the_tree_is_what_the_call_returns(cli, tmp_path):
    source = '''
        def _cap():
            return 90

        class FlashAttentionBackend:
            MIN_CAP = _cap()

            @classmethod
            def is_supported(cls, capability):
                return capability >= cls.MIN_CAP

        def pick(capability):
            if FlashAttentionBackend.is_supported(capability):
                return "FLASH"
            return "OTHER"
    '''
    run = check_tree(cli, tmp_path, {"pk/__init__.py": "", "pk/classattr.py": source}, "pk/classattr.py", "pick",
                     'expect = "\'FLASH\'"\n[rule.given]\ncapability = 90\n')
    assert run.exit_code == 0, run.output


def test_a_module_constant_bound_to_a_call_reading_the_environment_stays_an_input(cli, tmp_path):
    # control: what the environment chooses as the module is imported is the program's input
    defaults = 'import os\n\ndef _probe():\n    return os.environ.get("USE_FLASH") == "1"\n\nHAS_FLASH = _probe()\n'
    selector = 'from .defaults import HAS_FLASH\n\ndef pick():\n    if HAS_FLASH:\n        return "FLASH"\n    return "OTHER"\n'
    files = {"pk/__init__.py": "", "pk/defaults.py": defaults, "pk/selector.py": selector}
    run = check_tree(cli, tmp_path, files, "pk/selector.py", "pick", 'expect = "\'FLASH\'"\n')
    assert run.exit_code == 1 and "HAS_FLASH" in run.output, run.output
    run = check_tree(cli, tmp_path, files, "pk/selector.py", "pick", 'expect = "\'FLASH\'"\n[rule.given]\nHAS_FLASH = true\n')
    assert run.exit_code == 0, run.output


def test_diff_sees_a_class_constant_rebound_to_another_imported_member(cli, tmp_path):
    # `NAME = Backend.FLASH_ATTN` -> `Backend.XFORMERS` in backends.py, the selector unchanged: the
    # model's reads did not hold the class body's binding, and `diff` said "unchanged" (0 changed)
    selector = _SELECTOR
    for version, member in (("old", "FLASH_ATTN"), ("new", "XFORMERS")):
        files = _enum_tree(f"from .kinds import Backend\n\nclass FlashAttn:\n    NAME = Backend.{member}\n")
        for path, text in {**files, "pkg/selector.py": selector}.items():
            (tmp_path / version / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / version / path).write_text(textwrap.dedent(text))
    (tmp_path / "r.toml").write_text('[[rule]]\nid = "r"\npath = "pkg/selector.py"\nfunction = "get_attn_backend"\n'
                                     'reachable = ["XFORMERS"]\n')
    run = cli("diff", tmp_path / "old", tmp_path / "new", "--no-cache", "--rules", tmp_path / "r.toml")
    assert run.exit_code == 1 and "FLASH_ATTN (line 7)  ->  XFORMERS (line 7)" in run.output, run.output
