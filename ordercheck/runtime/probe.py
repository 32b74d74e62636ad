"""The in-process probe: records which path each target decision took, and under which atoms.

Standard library only (it runs in every Python process the command starts, copied next to the
bootstrap `sitecustomize`, so a child needs no ordercheck install). Started by `start()` when
ORDERCHECK_PROBE names a plan file (JSON, written by `ordercheck.runtime.plan`).

- Discovery: on 3.12+ a global PY_START monitoring event that disables itself for every code
  object that is not a target (one callback per code object, ever); on 3.11 an import hook, a
  hook on runpy (spawned children's `__mp_main__`) and, only when the main script defines a
  target, a trace function on that script's module body until the targets exist.
- Recording: the target function is wrapped where it is defined (class attribute or module
  global). The wrapper evaluates the pure atoms through one precompiled function, calls the
  original, and counts (target, return line, outcome, atoms, capturing) in memory. On 3.12+
  a PY_RETURN local event on the target's code gives the return line.
- Flushing: a new key is written at once; counts every second, at exit, on SIGTERM (when the
  program has no handler of its own) and before `os._exit`. One JSONL file per process.
- Safety: the wrapper calls the original exactly once with the same arguments and returns its
  result; every probe failure is caught, written to the data file, and the program goes on.
"""

from __future__ import annotations

import atexit
import builtins
import enum
import inspect
import json
import os
import signal
import socket
import sys
import threading
import time
import textwrap
import types

_PLAN: dict | None = None
_TARGETS: dict[tuple[str, str], dict] = {}  # (realpath, qualname) -> target plan
_TARGET_FILES: set[str] = set()
_WRAPPED: set[int] = set()  # id of original code objects already wrapped
_TARGET_COUNTS: dict[str, dict[tuple, int]] = {}
_LINES: dict[str, dict[int, int]] = {}  # target id -> return offset -> line  # target id -> (line, outcome, atoms, capturing) -> count
_WRITTEN: dict[tuple, int] = {}
_ERRORS: set[str] = set()
_RET = [-1]  # offset of the last PY_RETURN of a target (3.12+)
_CAPTURING = [False]
_STATE = {"file": None, "pid": None, "torch": False, "tool": None}
_LOCK = threading.Lock()
_MISSING = object()


class _Object:
    """Stands for any object read only as `is None` / `is not None`."""

    def __repr__(self):
        return "<object>"


_OBJECT = _Object()
_MONITORING = sys.version_info >= (3, 12)


# ---------------------------------------------------------------- start


def start() -> None:
    """Install the probe if ORDERCHECK_PROBE names a plan. Never raises."""
    global _PLAN
    path = os.environ.get("ORDERCHECK_PROBE")
    if not path or _PLAN is not None:
        return
    try:
        with open(path, encoding="utf-8") as fh:
            _PLAN = json.load(fh)
        for target in _PLAN["targets"]:
            _TARGETS[(os.path.realpath(target["file"]), target["qualname"])] = target
            _TARGET_FILES.add(os.path.realpath(target["file"]))
        _open_file()
        atexit.register(_flush)
        _hook_exit_paths()
        _start_flusher()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=_after_fork)
        if _MONITORING:
            _start_monitoring()
        else:
            _start_import_hooks()
    except BaseException as exc:  # the program must start whatever happens here
        _error("start", exc)


def _open_file() -> None:
    data_dir = _PLAN["data_dir"]
    os.makedirs(data_dir, exist_ok=True)
    pid = os.getpid()
    _STATE["pid"] = pid
    _STATE["file"] = open(os.path.join(data_dir, f"probe-{socket.gethostname()}-{pid}.jsonl"), "a", encoding="utf-8")
    env = os.environ
    _write({
        "type": "process", "pid": pid, "ppid": os.getppid(), "host": socket.gethostname(),
        "rank": _int(env.get("RANK")), "local_rank": _int(env.get("LOCAL_RANK")),
        "world_size": _int(env.get("WORLD_SIZE")), "argv": list(getattr(sys, "argv", [])),
        "python": sys.version.split()[0], "started": time.time(),
    })


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _after_fork() -> None:
    try:
        for counts in _TARGET_COUNTS.values():
            counts.clear()
        _WRITTEN.clear()
        _ERRORS.clear()
        _open_file()
        _start_flusher()  # threads do not survive a fork
    except BaseException as exc:
        _error("fork", exc)


