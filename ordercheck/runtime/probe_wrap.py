"""The probe's wrapper of a target (part of the probe: standard library only).

One generated function with the target's own signature: it reads the atoms (`probe_read`),
calls the original exactly once with the same arguments, and counts
`(return offset, outcome, capturing, atoms...)` in a dict. One Python frame besides the
original's; the common path calls nothing but `type` and the original.

Under `torch.compile`, Dynamo traces `wrapper._torchdynamo_inline` in place of the wrapper (its
own hook for inlining): the original, then a note that Dynamo runs once at trace time (a function
marked constant, so nothing enters the graph and no guard is added). Eager calls never pay for it.
"""

from __future__ import annotations

import builtins
import inspect
import textwrap
import types

from .probe_read import ENUM_KEYS, OBJECT, NotRead, Site, key_of, parse_atom

_PREFIX = "_oc_"


def signature(function) -> tuple[str, str]:
    """(parameters, call arguments) of a function as source text; defaults are written `=None`
    and the real ones set on the generated function afterwards."""
    params, args = [], []
    star = False
    parameters = list(inspect.signature(function).parameters.values())
    positional_only = sum(p.kind == inspect.Parameter.POSITIONAL_ONLY for p in parameters)
    for p in parameters:
        if p.kind == inspect.Parameter.VAR_POSITIONAL:
            params.append("*" + p.name)
            args.append("*" + p.name)
            star = True
        elif p.kind == inspect.Parameter.VAR_KEYWORD:
            params.append("**" + p.name)
            args.append("**" + p.name)
        else:
            if p.kind == inspect.Parameter.KEYWORD_ONLY and not star:
                params.append("*")
                star = True
            params.append(p.name + ("=None" if p.default is not inspect.Parameter.empty else ""))
            args.append(p.name if p.kind == inspect.Parameter.POSITIONAL_ONLY else f"{p.name}={p.name}")
    if positional_only:
        params.insert(positional_only, "/")
    return ", ".join(params), ", ".join(args)


class Reader:
    """The generated statements that read a target's atoms into `_oc_a0.._oc_aN`, and the sites
    (one per chain step, shared by atoms with a common prefix) they use."""

    def __init__(self, atoms: list[str], none_only, parameters: set[str], namespace: dict) -> None:
        self.sites: list[Site] = []
        self.lines: list[str] = []
        self.names: dict[tuple, str] = {}  # (root, steps so far) -> variable
        self.typed: set[str] = set()  # variables whose type is already in `<variable>_t`
        for index, text in enumerate(atoms):
            target = f"{_PREFIX}a{index}"
            parsed = parse_atom(text)
            if parsed is None:
                self.lines.append(f"{target} = {_PREFIX}NR_CALL")
                continue
            root, steps = parsed
            variable = self._root(root, parameters)
            module_root = root not in parameters and isinstance(namespace.get(root), types.ModuleType)
            for depth, (attribute, name) in enumerate(steps):
                variable = self._step(variable, (root, tuple(steps[:depth + 1])), attribute, name,
                                      by_identity=module_root and depth == 0)
            if text in none_only:
                self.lines.append(f"{target} = None if {variable} is None else "
                                  f"({variable} if type({variable}) is {_PREFIX}NR else {_PREFIX}OBJ)")
            else:
                self.lines.append(f"_t = type({variable})\n{target} = {variable} if (_t is bool or _t is int or "
                                  f"_t is str or {variable} is None or _t is float) else {_PREFIX}KEY({variable})")

    def _root(self, root: str, parameters: set[str]) -> str:
        key = (root, ())
        if key not in self.names:
            variable = self.names[key] = f"{_PREFIX}v{len(self.names)}"
            if root in parameters:
                self.lines.append(f"{variable} = {root}")
            else:  # a global or builtin: LOAD_GLOBAL reads the module dict, then builtins
                self.lines.append(f"try:\n    {variable} = {root}\nexcept Exception:\n    {variable} = {_PREFIX}NR_NAME")
        return self.names[key]

    def _step(self, parent: str, key: tuple, attribute: bool, name, by_identity: bool) -> str:
        if key in self.names:
            return self.names[key]
        site = Site(len(self.sites), attribute, name, by_identity)
        self.sites.append(site)
        variable = self.names[key] = f"{_PREFIX}v{len(self.names)}"
        cell, slow = f"{_PREFIX}K{site.index}", f"{_PREFIX}S{site.index}"
        read = f"{parent}.{name}" if attribute else f"{parent}[{name!r}]"
        if not by_identity and parent not in self.typed:  # one type() per object, whatever its children
            self.typed.add(parent)
            self.lines.append(f"{parent}_t = type({parent})")
        test = f"{parent} is {cell}" if by_identity else f"{parent}_t is {cell}"
        self.lines.append(
            f"try:\n    {variable} = {read} if {test} else {slow}({parent})\n"
            f"except Exception:\n    {variable} = {slow}({parent})")
        return variable


