"""The library's entry points, and its only file access: rule files, packs, target sources.

`ordercheck.api.run_check(...)` is what `ordercheck check` does; the CLI only parses options
and picks the exit code.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from .check import CheckResult, check, shadowed_branches
from .extract import Options
from .formula import collapse
from .logic import Space
from .model import ConfigError, DecisionModel, Location, Rule
from .rules import parse_rules

PACKS_DIR = Path(__file__).parent / "packs"


def available_packs() -> list[str]:
    if not PACKS_DIR.is_dir():
        return []
    return sorted(p.name for p in PACKS_DIR.iterdir() if p.is_dir() and any(p.glob("*.toml")))


def pack_files(name: str) -> list[Path] | ConfigError:
    folder = PACKS_DIR / name
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        packs = ", ".join(available_packs()) or "none"
        return ConfigError(None, f"no rule pack named `{name}` (installed packs: {packs})")
    return files


def display_path(path: Path) -> str:
    """A path as users can open it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


def load_rules(rule_paths: list[str] = (), packs: list[str] = ()) -> tuple[list[Rule], list[ConfigError]]:
    """Read rule files and folders (`*.toml`, recursively) and named packs."""
    rules: list[Rule] = []
    errors: list[ConfigError] = []
    sources: list[tuple[Path, str]] = []
    for name in packs:
        files = pack_files(name)
        if isinstance(files, ConfigError):
            errors.append(files)
            continue
        # shown by their real path: in a checkout that is rules/<pack>/..., the file to edit
        sources += [(Path(os.path.realpath(f)), f"{name}/") for f in files]
    for raw in rule_paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(path.rglob("*.toml"))
            if not files:
                errors.append(ConfigError(Location(raw, 1), f"rules folder `{raw}` holds no *.toml rule files"))
            sources += [(f, "") for f in files]
        elif path.is_file():
            sources.append((path, ""))
        else:
            errors.append(ConfigError(Location(raw, 1), f"rules path `{raw}` does not exist"))
    for path, prefix in sources:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(ConfigError(Location(display_path(path), 1), f"cannot read rule file: {exc}"))
            continue
        found, problems = parse_rules(text, display_path(path), prefix)
        rules += found
        errors += problems
    return rules, errors