def _hook_exit_paths() -> None:
    original_exit = os._exit

    def _exit(code):
        _flush()
        original_exit(code)

    os._exit = _exit
    try:
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            def on_term(signum, frame):
                _flush()
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.kill(os.getpid(), signal.SIGTERM)

            signal.signal(signal.SIGTERM, on_term)
    except (ValueError, OSError):
        pass


# ---------------------------------------------------------------- discovery: 3.12+


def _start_monitoring() -> None:
    mon = sys.monitoring
    for tool in (4, 3, 2, 5):
        if mon.get_tool(tool) is None:
            mon.use_tool_id(tool, "ordercheck")
            _STATE["tool"] = tool
            break
    else:
        _error("monitoring", RuntimeError("no free sys.monitoring tool id"))
        return
    tool = _STATE["tool"]
    mon.register_callback(tool, mon.events.PY_START, _on_start)
    mon.register_callback(tool, mon.events.PY_RETURN, _on_return)
    mon.set_events(tool, mon.events.PY_START)


def _on_start(code, offset):
    target = _TARGETS.get((_realpath(code.co_filename), code.co_qualname))
    if target is None or id(code) in _WRAPPED:
        return sys.monitoring.DISABLE
    try:
        frame = sys._getframe(1)
        function = _function_of(code, frame)
        if function is not None:
            _install(function, target)
        # this first call runs unwrapped: record it from its frame
        args = frame.f_locals
        atoms = _atoms_from_locals(target, args, function)
        _PENDING[id(frame)] = (target, atoms, _CAPTURING[0])
    except BaseException as exc:
        _error("discover", exc)
    return sys.monitoring.DISABLE


_PENDING: dict[int, tuple] = {}


def _on_return(code, offset, retval):
    _RET[0] = offset
    if _PENDING:
        try:
            pending = _PENDING.pop(id(sys._getframe(1)), None)
            if pending is not None:
                target, atoms, capturing = pending
                _record(target, atoms, retval, offset, capturing)
        except BaseException as exc:
            _error("record", exc)


_REALPATHS: dict[str, str] = {}


def _realpath(path: str) -> str:
    real = _REALPATHS.get(path)
    if real is None:
        real = _REALPATHS[path] = os.path.realpath(path)
    return real


def _function_of(code, frame):
    import gc

    for ref in gc.get_referrers(code):
        if isinstance(ref, types.FunctionType) and ref.__code__ is code:
            return ref
    return None


# ---------------------------------------------------------------- discovery: 3.11


def _start_import_hooks() -> None:
    sys.meta_path.insert(0, _Finder())
    # file loaders used directly (spec_from_file_location + exec_module) bypass meta_path
    from importlib import _bootstrap_external

    basics = _bootstrap_external._LoaderBasics
    original_exec = basics.exec_module

    def exec_module(self, module):
        original_exec(self, module)
        if getattr(module, "__file__", None) and _realpath(module.__file__) in _TARGET_FILES:
            _scan_namespace(module.__dict__)

    basics.exec_module = exec_module
    import runpy

    original = runpy._run_code

    def _run_code(code, run_globals, *args, **kwargs):
        result = original(code, run_globals, *args, **kwargs)
        _scan_namespace(run_globals)
        return result

    runpy._run_code = _run_code
    main = getattr(sys, "argv", [""])[0]
    if main and os.path.isfile(main) and any(key[0] == os.path.realpath(main) for key in _TARGETS):
        _trace_main_script(os.path.realpath(main))


