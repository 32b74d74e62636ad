"""The probe's wrapper of a target (part of the probe: standard library only).

One generated function with the target's own signature: it reads the atoms (`probe_read`), calls
the original exactly once with the same arguments, and counts
`(return offset, outcome, capturing, atoms...)` in a dict. A call that raises is counted with its
exception's type as the outcome, and the exception goes on unchanged.

Three paths, from the cheapest:
1. Fast reader, same key as the last call: one type check per object of the chains (a guard
   verified by the checked reader), plain reads, and each value compared by identity (an `int`
   also by value) with the last call's; the outcome, the capture flag and the return offset too.
   Then the last key's count goes up by one: no key is built, hashed or looked up.
2. Fast reader, another key: the values are checked by type and turned into a key (plain values,
   enum members by name, anything else by type name), counted in the dict, and remembered as the
   last call's. All of the last call's state is one tuple, swapped at once, so a thread never
   counts a call under another call's key.
3. A guard failed (an object of a new type, a name not defined, a read that raised): the checked
   reader, whose every step verifies its object's type or reads through `Site.read`.
The last call's values are held only when they are plain values, enum members, classes or
functions (named: `probe_read.Named`): no other object of the program is kept alive by the probe. A returned list or tuple is never held (the program may
change it): each call that returns one builds its key (`Listed`) and takes path 2.

Under `torch.compile`, Dynamo traces `wrapper._torchdynamo_inline` in place of the wrapper (its
own hook for inlining): the original, then a note that Dynamo runs once at trace time (a function
marked constant, so nothing enters the graph and no guard is added). Eager calls never pay for it.
"""

from __future__ import annotations

import builtins
import textwrap
import types

from .probe_read import OBJECT, Guard, Named, NotRead, Opaque, Raised, Site, atom_key, not_read, parse_atom, raised
from .probe_returns import UNKNOWN

_VARARGS, _VARKEYWORDS = 0x04, 0x08


def signature(function) -> tuple[str, str, list[str]]:
    """(parameters, call arguments, parameter names) of a function as source text, from its code
    object (what the call binds to, whatever `__signature__` or `__wrapped__` claim); defaults are
    written `=None` and the real ones set on the generated function afterwards."""
    code = function.__code__
    names = code.co_varnames
    positional, kwonly = code.co_argcount, code.co_kwonlyargcount
    defaults = len(function.__defaults__ or ())
    kwdefaults = function.__kwdefaults__ or {}
    params = [n + ("=None" if i >= positional - defaults else "") for i, n in enumerate(names[:positional])]
    args = list(names[:positional])
    if code.co_posonlyargcount:
        params.insert(code.co_posonlyargcount, "/")
    end = positional + kwonly
    if code.co_flags & _VARARGS:
        params.append("*" + names[end])
        args.append("*" + names[end])
        end += 1
    elif kwonly:
        params.append("*")
    for name in names[positional:positional + kwonly]:
        params.append(name + ("=None" if name in kwdefaults else ""))
        args.append(f"{name}={name}")
    if code.co_flags & _VARKEYWORDS:
        params.append("**" + names[end])
        args.append("**" + names[end])
        end += 1
    return ", ".join(params), ", ".join(args), list(names[:end])


