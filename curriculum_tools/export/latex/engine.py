"""Running LuaLaTeX safely: a Lua init sandbox, paranoid kpathsea file access, no sockets,
no shell escape, and a time budget after which the whole process group is killed."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .log import _RERUN_RE, CompileOutcome, parse_log
from .settings import DEFAULT_BUDGET

if TYPE_CHECKING:
    from .context import TexUnit

SANDBOX_LUA = Path(__file__).with_name("sandbox.lua")
"""LuaTeX initialization script run before the format: limits Lua's file and process access."""


def engine_environment() -> dict[str, str]:
    """The engine's environment: kpathsea's paranoid file access, shell escape off, and log
    lines never wrapped (TeX wraps at 79 columns by default, splitting the "Missing
    character" lines that :mod:`.log` reads)."""
    return dict(
        os.environ,
        openin_any="p",
        openout_any="p",
        shell_escape="f",
        max_print_line="100000",
        error_line="254",
        half_error_line="238",
    )


def engine_command(engine: str, name: str) -> list[str]:
    """The LuaLaTeX command line: sandbox init script, no sockets, no shell escape."""
    return [
        engine,
        f"--lua={SANDBOX_LUA}",
        "--fmt=lualatex",
        "--nosocket",
        "-no-shell-escape",
        "-interaction=nonstopmode",
        "-halt-on-error",
        "-file-line-error",
        name,
    ]


class _OverBudget(Exception):
    """The engine ran past the compile budget and was killed."""


def run_engine(command: list[str], folder: Path, deadline: float) -> tuple[int, bytes]:
    """Run the engine in its own process group; kill the whole group at ``deadline``."""
    proc = subprocess.Popen(
        command,
        cwd=folder,
        env=engine_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        stdout, _ = proc.communicate(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise _OverBudget from None
    except BaseException:
        _kill_group(proc)
        raise
    return proc.returncode, stdout


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.kill()
    proc.communicate()


def compile_tex(
    out: Path,
    unit: TexUnit,
    engine: str,
    display: Callable[[Path], str],
    budget: float = DEFAULT_BUDGET,
) -> CompileOutcome:
    """Run the engine in the ``.tex`` folder, again while it asks for a rerun; keep the log.

    All runs of one file share ``budget`` seconds; past it the engine (its whole process
    group) is killed and the outcome is an error at the Markdown file.
    """
    tex_path = out / unit.tex
    folder, name = tex_path.parent, tex_path.name
    deadline = time.monotonic() + budget
    log_text = ""
    rc = 0
    toc_file = tex_path.with_suffix(".toc")
    toc_file.unlink(missing_ok=True)
    toc = ""
    try:
        for _ in range(3):
            rc, stdout = run_engine(engine_command(engine, name), folder, deadline)
            log_file = tex_path.with_suffix(".log")
            log_text = (
                log_file.read_text(encoding="utf-8", errors="replace")
                if log_file.exists()
                else stdout.decode("utf-8", "replace")
            )
            # a table of contents appears one run late: run again while it changes
            new_toc = toc_file.read_text("utf-8", "replace") if toc_file.exists() else ""
            toc_changed, toc = new_toc != toc, new_toc
            if rc != 0 or not (_RERUN_RE.search(log_text) or toc_changed):
                break
    except _OverBudget:
        where = display(unit.sources[0].path) if unit.sources else unit.tex
        outcome = CompileOutcome()
        outcome.errors.append(
            f"{where}:1: LaTeX: compiling took longer than {budget:g} s and was stopped "
            f"(export.latex.timeout in ctools.yaml) ({unit.tex})"
        )
        tex_path.with_suffix(".pdf").unlink(missing_ok=True)
        return outcome
    except OSError as exc:
        outcome = CompileOutcome()
        outcome.errors.append(f"{unit.tex}: {engine} could not run: {exc.strerror or exc}")
        return outcome
    outcome = parse_log(unit, tex_path.read_text(encoding="utf-8"), log_text, display)
    if rc != 0 and not outcome.errors:
        outcome.errors.append(f"{unit.tex}: {engine} failed (exit {rc}); see {unit.tex[:-4]}.log")
    outcome.pdf = rc == 0 and tex_path.with_suffix(".pdf").exists()
    for suffix in (".aux", ".out", ".toc"):
        tex_path.with_suffix(suffix).unlink(missing_ok=True)
    return outcome
