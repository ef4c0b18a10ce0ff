"""Applying fixes to files: only to the exact text that was linted, atomically.

:func:`~curriculum_tools.lint.apply_fixes` is the pure part (text in, text out); here is the
edge: read the file, check it still holds what was linted, apply, verify the section
skeleton, check the bytes once more right before the atomic write, write.
"""

from __future__ import annotations

import hashlib
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


def _digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def _read_bytes(path: Path) -> bytes:
    from .io import MAX_BYTES

    if path.stat().st_size > MAX_BYTES:
        raise CtoolsError(f"file too large (> {MAX_BYTES} bytes)", path)
    return path.read_bytes()


def fix_file(path: Path, fixes: Sequence[Fix], linted: str | None) -> FixOutcome | None:
    """Apply ``fixes`` to one file atomically; None when they change nothing.

    Written only when (1) the file still holds exactly the text that was linted
    (``linted``; None skips this check), (2) re-parsing the fixed text gives the same
    section skeleton, and (3) the file's bytes are unchanged right before the atomic write
    (a hash check, so an edit made while fixing is never overwritten or mixed in).
    """
    from .io import atomic_write, decode_markdown
    from .parse import skeleton

    try:
        data = _read_bytes(path)
        before = decode_markdown(data, path)
    except CtoolsError as exc:
        return FixOutcome(path, 0, exc.message)
    except OSError as exc:
        return FixOutcome(path, 0, f"cannot read: {exc.strerror}")
    if linted is not None and before != linted:
        return FixOutcome(path, 0, CHANGED_WHILE_FIXING)
    after = apply_fixes(before, fixes)
    if after == before:
        return None
    if skeleton(after) != skeleton(before):
        return FixOutcome(path, 0, "fix would change the section skeleton; not written")
    new = after.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        new = b"\xef\xbb\xbf" + new  # the text was decoded without its BOM
    try:
        if _digest(_read_bytes(path)) != _digest(data):
            return FixOutcome(path, 0, CHANGED_WHILE_FIXING)
        atomic_write(path, new)
    except CtoolsError as exc:
        return FixOutcome(path, 0, exc.message)
    except OSError as exc:
        return FixOutcome(path, 0, f"cannot write: {exc.strerror or exc}")
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