class Reader:
    """The generated code that reads a target's atoms: the checked reader (`checked`: every step
    verifies its object or takes `Site.read`; into `_P_c0..`) and the fast reader (`chain`: one
    guard per object, which also binds it to a local; `leaves`: plain reads into `_P_a0..`).
    `_P_` stands for the prefix of every generated name."""

    def __init__(self, atoms: list[str], none_only, parameters: set[str], namespace: dict) -> None:
        self.parameters = parameters
        self.sites: list[Site] = []
        self.site_of: dict[tuple, Site] = {}  # (root, steps so far) -> the step's site
        self.guards: list[Guard] = []
        self.guard_of: dict[tuple, Guard] = {}  # (root, steps so far) -> the object's guard
        self.checked: list[str] = []
        self.chain: list[str] = []
        self.leaves: list[str] = []
        self.names: dict[tuple, str] = {}  # (root, steps so far) -> checked reader's variable
        self.typed: set[str] = set()  # checked reader's variables whose type is in `<variable>_t`
        self.fast: dict[tuple, str] = {}  # (root, steps so far) -> fast reader's expression
        for index, text in enumerate(atoms):
            parsed = parse_atom(text)
            if parsed is None:  # a call, or a subscript by a value the probe would have to compute
                marker = "_P_NR_CALL" if "(" in text else "_P_NR_FORM"
                self.checked.append(f"_P_c{index} = {marker}")
                self.leaves.append(f"_P_a{index} = {marker}")
                continue
            root, steps = parsed
            module_root = root not in parameters and isinstance(namespace.get(root), types.ModuleType)
            variable = self._checked(root, steps, module_root)
            leaf = self._fast(root, steps, module_root)
            if text in none_only:
                self.checked.append(f"_P_c{index} = None if {variable} is None else "
                                    f"({variable} if _P_type({variable}) is _P_NR else _P_OBJ)")
                self.leaves.append(f"_P_a{index} = None if {leaf} is None else _P_OBJ")
            else:
                self.checked.append(f"_P_t = _P_type({variable})\n_P_c{index} = {variable} if (_P_t is _P_bool or "
                                    f"_P_t is _P_int or _P_t is _P_str or {variable} is None or _P_t is _P_float) "
                                    f"else _P_KEY({variable})")
                self.leaves.append(f"_P_a{index} = {leaf}")

    # ------------------------------------------------------------ the checked reader

    def _checked(self, root: str, steps: list, module_root: bool) -> str:
        key = (root, ())
        if key not in self.names:
            variable = self.names[key] = f"_P_v{len(self.names)}"
            if root in self.parameters:
                self.checked.append(f"{variable} = {root}")
            else:  # a global or builtin: LOAD_GLOBAL reads the module dict, then builtins
                self.checked.append(f"try:\n    {variable} = {root}\nexcept Exception:\n    {variable} = _P_NR_NAME")
        parent = self.names[key]
        for depth, (attribute, name) in enumerate(steps):
            key = (root, tuple(steps[:depth + 1]))
            if key not in self.names:
                self._step(parent, key, attribute, name, by_identity=module_root and depth == 0)
            parent = self.names[key]
        return parent

    def _step(self, parent: str, key: tuple, attribute: bool, name, by_identity: bool) -> None:
        site = self.site_of[key] = Site(len(self.sites), attribute, name, by_identity)
        self.sites.append(site)
        variable = self.names[key] = f"_P_v{len(self.names)}"
        cell, slow = f"_P_K{site.index}", f"_P_S{site.index}"
        read = f"{parent}.{name}" if attribute else f"{parent}[{name!r}]"
        if not by_identity and parent not in self.typed:  # one type() per object, whatever its children
            self.typed.add(parent)
            self.checked.append(f"{parent}_t = _P_type({parent})")
        test = f"{parent} is {cell}" if by_identity else f"{parent}_t is {cell}"
        self.checked.append(
            f"try:\n    {variable} = {read} if {test} else {slow}({parent})\n"
            f"except Exception:\n    {variable} = {slow}({parent})")

    # ------------------------------------------------------------ the fast reader

    def _fast(self, root: str, steps: list, module_root: bool) -> str:
        """The fast reader's expression for an atom's value; guards every object on its way."""
        expression = self.fast.setdefault((root, ()), root)
        for depth, (attribute, name) in enumerate(steps):
            parent = (root, tuple(steps[:depth]))
            guard = self._guard(parent, expression, by_identity=module_root and depth == 0)
            site = self.site_of[(root, tuple(steps[:depth + 1]))]
            if site.guard is None:
                site.guard = guard
                guard.sites.append(site)
            expression = self.fast[parent]
            key = (root, tuple(steps[:depth + 1]))
            expression = self.fast.setdefault(key, f"{expression}.{name}" if attribute else f"{expression}[{name!r}]")
        return expression

    def _guard(self, key: tuple, expression: str, by_identity: bool) -> Guard:
        """The guard of the object at `key`; the chain binds the object to a local first (a
        global could be rebound by another thread between the check and the reads)."""
        guard = self.guard_of.get(key)
        if guard is not None:
            return guard
        guard = self.guard_of[key] = Guard(len(self.guards), by_identity)
        self.guards.append(guard)
        if expression in self.parameters:
            bind = variable = expression
        else:
            variable = f"_P_f{guard.index}"
            bind = f"({variable} := {expression})"
        self.fast[key] = variable
        self.chain.append(f"{bind} is _P_G{guard.index}" if by_identity else f"_P_type({bind}) is _P_G{guard.index}")
        return guard


