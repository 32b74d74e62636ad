"""The probe's hooks into the process and the libraries it meets (standard library only).

- Exit paths: `os._exit`, `os.execv`/`os.execve` (every `exec*` ends in one of them), and
  SIGTERM/SIGHUP while the program leaves them at the default (the process then dies of the same
  signal; `signal.getsignal` still answers SIG_DFL).
- torch: the CUDA graph capture flag, the CUDA evidence window (torch.profiler over a window of
  steps), and `torch.compile`d callables, whose calls are counted (a decision Dynamo traced runs
  once per call of the compiled code, as a captured one runs once per graph replay).
- Ray: the driver's `ray.init` gets the probe in the job's runtime_env (the package as a
  py_module, the plan in an environment variable, a worker set-up hook that starts it); a wrapper
  pickles as its original, and a class rebuilt from a pickle on a worker is wrapped there.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import signal
import socket
import sys
import types

_CORE: dict = {}  # the probe module (`probe.py` / `_ordercheck_probe`), set by watch_imports
_FATAL = ("SIGTERM", "SIGHUP")


def hook_exits(final, error) -> None:
    original_exit = os._exit

    def _exit(code):
        _quietly(final, "os._exit")
        original_exit(code)

    os._exit = _exit
    for name in ("execv", "execve"):
        original = getattr(os, name, None)
        if original is not None:
            setattr(os, name, _before_exec(original, final))
    try:
        _hook_signals(final)
    except (ValueError, OSError) as exc:  # not the main thread, or no such signal here
        error("signals", exc)


def _before_exec(original, final):
    @functools.wraps(original)
    def exec_(*args):
        _quietly(final, "exec")
        return original(*args)

    return exec_


def _quietly(function, *args) -> None:
    try:
        function(*args)
    except Exception:
        pass


def _hook_signals(final) -> None:
    import threading

    if threading.current_thread() is not threading.main_thread():
        return
    ours: dict[int, object] = {}
    set_handler, get_handler = signal.signal, signal.getsignal

    def on_fatal(signum, frame):
        _quietly(final, f"signal {signum}")
        set_handler(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for name in _FATAL:
        signum = getattr(signal, name, None)
        if signum is not None and get_handler(signum) == signal.SIG_DFL:
            set_handler(signum, on_fatal)
            ours[signum] = on_fatal

    @functools.wraps(get_handler)
    def getsignal(signalnum):
        handler = get_handler(signalnum)
        return signal.SIG_DFL if handler is ours.get(signalnum) and handler is not None else handler

    @functools.wraps(set_handler)
    def signal_(signalnum, handler):
        previous = set_handler(signalnum, handler)
        if previous is ours.pop(signalnum, None) and previous is not None:
            return signal.SIG_DFL
        return previous

    signal.getsignal, signal.signal = getsignal, signal_


# ---------------------------------------------------------------- imports of torch and ray


def watch_imports(core) -> None:
    """Call the torch and Ray hooks once those packages have been imported."""
    _CORE["probe"] = core
    from importlib import _bootstrap_external

    basics = _bootstrap_external._LoaderBasics
    original_exec = basics.exec_module
    hooks = {"torch": _hook_torch, "ray": _hook_ray, "ray.cloudpickle.cloudpickle": _hook_cloudpickle}

    def exec_module(self, module):
        original_exec(self, module)
        hook = hooks.get(getattr(module, "__name__", None))
        if hook is not None:
            try:
                hook(module)
            except Exception as exc:
                core.error(module.__name__, exc)

    basics.exec_module = exec_module


# ---------------------------------------------------------------- torch


_COMPILED: dict[int, dict] = {}  # compiled id -> {"name", "calls", "written"}
_ACTIVE: list[int] = []  # compiled callables being called (innermost last)


def current_compiled():
    return _ACTIVE[-1] if _ACTIVE else None


def compile_id() -> str | None:
    """Dynamo's id of the compilation in progress (one per graph, recompiles included)."""
    try:
        from torch._guards import CompileContext

        current = CompileContext.current_compile_id()
        return None if current is None else str(current)
    except Exception:
        return None