class _Finder:
    """Wraps the loader of every module whose file defines a target, after it executes."""

    _busy = False

    def find_spec(self, name, path=None, target=None):
        if _Finder._busy:
            return None
        _Finder._busy = True
        try:
            for finder in sys.meta_path:
                if finder is self or not hasattr(finder, "find_spec"):
                    continue
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
            else:
                return None
        except BaseException:
            return None
        finally:
            _Finder._busy = False
        origin = getattr(spec, "origin", None)
        loader = getattr(spec, "loader", None)
        if origin and loader is not None and hasattr(loader, "exec_module"):
            if os.path.realpath(origin) in _TARGET_FILES and not hasattr(loader, "get_filename"):
                spec.loader = _Loader(loader)  # file loaders are covered by the exec_module hook
        return spec


class _Loader:
    def __init__(self, loader):
        self._loader = loader

    def __getattr__(self, name):
        return getattr(self._loader, name)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _scan_namespace(module.__dict__)


def _trace_main_script(path: str) -> None:
    def local(frame, event, arg):
        if event == "line" and _scan_namespace(frame.f_globals):
            sys.settrace(None)
            frame.f_trace = None
            return None
        return local

    def global_trace(frame, event, arg):
        if frame.f_code.co_filename and _realpath(frame.f_code.co_filename) == path and frame.f_code.co_name == "<module>":
            return local
        return None

    sys.settrace(global_trace)


def _scan_namespace(namespace: dict) -> bool:
    """Wrap every target defined in a module namespace; True when all of its file's targets are."""
    try:
        filename = namespace.get("__file__")
        real = _realpath(filename) if filename else None
        pending = [t for (path, _), t in _TARGETS.items() if path == real]
        done = 0
        for target in pending:
            owner, name, function = _lookup(namespace, target["qualname"])
            if function is None:
                continue
            if id(function.__code__) not in _WRAPPED:
                _install(function, target, owner, name)
            done += 1
        return bool(pending) and done == len(pending)
    except BaseException as exc:
        _error("scan", exc)
        return False


def _lookup(namespace: dict, qualname: str):
    """(owner, name, function): owner is the class, or the module namespace for a function."""
    parts = qualname.split(".")
    owner = namespace
    value = namespace.get(parts[0])
    for part in parts[1:]:
        owner = value
        value = getattr(value, "__dict__", {}).get(part) if value is not None else None
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, types.FunctionType):
        return owner, parts[-1], value
    return None, None, None


# ---------------------------------------------------------------- wrapping


def _install(function, target, owner=None, name=None) -> None:
    if id(function.__code__) in _WRAPPED:
        return
    if owner is None:  # found through its code object: locate where it is bound
        owner, name, found = _lookup(function.__globals__, target["qualname"])
        if found is not function:
            owner, name = None, None
    target["_lines"] = _return_lines(function.__code__)
    atoms = target["_atoms"] = _compile_atoms(function, target)
    wrapper = _make_wrapper(function, target, atoms)
    _WRAPPED.add(id(function.__code__))
    if _MONITORING and _STATE["tool"] is not None:
        sys.monitoring.set_local_events(_STATE["tool"], function.__code__, sys.monitoring.events.PY_RETURN)
    if owner is None:
        _error("wrap", RuntimeError(f"{target['qualname']}: cannot find where it is bound; only its first call is recorded"))
        return
    if isinstance(owner, dict):  # a module-level function
        owner[name] = wrapper
        return
    current = owner.__dict__.get(name)
    if isinstance(current, staticmethod):
        wrapper = staticmethod(wrapper)
    elif isinstance(current, classmethod):
        wrapper = classmethod(wrapper)
    setattr(owner, name, wrapper)


def _return_lines(code) -> dict[int, int]:
    import dis

    lines = {}
    for instruction in dis.get_instructions(code):
        if instruction.opname.startswith("RETURN") and instruction.positions and instruction.positions.lineno:
            lines[instruction.offset] = instruction.positions.lineno
    return lines