_TEMPLATE = """\
def _make(_P_original, _P_CODE, _P_NR, _P_NR_CALL, _P_NR_NAME, _P_NR_FORM, _P_OBJ, _P_KEY, _P_RAISED, _P_X, _P_UNKNOWN, _P_NotRead, _P_Opaque, _P_Raised, _P_Named,
          _P_counts, _P_new_key, _P_calls, _P_tick, _P_error, _P_ret, _P_capturing, _P_note,
          _P_type, _P_bool, _P_int, _P_str, _P_float, _P_SLOW):
    (#SLOWS#) = _P_SLOW
    _P_REDIRECT_CODE = _P_REDIRECT_COPY = None  # set by `redirect`: the function's new code, and its own code's copy
#CELLS#
    _P_INITIAL = (#INITIAL#)
    _P_state = _P_INITIAL

    def _P_atoms(#ORDERED#):
#CHECKED#
        return (#CHECKED_VALUES#)

    def _P_fresh(#RAW#_P_result, _P_cap, _P_off):
        nonlocal _P_state
        try:
#FRESH_VALUES#
#OUTCOME#
            _P_key = (_P_off, _P_okey, _P_cap, #KEYS#)
#COUNT#
            _P_state = (#LASTS#_P_lr, _P_cap, _P_off, _P_count, _P_okey)
        except Exception as exc:
            _P_error('record', exc)

    def _P_remember(_P_values, _P_result, _P_cap, _P_off):
        nonlocal _P_state
        try:
#OUTCOME#
            _P_key = (_P_off, _P_okey, _P_cap, *_P_values)
#COUNT#
            _P_state = (*_P_values, _P_lr, _P_cap, _P_off, _P_count, _P_okey)
        except Exception as exc:
            _P_error('record', exc)

    def _P_reset():
        nonlocal _P_state
        _P_state = _P_INITIAL

    def wrapper(#PARAMS#):
        try:
            if #CHAIN#:
#LEAVES#
                _P_fast = True
            else:
                _P_fast = False
        except Exception:
            _P_fast = False
        if not _P_fast:
            _P_values = _P_atoms(#ORDERED#)
        _P_cap = _P_capturing[0]
        try:
            _P_result = (_P_REDIRECT_COPY if _P_original.__code__ is _P_REDIRECT_CODE else _P_original)(#ARGS#)
        except BaseException as _P_exc:
            if _P_fast:
                _P_fresh(#RAW#_P_RAISED(_P_exc), _P_cap, -1)
            else:
                _P_remember(_P_values, _P_RAISED(_P_exc), _P_cap, -1)
            raise
#AFTER_CALL#
        if _P_fast:
            #STATE# = _P_state
            if #SAME#:
                _P_count[0] += 1
            else:
                _P_fresh(#RAW#_P_result, _P_cap, #OFF#)
        else:
            _P_remember(_P_values, _P_result, _P_cap, #OFF#)
        return _P_result

    def traced(#PARAMS#):
        _P_result = (_P_original if _P_REDIRECT_COPY is None else _P_REDIRECT_COPY)(#ARGS#)
        _P_note(_P_result)
        return _P_result

    return wrapper, _P_atoms, traced, _P_reset
"""

