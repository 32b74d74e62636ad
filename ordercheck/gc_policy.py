"""The garbage collector's settings for a run of the command line or a worker process.

A model is built of millions of small immutable objects, most of them alive until the file is
done; CPython's default thresholds (700, 10, 10) run the collector every few hundred allocations
and rescan the survivors again and again: nearly a quarter of the CPU of `diff` over vLLM's fused_moe
(23 of 99 s, bench/RESULTS.md). The engine leaves no reference cycles behind (nested functions
that call each other are deleted when done; tests/test_gc_policy.py keeps it so), so memory is
freed by reference counting and the collector can run a hundred times less often: 3 s, and no
more memory. Library calls (`ordercheck.api`) leave the host process's settings alone; a diff's
worker processes set them (`diff_tree`).
"""

from __future__ import annotations

import gc

THRESHOLDS = (100_000, 50, 100)  # allocations before a young collection; young / middle collections before the next


def for_batch() -> None:
    """Collect rarely: called by the command line and each worker process it starts."""
    gc.set_threshold(*THRESHOLDS)


__all__ = ["THRESHOLDS", "for_batch"]
