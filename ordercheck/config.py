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

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, Location

KEYS = ("rules", "packs", "root", "include", "exclude", "pure-calls", "select", "ignore")


@dataclass
class Config:
    path: Path | None = None  # the pyproject.toml it came from
    rules: list[str] = field(default_factory=list)
    packs: list[str] = field(default_factory=list)
    root: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    pure_calls: list[str] = field(default_factory=list)
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)


def find_pyproject(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a [tool.ordercheck] table."""
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = candidate.read_bytes()
            except OSError:
                continue
            # (a BOM, or a byte that is no UTF-8, hid the table: the file was ignored; round 9)
            if re.search(rb"^\s*(\xef\xbb\xbf)?\s*\[tool\.ordercheck\]", data, re.M) or re.search(rb"^\s*\[tool\]", data, re.M) \
                    and re.search(rb"^\s*ordercheck\s*=", data, re.M):
                return candidate
    return None


def load_config(start: Path) -> Config | ConfigError:
    path = find_pyproject(start)
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return ConfigError(Location(str(path), 1), f"cannot decode {path}: {exc}")
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config | ConfigError:
    import tomllib  # (here: a run in a project with no [tool.ordercheck] table does not pay for it)

    shown = str(path)
    try:
        tool = tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError as exc:
        return ConfigError(Location(shown, 1), f"invalid TOML: {exc}")
    table = tool.get("ordercheck", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        return ConfigError(Location(shown, 1), "[tool.ordercheck] must be a table (`[tool.ordercheck]` then `key = value` lines)")
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
        return ConfigError(Location(shown, line_of("ordercheck")), "[tool.ordercheck] must be a table")
    for key in table:
        if key not in KEYS:
            import difflib

            near = difflib.get_close_matches(key, KEYS, n=1)
            return ConfigError(Location(shown, line_of(key)), f"unknown key `{key}` in [tool.ordercheck]",
                               hints=tuple(f"did you mean `{n}`?" for n in near) + (f"known keys: {', '.join(KEYS)}",))
    config = Config(path=path)
    base = path.parent
    for key in ("rules", "packs", "include", "exclude", "pure-calls", "select", "ignore"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return ConfigError(Location(shown, line_of(key)), f"[tool.ordercheck] `{key}` must be a string or a list of strings")
        if key == "rules":
            value = [str(base / v) for v in value]
        setattr(config, key.replace("-", "_"), value)
    root = table.get("root")
    if root is not None:
        if not isinstance(root, str):
            return ConfigError(Location(shown, line_of("root")), "[tool.ordercheck] `root` must be a string (a folder)")
        if not (base / root).is_dir():
            return ConfigError(Location(shown, line_of("root")), f"[tool.ordercheck] `root` = {root!r}: no such folder")
        config.root = str(base / root)
    elif config.rules or config.packs:
        config.root = str(base)
    return config
