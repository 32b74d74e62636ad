"""What every Python this project supports (3.11 on) computes alike, and where they differ: the
model folds a builtin on the Python ordercheck runs on only where the Python a program runs on
gives the same, and leaves the rest undetermined.

- Attributes of the built-in types of literals (`STABLE`, generated from Python 3.11, the least
  version `pyproject.toml` allows, by `{t.__name__: sorted(dir(t)) for t in TYPES}`; `LATER`, what
  a later Python adds, from typeshed's `builtins.pyi`). Round 34: `hasattr(1, "is_integer")` was
  computed on the host, false, where 3.12 says true. Regenerate when the least version rises.
- `sum` of floats: 3.12 adds them with compensation (`sum([0.1, 0.2, 0.3])` is 0.6, on 3.11
  0.6000000000000001); a sum is the same on every Python only where no addition rounds.
- Unicode: each Python has its own Unicode database (3.11: 14.0, 3.12: 15.0, 3.13: 15.1), so what
  a string method says of a character outside ASCII may change with it.
"""

_NAMES = {
    "str": (
        "__add__ __class__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ "
        "__getitem__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ "
        "__len__ __lt__ __mod__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ __rmod__ __rmul__ "
        "__setattr__ __sizeof__ __str__ __subclasshook__ capitalize casefold center count encode endswith "
        "expandtabs find format format_map index isalnum isalpha isascii isdecimal isdigit isidentifier "
        "islower isnumeric isprintable isspace istitle isupper join ljust lower lstrip maketrans partition "
        "removeprefix removesuffix replace rfind rindex rjust rpartition rsplit rstrip split splitlines "
        "startswith strip swapcase title translate upper zfill "
    ),
    "int": (
        "__abs__ __add__ __and__ __bool__ __ceil__ __class__ __delattr__ __dir__ __divmod__ __doc__ __eq__ "
        "__float__ __floor__ __floordiv__ __format__ __ge__ __getattribute__ __getnewargs__ __getstate__ "
        "__gt__ __hash__ __index__ __init__ __init_subclass__ __int__ __invert__ __le__ __lshift__ __lt__ "
        "__mod__ __mul__ __ne__ __neg__ __new__ __or__ __pos__ __pow__ __radd__ __rand__ __rdivmod__ "
        "__reduce__ __reduce_ex__ __repr__ __rfloordiv__ __rlshift__ __rmod__ __rmul__ __ror__ __round__ "
        "__rpow__ __rrshift__ __rshift__ __rsub__ __rtruediv__ __rxor__ __setattr__ __sizeof__ __str__ "
        "__sub__ __subclasshook__ __truediv__ __trunc__ __xor__ as_integer_ratio bit_count bit_length "
        "conjugate denominator from_bytes imag numerator real to_bytes "
    ),
    "float": (
        "__abs__ __add__ __bool__ __ceil__ __class__ __delattr__ __dir__ __divmod__ __doc__ __eq__ __float__ "
        "__floor__ __floordiv__ __format__ __ge__ __getattribute__ __getformat__ __getnewargs__ __getstate__ "
        "__gt__ __hash__ __init__ __init_subclass__ __int__ __le__ __lt__ __mod__ __mul__ __ne__ __neg__ "
        "__new__ __pos__ __pow__ __radd__ __rdivmod__ __reduce__ __reduce_ex__ __repr__ __rfloordiv__ "
        "__rmod__ __rmul__ __round__ __rpow__ __rsub__ __rtruediv__ __setattr__ __sizeof__ __str__ __sub__ "
        "__subclasshook__ __truediv__ __trunc__ as_integer_ratio conjugate fromhex hex imag is_integer real "
    ),
    "NoneType": (
        "__bool__ __class__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ __getattribute__ "
        "__getstate__ __gt__ __hash__ __init__ __init_subclass__ __le__ __lt__ __ne__ __new__ __reduce__ "
        "__reduce_ex__ __repr__ __setattr__ __sizeof__ __str__ __subclasshook__ "
    ),
    "tuple": (
        "__add__ __class__ __class_getitem__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ "
        "__ge__ __getattribute__ __getitem__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ "
        "__init_subclass__ __iter__ __le__ __len__ __lt__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ "
        "__repr__ __rmul__ __setattr__ __sizeof__ __str__ __subclasshook__ count index "
    ),
    "bytes": (
        "__add__ __bytes__ __class__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ "
        "__getattribute__ __getitem__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ "
        "__iter__ __le__ __len__ __lt__ __mod__ __mul__ __ne__ __new__ __reduce__ __reduce_ex__ __repr__ "
        "__rmod__ __rmul__ __setattr__ __sizeof__ __str__ __subclasshook__ capitalize center count decode "
        "endswith expandtabs find fromhex hex index isalnum isalpha isascii isdigit islower isspace istitle "
        "isupper join ljust lower lstrip maketrans partition removeprefix removesuffix replace rfind rindex "
        "rjust rpartition rsplit rstrip split splitlines startswith strip swapcase title translate upper "
        "zfill "
    ),
    "list": (
        "__add__ __class__ __class_getitem__ __contains__ __delattr__ __delitem__ __dir__ __doc__ __eq__ "
        "__format__ __ge__ __getattribute__ __getitem__ __getstate__ __gt__ __hash__ __iadd__ __imul__ "
        "__init__ __init_subclass__ __iter__ __le__ __len__ __lt__ __mul__ __ne__ __new__ __reduce__ "
        "__reduce_ex__ __repr__ __reversed__ __rmul__ __setattr__ __setitem__ __sizeof__ __str__ "
        "__subclasshook__ append clear copy count extend index insert pop remove reverse sort "
    ),
    "dict": (
        "__class__ __class_getitem__ __contains__ __delattr__ __delitem__ __dir__ __doc__ __eq__ __format__ "
        "__ge__ __getattribute__ __getitem__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __ior__ "
        "__iter__ __le__ __len__ __lt__ __ne__ __new__ __or__ __reduce__ __reduce_ex__ __repr__ __reversed__ "
        "__ror__ __setattr__ __setitem__ __sizeof__ __str__ __subclasshook__ clear copy fromkeys get items "
        "keys pop popitem setdefault update values "
    ),
    "set": (
        "__and__ __class__ __class_getitem__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ "
        "__ge__ __getattribute__ __getstate__ __gt__ __hash__ __iand__ __init__ __init_subclass__ __ior__ "
        "__isub__ __iter__ __ixor__ __le__ __len__ __lt__ __ne__ __new__ __or__ __rand__ __reduce__ "
        "__reduce_ex__ __repr__ __ror__ __rsub__ __rxor__ __setattr__ __sizeof__ __str__ __sub__ "
        "__subclasshook__ __xor__ add clear copy difference difference_update discard intersection "
        "intersection_update isdisjoint issubset issuperset pop remove symmetric_difference "
        "symmetric_difference_update union update "
    ),
    "frozenset": (
        "__and__ __class__ __class_getitem__ __contains__ __delattr__ __dir__ __doc__ __eq__ __format__ "
        "__ge__ __getattribute__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __iter__ __le__ "
        "__len__ __lt__ __ne__ __new__ __or__ __rand__ __reduce__ __reduce_ex__ __repr__ __ror__ __rsub__ "
        "__rxor__ __setattr__ __sizeof__ __str__ __sub__ __subclasshook__ __xor__ copy difference "
        "intersection isdisjoint issubset issuperset symmetric_difference union "
    ),
    "complex": (
        "__abs__ __add__ __bool__ __class__ __complex__ __delattr__ __dir__ __doc__ __eq__ __format__ __ge__ "
        "__getattribute__ __getnewargs__ __getstate__ __gt__ __hash__ __init__ __init_subclass__ __le__ "
        "__lt__ __mul__ __ne__ __neg__ __new__ __pos__ __pow__ __radd__ __reduce__ __reduce_ex__ __repr__ "
        "__rmul__ __rpow__ __rsub__ __rtruediv__ __setattr__ __sizeof__ __str__ __sub__ __subclasshook__ "
        "__truediv__ conjugate imag real "
    ),
}