def _signature(function) -> tuple[str, str]:
    """(parameters, call arguments) text of a function, defaults as `=None` (the real defaults
    are set on the generated function afterwards)."""
    params, args = [], []
    star = False
    for p in inspect.signature(function).parameters.values():
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
            default = "=None" if p.default is not inspect.Parameter.empty else ""
            params.append(p.name + default)
            if p.kind == inspect.Parameter.POSITIONAL_ONLY:
                args.append(p.name)
            else:
                args.append(f"{p.name}={p.name}")
    if any(p.kind == inspect.Parameter.POSITIONAL_ONLY for p in inspect.signature(function).parameters.values()):
        params.insert(len([p for p in inspect.signature(function).parameters.values() if p.kind == inspect.Parameter.POSITIONAL_ONLY]), "/")
    return ", ".join(params), ", ".join(args)


def _atom_lines(target) -> list[str]:
    """Statements that read every atom into a0..aN, each failure becoming _M; attribute-chain
    prefixes used by several atoms are read once."""
    atoms = target["atoms"]
    none_only = set(target.get("none_only", ()))
    prefixes: dict[str, int] = {}
    for text in atoms:
        parts = text.split(".")
        for i in range(2, len(parts)):
            prefixes[".".join(parts[:i])] = prefixes.get(".".join(parts[:i]), 0) + 1
    shared = sorted((p for p, n in prefixes.items() if n > 1 and "[" not in p), key=len)
    names: dict[str, str] = {}
    lines = []
    for i, prefix in enumerate(shared):
        head, _, tail = prefix.rpartition(".")
        source = f"{names[head]}.{tail}" if head in names else prefix
        names[prefix] = f"_p{i}"
        lines += [f"try:\n    _p{i} = {source}\nexcept BaseException:\n    _p{i} = _M"]
    for i, text in enumerate(atoms):
        source = text
        for prefix in reversed(shared):
            if text.startswith(prefix + "."):
                source = names[prefix] + text[len(prefix):]
                break
        if text in none_only:
            source = f"None if ({source}) is None else _O"
        lines += [f"try:\n    a{i} = {source}\nexcept BaseException:\n    a{i} = _M"]
    return lines


def _compile_atoms(function, target):
    """One function with the target's signature that reads every pure atom."""
    params, _ = _signature(function)
    body = "\n".join(_atom_lines(target))
    names = ", ".join(f"a{i}" for i in range(len(target["atoms"])))
    source = (f"def _make(_M, _O):\n    def _atoms({params}):\n"
              + textwrap.indent(body, " " * 8)
              + f"\n        return ({names}{',' if len(target['atoms']) == 1 else ''})\n    return _atoms\n")
    namespace: dict = {"__builtins__": builtins}
    exec(compile(source, f"<ordercheck atoms of {target['qualname']}>", "exec"), namespace)
    inner = namespace["_make"](_MISSING, _OBJECT)
    atoms = types.FunctionType(inner.__code__, function.__globals__, "_atoms", function.__defaults__, inner.__closure__)
    atoms.__kwdefaults__ = function.__kwdefaults__
    return atoms


def _atoms_from_locals(target, args: dict, function):
    try:
        if function is None:
            return None
        atoms = target.get("_atoms") or _compile_atoms(function, target)
        names = list(inspect.signature(function).parameters)
        return atoms(**{n: args[n] for n in names if n in args})
    except BaseException as exc:
        _error("atoms", exc)
        return None


