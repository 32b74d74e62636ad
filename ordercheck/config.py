"""`[tool.ordercheck]` in the checked project's pyproject.toml, found by walking up from the
working directory. Command-line options override it. Paths in it are relative to its folder.

    [tool.ordercheck]
    packs = ["vllm"]                 # rule packs installed with ordercheck
    rules = ["tools/ordercheck"]     # rule files or folders
    root = "."                       # what rule target paths are relative to
    include = ["vllm/model_executor/**"]   # only rules whose target path matches one of these
    exclude = []                     # ... and none of these
    pure-calls = ["current_platform.*"]    # calls known to change nothing a decision reads (fnmatch)
    select = ["vllm/*"]              # only rules whose id matches one of these globs
    ignore = []                      # ... and none of these
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (`typing.TYPE_CHECKING` without importing typing: the fast path, `quick`, is 3x `python -c pass`)
if TYPE_CHECKING:
    from pathlib import Path

    from .errors import ConfigError

KEYS = ("rules", "packs", "root", "include", "exclude", "pure-calls", "select", "ignore")


class Config:
    """[tool.ordercheck] as read, or its defaults where there is none. A plain class, not a
    dataclass, and errors made only when there is one (`_error`): a pre-commit run in a project
    without the table (`quick`) imports neither the dataclass machinery nor `inspect`."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # the pyproject.toml it came from
        self.rules: list[str] = []
        self.packs: list[str] = []
        self.root: str | None = None
        self.include: list[str] = []
        self.exclude: list[str] = []
        self.pure_calls: list[str] = []
        self.select: list[str] = []
        self.ignore: list[str] = []

    def __repr__(self) -> str:
        return f"Config({', '.join(f'{k}={v!r}' for k, v in vars(self).items())})"


def _error(path: str, line: int, message: str, hints: tuple[str, ...] = ()) -> ConfigError:
    from .errors import ConfigError, Location

    return ConfigError(Location(path, line), message, hints=hints)


def find_pyproject(start: str | Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.ordercheck] table."""
    folder = os.path.abspath(start)
    while True:  # (`os.path`, not `Path.parents`: a pre-commit run in a project with none imports no pathlib)
        candidate = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(candidate):
            import re  # (here and in `parse_config`: see above)

            try:
                with open(candidate, "rb") as fh:
                    data = fh.read()
            except OSError:
                data = b""
            # (a BOM, or a byte that is no UTF-8, hid the table: the file was ignored; round 9)
            if re.search(rb"^\s*(\xef\xbb\xbf)?\s*\[tool\.ordercheck\]", data, re.M) or re.search(rb"^\s*\[tool\]", data, re.M) \
                    and re.search(rb"^\s*ordercheck\s*=", data, re.M) or b"ordercheck" in data and _has_table(data):
                from pathlib import Path

                return Path(candidate)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _has_table(data: bytes) -> bool:
    """Whether a pyproject.toml naming `ordercheck` somewhere holds the table in any spelling TOML
    allows (`[ tool.ordercheck ]`, `[tool."ordercheck"]`, `[tool]` with `ordercheck.rules = ...`:
    round 43, the file was skipped, a parent's read or none); one that does not parse, yes (the
    error is then said, not the file skipped)."""
    import tomllib

    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return True
    tool = parsed.get("tool")
    return isinstance(tool, dict) and "ordercheck" in tool


def load_config(start: str | Path) -> Config | ConfigError:
    path = find_pyproject(start)
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return _error(str(path), 1, f"cannot decode {path}: {exc}")
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config | ConfigError:
    import re
    import tomllib  # (here: a run in a project with no [tool.ordercheck] table does not pay for it)

    shown = str(path)
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as exc:
        return _error(shown, 1, f"invalid TOML: {exc}")
    table = tool.get("ordercheck", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return _error(shown, 1, "[tool.ordercheck] must be a table (`[tool.ordercheck]` then `key = value` lines)")
    lines = text.splitlines()

    def line_of(key: str) -> int:
        inside = False
        for i, line in enumerate(lines, 1):
            if re.match(r"^\s*\[", line):
                inside = bool(re.match(r"^\s*\[tool\.ordercheck\]", line))
            elif inside and re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return i
        return 1

    if not isinstance(table, dict):
        return _error(shown, line_of("ordercheck"), "[tool.ordercheck] must be a table")
    for key in table:
        if key not in KEYS:
            import difflib

            near = difflib.get_close_matches(key, KEYS, n=1)
            return _error(shown, line_of(key), f"unknown key `{key}` in [tool.ordercheck]",
                          hints=tuple(f"did you mean `{n}`?" for n in near) + (f"known keys: {', '.join(KEYS)}",))
    config = Config(path=path)
    base = path.parent
    for key in ("rules", "packs", "include", "exclude", "pure-calls", "select", "ignore"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return _error(shown, line_of(key), f"[tool.ordercheck] `{key}` must be a string or a list of strings")
        if key == "rules":
            value = [str(base / v) for v in value]
        setattr(config, key.replace("-", "_"), value)
    root = table.get("root")
    if root is not None:
        if not isinstance(root, str):
            return _error(shown, line_of("root"), "[tool.ordercheck] `root` must be a string (a folder)")
        if not (base / root).is_dir():
            return _error(shown, line_of("root"), f"[tool.ordercheck] `root` = {root!r}: no such folder")
        config.root = str(base / root)
    elif config.rules or config.packs:
        config.root = str(base)
    return config
