"""The library's entry points: `ordercheck.api.run_check(...)` is what `ordercheck check` does
(`explain`, `run_diff` likewise); the CLI only parses options and picks the exit code.

The engine (`check`, `diff`, `extract`, ... see `.importlinter`) never touches a file: it gets
text from a `read(path)` function and returns values. Files and processes are touched at the
edges only: here (rule files, packs, target sources, the trees `diff` compares), `config`
(pyproject.toml), `revisions` (git), `schemas` (the JSON Schemas it ships), `cli` (`--output`)
and `runtime/` (plans, run folders, records, traces, effect tables, the probed command; not
`reconcile` or `report`). Report writers return text. `lint-imports` checks the engine's and the
writers' part of this.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import suppress
from .model import ConfigError, DecisionModel, Finding, Location, Rule
from .results import SHADOWED_RULE, CheckResult, finding_key
from .rules import parse_rules
from .targets import Choice, available_packs, chooses, remember, rule_sources, sources_key
from .tree_files import CACHE_DIR, files_mentioning

if TYPE_CHECKING:
    from .extract import Options

BUILTIN_RULE_IDS = (SHADOWED_RULE, suppress.UNUSED_SUPPRESSION_RULE)  # checked on every target


def pack_sizes() -> dict[str, int]:
    """Installed pack name -> how many rules it holds."""
    return {name: len(load_rules([], [name])[0]) for name in available_packs()}


def display_path(path: str | Path) -> str:
    """A path as users can open it: relative to the working directory when inside it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    return absolute if relative.startswith("..") else relative


def load_rules(rule_paths: list[str] = (), packs: list[str] = ()) -> tuple[list[Rule], list[ConfigError]]:
    """Read rule files and folders (`*.toml`, recursively) and named packs."""
    rules: list[Rule] = []
    sources, errors = rule_sources(list(rule_paths), list(packs))
    for path, prefix in sources:
        try:
            with open(path, encoding="utf-8-sig") as fh:  # (a byte-order mark, as Windows editors write: round 43)
                text = fh.read()
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


def source_reader(root: str | Path, keeping: bool = False):
    """`read(path)` for the engine: the decoded text of a file relative to `root`, None when there
    is no such file, a ConfigError when it cannot be read or decoded (a FIFO, a folder, bad bytes).
    `keeping`: its tree searches are kept under the root for later runs (`tree_files.Kept`)."""
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
    read.mentioning = files_mentioning(base, keeping)
    return read


def select_rules(rules: list[Rule], root: str | Path, files: list[str]) -> list[Rule]:
    """Only the rules whose target file is among `files` or under one of them that is a folder
    (paths as given, relative to the working directory or, failing that, to root; both compared
    normalised, `targets.chooses`: round 43)."""
    chosen = chooses(root, files)
    return [r for r in rules if chosen(r.path)]


def select_ids(rules: list[Rule], select: list[str] = (), ignore: list[str] = ()) -> tuple[list[Rule], list[ConfigError]]:
    """The rules `--select` / `--ignore` keep (globs over rule ids, the pack prefix may be left
    out); a pattern that names no rule is an error, with the nearest id."""
    known = [r.id for r in rules] + list(BUILTIN_RULE_IDS)
    errors = []
    for option, patterns in (("--select", select), ("--ignore", ignore)):
        for pattern in patterns:
            if not any(suppress.id_matches(pattern, rule_id) for rule_id in known):
                near = suppress.nearest_ids(pattern, known)
                errors.append(ConfigError(None, f"{option} `{pattern}` matches no rule",
                                          hints=tuple(f"did you mean `{n}`?" for n in near)))
    return [r for r in rules if is_selected(r.id, select, ignore)], errors


def is_selected(rule_id: str, select: list[str] = (), ignore: list[str] = ()) -> bool:
    chosen = not select or any(suppress.id_matches(p, rule_id) for p in select)
    return chosen and not any(suppress.id_matches(p, rule_id) for p in ignore)


