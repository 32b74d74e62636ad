"""What makes the command start fast: the methods `dataclasses` writes for each class, compiled once.

A `@dataclass` class gets its `__init__`, `__repr__`, `__eq__`, `__hash__` (and, frozen, its
`__setattr__` and `__delattr__`) as Python source that `dataclasses` compiles with `exec` while
the class is made: 61 classes of ordercheck took 34 ms of a 74 ms start (Python 3.11), each time
the command ran. Here the command's process gives `dataclasses` an `exec` that compiles each source
text once and keeps the code objects under the package's `__pycache__` (one file per Python, as
Python keeps its own bytecode there), so a later run runs the very same code without compiling it.
Nothing else changes: the same text, compiled by the same Python, executed with the same globals.

Only the `ordercheck` command installs it (`quick.entry`), never the runtime probe inside a user's
program. Like Python's own bytecode, nothing is written where `PYTHONDONTWRITEBYTECODE` is set, the
folder cannot be written, or the file holds more than `_MOST` texts; a file from another Python or
format, or one that cannot be read, is no cache. Writes go to a temporary file renamed over the
old, so concurrent runs read one run's file or another's.
"""

from __future__ import annotations

import os
import sys

_FORMAT = "dataclass-code-1"
_MOST = 4000  # source texts kept (ordercheck's own need ~300)


def _path() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "__pycache__",
                        f"dataclass-code.{sys.implementation.cache_tag or 'python'}.marshal")


def install(path: str | None = None) -> None:
    """Give `dataclasses` the caching `exec` for the rest of this process (once); `path`: the
    cache file (the package's `__pycache__` by default)."""
    import dataclasses
    import marshal

    if "exec" in vars(dataclasses):  # (installed already, or something else shadows it: left alone)
        return
    path = path or _path()
    codes: dict[str, object] = {}
    try:
        with open(path, "rb") as fh:
            held = marshal.loads(fh.read())  # (`load` of the file reads it piece by piece: 10x slower)
        if isinstance(held, dict) and held.get("format") == (_FORMAT, sys.version, marshal.version):
            codes = dict(held["codes"])
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        codes = {}
    added: list[str] = []

    def cached_exec(source, globals=None, locals=None):  # noqa: A002 - (the builtin's own signature)
        if type(source) is str:
            code = codes.get(source)
            if code is None:
                code = codes[source] = compile(source, "<string>", "exec")
                added.append(source)
            source = code
        return exec(source, globals, locals)  # noqa: S102 - (what `dataclasses` itself runs)

    def save() -> None:
        if not added or sys.dont_write_bytecode or len(codes) > _MOST:
            return
        temporary = f"{path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(temporary, "wb") as fh:
                marshal.dump({"format": (_FORMAT, sys.version, marshal.version), "codes": codes}, fh)
            os.replace(temporary, path)
        except (OSError, ValueError):
            try:
                os.unlink(temporary)
            except OSError:
                pass

    import atexit

    dataclasses.exec = cached_exec  # type: ignore[attr-defined]
    atexit.register(save)


__all__ = ["install"]
