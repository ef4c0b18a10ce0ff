"""A budget for rendering one template: time, memory, and arithmetic that C cannot interrupt.

Jinja's sandbox stops a template from reaching Python's internals, not from running forever
(``{% for i in range(100000) %}{% for j in range(100000) %}``), from building a string of
gigabytes (``'x'|center(10**9)``, ``'%*d' % (10**9, 1)``, doubling a namespace value in a loop)
or from one integer operation that runs for hours inside C (``9 ** (9 ** 9)``). So each render
of a template from a repository runs:

- under a deadline (``CTOOLS_TEMPLATE_TIMEOUT`` seconds, default 60; a ``SIGALRM`` timer in the
  main thread, which interrupts any loop of the template between two of its steps);
- with at most :data:`MEMORY_HEADROOM` more address space than the process had when it began
  (``RLIMIT_AS``, lowered for the render and restored after; a larger allocation is a
  ``MemoryError``), where the platform has it;
- with ``*`` and ``**`` on integers refused when the result would exceed
  :data:`MAX_INT_BITS` bits (the only template operations whose cost is not bounded by the
  memory they use).

Each refusal is a template error naming the template and line (``render_template``).
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
from collections.abc import Iterator

DEFAULT_SECONDS = 60.0
MEMORY_HEADROOM = 1 << 30
"""Address space a render may add (1 GiB): a page of any real course needs a few MB."""
MAX_INT_BITS = 1 << 16
"""Largest integer a template may compute with ``*`` or ``**`` (65,536 bits, ~19,700 digits)."""


class TemplateOverBudget(Exception):
    """A template ran past its time budget, or asked for too much memory or arithmetic."""


def budget_seconds() -> float:
    """The time budget of one render (``CTOOLS_TEMPLATE_TIMEOUT``, default 60 s)."""
    try:
        value = float(os.environ.get("CTOOLS_TEMPLATE_TIMEOUT", DEFAULT_SECONDS))
    except ValueError:
        return DEFAULT_SECONDS
    return value if value > 0 else DEFAULT_SECONDS


def check_binop(operator: str, left: object, right: object) -> None:
    """Refuse ``*`` and ``**`` of integers whose result would exceed :data:`MAX_INT_BITS`."""
    if not isinstance(left, int) or not isinstance(right, int):
        return
    a, b = int(left), int(right)
    if operator == "*":
        bits = a.bit_length() + b.bit_length()
    elif b <= 0 or abs(a) <= 1:
        return
    else:
        bits = int(min(math.log2(abs(a)) * b, MAX_INT_BITS * 2.0)) + 1
    if bits > MAX_INT_BITS:
        raise TemplateOverBudget(
            f"`{operator}` would make an integer of more than {MAX_INT_BITS} bits; refused"
        )


def _address_space() -> int | None:
    """This process's address space in bytes (Linux ``/proc``), or None."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def _memory_cap() -> Iterator[None]:
    try:
        import resource
    except ImportError:  # not on this platform
        yield
        return
    used = _address_space()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = None if used is None else used + MEMORY_HEADROOM
    if cap is None or (soft != resource.RLIM_INFINITY and soft <= cap):
        yield
        return
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TemplateOverBudget(
            f"rendering took longer than {seconds:g} s and was stopped (CTOOLS_TEMPLATE_TIMEOUT)"
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """Run one render under the time and memory budget (see the module)."""
    with _deadline(budget_seconds()), _memory_cap():
        yield