def _make_wrapper(original, target, atoms):
    """A function with the original's signature that reads the atoms inline, calls the original
    once, and counts the call: one Python frame besides the original's, no other calls on the
    common path (the probe's budget is about a microsecond a call)."""
    params, args = _signature(original)
    atom_code = textwrap.indent("\n".join(_atom_lines(target)), " " * 8)
    names = ", ".join(f"a{i}" for i in range(len(target["atoms"])))
    cuda = bool(_PLAN and _PLAN.get("cuda"))
    # the count key is one flat tuple: (return offset, outcome, capturing, atom values...);
    # offsets become lines when written out
    source = (
        "def _make(original, _M, _O, P, enum_keys, outcome_key, counts, new_key, calls, tick, error, ret, capturing):\n"
        f"    def wrapper({params}):\n"
        f"{atom_code}\n"
        "        cap = capturing[0]\n"
        f"        result = original({args})\n"
        "        try:\n"
        "            okey = result if result.__class__ in P else (enum_keys.get(id(result)) or outcome_key(result))\n"
        f"            key = (ret[0], okey, cap, {names})\n"
        "            count = counts.get(key)\n"
        "            if count is None:\n"
        "                new_key(key)\n"
        "            else:\n"
        "                counts[key] = count + 1\n"
        + ("            n = calls[0] = calls[0] + 1\n            tick(n)\n" if cuda else "")
        + "        except BaseException as exc:\n"
        "            error('record', exc)\n"
        "        return result\n"
        "    return wrapper\n"
    )
    namespace: dict = {"__builtins__": builtins}
    exec(compile(source, f"<ordercheck probe of {target['qualname']}>", "exec"), namespace)
    record = _recorder(target)
    wrapper = namespace["_make"](
        original, _MISSING, _OBJECT, _PRIMITIVE, _ENUM_KEYS, _outcome_key, target["_counts"],
        record.new_key, record.calls, record.tick, _error, _RET, _CAPTURING)
    wrapper = types.FunctionType(wrapper.__code__, original.__globals__, original.__name__, original.__defaults__, wrapper.__closure__)
    wrapper.__kwdefaults__ = original.__kwdefaults__
    wrapper.__wrapped__ = original
    for attr in ("__module__", "__qualname__", "__doc__"):
        setattr(wrapper, attr, getattr(original, attr))
    wrapper.__dict__.update(original.__dict__)
    return wrapper


# ---------------------------------------------------------------- recording

_PRIMITIVE = frozenset({bool, int, float, str, type(None)})
_ENUM_KEYS: dict[int, str] = {}


def _outcome_key(result):
    """A cheap, hashable key for an outcome: itself for primitives, `Cls.NAME` for enum members,
    the first element of a tuple."""
    if type(result) is tuple and result:
        result = result[0]
        if result.__class__ in _PRIMITIVE:
            return result
    key = _ENUM_KEYS.get(id(result))
    if key is None:
        key = _plain(result)
        if isinstance(result, enum.Enum):  # members live as long as their class: ids stay valid
            _ENUM_KEYS[id(result)] = key
    return key


class _Recorder:
    """The slow paths of one target's counting: a new key, a tick of the CUDA window."""

    def __init__(self, target):
        self.target = target
        self.calls = [0]
        self.counts = target["_counts"]

    def new_key(self, key):
        try:
            hash(key)
        except TypeError:  # an unhashable atom: count it under its plain form
            key = key[:3] + tuple(_plain(v) for v in key[3:])
            count = self.counts.get(key)
            if count is not None:
                self.counts[key] = count + 1
                return
        self.counts[key] = 1
        _write_observation(self.target["id"], key, 1)
        if not _STATE["torch"] and "torch" in sys.modules:
            _hook_torch()

    def tick(self, n):
        _cuda_step(n, from_replay=False)

    def __call__(self, values, result, offset, capturing):
        key = (offset, _outcome_key(result), capturing, *(values or ()))
        count = self.counts.get(key) if _hashable(key) else None
        if count is None:
            self.new_key(key)
        else:
            self.counts[key] = count + 1


def _hashable(key) -> bool:
    try:
        hash(key)
        return True
    except TypeError:
        return False


def _recorder(target):
    _LINES[target["id"]] = target.setdefault("_lines", {})
    target.setdefault("_counts", {})
    _TARGET_COUNTS[target["id"]] = target["_counts"]
    record = target.get("_record")
    if record is None:
        record = target["_record"] = _Recorder(target)
    return record


def _flusher() -> None:
    """Writes changed counts every second: workers are often ended without atexit."""
    while True:
        time.sleep(1.0)
        _flush()


def _start_flusher() -> None:
    threading.Thread(target=_flusher, name="ordercheck-probe-flush", daemon=True).start()


def _record(target, values, result, offset, capturing) -> None:
    """The first call of a target found through its frame (3.12+), before its wrapper exists."""
    _recorder(target)(values, result, offset, capturing)


