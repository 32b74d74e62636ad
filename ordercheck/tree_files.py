"""Which files of a tree ordercheck reads, the search of their texts by identifier, and what it
keeps under the tree's root (`.ordercheck_cache/`: signed pickles, files written whole).

Every walk of a tree (the tree search of `check` and `diff`, `discover`'s survey) leaves out the
folders `SKIP_DIRS` names, ordercheck's own cache `CACHE_DIR` among them. `files_mentioning` is
the engine's `read.mentioning`: which of the tree's Python files name given identifiers. Kept
apart from `survey` so a check imports no process pool for it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # (as in `config`)
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

CACHE_DIR = ".ordercheck_cache"

SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".tox", ".venv", "venv", "node_modules", "build", "dist", CACHE_DIR}


def files_mentioning(base: Path, keeping: bool = False) -> Callable[[tuple[str, ...]], list[str]]:
    """`mentioning(words)`: the tree's Python files (root-relative POSIX paths; the folders
    `discover` leaves out left out) whose text holds every one of `words` as a word (an
    identifier token, as `[A-Za-z_][A-Za-z0-9_]*` finds them). The first search of a word over
    the whole tree reads every file once and keeps the texts: the first `_SCANNED_WORDS` such
    words are each found by a scan of them (a `check` asks a few: vLLM, 3,231 files, 0.3 s, where
    indexing every identifier of the tree was 2.5 s); past them, for each identifier the files that
    hold it are kept and the texts dropped (a `diff` asks thousands; ~20 MB). A word searched
    among the files another word left reads those files only.

    `keeping`: the whole-tree answers are kept under the root (`Kept`), with each file's size and
    times, when the run calls `mentioning.keep()`: a later run answers a word it has kept from
    them, reading again only the files that changed since (a pre-commit check of one file no
    longer reads the whole tree)."""
    import re  # (here: `targets`, on the pre-commit fast path, imports this module for CACHE_DIR)
    from pathlib import Path

    files: list[str] = []
    texts: list[bytes] = []  # every file's, once a word is scanned in the whole tree
    alone: dict[int, bytes] = {}  # before that, those read for a search among some files only
    scanned: dict[bytes, frozenset[int]] = {}
    postings: dict[bytes, list[int]] | None = None
    asked: dict[str, int] = {}  # how many searches named each word
    kept: list[Kept] = []
    identifier = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")

    def data(relative: str) -> bytes:
        try:
            with open(os.path.join(base, relative), "rb") as fh:
                return fh.read()
        except OSError:
            return b""

    def text(i: int) -> bytes:
        if texts:
            return texts[i]
        if i not in alone:
            alone[i] = data(files[i])
        return alone[i]

    def holding(word: bytes, among: set[int] | None = None) -> frozenset[int] | list[int] | set[int]:
        """The files holding `word`; with `among`, those of them in it (scanned there alone, not kept)."""
        nonlocal postings
        if postings is not None:  # (indexed)
            return postings.get(word, ())
        if word not in scanned and kept and kept[0].knows(word):
            holds = _token(word)
            scanned[word] = kept[0].holding(word, lambda i: word in text(i) and holds(text(i)))
        if word in scanned:
            return scanned[word]
        if among is not None and not kept:  # (answers kept: the whole tree, once, for the next run to know
            holds = _token(word)  # the word; reading the files the other word left each run was 40 ms of a check)
            return {i for i in among if word in text(i) and holds(text(i))}
        if not texts:
            texts.extend(alone.pop(i) if i in alone else data(relative) for i, relative in enumerate(files))
        if len(scanned) >= _SCANNED_WORDS:
            postings = {}
            for i, content in enumerate(texts):
                for token in set(identifier.findall(content)):
                    postings.setdefault(token, []).append(i)
            texts.clear()
            scanned.clear()
            return postings.get(word, ())
        # a token: the word ends a run of identifier characters that only digits precede in it
        # (`1foo` holds the token `foo`, `a1foo` does not), as `identifier.findall` splits it
        holds = _token(word)
        scanned[word] = frozenset(i for i, content in enumerate(texts) if word in content and holds(content))
        if kept:
            kept[0].learn(word, scanned[word])
        return scanned[word]

    def mentioning(words: tuple[str, ...]) -> list[str]:
        if not files:
            signatures: dict[str, tuple[int, int, int, int]] | None = {} if keeping else None
            _python_files(str(base), "", files, signatures)
            if keeping:
                kept.append(Kept(os.path.join(base, CACHE_DIR, "tree", "words.marshal"), base, files, signatures))
            files.append("")  # (listed, if empty)
        for word in words:
            asked[word] = asked.get(word, 0) + 1
        found: set[int] | None = None
        # the first word is scanned in every file and kept: one scanned already, else the one asked
        # most often (the module name a search pairs with each word it writes through: one scan,
        # not one a pair), else the longest; the others only in the files it leaves
        known = (lambda w: w in scanned or bool(kept) and kept[0].knows(w))
        for word in sorted(words, key=lambda w: (known(w.encode("utf-8")), asked[w], len(w)), reverse=True):
            encoded = word.encode("utf-8")
            if word.isascii() and identifier.fullmatch(encoded):
                held = set(holding(encoded, found))
            else:  # (not an ASCII identifier: read the files again)
                held = {i for i, relative in enumerate(files) if relative and encoded in data(relative)}
            found = held if found is None else found & held
        return sorted(files[i] for i in (found or ()))

    def keep() -> None:
        """Write what this run's searches learned (`keeping`): once, when the run is done."""
        if kept:
            kept[0].save()

    mentioning.keep = keep  # type: ignore[attr-defined]
    return mentioning