_OUTCOME = """\
_P_t = _P_type(_P_result)
if _P_result is _P_state[-5]:  # the last call's outcome object: its key is known
    _P_okey, _P_lr = _P_state[-1], _P_result
elif _P_t is _P_bool or _P_t is _P_int or _P_t is _P_str or _P_result is None or _P_t is _P_float or _P_t is _P_Opaque or _P_t is _P_NotRead or _P_t is _P_Raised:
    _P_okey = _P_lr = _P_result
else:
    _P_okey = _P_KEY(_P_result, True)  # a list or tuple: a Listed, never the list itself
    _P_lr = _P_result if _P_type(_P_okey) is _P_str or _P_okey is _P_result else _P_X
if _P_off == -1 and _P_original.__code__ is not _P_CODE and _P_original.__code__ is not _P_REDIRECT_CODE:
    _P_off = _P_UNKNOWN  # the code was replaced: its returns are not watched
"""

_FRESH_VALUE = """\
_P_t = _P_type(_P_a#)
if _P_t is _P_bool or _P_t is _P_int or _P_t is _P_str or _P_a# is None or _P_t is _P_float or _P_t is _P_Opaque or _P_t is _P_NotRead or _P_t is _P_Raised:
    _P_k# = _P_l# = _P_a#
else:
    _P_k# = _P_KEY(_P_a#)
    _P_l# = _P_a# if _P_type(_P_k#) is _P_str or _P_type(_P_k#) is _P_Named or _P_k# is _P_a# else _P_X
"""

_COUNT = """\
_P_count = _P_counts.get(_P_key)
if _P_count is None:
    _P_count = _P_new_key(_P_key)
else:
    _P_count[0] += 1
"""


