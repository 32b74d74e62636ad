"""Which files of a tree ordercheck reads, and the search of their texts by identifier.

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


def files_mentioning(base: Path) -> Callable[[tuple[str, ...]], list[str]]:
    """`mentioning(words)`: the tree's Python files (root-relative POSIX paths; the folders
    `discover` leaves out left out) whose text holds every one of `words` as a word (an
    identifier token, as `[A-Za-z_][A-Za-z0-9_]*` finds them). The first search reads every file
    once and keeps the texts: the first `_SCANNED_WORDS` words are each found by a scan of them
    (a `check` asks a few: vLLM, 3,231 files, 0.3 s, where indexing every identifier of the tree
    was 2.5 s); past them, for each identifier the files that hold it are kept and the texts
    dropped (a `diff` asks thousands; ~20 MB)."""
    import re  # (here: `targets`, on the pre-commit fast path, imports this module for CACHE_DIR)
    from pathlib import Path

    files: list[str] = []
    texts: list[bytes] = []
    scanned: dict[bytes, frozenset[int]] = {}
    postings: dict[bytes, list[int]] = {}
    asked: dict[str, int] = {}  # how many searches named each word
    identifier = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")

    def data(relative: str) -> bytes:
        try:
            with open(os.path.join(base, relative), "rb") as fh:
                return fh.read()
        except OSError:
            return b""

    def holding(word: bytes, among: set[int] | None = None) -> frozenset[int] | list[int] | set[int]:
        """The files holding `word`; with `among`, those of them in it (scanned there alone, not kept)."""
        if not texts:  # (indexed)
            return postings.get(word, ())
        if among is not None and word not in scanned:
            holds = _token(word)
            return {i for i in among if word in texts[i] and holds(texts[i])}
        if word not in scanned and len(scanned) >= _SCANNED_WORDS:
            for i, text in enumerate(texts):
                for token in set(identifier.findall(text)):
                    postings.setdefault(token, []).append(i)
            texts.clear()
            scanned.clear()
            return postings.get(word, ())
        if word not in scanned:
            # a token: the word ends a run of identifier characters that only digits precede in it
            # (`1foo` holds the token `foo`, `a1foo` does not), as `identifier.findall` splits it
            holds = _token(word)
            scanned[word] = frozenset(i for i, text in enumerate(texts) if word in text and holds(text))
        return scanned[word]

    def mentioning(words: tuple[str, ...]) -> list[str]:
        if not files:
            for folder, dirs, names in os.walk(base):  # (symlinks kept as they are: no resolve)
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                inside = Path(os.path.relpath(folder, base)).as_posix()  # (once a folder: relpath is slow)
                prefix = "" if inside == "." else inside + "/"
                files.extend(prefix + n for n in sorted(names) if n.endswith(".py"))
            texts.extend(data(relative) for relative in files)
            files.append("")  # (listed, if empty)
            texts.append(b"")
        for word in words:
            asked[word] = asked.get(word, 0) + 1
        found: set[int] | None = None
        # the first word is scanned in every file and kept: one scanned already, else the one asked
        # most often (the module name a search pairs with each word it writes through: one scan,
        # not one a pair), else the longest; the others only in the files it leaves
        for word in sorted(words, key=lambda w: (w.encode("utf-8") in scanned, asked[w], len(w)), reverse=True):
            encoded = word.encode("utf-8")
            if word.isascii() and identifier.fullmatch(encoded):
                held = set(holding(encoded, found))
            else:  # (not an ASCII identifier: read the files again)
                held = {i for i, relative in enumerate(files) if relative and encoded in data(relative)}
            found = held if found is None else found & held
        return sorted(files[i] for i in (found or ()))
    return mentioning


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
