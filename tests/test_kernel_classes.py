"""The kernel classes of CUDA evidence have their defaults in one place, `cuda_trace.DEFAULT_CLASSES`,
which the command line shows and uses."""

import click

from ordercheck.cli import combine_command, runtime_command
from ordercheck.runtime.cuda_trace import DEFAULT_CLASSES, KernelClass


def defaults(command: click.Command) -> dict:
    return {p.name: p.default for p in command.params if p.name.endswith(("_ranges", "_kernels"))}


def test_the_default_classes():
    assert DEFAULT_CLASSES == (KernelClass("shared", "shared_experts?", "$^"), KernelClass("routed", "routed_experts?", "."))


def test_runtime_and_combine_default_to_the_default_classes():
    shared, routed = DEFAULT_CLASSES
    expected = {"shared_ranges": shared.range_pattern, "routed_ranges": routed.range_pattern,
                "shared_kernels": shared.kernel_pattern, "routed_kernels": routed.kernel_pattern}
    assert defaults(runtime_command) == expected
    assert defaults(combine_command) == expected