def make(original, target: dict, recorder, hooks: dict):
    """(wrapper, checked atoms reader) for `original`. The reader takes the target's parameters
    positionally, in the order of `signature(original)[2]` (the first call, seen from its frame).

    recorder: counts dict, new_key(key) -> count list, calls, tick(n) or None; gets `reset`, which
    forgets the last call (after a fork). hooks: ret (list holding the target's last kept return
    offset; None without return lines), capturing (list holding the CUDA capture flag),
    error(stage, exc), note(result) for Dynamo's trace time, nr_call and nr_name (markers)."""
    code = original.__code__
    parameters = set(code.co_varnames[:_argument_count(code)])
    prefix = "_oc_"
    while any(n.startswith(prefix) for n in parameters):
        prefix = "_" + prefix
    params, args, ordered = signature(original)
    n = len(target["atoms"])
    reader = Reader(target["atoms"], set(target.get("none_only", ())), parameters, original.__globals__)
    numbered = range(n)
    lines = hooks.get("ret") is not None
    after = "_P_off = _P_ret[0]\n_P_ret[0] = -1\n" if lines else ""
    if recorder.tick:
        after += "_P_n = _P_calls[0] = _P_calls[0] + 1\n_P_tick(_P_n)\n"
    same = [f"(_P_a{i} is _P_L{i} or _P_type(_P_a{i}) is _P_int and _P_a{i} == _P_L{i})" for i in numbered]
    parts = {
        "#SLOWS#": "".join(f"_P_S{i}, " for i in range(len(reader.sites))),
        "#CELLS#": "".join(f"    _P_K{i} = None\n" for i in range(len(reader.sites)))
                   + "".join(f"    _P_G{i} = None\n" for i in range(len(reader.guards))),
        "#INITIAL#": "_P_X, " * (n + 2) + "-3, [0], _P_X",
        "#ORDERED#": ", ".join(ordered),
        "#CHECKED#": _indent("\n".join(reader.checked), 2),
        "#CHECKED_VALUES#": "".join(f"_P_c{i}, " for i in numbered),
        "#RAW#": "".join(f"_P_a{i}, " for i in numbered),
        "#FRESH_VALUES#": _indent("".join(_FRESH_VALUE.replace("#", str(i)) for i in numbered), 3),
        "#OUTCOME#": _indent(_OUTCOME, 3),
        "#KEYS#": "".join(f"_P_k{i}, " for i in numbered),
        "#COUNT#": _indent(_COUNT, 3),
        "#LASTS#": "".join(f"_P_l{i}, " for i in numbered),
        "#PARAMS#": params,
        "#ARGS#": args,
        "#CHAIN#": " and ".join(reader.chain) or "True",
        "#LEAVES#": _indent("\n".join(reader.leaves), 4),
        "#AFTER_CALL#": _indent(after, 2),
        "#OFF#": "_P_off" if lines else "-1",
        "#STATE#": "".join(f"_P_L{i}, " for i in numbered) + "_P_LR, _P_LC, _P_LO, _P_count, _P_LK",
        # without return lines the offset is -1 for every call the fast path sees
        "#SAME#": " and ".join([*same, "_P_result is _P_LR", "_P_cap is _P_LC", *(["_P_off == _P_LO"] if lines else [])]),
    }
    source = _TEMPLATE
    for mark, text in parts.items():
        source = source.replace(mark + "\n", text if text.endswith("\n") else text + "\n").replace(mark, text.rstrip("\n"))
    source = source.replace("_P_", prefix)
    namespace: dict = {"__builtins__": builtins}
    exec(compile(source, f"<ordercheck probe of {target['qualname']}>", "exec"), namespace)
    made = namespace["_make"](
        original, code, NotRead, hooks["nr_call"], hooks["nr_name"], _NR_FORM, OBJECT, atom_key, _raised, _UNSEEN, UNKNOWN, NotRead,
        Opaque, Raised, Named,
        recorder.counts, recorder.new_key, recorder.calls, recorder.tick, hooks["error"], hooks.get("ret") or [-1],
        hooks["capturing"], hooks["note"], type, bool, int, str, float, tuple(site.read for site in reader.sites))
    # rebind to the original's globals, so that global roots are the target module's names
    wrapper, atoms, traced = (_rebind(f, original) for f in made[:3])
    _cell(wrapper, f"{prefix}atoms").cell_contents = atoms  # the wrapper's checked path reads globals too
    recorder.reset = made[3]
    for site in reader.sites:
        site.cell = _cell(atoms, f"{prefix}K{site.index}")
    for guard in reader.guards:
        guard.cell = _cell(wrapper, f"{prefix}G{guard.index}")
    for attr in ("__module__", "__qualname__", "__doc__"):
        setattr(wrapper, attr, getattr(original, attr))
    wrapper.__dict__.update(original.__dict__)
    wrapper.__wrapped__ = original
    wrapper._torchdynamo_inline = traced  # Dynamo inlines this in place of the wrapper
    return wrapper, atoms


# ---------------------------------------------------------------- redirecting the function in place

# generator, coroutine, async generator, iterable coroutine: calling one runs none of its code, so
# a plain function that calls the wrapper would change what `inspect` and asyncio say it is
_SUSPENDING = 0x20 | 0x80 | 0x100 | 0x200


def redirectable(function) -> bool:
    """Whether `redirect` keeps `function` what it was to the program (not a generator or coroutine)."""
    return type(function) is types.FunctionType and not function.__code__.co_flags & _SUSPENDING


