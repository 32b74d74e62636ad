"""Mutation testing of rules: edit a decision the way regressions do, and see which edits the rules
catch. libcst keeps every mutant's formatting, so its lines match the source. No I/O: the caller
hands in the source, the models and the rules' verdicts.

Operators, each applied at one site at a time inside the target and the same-file helpers it
calls (`helpers`):
- negate-guard: `if c` -> `if not c` (an `elif` or a conditional expression too; `not c` -> `c`);
- swap-arms: the two arms of an if/else or of a conditional expression change places;
- swap-returns: two neighbouring guarded `return`s (or `raise`s) change places;
- swap-elif: two neighbouring arms of an if/elif chain change places (tests with their bodies);
- drop-guard: a guarded `return` / `raise` is deleted;
- unguard: an `if` without `else` (a default applied "when the user chose nothing") loses its
  condition: its body always runs;
- drop-operand: one operand of an `and` / `or` chain is deleted (a conjunct of a platform guard);
- drop-member / add-member: a member of a literal list, tuple or set is deleted / a fresh string
  is added to a collection of strings;
- swap-members: two neighbouring members of a literal list or tuple change places (a priority
  list reordered);
- swap-statements: two neighbouring calls on their own lines (`append`, `insert`, a move-to-front
  helper), or two neighbouring `if` blocks without exits, change places;
- threshold: a comparison's bound moves (`<=` / `<`) or its direction flips (`<=` / `>=`);
and edits that must change no configuration's path (BENIGN): rename a local, mirror a comparison
(`a <= b` -> `b >= a`), swap neighbouring operands of an `and` / `or` that is read as a truth
value and calls nothing.

`oracle` decides with `diff` whether a mutant changes some configuration's path; `judge` turns
that and the rules' verdicts into one of VERDICTS. Modules: `operators` (where each operator
applies, the mutants), `edits` (tree edits that keep code valid), `verdicts` (oracle, judge).
"""

from .operators import ADDED_MEMBER, BENIGN, OPERATORS, Mutant, helpers, mutants
from .verdicts import VERDICTS, MutantResult, Oracle, judge, oracle, score

__all__ = ["Mutant", "MutantResult", "Oracle", "mutants", "helpers", "oracle", "judge", "score", "OPERATORS", "BENIGN",
           "VERDICTS", "ADDED_MEMBER"]
