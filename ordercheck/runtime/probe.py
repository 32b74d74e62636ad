"""The in-process probe: records which path each target decision took, and under which atoms.

Standard library only: it runs in every Python process the command starts, copied (with the
`probe_*` modules beside it) into a `_ordercheck_probe` package next to the bootstrap
`sitecustomize`, so a child needs no ordercheck install. Started by `start()` when
ORDERCHECK_PROBE names a plan file, or ORDERCHECK_PROBE_PLAN holds one (Ray workers).

- Discovery: on 3.12+ a global PY_START monitoring event that disables itself for every code
  object that is not a target (one callback per code object, ever); on 3.11 an import hook, a
  hook on runpy (spawned children's `__mp_main__`) and, only when the main script defines a
  target, a trace function on that script's module body until the targets exist.
- Recording: the target is wrapped where it is bound (`probe_wrap`); atoms are read without
  running the program's code (`probe_read`). On 3.12+ a PY_RETURN local event on the target's
  code gives the return line where the outcome does not tell it (`probe_returns`).
- Records: one JSONL file per process image (`probe-NODE-PID-START.jsonl`, created exclusively,
  never through a link), new keys at once, counts every second, and a `final` record at exit,
  before `os._exit` and `exec*`, and on SIGTERM/SIGHUP when the program left them at the default.
- Safety: the original runs exactly once with the same arguments; every probe failure is caught,
  written to the data file, and the program goes on.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import sys
import threading
import time
import types

from .probe_hooks import hook_exits, watch_imports
from .probe_read import key_of, not_read, plain, raised
from .probe_returns import ReturnSites
from .probe_wrap import copy_of, make, redirect, redirectable, signature

FLUSH_SECONDS = 1.0
_PLAN: dict | None = None
_TARGETS: dict[tuple[str, str], dict] = {}  # (realpath, qualname) -> target plan
_TARGET_FILES: set[str] = set()
_WRAPPED: set[int] = set()  # ids of original code objects already wrapped
_RECORDERS: dict[str, "_Recorder"] = {}
_ERRORS: set[str] = set()
_RETURNS: dict[int, ReturnSites] = {}  # id of a target's original code -> its returns (3.12+)
_CAPTURING = [False]
_STATE: dict = {"fd": None, "pid": None, "tool": None, "image": None, "extra": {}}
_LOCK = threading.Lock()
_MONITORING = sys.version_info >= (3, 12)
_NR_CALL = not_read("a call (the branch that fired tells its value)")
_NR_NAME = not_read("name not defined")
_NR_TRACED = not_read("traced by torch.compile")


# ---------------------------------------------------------------- start


def start(plan: dict | None = None, node: str | None = None, extra: dict | None = None) -> None:
    """Install the probe from `plan`, ORDERCHECK_PROBE_PLAN or the file ORDERCHECK_PROBE names;
    `node` and `extra` go into the process record. Never raises."""
    global _PLAN
    if _PLAN is not None:
        if extra:
            describe(**extra)
        return
    try:
        _STATE["node"] = node
        if plan is None:
            inline, path = os.environ.get("ORDERCHECK_PROBE_PLAN"), os.environ.get("ORDERCHECK_PROBE")
            if inline:
                plan = json.loads(inline)
            elif path:
                with open(path, encoding="utf-8") as fh:
                    plan = json.load(fh)
            else:
                return
        _PLAN = plan
        for target in plan["targets"]:
            real = os.path.realpath(target["file"])
            _TARGETS[(real, target["qualname"])] = target
            _TARGET_FILES.add(real)
        _open_file(extra)
        atexit.register(final, "exit")
        hook_exits(final, _error)
        _start_flusher()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=_after_fork)
        watch_imports(sys.modules[__name__])
        _start_import_hooks()  # also on 3.12+: a target that only Dynamo traces never starts a frame
        if _MONITORING:
            _start_monitoring()
    except Exception as exc:  # the program must start whatever happens here
        if _STATE["fd"] is None:  # no record file to say it in: the bootstrap leaves word instead
            _STATE["start_failure"] = f"{type(exc).__name__}: {exc}"
        _error("start", exc)


def start_failure() -> str | None:
    """Why `start` failed before this process had a record file, or None."""
    return _STATE.get("start_failure")


def plan() -> dict | None:
    return _PLAN


def node_name() -> str:
    """The node this process runs on: Ray's node id, torchrun's node rank on a host (its workers'
    GROUP_RANK, or the launcher's own --node-rank), or the host."""
    env = os.environ
    host = socket.gethostname()
    if _STATE.get("node"):
        return _STATE["node"]
    if env.get("ORDERCHECK_NODE"):
        return env["ORDERCHECK_NODE"]
    node_rank = _node_rank()[0]
    if node_rank is not None:
        return f"{host}/node-rank-{node_rank}"
    return host


def _node_rank() -> tuple[int | None, int | None]:
    """(node rank, number of nodes) of a torchrun worker (its environment) or of the torchrun
    launcher itself (`--node-rank N --nnodes M` on its command line; M None for a range)."""
    env = os.environ
    if env.get("TORCHELASTIC_RUN_ID") is not None:
        return _int(env.get("GROUP_RANK")), _int(env.get("GROUP_WORLD_SIZE"))
    argv = list(getattr(sys, "argv", []))
    if not argv or not (argv[0] == "-m" or os.path.basename(argv[0]).startswith("torchrun")):
        return None, None
    options = {}
    for i, arg in enumerate(argv[1:], 1):
        name, eq, value = arg.partition("=")
        if name in ("--node-rank", "--node_rank", "--nnodes"):
            options[name.replace("_", "-")] = value if eq else (argv[i + 1] if i + 1 < len(argv) else None)
    if "--node-rank" not in options or "--nnodes" not in options:
        return None, None
    return _int(options["--node-rank"]), _int(options["--nnodes"])


def _open_file(extra: dict | None = None) -> None:
    """Create this process image's record file: exclusively, never through a link, 0600."""
    data_dir = _PLAN["data_dir"]
    if not os.path.isdir(data_dir):  # a node of a cluster that has no shared folder
        os.makedirs(data_dir, mode=0o700, exist_ok=True)
    info = os.lstat(data_dir)
    if not os.path.isdir(data_dir) or os.path.islink(data_dir) or info.st_uid != os.getuid():
        raise PermissionError(f"{data_dir}: not a folder of this user")
    pid, started = os.getpid(), time.time_ns()
    node = node_name()
    node_rank, nodes = _node_rank()
    image = f"{''.join(c if c.isalnum() or c in '-_.' else '_' for c in node)}-{pid}-{started}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    _STATE["fd"] = os.open(os.path.join(data_dir, f"probe-{image}.jsonl"), flags, 0o600)
    _STATE["pid"], _STATE["image"], _STATE["reopened"] = pid, image, 0
    _STATE["ident"] = _ident(_STATE["fd"])
    env = os.environ
    _write({
        "type": "process", "image": image, "pid": pid, "ppid": os.getppid(), "host": socket.gethostname(),
        "node": node, "rank": _int(env.get("RANK")), "local_rank": _int(env.get("LOCAL_RANK")),
        "world_size": _int(env.get("WORLD_SIZE")), "node_rank": node_rank, "nodes": nodes,
        "argv": list(getattr(sys, "argv", [])),
        "python": sys.version.split()[0], "started": started / 1e9, "flush_seconds": FLUSH_SECONDS,
        **(extra or {}),
    })


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def describe(**fields) -> None:
    """Add fields to this process's record (e.g. its Ray node id), written as a `process` update."""
    _write({"type": "process-update", **fields})


def _after_fork() -> None:
    try:
        for recorder in _RECORDERS.values():
            recorder.counts.clear()
            recorder.written.clear()
            recorder.traced.clear()
            for reset in recorder.resets:
                reset()  # the wrapper's last key counts into a list that is no longer in `counts`
        _ERRORS.clear()
        _STATE["fd"] = None
        _open_file()
        _start_flusher()  # threads do not survive a fork
    except Exception as exc:
        _error("fork", exc)


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
    mon.register_callback(tool, mon.events.PY_UNWIND, _on_unwind)
    mon.set_events(tool, mon.events.PY_START)


# first calls, recorded from their frames: id(frame) -> (target, atoms, capturing); while there
# are any, the global PY_UNWIND event is on, so that a first call that raises is counted too
_PENDING: dict[int, tuple] = {}
_REALPATHS: dict[str, str] = {}


def _on_start(code, offset, DISABLE=getattr(getattr(sys, "monitoring", None), "DISABLE", None)):
    try:
        target = _TARGETS.get((_realpath(code.co_filename), code.co_qualname))
    except Exception:  # the interpreter is shutting down: module globals are gone
        return DISABLE
    if target is None or id(code) in _WRAPPED:
        return DISABLE
    try:
        frame = sys._getframe(1)
        function = _function_of(code)
        if function is not None:
            args = frame.f_locals
            owner = _owner_from_first_argument(function, target, args, code)
            atoms = _install(function, target, *owner)
            # this first call runs unwrapped: record it from its arguments
            values = atoms(*[args.get(n) for n in signature(function)[2]]) if atoms else ()
            _PENDING[id(frame)] = (target, values, _CAPTURING[0])
            _watch_unwinds(True)
    except Exception as exc:
        _error("discover", exc)
    return sys.monitoring.DISABLE


def _on_return(code, offset, retval):
    if _PENDING:
        try:
            pending = _PENDING.pop(id(sys._getframe(1)), None)
            if pending is not None:
                _watch_unwinds(bool(_PENDING))
                target, values, capturing = pending
                sites = _RETURNS.get(id(code))
                offset = sites.offset_of(offset, retval) if sites is not None else offset
                _recorder(target).record(values, key_of(retval, True), offset, capturing)
                return None
        except Exception as exc:
            _error("record", exc)
    sites = _RETURNS.get(id(code))
    return None if sites is None else sites.on_return(offset, retval)


def _on_unwind(code, offset, exception):
    """A first call that raised (the event is on only while first calls are pending)."""
    try:
        pending = _PENDING.pop(id(sys._getframe(1)), None)
        if pending is not None:
            _watch_unwinds(bool(_PENDING))
            target, values, capturing = pending
            _recorder(target).record(values, raised(exception), -1, capturing)
    except Exception as exc:
        _error("record", exc)


def _watch_unwinds(on: bool) -> None:
    mon = sys.monitoring
    events = mon.events.PY_START | (mon.events.PY_UNWIND if on else 0)
    if mon.get_events(_STATE["tool"]) != events:
        mon.set_events(_STATE["tool"], events)


def _realpath(path: str) -> str:
    real = _REALPATHS.get(path)
    if real is None:
        real = _REALPATHS[path] = os.path.realpath(path)
    return real


def _function_of(code):
    import gc

    for ref in gc.get_referrers(code):
        if isinstance(ref, types.FunctionType) and ref.__code__ is code:
            return ref
    return None


def _owner_from_first_argument(function, target, args, code):
    """(owner, name) where the function is bound: its module's globals, else the class of its
    first argument (a class rebuilt by cloudpickle has no module to look in)."""
    owner, name, found = _lookup(function.__globals__, target["qualname"])
    if found is function:
        return owner, name
    if code.co_argcount:
        first = args.get(code.co_varnames[0])
        name = target["qualname"].rsplit(".", 1)[-1]
        for klass in type.__dict__["__mro__"].__get__(first if isinstance(first, type) else type(first)):
            value = type.__dict__["__dict__"].__get__(klass).get(name)
            if value is function or getattr(value, "__func__", None) is function:
                return klass, name
    return None, None


# ---------------------------------------------------------------- discovery: 3.11


def _start_import_hooks() -> None:
    from importlib import _bootstrap_external

    basics = _bootstrap_external._LoaderBasics
    original_exec = basics.exec_module

    def exec_module(self, module):
        original_exec(self, module)
        if getattr(module, "__file__", None) and _realpath(module.__file__) in _TARGET_FILES:
            scan_namespace(module.__dict__)

    basics.exec_module = exec_module
    import runpy

    original = runpy._run_code

    def _run_code(code, run_globals, *args, **kwargs):
        result = original(code, run_globals, *args, **kwargs)
        scan_namespace(run_globals)
        return result

    runpy._run_code = _run_code
    main = getattr(sys, "argv", [""])[0]
    if not _MONITORING and main and os.path.isfile(main) and any(key[0] == os.path.realpath(main) for key in _TARGETS):
        _trace_main_script(os.path.realpath(main))


def _trace_main_script(path: str) -> None:
    def local(frame, event, arg):
        if event == "line" and scan_namespace(frame.f_globals):
            sys.settrace(None)
            frame.f_trace = None
            return None
        return local

    def global_trace(frame, event, arg):
        if frame.f_code.co_filename and _realpath(frame.f_code.co_filename) == path and frame.f_code.co_name == "<module>":
            return local
        return None

    sys.settrace(global_trace)


def scan_namespace(namespace: dict) -> bool:
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
    except Exception as exc:
        _error("scan", exc)
        return False


def scan_class(klass: type) -> None:
    """Wrap the targets among a class's own functions (a class rebuilt by cloudpickle)."""
    try:
        own = type.__dict__["__dict__"].__get__(klass)
        for name, value in list(own.items()):
            function = getattr(value, "__func__", value)
            if not isinstance(function, types.FunctionType) or id(function.__code__) in _WRAPPED:
                continue
            target = _TARGETS.get((_realpath(function.__code__.co_filename), function.__qualname__))
            if target is not None:
                _install(function, target, klass, name)
    except Exception as exc:
        _error("scan", exc)


def _lookup(namespace: dict, qualname: str):
    """(owner, name, function): owner is the class, or the module namespace for a function."""
    parts = qualname.split(".")
    owner = namespace
    value = namespace.get(parts[0])
    for part in parts[1:]:
        owner = value
        value = type.__dict__["__dict__"].__get__(value).get(part) if isinstance(value, type) else None
    if isinstance(value, (staticmethod, classmethod)):
        value = value.__func__
    if isinstance(value, types.FunctionType):
        return owner, parts[-1], value
    return None, None, None


# ---------------------------------------------------------------- wrapping


def _install(function, target, owner=None, name=None):
    """Wrap `function` in place (`probe_wrap.redirect`: its code object becomes one that calls
    the wrapper, so every reference to it is recorded: the module's name, an alias, a dispatch
    table, a `functools.partial`, a registry a decorator filled while the module imported); where
    that cannot be done, where it is bound. Returns the checked atom reader (for a first call seen
    from its frame), which takes the parameters positionally."""
    if id(function.__code__) in _WRAPPED:
        return None
    code = function.__code__
    recorder = _recorder(target)
    target["_lines"] = _return_lines(code)
    sites = None
    if _MONITORING and _STATE["tool"] is not None:  # the return line; and the first call's end, seen from its frame
        sites = _RETURNS[id(code)] = ReturnSites(target["_lines"], target.get("quiet_lines", ()))
        recorder.returns = sites
    hooks = {"ret": sites.ret if sites is not None else None, "capturing": _CAPTURING, "error": _error,
             "note": _traced_note(recorder), "nr_call": _NR_CALL, "nr_name": _NR_NAME}
    _WRAPPED.add(id(code))
    if sites is not None:
        sys.monitoring.set_local_events(_STATE["tool"], code, sys.monitoring.events.PY_RETURN)
    wrapper, atoms = make(function, target, recorder, hooks)
    recorder.resets.append(recorder.reset)
    _WRAPPERS[id(wrapper)] = (wrapper, function)
    redirected = False
    if redirectable(function):
        try:
            copy = copy_of(function)
            redirect(function, wrapper, copy)
        except Exception as exc:
            _error("wrap", RuntimeError(f"{target['qualname']}: {exc}; calls through references taken before it "
                                        "was wrapped (an alias, a table, a registry) are not recorded"))
        else:
            redirected = True
            _WRAPPED.add(id(function.__code__))  # (3.12+: its PY_START is disabled at once)
            # pickled by value (cloudpickle), the wrapper and the function are the program's code
            _WRAPPERS[id(wrapper)] = (wrapper, copy)
            _WRAPPERS[id(function)] = (function, copy)
    else:
        _error("wrap", RuntimeError(f"{target['qualname']}: a generator or coroutine function is wrapped where it is "
                                    "bound only: calls through references taken before (an alias, a table, a "
                                    "registry) are not recorded"))
    if owner is None:
        owner, name, found = _lookup(function.__globals__, target["qualname"])
        if found is not function:
            owner, name = None, None
    if owner is None and redirected:
        return atoms  # every call of the function object goes through its new code
    if owner is None:
        _error("wrap", RuntimeError(f"{target['qualname']}: cannot find where it is bound; only its first call is recorded"))
        return atoms
    if isinstance(owner, dict):  # a module-level function
        owner[name] = wrapper
        return atoms
    current = type.__dict__["__dict__"].__get__(owner).get(name)
    if isinstance(current, staticmethod):
        wrapper = staticmethod(wrapper)
    elif isinstance(current, classmethod):
        wrapper = classmethod(wrapper)
    setattr(owner, name, wrapper)
    return atoms


_WRAPPERS: dict[int, tuple] = {}  # id(wrapper) -> (wrapper, original): pickled as the original


def original_of(function):
    entry = _WRAPPERS.get(id(function))
    return entry[1] if entry is not None and entry[0] is function else None


def _return_lines(code) -> dict[int, int]:
    import dis

    lines = {}
    for instruction in dis.get_instructions(code):
        if instruction.opname.startswith("RETURN") and instruction.positions and instruction.positions.lineno:
            lines[instruction.offset] = instruction.positions.lineno
    return lines


# ---------------------------------------------------------------- recording


class _Recorder:
    """One target's counts and their slow paths: a new key, a CUDA window tick, a Dynamo trace.
    A count key is (return offset, outcome, capturing, atoms...), all plain values or markers."""

    def __init__(self, target):
        self.target = target
        self.calls = [0]
        self.counts: dict[tuple, list] = {}  # key -> [count]: the wrapper adds to the list it holds
        self.written: dict[tuple, int] = {}
        self.traced: dict[tuple, int] = {}  # (outcome, compiled id) -> traces
        self.returns: ReturnSites | None = None
        self.reset = None  # set by probe_wrap.make: forget the wrapper's last key
        self.resets: list = []
        self.tick = None
        if _PLAN and _PLAN.get("cuda"):
            from .probe_hooks import cuda_step

            self.tick = lambda n: cuda_step(n, False)

    def new_key(self, key) -> list:
        count = self.counts[key] = [1]
        self.write(key, 1)
        return count

    def record(self, values, outcome, offset, capturing):
        """Count a call seen outside the wrapper (the first one, from its frame); `outcome` is a
        key value already."""
        key = (offset, outcome, capturing, *(values or ()))
        count = self.counts.get(key)
        if count is None:
            self.new_key(key)
        else:
            count[0] += 1

    def write(self, key, count):
        offset, outcome, capturing = key[:3]
        self.written[key] = count
        line = self.returns.line(offset, outcome) if self.returns is not None else self.target.get("_lines", {}).get(offset)
        _write({"type": "obs", "target": self.target["id"], "line": line, "offset": offset,
                "outcome": plain(outcome), "atoms": [plain(v) for v in key[3:]], "capturing": capturing, "count": count})

    def note_traced(self, result):
        """Dynamo traced the target (torch.compile): the outcome is baked into the compiled code."""
        try:
            from .probe_hooks import compile_id, current_compiled
            from .probe_read import key_of

            key = (key_of(result, True), current_compiled(), compile_id())
            self.traced[key] = self.traced.get(key, 0) + 1
            _write({"type": "traced", "target": self.target["id"], "outcome": plain(key[0]), "compiled": key[1],
                    "compile_id": key[2], "count": self.traced[key],
                    "atoms": [plain(_NR_TRACED)] * len(self.target["atoms"])})
        except Exception as exc:
            _error("trace", exc)


def _traced_note(recorder: _Recorder):
    def note(result):
        recorder.note_traced(result)

    note._dynamo_marked_constant = True  # Dynamo calls it at trace time, outside the graph, with no guard
    return note


def _recorder(target) -> _Recorder:
    recorder = _RECORDERS.get(target["id"])
    if recorder is None:
        recorder = _RECORDERS[target["id"]] = _Recorder(target)
    return recorder


def _flusher() -> None:
    """Writes changed counts every second: workers are often ended without atexit."""
    while True:
        time.sleep(FLUSH_SECONDS)
        flush()


def _start_flusher() -> None:
    threading.Thread(target=_flusher, name="ordercheck-probe-flush", daemon=True).start()


def flush() -> None:
    try:
        for recorder in list(_RECORDERS.values()):
            for key, count in list(recorder.counts.items()):
                if recorder.written.get(key) != count[0]:
                    recorder.write(key, count[0])
        for item in _EXTRA_FLUSHERS:
            item()
    except Exception as exc:
        _error("flush", exc)


_EXTRA_FLUSHERS: list = []


def final(reason: str) -> None:
    """Flush everything and mark the record complete (exit, os._exit, exec, a fatal signal)."""
    flush()
    _write({"type": "final", "reason": reason, "at": time.time()})
    if reason == "exit" and _MONITORING and _STATE["tool"] is not None:
        try:  # nothing of the probe runs while the interpreter tears itself down
            sys.monitoring.set_events(_STATE["tool"], 0)
            sys.monitoring.register_callback(_STATE["tool"], sys.monitoring.events.PY_START, None)
        except Exception:
            pass


def _ident(fd: int) -> tuple:
    info = os.fstat(fd)
    return info.st_dev, info.st_ino


def _write(record: dict) -> None:
    fd = _STATE["fd"]
    if fd is None or _STATE["pid"] != os.getpid():
        return
    data = (json.dumps(record) + "\n").encode()
    with _LOCK:
        try:
            same = _ident(fd) == _STATE["ident"]
        except OSError:
            same = False
        if not same:  # the program closed our descriptor (and may own that number now): never write there
            fd = _reopen()
            if fd is None:
                return
        os.write(fd, data)


def _reopen():
    """Continue in a new file of the same image, with every count rewritten."""
    _STATE["fd"] = None
    if _STATE["reopened"] >= 3:
        return None
    _STATE["reopened"] += 1
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    path = os.path.join(_PLAN["data_dir"], f"probe-{_STATE['image']}.r{_STATE['reopened']}.jsonl")
    fd = os.open(path, flags, 0o600)
    _STATE["fd"], _STATE["ident"] = fd, _ident(fd)
    os.write(fd, (json.dumps({"type": "process", "image": _STATE["image"], "continued": True}) + "\n").encode())
    os.write(fd, (json.dumps({"type": "error", "message": "write: the program closed the probe's record file; "
                              "continued in a new one"}) + "\n").encode())
    for recorder in _RECORDERS.values():
        recorder.written.clear()
    return fd


def _error(stage: str, exc: BaseException) -> None:
    try:
        message = f"{stage}: {type(exc).__name__}: {exc}"
        if message not in _ERRORS:
            _ERRORS.add(message)
            _write({"type": "error", "message": message})
    except Exception:
        pass


def ray_worker_setup(then=None) -> None:
    """Ray's worker_process_setup_hook (named in the job's runtime_env by the driver's probe)."""
    from .probe_hooks import ray_worker_setup as setup

    setup(sys.modules[__name__], then)


def capturing_flag() -> list:
    return _CAPTURING


def error(stage: str, exc: BaseException) -> None:
    _error(stage, exc)


def write(record: dict) -> None:
    _write(record)