def rules_inside_root(rules: list[Rule], root: str | Path) -> tuple[list[Rule], list[ConfigError]]:
    """Rules whose target `path` is relative to the root and stays inside it; the others are errors."""
    inside, errors = [], []
    for rule in rules:
        path = rule.path
        if posixpath.isabs(path) or Path(path).is_absolute() or posixpath.normpath(path).split("/")[0] == "..":
            errors.append(ConfigError(rule.line_of("path"), f"target path `{path}` is outside the root: rule paths are "
                                      f"relative to --root ({root}) and stay inside it", rule.id))
        else:
            inside.append(rule)
    return inside, errors


def _cached(read):
    """`read`, each file read once; `cached.memo` holds what was read and `cached.searched` the
    tree searches answered (`kept_checks`: what a kept answer depends on)."""
    memo: dict[str, str | None] = {}
    searched: dict[tuple[str, ...], list[str]] = {}

    def cached(path: str) -> str | None:
        if path not in memo:
            memo[path] = read(path)
        return memo[path]
    cached.memo = memo
    cached.searched = searched
    search = getattr(read, "mentioning", None)
    if search is not None:
        def mentioning(words: tuple[str, ...]) -> list[str]:
            found = searched[words] = list(search(words))
            return found
        mentioning.keep = search.keep
        cached.mentioning = mentioning
    return cached


def _missing_targets(rules: list[Rule], read, root) -> tuple[list[Rule], list[ConfigError]]:
    """One error per missing target file (not one per rule), or one in all when no target file
    exists under the root: then the root is what is wrong."""
    by_path: dict[str, list[Rule]] = {}
    for rule in rules:
        by_path.setdefault(rule.path, []).append(rule)
    missing = {path: named for path, named in by_path.items() if read(path) is None}
    if not missing:
        return rules, []
    hint = f"is --root right? target paths are relative to it (now {os.path.abspath(root)})"
    if len(missing) == len(by_path) > 1:
        return [], [ConfigError(rules[0].line_of("path"), f"none of the {len(by_path)} target files of the rules exists under {root}",
                                hints=(hint, "looked for " + _listing([f"`{p}`" for p in by_path])))]
    errors = []
    for path, named in missing.items():
        errors.append(ConfigError(named[0].line_of("path"), f"target file `{path}` does not exist under {root}",
                                  named[0].id if len(named) == 1 else None, (hint, _named_by([r.id for r in named]))))
    return [r for r in rules if r.path not in missing], errors


def _named_by(ids: list[str]) -> str:
    return f"named by {'rule' if len(ids) == 1 else f'{len(ids)} rules:'} " + _listing([f"`{i}`" for i in ids])


def _listing(items: list[str], most: int = 3) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def merge_errors(errors: list[ConfigError]) -> list[ConfigError]:
    """One message per problem: the errors the engine raises once per rule for one cause (an
    unparsable file, a missing function) become one, naming the rules."""
    groups: dict[tuple, list[ConfigError]] = {}
    for e in errors:
        groups.setdefault((e.location, e.message), []).append(e)
    out = []
    for (location, message), group in groups.items():
        ids = list(dict.fromkeys(e.rule_id for e in group if e.rule_id))
        if len(ids) <= 1:
            out.append(group[0])
            continue
        common = [h for h in group[0].hints if all(h in e.hints for e in group)]
        out.append(ConfigError(location, message, None, tuple(common) + (_named_by(ids),)))
    return out


def run_check(rule_paths: list[str] = (), packs: list[str] = (), root: str | Path = ".", files: list[str] | None = None,
              include: list[str] = (), exclude: list[str] = (), pure_calls: list[str] = (), select: list[str] = (),
              ignore: list[str] = (), remembering: bool = False) -> CheckResult:
    """Load rules, check them against the sources under `root`. `files` limits the rules run to
    those whose target is among them (or under one that is a folder); `include` / `exclude` are
    globs over target paths, `select` / `ignore` globs over rule ids (built-in rules too).
    `remembering`: keep the chosen rules' targets under the root for the fast path (`load_targets`)."""
    targets = load_targets(rule_paths, packs, root, select, ignore, files, include, exclude, remembering)
    if targets.rules:
        result = _checked(targets, root, tuple(pure_calls), remembering)
    else:  # nothing to check (a pre-commit run on files no rule targets): the engine is not imported
        result = CheckResult()
    result.errors = merge_errors(targets.errors + result.errors)
    loaded = targets.loaded
    deselected = [r.id for r in loaded if not is_selected(r.id, select, ignore)]
    result.findings = suppress.name_unknown(_selected_findings(result.findings, select, ignore, deselected),
                                            [r.id for r in loaded] + list(BUILTIN_RULE_IDS))
    return result