def _python_files(folder: str, prefix: str, files: list[str], signatures: dict | None) -> None:
    """The `.py` files under `folder` as `os.walk` lists them (a folder's files by name, then its
    folders by name; links to folders listed, not entered; `SKIP_DIRS` and hidden folders left
    out), appended to `files` as `prefix` + their path; with `signatures`, each one's size,
    modification and change times and inode too (`Kept`), taken in the same pass."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda e: e.name)
    except OSError:
        return
    below = []
    for entry in entries:
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            if entry.name not in SKIP_DIRS and not entry.name.startswith(".") and not entry.is_symlink():
                below.append(entry)
        elif entry.name.endswith(".py"):
            files.append(prefix + entry.name)
            if signatures is not None:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                signatures[prefix + entry.name] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    for entry in below:
        _python_files(entry.path, prefix + entry.name + "/", files, signatures)


class Kept:
    """Whole-tree answers of `files_mentioning` kept between runs in one file under the root:
    for each word, the files holding it, with each file's size, modification and change times
    and inode as they were when it was read. A later run trusts a word's answer for the files
    whose four are the same and whose times are older than a second before the answer was
    written (a file written again within the clock's tick would look the same: it is read
    again, as git does with its index), and reads the others again. A file it cannot read, or
    from another format or Python, is no answer; it is written whole under another name and
    renamed, so a concurrent run reads one run's file or another's."""

    _FORMAT = "tree-words-2"
    TRUSTED_BEFORE_NS = 1_000_000_000  # a file changed later than this before an answer is read again

    def __init__(self, path: str, base: str | Path, files: list[str], signatures: dict | None = None) -> None:
        import marshal
        import time

        self.path = path
        self.started = time.time_ns()
        if signatures is None:
            signatures = {}
            for relative in files:
                try:
                    st = os.stat(os.path.join(base, relative))
                except OSError:
                    continue
                signatures[relative] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        self.signatures = signatures
        self.index = {relative: i for i, relative in enumerate(files)}
        self.words: dict[bytes, frozenset[int]] = {}  # kept answers, over the unchanged files
        self.learned: dict[bytes, frozenset[int]] = {}  # answers over every file, this run
        self.changed: list[int] = list(range(len(files)))
        try:
            with open(path, "rb") as fh:
                held = marshal.loads(fh.read())  # (`load` of the file reads it piece by piece: 17 ms, not 1.5)
            if held["format"] != (self._FORMAT, marshal.version):
                return
            # (kept flat: the files once, four numbers each, answers as positions among them; a
            # mapping of paths to tuples took longer to load than the tree to walk)
            trusted_before = held["written"] - self.TRUSTED_BEFORE_NS
            kept_files, numbers = held["files"], held["signatures"]
            same = [False] * len(kept_files)
            for k, relative in enumerate(kept_files):
                now = signatures.get(relative)
                at = 4 * k
                if now is not None and now[0] == numbers[at] and now[1] == numbers[at + 1] < trusted_before \
                        and now[2] == numbers[at + 2] < trusted_before and now[3] == numbers[at + 3]:
                    same[k] = True
            position = {relative: self.index.get(relative) for k, relative in enumerate(kept_files) if same[k]}
            self.changed = [i for i, relative in enumerate(files) if relative not in position]
            self.words = {word: frozenset(position[kept_files[k]] for k in holders if same[k]) for word, holders in held["words"].items()}
        except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
            self.words = {}
            self.changed = list(range(len(files)))
        self.dirty = False

    def knows(self, word: bytes) -> bool:
        return word in self.words or word in self.learned

    def holding(self, word: bytes, holds: Callable[[int], bool]) -> frozenset[int]:
        """A kept word's files now: those it held among the unchanged, and the changed that hold it."""
        if word not in self.learned:
            self.learn(word, self.words[word] | {i for i in self.changed if holds(i)})
        return self.learned[word]

    def learn(self, word: bytes, holders: frozenset[int]) -> None:
        self.learned[word] = holders
        self.dirty = True

    def save(self) -> None:
        """Keep this run's answers (and the earlier ones still true: every one, where no file changed)."""
        import marshal

        if not self.dirty:
            return
        self.dirty = False
        words = {} if self.changed else {w: holders for w, holders in self.words.items()}
        words.update(self.learned)
        kept_files = [relative for relative in self.index if relative in self.signatures]
        at = {relative: k for k, relative in enumerate(kept_files)}
        numbers = [n for relative in kept_files for n in self.signatures[relative]]
        by_index = {i: at.get(relative) for relative, i in self.index.items()}
        held = {"format": (self._FORMAT, marshal.version), "written": self.started, "files": kept_files, "signatures": numbers,
                "words": {w: sorted(by_index[i] for i in holders if by_index.get(i) is not None) for w, holders in words.items()}}
        if write_whole(self.path, marshal.dumps(held)):
            try:
                ignore_cache_folder(os.path.dirname(os.path.dirname(self.path)))
            except OSError:
                pass


