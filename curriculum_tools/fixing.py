"""Applying fixes to files: only to the exact text that was linted, atomically.

:func:`~curriculum_tools.lint.apply_fixes` is the pure part (text in, text out); here is the
edge: read the file, check it still holds what was linted, apply, verify the section
skeleton, check the bytes once more right before the atomic write, write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CtoolsError
from .lint import Fix, Result, apply_fixes

CHANGED_WHILE_FIXING = "changed while fixing, run again"


@dataclass(slots=True)
class FixOutcome:
    """What happened to one file: how many fixes were written, or why none was."""

    path: Path
    fixed: int
    refused: str = ""
    failed: bool = False  # refused because the file could not be read or written (exit 2)


def fix_file(path: Path, fixes: Sequence[Fix], linted: str | None) -> FixOutcome | None:
    """Apply ``fixes`` to one file atomically; None when they change nothing.

    Written only when (1) the file still holds exactly the text that was linted
    (``linted``; None skips this check), (2) re-parsing the fixed text gives the same
    section skeleton, and (3) the file's bytes are unchanged right before the atomic write
    (:func:`~curriculum_tools.io.replace_file` compares them, so an edit made while fixing is
    never overwritten or mixed in). BOM, line endings, links and metadata are kept by the one
    in-place writer (:func:`~curriculum_tools.io.rewrite_text`).
    """
    from .io import read_bytes, read_source, rewrite_text
    from .parse import skeleton

    try:
        data, before = read_source(path)
    except CtoolsError as exc:
        return FixOutcome(path, 0, exc.reason, failed=True)
    if linted is not None and before != linted:
        return FixOutcome(path, 0, CHANGED_WHILE_FIXING)
    after = apply_fixes(before, fixes)
    if after == before:
        return None
    if skeleton(after) != skeleton(before):
        return FixOutcome(path, 0, "fix would change the section skeleton; not written")
    try:
        if read_bytes(path) != data:
            return FixOutcome(path, 0, CHANGED_WHILE_FIXING)
        rewrite_text(path, after, data)
    except CtoolsError as exc:
        return FixOutcome(path, 0, exc.reason, failed=True)
    return FixOutcome(path, len(set(fixes)))


def fix_files(result: Result) -> list[FixOutcome]:
    """Apply the fixes carried by ``result``'s findings, file by file (:func:`fix_file`)."""
    by_path: dict[Path, list[Fix]] = {}
    for finding in result.findings:
        if finding.fix is not None and finding.severity != "off":
            by_path.setdefault(finding.path, []).append(finding.fix)
    outcomes: list[FixOutcome] = []
    for path, fixes in sorted(by_path.items()):
        outcome = fix_file(path, fixes, result.sources.get(path))
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
