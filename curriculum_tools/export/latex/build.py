"""Compiling many ``.tex`` files: one LuaLaTeX per core, biggest first, unchanged files from
the cache (a hash of the inputs: no engine starts for them)."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from .cache import load, pdf_cache_root, store, unit_key
from .context import TexUnit
from .engine import compile_tex, engine_command
from .log import CompileOutcome
from .progress import Progress


def font_cache_ready() -> bool:
    """Whether luaotfload's font name database exists (the first LuaLaTeX run ever builds it,
    and two engines building it at once would race)."""
    kpsewhich = shutil.which("kpsewhich")
    if kpsewhich is None:
        return False
    try:
        found = subprocess.run(
            [kpsewhich, "-var-value=TEXMFCACHE"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return False
    folders = [Path(p) for p in found.stdout.strip().split(os.pathsep) if p]
    names = [f / "luatex-cache" / "generic" / "names" for f in folders]
    return any(n.is_dir() and any(n.glob("luaotfload-names.lu*")) for n in names)


def compile_all(
    units: list[TexUnit],
    out: Path,
    engine: str,
    display: Callable[[Path], str],
    budget: float,
    progress: Callable[[str], None] | None,
) -> tuple[list[CompileOutcome], int]:
    """The outcome of every unit (in order) and how many were compiled (not from cache).

    ``budget`` is the seconds per Markdown document: a file of many (the course book) gets
    that many times more."""
    root = pdf_cache_root()
    report = Progress(len(units), progress)
    outcomes: dict[int, CompileOutcome] = {}
    todo: list[tuple[int, str]] = []
    for k, unit in enumerate(units):
        key = unit_key(out, unit, engine_command(engine, Path(unit.tex).name))
        cached = load(root, key, out, unit)
        if cached is not None:
            outcomes[k] = cached
            report.done(unit.tex, cached=True)
        else:
            todo.append((k, key))

    def run(item: tuple[int, str]) -> tuple[int, CompileOutcome]:
        k, key = item
        report.start(units[k].tex)
        scaled = budget * max(1, len(units[k].sources))
        outcome = compile_tex(out, units[k], engine, display, scaled)
        store(root, key, out, units[k], outcome)
        report.done(units[k].tex)
        return k, outcome

    # biggest first, so the last engine to finish is a short one (ties: by name)
    todo.sort(key=lambda item: (-(out / units[item[0]].tex).stat().st_size, units[item[0]].tex))
    compiled = len(todo)
    if len(todo) > 1 and not font_cache_ready():  # the smallest alone builds the font cache
        k, outcome = run(todo.pop())
        outcomes[k] = outcome
    workers = max(1, min(len(todo), os.cpu_count() or 1))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers)
    try:
        outcomes.update(pool.map(run, todo))
    finally:  # stopped (Ctrl-C, SIGTERM): start no new engine, wait for the running ones
        pool.shutdown(wait=True, cancel_futures=True)
        report.finish()
    return [outcomes[k] for k in range(len(units))], compiled