def _checked(targets: Targets, root: str | Path, pure_calls: tuple[str, ...], remembering: bool) -> CheckResult:
    """The engine's answer for the chosen rules; `remembering`: a kept one where nothing it read
    changed (`kept_checks`), and this one kept for the next run."""
    kept = None
    keep = getattr(getattr(targets.read, "mentioning", None), "keep", None)  # (the tree searches, for the next check)
    if remembering:
        from .kept_checks import KeptCheck

        kept = KeptCheck(str(root), targets.rules, pure_calls, targets.read)
        answer = kept.answer()
        if answer is not None:
            if keep is not None:
                keep()
            return answer
    from .check import check
    from .extract import Options

    result = check(targets.rules, targets.read, options=Options(pure_calls))
    if keep is not None:
        keep()
    if kept is not None:
        kept.keep(result, list(targets.read.memo), targets.read.searched)
    return result


@dataclass
class Targets:
    """The rules to run and how to read their targets: what `check` (and `mutate`) start from."""

    rules: list[Rule]
    read: Callable[[str], str | ConfigError | None]  # a file's text relative to the root, read once
    errors: list[ConfigError]
    loaded: list[Rule]  # every rule loaded, before --select / --ignore / FILES


def load_targets(rule_paths: list[str] = (), packs: list[str] = (), root: str | Path = ".", select: list[str] = (),
                 ignore: list[str] = (), files: list[str] | None = None, include: list[str] = (),
                 exclude: list[str] = (), remembering: bool = False) -> Targets:
    """Load rules, keep those `select` / `ignore` / `files` / `include` / `exclude` leave (see
    `run_check`), and those whose target path stays inside `root` and exists under it.
    `remembering`: keep the target paths of the rules chosen before `files` under the root, when
    nothing was wrong so far (`targets.remember`: what `quick` answers a pre-commit run from),
    and the tree searches of the check (`tree_files.Kept`)."""
    loaded, errors = _kept_rules(rule_paths, packs, root) if remembering else load_rules(list(rule_paths), list(packs))
    if not rule_paths and not packs:
        errors.append(ConfigError(None, "no rules named: pass --rules PATH or --pack NAME "
                                        "(or set `rules` / `packs` under [tool.ordercheck] in pyproject.toml)"))
    rules, problems = select_ids(loaded, list(select), list(ignore))
    errors += problems
    for option, patterns in (("include", include), ("exclude", exclude)):
        for pattern in patterns:  # (a typo left no rule: "0 targets", exit 0; round 9)
            if loaded and not any(fnmatch.fnmatch(r.path, pattern) for r in loaded):
                errors.append(ConfigError(None, f"`{option}` pattern `{pattern}` matches no rule's target path",
                                          hints=("patterns are globs over the rules' `path`, relative to the root",)))
    if include:
        rules = [r for r in rules if any(fnmatch.fnmatch(r.path, g) for g in include)]
    rules = [r for r in rules if not any(fnmatch.fnmatch(r.path, g) for g in exclude)]
    if remembering and not errors:
        choice: Choice = (tuple(select), tuple(ignore), tuple(include), tuple(exclude))
        remember(root, list(rule_paths), list(packs), choice, [r.path for r in rules])
    if files is not None:
        rules = select_rules(rules, root, files)
    rules, problems = rules_inside_root(rules, root)
    errors += problems
    read = _cached(source_reader(root, remembering))
    rules, problems = _missing_targets(rules, read, root)
    return Targets(rules, read, errors + problems, loaded)