def ignore_cache_folder(folder: str | Path) -> None:
    """A `.gitignore` of `*` in the cache folder, as pytest does: git never lists it."""
    ignore = os.path.join(folder, ".gitignore")
    if not os.path.exists(ignore):
        with open(ignore, "w", encoding="utf-8") as fh:
            fh.write("# created by ordercheck: the cache is never committed\n*\n")


def write_whole(path: str, data: bytes) -> bool:
    """Write `data` to `path` whole: under another name in its folder, then renamed, so a
    concurrent run reads the old file or this one, never part of one. False where it cannot (a
    root it cannot write to keeps nothing)."""
    import tempfile

    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(temporary, path)
    except OSError:
        try:
            os.remove(temporary)
        except OSError:
            pass
        return False
    return True


class Cache:
    """Signed pickles under `folder`, one per key (the user's key, `_user_key`: a file another user
    or a tampered tree holds is no answer): `diff`'s answers by file, `check`'s parsed rules."""

    def __init__(self, folder: Path | None, most: int | None = None) -> None:
        self.folder = folder
        self.key = _user_key() if folder is not None else None
        self.most = most  # entries of a kind kept: past it, the least recently written are removed

    def get(self, kind: str, key: str):
        import hmac
        import pickle

        if self.key is None:
            return None
        try:
            data = (self.folder / kind / key).read_bytes()
        except OSError:
            return None
        mac, body = data[:32], data[32:]
        if not hmac.compare_digest(mac, hmac.new(self.key, body, "sha256").digest()):
            return None
        try:
            return pickle.loads(body)
        except Exception:  # an entry from another version of the code: recompute
            return None

    def put(self, kind: str, key: str, value) -> None:
        import hmac
        import pickle

        if self.key is None:
            return
        try:
            body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, RecursionError, TypeError):
            return  # (a value too deep to keep: run without the cache)
        if write_whole(str(self.folder / kind / key), hmac.new(self.key, body, "sha256").digest() + body):
            try:
                ignore_cache_folder(self.folder.parent)
                if self.most is not None:
                    self._prune(self.folder / kind)
            except OSError:
                pass  # (a read-only tree: run without the cache)

    def _prune(self, folder: Path) -> None:
        """Keep the `most` entries written last (a concurrent run may remove one first: no matter)."""
        entries = []
        with os.scandir(folder) as found:
            for entry in found:
                if not entry.name.startswith("."):
                    try:
                        entries.append((entry.stat().st_mtime_ns, entry.path))
                    except OSError:
                        continue
        for _, path in sorted(entries, reverse=True)[self.most:]:
            try:
                os.remove(path)
            except OSError:
                pass


def _user_key() -> bytes | None:
    from pathlib import Path

    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ordercheck"
    path = base / "cache.key"
    try:
        return path.read_bytes()
    except OSError:
        pass
    import secrets
    import tempfile

    try:
        base.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=base, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # the first writer wins; every run then reads the same key
        except FileExistsError:
            pass
        os.unlink(tmp)
        return path.read_bytes()
    except OSError:
        return None


_SCANNED_WORDS = 24  # words a tree search answers by scanning the texts before it indexes every identifier


def _token(word: bytes) -> Callable[[bytes], bool]:
    """Whether a text holds `word` as an identifier token: it ends a run of identifier characters
    that only digits precede in it (`1foo` holds the token `foo`, `a1foo` does not), as
    `[A-Za-z_][A-Za-z0-9_]*` splits a text. The word is found as a literal (which the regular
    expression engine scans for fast) and what precedes it looked at here: a pattern starting
    with the character before it was tried at every position of every text (0.25 s of a check)."""
    import re

    ending = re.compile(re.escape(word) + rb"(?![A-Za-z0-9_])")

    def holds(text: bytes) -> bool:
        for found in ending.finditer(text):
            start = found.start()
            while start and text[start - 1] in _DIGITS:
                start -= 1
            if not start or text[start - 1] not in _IDENTIFIER:
                return True
        return False
    return holds


_DIGITS = frozenset(b"0123456789")
_IDENTIFIER = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789")