def _hook_torch(torch) -> None:
    core = _CORE["probe"]
    capturing = core.capturing_flag()
    graph = torch.cuda.CUDAGraph
    begin, end, replay = graph.capture_begin, graph.capture_end, graph.replay

    def capture_begin(self, *a, **k):
        capturing[0] = True
        return begin(self, *a, **k)

    def capture_end(self, *a, **k):
        try:
            return end(self, *a, **k)
        finally:
            capturing[0] = False

    def replay_(self, *a, **k):
        result = replay(self, *a, **k)
        _REPLAYS[0] += 1
        cuda_step(_REPLAYS[0], from_replay=True)
        return result

    graph.capture_begin, graph.capture_end, graph.replay = capture_begin, capture_end, replay_
    original_compile = torch.compile

    @functools.wraps(original_compile)
    def compile_(model=None, *args, **kwargs):
        compiled = original_compile(model, *args, **kwargs)
        if model is None:
            return compiled  # a decorator: it calls this function again with the model
        try:
            return _counted(compiled, model, torch)
        except Exception as exc:
            core.error("compile", exc)
            return compiled

    torch.compile = compile_
    core._EXTRA_FLUSHERS.append(_flush_compiled)


def _counted(compiled, model, torch):
    """Count the calls of a compiled callable (a module's compiled forward, or a function)."""
    name = getattr(model, "__qualname__", None) or type(model).__name__
    cid = len(_COMPILED) + 1
    entry = _COMPILED[cid] = {"name": name, "calls": 0, "written": -1}

    def count(function):
        @functools.wraps(function)
        def counted(*args, **kwargs):
            entry["calls"] += 1
            _ACTIVE.append(cid)
            try:
                return function(*args, **kwargs)
            finally:
                _ACTIVE.pop()

        return counted

    if isinstance(compiled, torch.nn.Module):
        forward = compiled.__dict__.get("forward")
        if forward is not None:
            compiled.__dict__["forward"] = count(forward)
        return compiled
    if isinstance(compiled, types.FunctionType):
        return count(compiled)
    return compiled


def _flush_compiled() -> None:
    for cid, entry in list(_COMPILED.items()):
        if entry["written"] != entry["calls"]:
            entry["written"] = entry["calls"]
            _CORE["probe"].write({"type": "compiled", "id": cid, "name": entry["name"], "calls": entry["calls"]})


_REPLAYS = [0]
_PROFILER: dict = {}


def cuda_step(count: int, from_replay: bool) -> None:
    """Start and stop torch.profiler over a window of steps: graph replays when the program
    replays graphs, decision calls otherwise. Never inside a capture. The trace record carries the
    decisions taken in the window (eager), so the evidence is judged against them."""
    core = _CORE.get("probe")
    plan = core.plan() if core else None
    cuda = plan.get("cuda") if plan else None
    if not cuda or core.capturing_flag()[0] or _PROFILER.get("done"):
        return
    if from_replay != (_REPLAYS[0] > 0):
        return
    try:
        import warnings

        warmup, window = cuda["warmup"], cuda["window"]
        if count == warmup and "prof" not in _PROFILER:
            import torch

            with warnings.catch_warnings():  # the program's stderr stays its own
                warnings.simplefilter("ignore")
                prof = torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA])
                prof.__enter__()
            _PROFILER.update(prof=prof, start=count, replay=from_replay, before=_outcome_counts(core))
        elif count == warmup + window and "prof" in _PROFILER:
            import torch

            torch.cuda.synchronize()
            prof = _PROFILER["prof"]
            path = os.path.join(plan["data_dir"], f"trace-{core._STATE['image']}.json")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prof.__exit__(None, None, None)
                prof.export_chrome_trace(path)
            _PROFILER["done"] = True
            after, before = _outcome_counts(core), _PROFILER["before"]
            window_outcomes = {t: {o: n - before.get(t, {}).get(o, 0) for o, n in by.items() if n - before.get(t, {}).get(o, 0)}
                               for t, by in after.items()}
            core.write({"type": "trace", "path": path, "steps": window, "unit": "replays" if from_replay else "calls",
                        "outcomes": None if from_replay else window_outcomes})
    except Exception as exc:
        _PROFILER["done"] = True
        core.error("cuda-evidence", exc)