def _kept_rules(rule_paths: list[str], packs: list[str], root: str | Path) -> tuple[list[Rule], list[ConfigError]]:
    """`load_rules`, answered from the rules a run parsed from the same rule files (`sources_key`)
    when that raised no error: kept under the root as a pickle signed with the user's key
    (`tree_files.Cache`: another user's or a tampered file is no answer). Parsing a pack's TOML
    was a tenth of a pre-commit check of one target."""
    from .tree_files import Cache

    key = sources_key(list(rule_paths), list(packs))
    cache = Cache(Path(root) / CACHE_DIR / "rules" if key is not None else None, most=16)
    found = cache.get("parsed", key) if key is not None else None
    if isinstance(found, list):
        return found, []
    loaded, errors = load_rules(list(rule_paths), list(packs))
    if key is not None and not errors:
        cache.put("parsed", key, loaded)
    return loaded, errors


def _selected_findings(findings: list[Finding], select, ignore, deselected: list[str]) -> list[Finding]:
    """Built-in rules' findings as `--select` / `--ignore` leave them; a suppression of a rule that
    was not run is not unused."""
    out = []
    for f in findings:
        if f.rule_id in BUILTIN_RULE_IDS and not is_selected(f.rule_id, select, ignore):
            continue
        written = f.extra.get("suppressed") if f.rule_id == suppress.UNUSED_SUPPRESSION_RULE else None
        if written is not None and any(suppress.id_matches(written, rule_id) for rule_id in deselected):
            continue
        out.append(f)
    return out


@dataclass
class Explanation:
    model: DecisionModel
    atoms: list[str]
    shadowed: set[int]


def explain(target: str, root: str | Path = ".", options: Options | None = None, rules: list[Rule] = ()) -> Explanation | ConfigError:
    """Extract `path::Qualname[:variable]` under `root` and find its shadowed branches. The
    `pure-calls` of `rules` whose target is in the same file apply, as they do for `check`."""
    from .check import Models, shadowed_branches
    from .extract import Options
    from .formula import after_event, reread_texts
    from .domains import Space

    options = options or Options()
    path, sep, function = target.partition("::")
    if not sep or not path or not function or function.startswith(":") or function.endswith(":") or function.count(":") > 1:
        # (`::pick` was "cannot read : not a regular file", `m.py:::pick` "no function ``": round 43)
        return ConfigError(None, f"target `{target}` must be PATH::Qualname or PATH::Qualname:variable")
    declared = [p for r in rules if posixpath.normpath(r.path) == posixpath.normpath(path) for p in r.pure_calls]
    if declared:
        options = replace(options, pure_calls=tuple(dict.fromkeys((*options.pure_calls, *declared))))
    models = Models(source_reader(root), options)
    model = models.get(path, function)
    if model is None:
        return ConfigError(Location(path, 1), f"target file `{path}` does not exist under {root}",
                           hints=(f"is --root right? target paths are relative to it (now {os.path.abspath(root)})",))
    if isinstance(model, ConfigError):
        return model
    space = Space(b.guard for b in model.branches)
    shadowed = {int(f.extra["index"]) for f in shadowed_branches(model)}
    # (a text read again after a call that may change it is an atom of its own, as the table
    # writes it: round 47, `cfg.n > 1` twice and "1 atom" where the second read is another value)
    reread = reread_texts(b.guard for b in model.branches)
    atoms = list(dict.fromkeys(f"{v.text} (after {after_event(v.version)})" if v.text in reread and v.version else v.text
                               for v in space.variables))
    return Explanation(model, atoms, shadowed)


def suggest_rules(target: str, root: str | Path = ".", options: Options | None = None) -> str | ConfigError:
    """A starter rule file for `path::Qualname[:variable]` (see `discover.suggest`)."""
    from .discover import suggest

    explanation = explain(target, root, options)
    if isinstance(explanation, ConfigError):
        return explanation
    path, _, function = target.partition("::")
    return suggest(explanation.model, path, function)