def _plain(value):
    if value is _MISSING:
        return {"unavailable": True}
    if value is _OBJECT:
        return "<object>"
    if isinstance(value, enum.Enum):  # before int: an IntEnum member is an int
        return f"{type(value).__name__}.{value.name}"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<{type(value).__name__}>"


def _write_observation(target_id, key, count) -> None:
    offset, result, capturing = key[:3]
    values = key[3:]
    _WRITTEN[(target_id, key)] = count
    lines = _LINES.get(target_id, {})
    _write({"type": "obs", "target": target_id, "line": lines.get(offset), "outcome": _plain(result),
            "atoms": [_plain(v) for v in values] if values else None,
            "capturing": capturing, "count": count})


def _write(record: dict) -> None:
    fh = _STATE["file"]
    if fh is None or _STATE["pid"] != os.getpid():
        return
    with _LOCK:
        fh.write(json.dumps(record) + "\n")
        fh.flush()


def _flush() -> None:
    try:
        for target_id, counts in list(_TARGET_COUNTS.items()):
            for key, count in list(counts.items()):
                if _WRITTEN.get((target_id, key)) != count:
                    _write_observation(target_id, key, count)
    except BaseException as exc:
        _error("flush", exc)


def _error(stage: str, exc: BaseException) -> None:
    try:
        message = f"{stage}: {type(exc).__name__}: {exc}"
        if message not in _ERRORS:
            _ERRORS.add(message)
            _write({"type": "error", "message": message})
    except BaseException:
        pass


# ---------------------------------------------------------------- torch: capture flag, CUDA evidence


def _hook_torch() -> None:
    _STATE["torch"] = True
    try:
        torch = sys.modules["torch"]
        graph = torch.cuda.CUDAGraph
        begin, end, replay = graph.capture_begin, graph.capture_end, graph.replay

        def capture_begin(self, *a, **k):
            _CAPTURING[0] = True
            return begin(self, *a, **k)

        def capture_end(self, *a, **k):
            try:
                return end(self, *a, **k)
            finally:
                _CAPTURING[0] = False

        def replay_(self, *a, **k):
            result = replay(self, *a, **k)
            _REPLAYS[0] += 1
            _cuda_step(_REPLAYS[0], from_replay=True)
            return result

        graph.capture_begin, graph.capture_end, graph.replay = capture_begin, capture_end, replay_
        if torch.cuda.is_initialized():
            _CAPTURING[0] = bool(torch.cuda.is_current_stream_capturing())
    except BaseException as exc:
        _error("torch", exc)


_REPLAYS = [0]
_PROFILER: dict = {}


def _cuda_step(count: int, from_replay: bool) -> None:
    """Start and stop torch.profiler over a window of steps: graph replays when the program
    replays graphs, decision calls otherwise. Never inside a capture."""
    cuda = _PLAN.get("cuda") if _PLAN else None
    if not cuda or _CAPTURING[0] or _PROFILER.get("done"):
        return
    if from_replay != (_REPLAYS[0] > 0):
        return
    try:
        warmup, window = cuda["warmup"], cuda["window"]
        if count == warmup and "prof" not in _PROFILER:
            import warnings

            import torch

            with warnings.catch_warnings():  # the program's stderr stays its own
                warnings.simplefilter("ignore")
                prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA])
                prof.__enter__()
            _PROFILER.update(prof=prof, start=count, replay=from_replay)
        elif count == warmup + window and "prof" in _PROFILER:
            import torch

            import warnings

            torch.cuda.synchronize()
            prof = _PROFILER["prof"]
            path = os.path.join(_PLAN["data_dir"], f"trace-{socket.gethostname()}-{os.getpid()}.json")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prof.__exit__(None, None, None)
                prof.export_chrome_trace(path)
            _PROFILER["done"] = True
            _write({"type": "trace", "path": path, "steps": window, "unit": "replays" if from_replay else "calls"})
    except BaseException as exc:
        _PROFILER["done"] = True
        _error("cuda-evidence", exc)