def make(original, target: dict, recorder, hooks: dict):
    """(wrapper, atoms reader, traced) for `original`.

    recorder: new_key(key), counts dict, tick(n) or None; hooks: ret (list holding the last return
    offset), capturing (list holding the CUDA capture flag), error(stage, exc), note(target, result)
    for Dynamo's trace time."""
    params, args = signature(original)
    names = set(inspect.signature(original).parameters)
    reader = Reader(target["atoms"], set(target.get("none_only", ())), names, original.__globals__)
    body = textwrap.indent("\n".join(reader.lines), " " * 8)
    atoms = ", ".join(f"{_PREFIX}a{i}" for i in range(len(target["atoms"])))
    cells = [f"{_PREFIX}K{i}" for i in range(len(reader.sites))]
    slows = [f"{_PREFIX}S{i}" for i in range(len(reader.sites))]
    tick = "            n = calls[0] = calls[0] + 1\n            tick(n)\n" if recorder.tick else ""
    source = (
        f"def _make(original, {_PREFIX}NR, {_PREFIX}NR_CALL, {_PREFIX}NR_NAME, {_PREFIX}OBJ, {_PREFIX}KEY, E, counts, "
        f"new_key, calls, tick, error, ret, capturing, note{''.join(', ' + s for s in slows)}):\n"
        + "".join(f"    {c} = None\n" for c in cells)
        + f"    def wrapper({params}):\n{body}\n"
        "        cap = capturing[0]\n"
        f"        result = original({args})\n"
        "        try:\n"
        "            _t = type(result)\n"
        f"            okey = result if (_t is str or _t is bool or _t is int or result is None) else (E.get(id(result)) or {_PREFIX}KEY(result))\n"
        f"            key = ({'ret[0]' if target.get('need_line', True) else '-1'}, okey, cap, {atoms}{',' if len(target['atoms']) == 1 else ''})\n"
        "            count = counts.get(key)\n"
        "            if count is None:\n"
        "                new_key(key)\n"
        "            else:\n"
        "                count[0] += 1\n"
        f"{tick}"
        "        except Exception as exc:\n"
        "            error('record', exc)\n"
        "        return result\n"
        f"    def atoms({params}):\n{body}\n"
        f"        return ({atoms}{',' if len(target['atoms']) == 1 else ''})\n"
        f"    def traced({params}):\n"
        f"        result = original({args})\n"
        "        note(result)\n"
        "        return result\n"
        "    return wrapper, atoms, traced\n"
    )
    namespace: dict = {"__builtins__": builtins}
    exec(compile(source, f"<ordercheck probe of {target['qualname']}>", "exec"), namespace)
    made = namespace["_make"](
        original, NotRead, hooks["nr_call"], hooks["nr_name"], OBJECT, key_of, ENUM_KEYS, recorder.counts,
        recorder.new_key, recorder.calls, recorder.tick, hooks["error"], hooks["ret"], hooks["capturing"],
        hooks["note"], *[site.read for site in reader.sites])
    # rebind to the original's globals, so that global roots are the target module's names
    wrapper, atoms, traced = (_rebind(f, original) for f in made)
    for site in reader.sites:
        site.cell = wrapper.__closure__[wrapper.__code__.co_freevars.index(f"{_PREFIX}K{site.index}")]
    for attr in ("__module__", "__qualname__", "__doc__"):
        setattr(wrapper, attr, getattr(original, attr))
    wrapper.__dict__.update(original.__dict__)
    wrapper.__wrapped__ = original
    wrapper._torchdynamo_inline = traced  # Dynamo inlines this in place of the wrapper
    return wrapper, atoms


def _rebind(function, original):
    made = types.FunctionType(function.__code__, original.__globals__, original.__name__, original.__defaults__,
                              function.__closure__)
    made.__kwdefaults__ = original.__kwdefaults__
    return made
