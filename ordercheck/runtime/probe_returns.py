"""Which return of a target fired (part of the probe: standard library only; Python 3.12+).

A PY_RETURN monitoring event on the target's code gives the return's offset, so two branches that
return the same outcome are told apart. An event costs about 0.1 us per call, so it stays on only
where the line says something the outcome does not:
- a quiet return (the plan's `quiet_lines`: the static model says it returns one constant that
  no other branch returns) fires once, which records its outcome -> line, and is then disabled
  (`sys.monitoring.DISABLE`, per offset): its calls are counted with offset -1 and written with the
  line learned for their outcome;
- every other return (an outcome shared with another line, a value passed through, a line the
  model does not know) keeps its event: the offset goes into the count key;
- should a quiet return's outcome come back from a second quiet line after all (the model was
  wrong, or `1` and `True`), the second one keeps its event.

The last offset is kept per target (`ret`), read and reset by the wrapper right after the call;
two threads that run the same target at once may swap their lines.
"""

from __future__ import annotations

import sys

from .probe_read import key_of

_DISABLE = getattr(getattr(sys, "monitoring", None), "DISABLE", None)
UNKNOWN = -2  # the count key's offset when the target's code was replaced: no line


class ReturnSites:
    """The returns of one target's code: offset -> line, which offsets keep their event, and the
    line learned for each outcome of a quiet return."""

    __slots__ = ("ret", "lines", "needed", "learned")

    def __init__(self, lines: dict[int, int], quiet_lines) -> None:
        self.ret = [-1]  # the last kept return's offset, read and reset by the wrapper
        self.lines = lines
        quiet = set(quiet_lines)
        self.needed = {o for o, line in lines.items() if line not in quiet}
        self.learned: dict = {}  # outcome key -> line

    def on_return(self, offset: int, result):
        """The PY_RETURN callback's work: None keeps the event, DISABLE drops it at `offset`."""
        if offset in self.needed:
            self.ret[0] = offset
            return None
        line = self.lines.get(offset)
        known = self.learned.setdefault(key_of(result), line)
        if known == line:
            return _DISABLE
        self.needed.add(offset)  # a second quiet line for one outcome: this one tells its line
        self.ret[0] = offset
        return None

    def offset_of(self, offset: int, result) -> int:
        """The count key's offset for a call seen returning `result` at `offset` (the first call,
        recorded from its frame, not by the wrapper)."""
        if offset not in self.needed:
            self.on_return(offset, result)
        self.ret[0] = -1  # the wrapper's next call must not read this call's offset
        return offset if offset in self.needed else -1

    def line(self, offset: int, outcome) -> int | None:
        """The source line of a count key's (offset, outcome)."""
        if offset >= 0:
            return self.lines.get(offset)
        return self.learned.get(outcome) if offset == -1 else None
