"""``ctools lint`` as one core call: select rules, lint, fix, apply a baseline, render, exit code.

The CLI only parses options into :class:`LintOptions` and prints the :class:`LintOutcome`.
Exit codes: 0 clean, 1 an ``error`` finding (or, with ``strict``, any warning; with
``max_warnings``, more warnings than allowed), 2 usage or configuration errors (raised as
:class:`~curriculum_tools.errors.CtoolsError` before anything is written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CtoolsError

if TYPE_CHECKING:
    from .config import Config
    from .lint import Result


@dataclass(frozen=True, slots=True)
class LintOptions:
    fmt: str = "text"
    fix: bool = False
    select: tuple[str, ...] = ()
    """Only these rules (empty: every enabled rule)."""
    ignore: tuple[str, ...] = ()
    """Never these rules."""
    baseline: Path | None = None
    update_baseline: bool = False
    strict: bool = False
    max_warnings: int | None = None
    summary: bool = False


@dataclass(slots=True)
class LintOutcome:
    out: str
    """What goes to stdout."""
    messages: list[str] = field(default_factory=list)
    """What goes to stderr (fix reports, baseline notes)."""
    exit_code: int = 0
    result: Result | None = None


def rule_list(text: str | None, known: Sequence[str]) -> tuple[str, ...]:
    """A comma-separated rule list (as ruff's ``--select``); unknown names are an error."""
    if not text:
        return ()
    names = tuple(dict.fromkeys(x.strip() for x in text.split(",") if x.strip()))
    bad = [x for x in names if x not in known]
    if bad:
        raise CtoolsError(f"unknown rule {', '.join(bad)} (see `ctools rules`)")
    return names


def chosen_rules(options: LintOptions, known: Sequence[str]) -> list[str] | None:
    """The rule names to run (None: all of them)."""
    if not options.select and not options.ignore:
        return None
    names = options.select or tuple(known)
    return [n for n in names if n not in options.ignore]


def exit_code(result: Result, options: LintOptions) -> int:
    """2 for input that could not be used (reported as ``unreadable-file``); 1 for errors, and
    for warnings under ``--strict`` or past ``--max-warnings``; else 0."""
    if result.unreadable:
        return 2
    if result.count("error"):
        return 1
    warnings = result.count("warning")
    if options.strict and warnings:
        return 1
    if options.max_warnings is not None and warnings > options.max_warnings:
        return 1
    return 0


def lint_command(paths: Sequence[Path], config: Config, options: LintOptions) -> LintOutcome:
    """Run ``ctools lint`` and return what to print and the exit code."""
    from .errors import shown
    from .lint import registry, run

    # baseline, fixing and report are imported where used: off the path to the parse workers
    if options.update_baseline and options.baseline is None:
        raise CtoolsError("--update-baseline needs --baseline FILE")
    only = chosen_rules(options, list(registry())) if options.select or options.ignore else None
    baseline = None
    if options.baseline is not None and not options.update_baseline:
        from .baseline import load_baseline

        baseline = load_baseline(options.baseline)  # a bad baseline stops before any fix
    messages: list[str] = []
    result = run(list(paths), config, only)
    unwritten = False
    if options.fix:
        from .fixing import fix_files

        outcomes = fix_files(result)
        for outcome in outcomes:
            if outcome.refused:
                messages.append(f"{shown(outcome.path)}: {outcome.refused}")
                unwritten |= outcome.failed  # read-only, full disk, ...: exit 2 at the end
            else:
                messages.append(f"{shown(outcome.path)}: {outcome.fixed} fix(es) applied")
        if any(o.fixed for o in outcomes):
            result = run(list(paths), config, only)
    if options.baseline is not None and options.update_baseline:
        from .baseline import write_baseline

        write_baseline(result.findings, result.line, options.baseline)
        messages.append(f"wrote {len(result.findings)} findings to {options.baseline}")
        return LintOutcome("", messages, 0, result)
    if baseline is not None:
        kept, hidden = baseline.filter(result.findings, result.line)
        result = replace(result, findings=kept, baselined=hidden)
    messages += result.unreadable  # one line each on stderr: the input errors of exit 2
    from .report import render, render_file_summary

    out = render(result, options.fmt, files=options.summary)
    if options.summary and options.fmt in ("text", "github"):
        out = (out + "\n" if out else "") + render_file_summary(result)
    elif options.summary and options.fmt == "sarif":
        messages.append(render_file_summary(result))
    return LintOutcome(out, messages, 2 if unwritten else exit_code(result, options), result)
