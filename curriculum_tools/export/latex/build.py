"""Compiling many ``.tex`` files: one LuaLaTeX per core, unchanged files from the cache, and
units that assemble others (the course book and its chapters) after what they include."""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable
from pathlib import Path

from .cache import load, pdf_cache_root, store, unit_key
from .context import TexUnit
from .engine import compile_tex, engine_command
from .log import CompileOutcome
from .progress import Progress


def compile_all(
    units: list[TexUnit],
    out: Path,
    engine: str,
    display: Callable[[Path], str],
    budget: float,
    progress: Callable[[str], None] | None,
) -> tuple[list[CompileOutcome], int]:
    """The outcome of every unit (in order) and how many were compiled (not from cache)."""
    root = pdf_cache_root()
    report = Progress(len(units), progress)
    outcomes: dict[int, CompileOutcome] = {}
    compiled = 0
    first = [k for k, u in enumerate(units) if not u.needs]
    then = [k for k, u in enumerate(units) if u.needs]
    for batch in (first, then):
        if batch is then:
            for k in then:
                finalize = units[k].finalize
                if finalize is not None:
                    finalize(out)
        todo: list[tuple[int, str]] = []
        for k in batch:
            unit = units[k]
            missing = [n for n in unit.needs if not (out / n).with_suffix(".pdf").exists()]
            if missing:
                outcomes[k] = CompileOutcome()
                outcomes[k].errors.append(
                    f"{unit.tex}: not assembled: {len(missing)} of its chapters did not "
                    f"compile ({missing[0]} ...)"
                )
                report.done(unit.tex)
                continue
            key = unit_key(out, unit, engine_command(engine, Path(unit.tex).name))
            cached = load(root, key, out, unit)
            if cached is not None:
                outcomes[k] = cached
                report.done(unit.tex, cached=True)
            else:
                todo.append((k, key))

        def run(item: tuple[int, str]) -> tuple[int, CompileOutcome]:
            k, key = item
            # assembling includes every page of its parts: the budget grows with them
            scaled = budget * max(1, len(units[k].needs))
            outcome = compile_tex(out, units[k], engine, display, scaled)
            store(root, key, out, units[k], outcome)
            report.done(units[k].tex)
            return k, outcome

        todo.sort(key=lambda item: -len(units[item[0]].tex))  # stable, deterministic
        if todo and compiled == 0:  # the first run alone: it may build luaotfload's font cache
            k, outcome = run(todo.pop(0))
            outcomes[k] = outcome
            compiled += 1
        workers = max(1, min(len(todo), os.cpu_count() or 1))
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
        try:
            outcomes.update(pool.map(run, todo))
        finally:  # stopped (Ctrl-C, SIGTERM): start no new engine, wait for the running ones
            pool.shutdown(wait=True, cancel_futures=True)
        compiled += len(todo)
    report.finish()
    return [outcomes[k] for k in range(len(units))], compiled