def run_diff(base: str | None = None, head: str | None = None, rule_paths: list[str] = (), packs: list[str] = (),
             root: str | Path = ".", paths: list[str] = (), old_root: str | None = None, new_root: str | None = None,
             renames: bool = True, progress: Callable[[str, int, int], None] | None = None, use_cache: bool = True,
             jobs: int | None = None):
    """Which configurations change path: between two revisions of the repository at `root`
    (`head` None: the working tree), or between two trees. Targets: every rule target, plus every
    decision function in the Python files that differ (under `paths`); see `diff_tree` for how
    files whose syntax trees did not change are answered without modelling, the worker processes
    and the cache (`use_cache`, under `root`, or under the new tree). `progress(stage, done,
    total)` is told of each file parsed, each file compared and each rule target compared.
    The models of decisions found in changed files come back as headers (function, path, line;
    no branches): `diff_files.diff_targets` gives whole models."""
    from . import revisions
    from .diff import DiffResult
    from .diff_files import Modules, diff_targets
    from .diff_tree import Cache, Side, TreeDiff, Trees, changed_trees, compare_files

    rules, errors = load_rules(list(rule_paths), list(packs)) if (rule_paths or packs) else ([], [])
    rules, outside = rules_inside_root(rules, new_root if new_root is not None else root)
    result = DiffResult(errors=list(errors) + outside)
    if old_root is not None:
        paths, bad = _tree_paths(Path(old_root), Path(new_root), list(paths))
        if bad:  # (an absolute path was an internal error; a missing one, "0 decisions changed")
            result.errors += bad
            return result
        old, new = Side(str(old_root)), Side(str(new_root))
        everywhere = _changed_between_trees(Path(old_root), Path(new_root), [])
        changed = _under(everywhere, list(paths)) if paths else everywhere
        if changed is None:  # a path outside the trees' relative names: list what it names
            changed = _changed_between_trees(Path(old_root), Path(new_root), list(paths))
    else:
        for rev in filter(None, (base, head)):
            resolved = revisions.resolve(root, rev)
            if isinstance(resolved, ConfigError):
                result.errors.append(resolved)
        if result.errors:
            return result
        old, new = Side(str(root), base), Side(str(root), head)
        try:
            everywhere = revisions.changed_python_files(root, base, head, [])
            changed = revisions.changed_python_files(root, base, head, list(paths)) if paths else everywhere
        except revisions.GitError as exc:
            result.errors.append(ConfigError(None, f"git: {exc}"))
            return result
    read_old, read_new = old.reader(), new.reader()
    cache = Cache(Path(new_root if new_root is not None else root) / CACHE_DIR / "diff" if use_cache else None)
    jobs = jobs or os.cpu_count() or 1
    tree = result.tree = TreeDiff()
    parsing = (lambda done, total: progress("parsing", done, total)) if progress else None
    # the files asked about first; the others that differ only when none of these changed its
    # tree (a reformat: then no model can have changed) or when a model reads one (`Trees`)
    trees = changed_trees(changed, read_old, read_new, cache, jobs, parsing)
    checked = set(changed)
    if not trees:
        rest = [p for p in everywhere if p not in checked]
        trees = changed_trees(rest, read_old, read_new, cache, jobs,
                              (lambda done, total: progress("parsing other files", done, total)) if progress else None)
        checked.update(rest)
    targets = [(r.path, r.function, True) for r in rules]
    if targets:
        before = Modules(read_old)
        diffed = diff_targets(targets, before, Modules(read_new, records=True, twin=before), renames,
                              progress=(lambda done, total: progress("rules", done, total)) if progress else None)
        result.targets, result.errors, result.uncompared = diffed.targets, result.errors + diffed.errors, diffed.uncompared
    if not trees:  # no file changed its syntax tree: no model can have changed
        tree.same_tree = len(changed)
        return result
    exclude = frozenset(f"{r.path}::{r.function}" for r in rules)
    known = Trees(frozenset(everywhere), frozenset(trees), frozenset(checked))
    asked = list(paths)
    within = (lambda path: _under([path], asked) == [path]) if asked else None  # (a file under the PATHS asked)
    answers = compare_files(changed, old, new, (read_old, read_new), renames, exclude, known, cache, jobs, tree,
                            (lambda done, total: progress("comparing", done, total)) if progress else None, within)
    for answer in answers:
        tree.same_tree += answer.same_tree
        result.targets += answer.result.targets
        result.errors += answer.result.errors
        result.uncompared += answer.result.uncompared
    return result