STABLE: dict[type, frozenset[str]] = {t: frozenset(_NAMES[t.__name__].split()) for t in (
    str, int, float, type(None), tuple, bytes, list, dict, set, frozenset, complex)}
STABLE[bool] = STABLE[int]  # (`dir(bool) == dir(int)` on 3.11)


# what a later Python gives these types that 3.11 lacks (typeshed's `builtins.pyi`, gates on
# `sys.version_info` up to 3.15): where a program runs on one of them, the answer differs
LATER: dict[type, frozenset[str]] = {int: frozenset({"is_integer"}), bool: frozenset({"is_integer"}),
                                     float: frozenset({"from_number"}), complex: frozenset({"from_number"})}


def stable(value: object, name: str) -> bool | None:
    """Whether every released Python this project supports gives `value` (a literal of a built-in
    type) the attribute `name`: True where 3.11 and the running Python both have it, False where
    neither has it nor a later Python adds it, None (undetermined) where the Pythons differ."""
    names = STABLE.get(type(value))
    if names is None or name in LATER.get(type(value), ()):
        return None
    present = hasattr(value, name)
    if present == (name in names):
        return present
    return None


def same_sum(values: list) -> bool:
    """Whether `sum(values)` is the same on every supported Python: numbers whose every partial sum
    is exact (ints, and floats that add without rounding), where plain and compensated addition agree."""
    from fractions import Fraction

    if not all(type(v) in (int, bool, float) for v in values):
        return True  # (no float addition: Python raises, or adds other types alike)
    if all(type(v) in (int, bool) for v in values):
        return True
    total = 0
    for v in values:
        rounded = total + v
        try:
            if Fraction(rounded) != Fraction(total) + Fraction(v):
                return False
        except (OverflowError, ValueError):  # inf, nan
            return False
        total = rounded
    return True


def unicode_alike(*values: object) -> bool:
    """Whether every string among `values` (and in tuples among them) is ASCII: what a string
    method says of it does not depend on the Python's Unicode database."""
    for v in values:
        if isinstance(v, str) and not v.isascii():
            return False
        if isinstance(v, tuple) and not unicode_alike(*v):
            return False
    return True
