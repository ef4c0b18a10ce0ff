"""Share a list of chunks between forked worker processes and this process.

Used by the parser (:mod:`.batch`) and the linter (:mod:`.lint_units`). On ``n`` cores it
forks ``n - 1`` workers, not ``n``: this process works too, so nothing it computes has to be
pickled back, and no core is oversubscribed while it runs its own share of the work
(``meanwhile``: the corpus-wide rules). The workers take chunks from the front of the queue;
this process, once ``meanwhile`` is done, takes the chunks no worker has started yet from the
back, until the two meet. Workers are forked from this process *after* it imported and warmed
what the work needs (the caller decides what: build the parser, lint a first unit), so no
worker imports or compiles it again.

The result never depends on who did a chunk: results come back in chunk order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Chunk = TypeVar("Chunk")
Out = TypeVar("Out")


def cores() -> int:
    """Cores this process may run on (at most 8: beyond that the pickling dominates)."""
    if hasattr(os, "sched_getaffinity"):
        return min(len(os.sched_getaffinity(0)), 8)
    return min(os.cpu_count() or 1, 8)


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def shared(
    func: Callable[[Chunk], Out],
    chunks: Sequence[Chunk],
    processes: int,
    meanwhile: Callable[[], None] | None = None,
) -> list[Out]:
    """``[func(chunk) for chunk in chunks]`` over ``processes`` processes (this one included,
    which first runs ``meanwhile``). ``func`` must be a module-level function (workers get it
    by name); with ``processes < 2`` or no ``fork`` everything runs here."""
    if processes < 2 or len(chunks) < 2 or not can_fork():
        if meanwhile is not None:
            meanwhile()
        return [func(chunk) for chunk in chunks]
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    done: dict[int, Out] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=processes - 1, mp_context=context) as pool:
        futures: list[Future[Out]] = [pool.submit(func, chunk) for chunk in chunks]
        if meanwhile is not None:
            meanwhile()
        for index in reversed(range(len(chunks))):
            if not futures[index].cancel():
                break  # a worker holds it (and every chunk before it): they meet here
            done[index] = func(chunks[index])
        for index, future in enumerate(futures):
            if index not in done:
                done[index] = future.result()
    return [done[index] for index in range(len(chunks))]