def _under(names: list[str], paths: list[str]) -> list[str] | None:
    """The names (relative, posix) at or below one of `paths`; None when a path is absolute or
    climbs out (`..`), which a prefix cannot answer."""
    prefixes = []
    for sub in paths:
        norm = os.path.normpath(sub).replace(os.sep, "/")
        if os.path.isabs(sub) or norm == ".." or norm.startswith("../"):
            return None
        prefixes.append("" if norm == "." else norm)
    return [n for n in names if any(not p or n == p or n.startswith(p + "/") for p in prefixes)]


def _tree_paths(old: Path, new: Path, paths: list[str]) -> tuple[list[str], list[ConfigError]]:
    """PATHS of a diff of two trees as names inside them (an absolute path inside either tree is
    made relative), and an error for each that is outside both or exists in neither."""
    out, errors = [], []
    for sub in paths:
        name = sub
        if os.path.isabs(sub):
            for tree in (new, old):
                try:
                    name = Path(sub).resolve().relative_to(tree.resolve()).as_posix()
                    break
                except ValueError:
                    continue
            else:
                errors.append(ConfigError(Location(sub, 1), f"`{sub}` is outside both trees ({old}, {new})"))
                continue
        norm = os.path.normpath(name).replace(os.sep, "/")
        if norm == ".." or norm.startswith("../"):
            errors.append(ConfigError(Location(sub, 1), f"`{sub}` climbs out of the trees ({old}, {new})"))
        elif not (old / norm).exists() and not (new / norm).exists():
            errors.append(ConfigError(Location(sub, 1), f"`{sub}` exists in neither tree ({old}, {new})",
                                      hints=("paths are relative to the trees' roots",)))
        else:
            out.append(norm)
    return out, errors


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


@dataclass
class NewFindings:
    """`check --base REV`: the findings the base revision does not have, and those it hid."""

    result: CheckResult
    base: str
    hidden: list[Finding] = field(default_factory=list)
    compared: bool = False  # the base revision was read (not when it cannot be resolved: nothing hidden then)


def run_check_new(rule_paths, packs, root, files, include, exclude, base: str, pure_calls: list[str] = (), select=(),
                  ignore=()) -> NewFindings:
    """`check --base REV`: only findings that the base revision does not have already (matched by
    rule, target and outcomes, not by line). Each new finding names the changed lines its branch
    depends on (`extra["related"]`, see `causes`): the cause may sit far from the line that fires."""
    from . import revisions

    result = run_check(rule_paths, packs, root, files, include, exclude, pure_calls, select, ignore)
    new = NewFindings(result, base)
    resolved = revisions.resolve(root, base)
    if isinstance(resolved, ConfigError):
        result.errors.append(resolved)
        return new
    from . import causes
    from .check import check
    from .extract import Options

    base_result = check(result.rules, revisions.revision_reader(root, base, decode_source), options=Options(tuple(pure_calls)))
    known = {finding_key(f) for f in base_result.findings}
    new.compared = True
    new.hidden = [f for f in result.findings if finding_key(f) in known]
    kept = [f for f in result.findings if finding_key(f) not in known]
    read = source_reader(root)
    changed: dict[str, set[int]] = {}
    for i, f in enumerate(kept):
        model = result.models.get(f.target)
        if model is None:
            continue
        if f.location.path not in changed:
            changed[f.location.path] = revisions.changed_lines(root, base, f.location.path)
        text = read(model.path)
        found = causes.changed_causes(model, f, text if isinstance(text, str) else "", changed[f.location.path], base)
        if found:
            kept[i] = replace(f, extra={**f.extra, "related": found})
    result.findings = kept
    return new


def __getattr__(name: str):
    if name == "Options":  # the extractor's options, imported when first asked for
        from .extract import Options

        return Options
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
