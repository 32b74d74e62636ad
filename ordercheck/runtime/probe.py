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
import types

_PLAN: dict | None = None
_TARGETS: dict[tuple[str, str], dict] = {}  # (realpath, qualname) -> target plan
_TARGET_FILES: set[str] = set()
_WRAPPED: set[int] = set()  # id of original code objects already wrapped
_COUNTS: dict[tuple, int] = {}
_WRITTEN: dict[tuple, int] = {}
_ERRORS: set[str] = set()
_RET = [-1]  # offset of the last PY_RETURN of a target (3.12+)
_CAPTURING = [False]
_STATE = {"file": None, "pid": None, "calls": 0, "last_flush": 0.0, "torch": False, "tool": None}
_LOCK = threading.Lock()
_MISSING = object()
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
        _COUNTS.clear()
        _WRITTEN.clear()
        _ERRORS.clear()
        _open_file()
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
    atoms = _compile_atoms(function, target)
    wrapper = _make_wrapper(function, target, atoms)
    _WRAPPED.add(id(function.__code__))
    if _MONITORING and _STATE["tool"] is not None:
        sys.monitoring.set_local_events(_STATE["tool"], function.__code__, sys.monitoring.events.PY_RETURN)
    target["_lines"] = _return_lines(function.__code__)
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


def _compile_atoms(function, target):
    """One function with the target's signature that reads every pure atom, each in its own try."""
    params = []
    signature = inspect.signature(function)
    for p in signature.parameters.values():
        prefix = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}.get(p.kind, "")
        if p.kind == inspect.Parameter.KEYWORD_ONLY and not any(x.startswith("*") for x in params):
            params.append("*")
        params.append(prefix + p.name + ("=None" if p.default is not inspect.Parameter.empty else ""))
    body = []
    for i, text in enumerate(target["atoms"]):
        body.append(f"    try:\n        a{i} = {text}\n    except BaseException:\n        a{i} = _M")
    names = ", ".join(f"a{i}" for i in range(len(target["atoms"])))
    source = (f"def _make(_M):\n    def _atoms({', '.join(params)}):\n"
              + "\n".join("    " + line for chunk in body for line in chunk.split("\n"))
              + f"\n        return ({names}{',' if len(target['atoms']) == 1 else ''})\n    return _atoms\n")
    namespace: dict = {"__builtins__": builtins}
    exec(compile(source, f"<ordercheck atoms of {target['qualname']}>", "exec"), namespace)
    inner = namespace["_make"](_MISSING)
    atoms = types.FunctionType(inner.__code__, function.__globals__, "_atoms", function.__defaults__, inner.__closure__)
    atoms.__kwdefaults__ = function.__kwdefaults__
    return atoms


def _atoms_from_locals(target, args: dict, function):
    try:
        atoms = _compile_atoms(function, target) if function is not None else None
        if atoms is None:
            return None
        names = list(inspect.signature(function).parameters)
        return atoms(**{n: args[n] for n in names if n in args})
    except BaseException as exc:
        _error("atoms", exc)
        return None


def _make_wrapper(original, target, atoms):
    ret = _RET
    capturing = _CAPTURING
    record = _record

    def wrapper(*args, **kwargs):
        try:
            values = atoms(*args, **kwargs)
            cap = capturing[0]
        except BaseException as exc:
            _error("atoms", exc)
            values, cap = None, False
        ret[0] = -1
        result = original(*args, **kwargs)
        try:
            record(target, values, result, ret[0], cap)
        except BaseException as exc:
            _error("record", exc)
        return result

    wrapper.__wrapped__ = original
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(wrapper, attr, getattr(original, attr))
    wrapper.__dict__.update(original.__dict__)
    return wrapper


# ---------------------------------------------------------------- recording


def _record(target, values, result, offset, capturing) -> None:
    if type(result) is tuple and result:
        result = result[0]
    line = target["_lines"].get(offset) if offset >= 0 else None
    key = (target["id"], line, result, values, capturing)
    try:
        count = _COUNTS.get(key)
    except TypeError:  # an unhashable atom or outcome
        key = (target["id"], line, _plain(result), tuple(_plain(v) for v in values or ()), capturing)
        count = _COUNTS.get(key)
    if count is None:
        _COUNTS[key] = 1
        _write_observation(key, 1)
        if not _STATE["torch"] and "torch" in sys.modules:
            _hook_torch()
    else:
        _COUNTS[key] = count + 1
    calls = _STATE["calls"] = _STATE["calls"] + 1
    if calls & 1023 == 0:
        now = time.monotonic()
        if now - _STATE["last_flush"] > 1.0:
            _STATE["last_flush"] = now
            _flush()
    _cuda_step(calls, from_replay=False)


def _plain(value):
    if value is _MISSING:
        return {"unavailable": True}
    if isinstance(value, enum.Enum):  # before int: an IntEnum member is an int
        return f"{type(value).__name__}.{value.name}"
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return f"<{type(value).__name__}>"


def _write_observation(key, count) -> None:
    target_id, line, result, values, capturing = key
    _WRITTEN[key] = count
    _write({"type": "obs", "target": target_id, "line": line, "outcome": _plain(result),
            "atoms": None if values is None else [_plain(v) for v in values],
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
        for key, count in list(_COUNTS.items()):
            if _WRITTEN.get(key) != count:
                _write_observation(key, count)
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
            import torch

            prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA])
            prof.__enter__()
            _PROFILER.update(prof=prof, start=count, replay=from_replay)
        elif count == warmup + window and "prof" in _PROFILER:
            import torch

            torch.cuda.synchronize()
            prof = _PROFILER["prof"]
            prof.__exit__(None, None, None)
            path = os.path.join(_PLAN["data_dir"], f"trace-{socket.gethostname()}-{os.getpid()}.json")
            prof.export_chrome_trace(path)
            _PROFILER["done"] = True
            _write({"type": "trace", "path": path, "steps": window, "unit": "replays" if from_replay else "calls"})
    except BaseException as exc:
        _PROFILER["done"] = True
        _error("cuda-evidence", exc)
