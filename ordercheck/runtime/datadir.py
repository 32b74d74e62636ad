"""Data folders that nobody else can plant files in, and that ordercheck never empties.

`--data-dir DIR`: DIR is created 0700 when missing, refused when it is a link, not ours, or
writable by others; each run gets a fresh subfolder (created exclusively, 0700) for the plan, the
probe's bootstrap and the records. Without `--data-dir`, a new temporary folder is the run folder,
removed after the report unless `--keep-data`. Files are created with O_EXCL|O_NOFOLLOW: an
existing file or link is an error, never followed, reused or deleted.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
import time
from pathlib import Path

_PROBE_MODULES = ("probe_read.py", "probe_wrap.py", "probe_hooks.py", "probe_returns.py")

BOOT = '''"""ordercheck runtime probe bootstrap: start the probe, then chain to the next sitecustomize."""


def _ordercheck_boot_failed(message):
    """Leave word in the run folder (the plan's) that the probe did not start in this process."""
    import os
    import sys
    import time

    try:
        folder = os.path.dirname(os.environ.get("ORDERCHECK_PROBE", ""))
        if folder:
            path = os.path.join(folder, "boot-error-%d-%d.txt" % (os.getpid(), time.time_ns()))
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(message + "\\n" + " ".join(getattr(sys, "argv", [])) + "\\n")
    except Exception:
        pass


def _ordercheck_boot():
    import importlib.util
    import os
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import _ordercheck_probe

        _ordercheck_probe.start()
        failed = _ordercheck_probe.start_failure()
    except Exception as exc:
        failed = "%s: %s" % (type(exc).__name__, exc)
    if failed:  # the program runs as it would without the probe; the report says so
        _ordercheck_boot_failed(failed)
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == here:
            continue
        candidate = os.path.join(entry, "sitecustomize.py")
        if os.path.isfile(candidate):
            spec = importlib.util.spec_from_file_location("_ordercheck_chained_sitecustomize", candidate)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            break


_ordercheck_boot()
'''


class DataDirError(Exception):
    """The data folder cannot be used safely (a configuration error: exit 2)."""


def new_run_folder(data_dir: str | None) -> tuple[Path, Path | None]:
    """(run folder, folder to remove afterwards or None)."""
    if data_dir is None:
        run = Path(tempfile.mkdtemp(prefix="ordercheck-runtime-"))  # 0700, new
        return run, run
    base = Path(data_dir).absolute()
    if not os.path.lexists(base):
        os.makedirs(base, mode=0o700)
    info = os.lstat(base)
    if stat.S_ISLNK(info.st_mode):
        raise DataDirError(f"--data-dir {data_dir}: is a symbolic link; give the folder itself")
    if not stat.S_ISDIR(info.st_mode):
        raise DataDirError(f"--data-dir {data_dir}: not a folder")
    if info.st_uid != os.getuid():
        raise DataDirError(f"--data-dir {data_dir}: owned by another user (uid {info.st_uid})")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise DataDirError(f"--data-dir {data_dir}: writable by others (mode {stat.S_IMODE(info.st_mode):o}); "
                           "use a folder only you can write")
    run = base / f"run-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
    os.mkdir(run, 0o700)  # fails if it exists: never reused
    return run, None


def write_new(path: Path, text: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def install_boot(run: Path) -> Path:
    """run/boot: sitecustomize.py and the `_ordercheck_probe` package (probe.py as its __init__)."""
    boot = run / "boot"
    package = boot / "_ordercheck_probe"
    os.mkdir(boot, 0o700)
    os.mkdir(package, 0o700)
    here = Path(__file__).parent
    write_new(boot / "sitecustomize.py", BOOT)
    write_new(package / "__init__.py", (here / "probe.py").read_text(encoding="utf-8"))
    for name in _PROBE_MODULES:
        write_new(package / name, (here / name).read_text(encoding="utf-8"))
    return boot