def _outcome_counts(core) -> dict:
    from .probe_read import plain

    out: dict = {}
    for target_id, recorder in core._RECORDERS.items():
        by = out.setdefault(target_id, {})
        for key, count in list(recorder.counts.items()):
            outcome = json.dumps(plain(key[1]))
            by[outcome] = by.get(outcome, 0) + count[0]
    return out


# ---------------------------------------------------------------- Ray


def _hook_ray(ray) -> None:
    core = _CORE["probe"]
    original_init = ray.init

    @functools.wraps(original_init)
    def init(*args, **kwargs):
        try:
            kwargs["runtime_env"] = _with_probe(kwargs.get("runtime_env"), core)
        except Exception as exc:
            core.error("ray", exc)
        context = original_init(*args, **kwargs)
        try:
            core.describe(ray_node_id=ray.get_runtime_context().get_node_id(), ray_role="driver")
            _write_cluster(ray, core)
            atexit.register(_write_cluster, ray, core)  # after Ray's own: runs before its shutdown
        except Exception as exc:
            core.error("ray", exc)
        return context

    ray.init = init


def _with_probe(runtime_env, core) -> dict:
    """The job's runtime_env, plus what starts the probe in every worker on every node."""
    env = dict(runtime_env or {})
    env_vars = dict(env.get("env_vars") or {})
    env_vars["ORDERCHECK_PROBE_PLAN"] = json.dumps(core.plan())
    env["env_vars"] = env_vars
    package = os.path.dirname(os.path.abspath(core.__file__))
    env["py_modules"] = [*(env.get("py_modules") or []), package]
    theirs = env.get("worker_process_setup_hook")
    ours = f"{core.__name__}.ray_worker_setup"
    env["worker_process_setup_hook"] = ours if theirs is None else functools.partial(sys.modules[core.__name__].ray_worker_setup, theirs)
    return env


def _write_cluster(ray, core) -> None:
    try:
        if ray.is_initialized():
            nodes = [{"node_id": n.get("NodeID"), "address": n.get("NodeManagerAddress"), "alive": n.get("Alive"),
                      "hostname": n.get("NodeManagerHostname")} for n in ray.nodes()]
            core.write({"type": "cluster", "system": "ray", "nodes": nodes})
    except Exception as exc:
        core.error("ray", exc)


def ray_worker_setup(core, then=None) -> None:
    """In a Ray worker: start the probe with the job's plan, attributed to this node."""
    try:
        import ray

        context = ray.get_runtime_context()
        core.start(node=context.get_node_id(), extra={"ray_node_id": context.get_node_id(), "ray_role": "worker",
                                                      "ray_job_id": context.get_job_id()})
    except Exception as exc:
        core.error("ray", exc)
    if "ray.cloudpickle.cloudpickle" in sys.modules:
        _hook_cloudpickle(sys.modules["ray.cloudpickle.cloudpickle"])
    if then is not None:
        if isinstance(then, str):
            module, _, name = then.rpartition(".")
            import importlib

            then = getattr(importlib.import_module(module), name)
        then()


def _hook_cloudpickle(cloudpickle) -> None:
    """Wrappers pickle as their originals; classes rebuilt from a pickle get their targets wrapped."""
    core = _CORE.get("probe")
    if core is None or getattr(cloudpickle, "_ordercheck_hooked", False):
        return
    cloudpickle._ordercheck_hooked = True
    pickler = cloudpickle.Pickler
    original_reduce = pickler.reducer_override

    def reducer_override(self, obj):
        if type(obj) is types.FunctionType:
            original = core.original_of(obj)
            if original is not None and not cloudpickle._should_pickle_by_reference(obj):
                obj = original
        return original_reduce(self, obj)

    pickler.reducer_override = reducer_override
    original_setstate = cloudpickle._class_setstate

    def _class_setstate(obj, state):
        result = original_setstate(obj, state)
        core.scan_class(obj)
        return result

    cloudpickle._class_setstate = _class_setstate


def host() -> str:
    return socket.gethostname()