def decode_source(data: bytes, path: str) -> str | ConfigError:
    """Source bytes as Python decodes them: a BOM or a PEP 263 coding line, else UTF-8; universal
    newlines. Undecodable source is an input error, never an empty file."""
    import io
    import tokenize

    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
    except (SyntaxError, LookupError, UnicodeDecodeError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        return ConfigError(Location(path, 1), f"cannot decode {path}: {reason}")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_reader(root: str | Path):
    """`read(path)` for the engine: the decoded text of a file relative to `root`, None when there
    is no such file, a ConfigError when it cannot be read or decoded (a FIFO, a folder, bad bytes)."""
    base = Path(root)

    def read(relative: str) -> str | ConfigError | None:
        path = base / relative
        if not path.exists() and not path.is_symlink():
            return None
        if not path.is_file():
            return ConfigError(Location(relative, 1), f"cannot read {relative}: not a regular file")
        try:
            data = path.read_bytes()
        except OSError as exc:
            return ConfigError(Location(relative, 1), f"cannot read {relative}: {exc.strerror or exc}")
        return decode_source(data, relative)
    return read


def select_rules(rules: list[Rule], root: str | Path, files: list[str]) -> list[Rule]:
    """Only the rules whose target file is among `files` (paths as given, relative to cwd or root)."""
    base = Path(root).resolve()
    wanted: set[str] = set()
    for f in files:
        p = Path(f)
        full = (p if p.is_absolute() else Path.cwd() / p).resolve()
        try:
            wanted.add(full.relative_to(base).as_posix())
        except ValueError:
            wanted.add(p.as_posix())
    return [r for r in rules if r.path in wanted]


def run_check(rule_paths: list[str] = (), packs: list[str] = (), root: str | Path = ".", files: list[str] | None = None,
              include: list[str] = (), exclude: list[str] = (), pure_calls: list[str] = ()) -> CheckResult:
    """Load rules, check them against the sources under `root`. `files` limits the rules run to
    those whose target is among them; `include` / `exclude` are globs over target paths."""
    rules, errors = load_rules(list(rule_paths), list(packs))
    if not rule_paths and not packs:
        errors.append(ConfigError(None, "no rules named: pass --rules PATH or --pack NAME "
                                        "(or set `rules` / `packs` under [tool.ordercheck] in pyproject.toml)"))
    if files is not None:
        rules = select_rules(rules, root, files)
    if include:
        rules = [r for r in rules if any(fnmatch.fnmatch(r.path, g) for g in include)]
    rules = [r for r in rules if not any(fnmatch.fnmatch(r.path, g) for g in exclude)]
    result = check(rules, source_reader(root), options=Options(tuple(pure_calls)))
    result.errors[:0] = errors
    return result


@dataclass
class Explanation:
    model: DecisionModel
    atoms: list[str]
    shadowed: set[int]


def explain(target: str, root: str | Path = ".", options: Options = Options()) -> Explanation | ConfigError:
    """Extract `path::Qualname[:variable]` under `root` and find its shadowed branches."""
    path, sep, function = target.partition("::")
    if not sep or not function:
        return ConfigError(None, f"target `{target}` must be PATH::Qualname or PATH::Qualname:variable")
    from .check import Models

    models = Models(source_reader(root), options)
    model = models.get(path, function)
    if model is None:
        return ConfigError(Location(path, 1), f"target file `{path}` does not exist under {root}")
    if isinstance(model, ConfigError):
        return model
    space = Space(collapse(b.guard) for b in model.branches)
    shadowed = {int(f.extra["index"]) for f in shadowed_branches(model)}
    atoms = [v.text for v in space.variables]
    return Explanation(model, atoms, shadowed)


def run_diff(base: str | None = None, head: str | None = None, rule_paths: list[str] = (), packs: list[str] = (),
             root: str | Path = ".", paths: list[str] = (), old_root: str | None = None, new_root: str | None = None,
             renames: bool = True):
    """Which configurations change path: between two revisions of the repository at `root`
    (`head` None: the working tree), or between two trees. Targets: every rule target, plus every
    decision function in the Python files that differ (under `paths`)."""
    from . import revisions
    from .diff import DiffResult, Modules, decision_candidates, decision_variables, diff_targets, is_decision

    rules, errors = load_rules(list(rule_paths), list(packs)) if (rule_paths or packs) else ([], [])
    result = DiffResult(errors=list(errors))
    if old_root is not None:
        read_old, read_new = source_reader(old_root), source_reader(new_root)
        changed = _changed_between_trees(Path(old_root), Path(new_root), list(paths))
    else:
        for rev in filter(None, (base, head)):
            resolved = revisions.resolve(root, rev)
            if isinstance(resolved, ConfigError):
                result.errors.append(resolved)
        if result.errors:
            return result
        read_old = revisions.revision_reader(root, base, decode_source)
        read_new = revisions.revision_reader(root, head, decode_source) if head else source_reader(root)
        try:
            changed = revisions.changed_python_files(root, base, head, list(paths))
        except revisions.GitError as exc:
            result.errors.append(ConfigError(None, f"git: {exc}"))
            return result
    targets = [(r.path, r.function, True) for r in rules]
    old_modules, new_modules = Modules(read_old), Modules(read_new)
    from .extract import extract_from

    for path in changed:
        found: dict[str, None] = {}
        indexes = []
        for modules in (old_modules, new_modules):
            index = modules.get(path)
            if isinstance(index, ConfigError):  # an unparsable changed file is never a clean diff
                result.errors.append(index)
            elif index is not None:
                indexes.append((modules, index))
        for modules, index in indexes:
            for qualname in decision_candidates(index):
                model = extract_from(index, path, qualname, project=modules)
                if isinstance(model, ConfigError) or is_decision(model):
                    found.setdefault(qualname, None)
            found.update(dict.fromkeys(decision_variables(index, path)))
        targets += [(path, qualname, False) for qualname in found]
    diffed = diff_targets(targets, old_modules, new_modules, renames)
    result.targets, result.errors = diffed.targets, result.errors + diffed.errors
    result.uncompared = diffed.uncompared
    return result


def _changed_between_trees(old: Path, new: Path, paths: list[str]) -> list[str]:
    names = set()
    for tree in (old, new):
        for sub in paths or ["."]:
            base = tree / sub
            files = [base] if base.is_file() else base.rglob("*.py")
            names.update(f.relative_to(tree).as_posix() for f in files if f.suffix == ".py")
    changed = []
    for name in sorted(names):
        a, b = old / name, new / name
        if not (a.is_file() and b.is_file()) or a.read_bytes() != b.read_bytes():
            changed.append(name)
    return changed


def run_check_new(rule_paths, packs, root, files, include, exclude, base: str, pure_calls: list[str] = ()) -> CheckResult:
    """`check --base REV`: only findings that the base revision does not have already."""
    from . import revisions
    from .check import finding_key

    result = run_check(rule_paths, packs, root, files, include, exclude, pure_calls)
    resolved = revisions.resolve(root, base)
    if isinstance(resolved, ConfigError):
        result.errors.append(resolved)
        return result
    base_result = check(result.rules, revisions.revision_reader(root, base, decode_source), options=Options(tuple(pure_calls)))
    known = {finding_key(f) for f in base_result.findings}
    result.findings = [f for f in result.findings if finding_key(f) not in known]
    return result