def copy_of(function):
    """A new function object with `function`'s code, globals, closure, defaults and attributes:
    what the wrapper calls while `redirect` has given `function` itself other code."""
    copy = types.FunctionType(function.__code__, function.__globals__, function.__name__, function.__defaults__,
                              function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__qualname__, copy.__module__, copy.__doc__ = function.__qualname__, function.__module__, function.__doc__
    copy.__annotations__ = dict(function.__annotations__)
    copy.__dict__.update(function.__dict__)
    return copy


def redirect(function, wrapper, copy) -> None:
    """Give `function` a code object that passes its arguments on to `wrapper` (made by `make`
    for `function`; it then calls `copy`, `copy_of(function)`, while the function has that code,
    and the function itself once the program gave it code of its own), so that every
    reference to the function object (its module's name, an alias, a dispatch table, a
    `functools.partial`, a registry a decorator filled while its module was imported, a bound
    method) calls the wrapper; the object, its signature, defaults, `inspect.getsource` and
    pickling by reference stay as they were. The new code has the same parameters and as many
    free variables as the function's closure (CPython checks that count), and bears the
    function's file, name and first line. It reads the wrapper as a global that only the
    function's builtins hold (`__ordercheck_probe_<id>__`: nothing is added to the program's
    modules), which Dynamo follows as any global (a constant it cannot call: Dynamo failed on
    `torch.compile(alias)`); called from compiled code, Dynamo inlines the wrapper's traced form in
    place of the function (`_torchdynamo_inline`), as it does the wrapper's. A program that later assigns the
    function's `__code__` runs that code unrecorded, except through the wrapper where the function
    was bound (which then calls it, and records its outcome with no line)."""
    code = function.__code__
    params, args, names = signature(function)
    free = code.co_freevars
    builtins_ = function.__builtins__
    name = f"__ordercheck_probe_{id(wrapper):x}__"
    while name in builtins_ or name in function.__globals__ or name in names or name in free:
        name = "_" + name
    # (the free variables are named once more after the return, which never runs: the compiler
    # makes them free variables all the same)
    body = f"return {name}({args})" + (f"; ({', '.join(free)},)" if free else "")
    source = "def _outer():\n" + "".join(f"    {n} = None\n" for n in free) + \
        f"    def {code.co_name}({params}): {body}\n    return {code.co_name}\n"
    namespace: dict = {"__builtins__": builtins}
    exec(compile(source, code.co_filename, "exec"), namespace)
    made = namespace["_outer"]().__code__.replace(co_filename=code.co_filename, co_name=code.co_name,
                                                 co_qualname=code.co_qualname, co_firstlineno=code.co_firstlineno)
    if (made.co_freevars, made.co_argcount, made.co_posonlyargcount, made.co_kwonlyargcount) != \
            (free, code.co_argcount, code.co_posonlyargcount, code.co_kwonlyargcount) \
            or made.co_varnames[:len(names)] != code.co_varnames[:len(names)]:
        raise RuntimeError(f"{function.__qualname__}: cannot redirect its code")
    cells = dict(zip(wrapper.__code__.co_freevars, wrapper.__closure__))
    code_cell = next(c for n, c in cells.items() if n.endswith("REDIRECT_CODE"))
    copy_cell = next(c for n, c in cells.items() if n.endswith("REDIRECT_COPY"))
    code_cell.cell_contents, copy_cell.cell_contents = made, copy  # (before any call can meet the new code)
    builtins_[name] = wrapper
    try:
        function.__code__ = made
    except BaseException:
        code_cell.cell_contents = copy_cell.cell_contents = None
        del builtins_[name]
        raise
    function.__dict__["_torchdynamo_inline"] = wrapper._torchdynamo_inline


_UNSEEN = object()  # the last call's value before any call: never a program's value
# an atom that is neither a call nor a chain of attributes and constant subscripts (`d[key]`)
_NR_FORM = not_read("not an attribute chain or constant subscript (the branch that fired tells its value)")


def _raised(exc):
    try:
        return raised(exc)
    except Exception:  # never in the way of the program's own exception
        return NotRead("raised")


def _argument_count(code) -> int:
    return (code.co_argcount + code.co_kwonlyargcount + bool(code.co_flags & _VARARGS)
            + bool(code.co_flags & _VARKEYWORDS))


def _indent(text: str, depth: int) -> str:
    return textwrap.indent(text, "    " * depth) + ("\n" if not text.endswith("\n") else "")


def _cell(function, name: str):
    return function.__closure__[function.__code__.co_freevars.index(name)]


def _rebind(function, original):
    made = types.FunctionType(function.__code__, original.__globals__, original.__name__, original.__defaults__,
                              function.__closure__)
    made.__kwdefaults__ = original.__kwdefaults__
    return made
