"""The file loop of ``ctools fix-encoding``: read, repair, check, write atomically.

:func:`fix_paths` yields one :class:`FileResult` per Markdown file; the command only prints them
and turns the :class:`Summary` into an exit code.  Errors are told apart by type
(:class:`~.legacy.BinaryInputError`, :class:`~.legacy.UndecodableError`), never by message text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..fix_encoding import Repair, repair_bytes
from .legacy import BinaryInputError, EncodingError


class Status(Enum):
    CLEAN = "clean"  # nothing to do
    CHANGED = "changed"  # repaired (written unless only checking)
    UNRECOVERABLE = "unrecoverable"  # damage no tool can undo; the original file is needed
    SKIPPED = "skipped"  # not a text file
    ERROR = "error"  # unreadable, undecodable, or a repair that would change the structure


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    status: Status
    repair: Repair | None = None
    message: str = ""


@dataclass(slots=True)
class Summary:
    checked: int = 0
    changed: int = 0
    unrecoverable: int = 0
    failed: int = 0
    results: list[FileResult] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        self.results.append(result)
        self.checked += result.status is not Status.SKIPPED and result.status is not Status.ERROR
        self.changed += result.status is Status.CHANGED
        self.unrecoverable += result.status is Status.UNRECOVERABLE
        self.failed += result.status is Status.ERROR

    def exit_code(self, check: bool) -> int:
        """2 when a file failed; 1 when a file is unrecoverable, or would change under check."""
        if self.failed:
            return 2
        return 1 if self.unrecoverable or (check and self.changed) else 0


def examine(path: Path, data: bytes, *, write: bool) -> FileResult:
    """Repair ``data`` (the bytes of ``path``) and, with ``write``, replace the file."""
    try:
        repair = repair_bytes(data)
    except BinaryInputError as exc:
        from ..io import is_binary

        # only real binary data is skipped; text that cannot be read (a NUL, UTF-32) is an error
        return FileResult(
            path, Status.SKIPPED if is_binary(data) else Status.ERROR, message=str(exc)
        )
    except EncodingError as exc:
        return FileResult(path, Status.ERROR, message=str(exc))
    if repair.unrecoverable:
        return FileResult(path, Status.UNRECOVERABLE, repair, repair.unrecoverable)
    if not repair.changed or repair.data == data:  # decided by bytes: a kept BOM is no change
        return FileResult(path, Status.CLEAN, repair)
    from ..parse import skeleton

    if skeleton(repair.original) != skeleton(repair.text):
        return FileResult(
            path,
            Status.ERROR,
            repair,
            "the repair would change the heading structure; not written",
        )
    if write:
        from ..errors import InputError
        from ..io import replace_file

        try:  # the one in-place writer: links, owner, mode kept; changed meanwhile refused
            replace_file(path, repair.data, expect=data)
        except InputError as exc:
            return FileResult(path, Status.ERROR, repair, exc.reason)
    return FileResult(path, Status.CHANGED, repair)


def fix_paths(paths: Iterable[Path], *, write: bool) -> Iterator[FileResult]:
    """:func:`examine` every Markdown file under ``paths`` (folders are walked)."""
    from ..errors import InputError
    from ..io import iter_markdown, read_bytes

    for path in iter_markdown(paths):
        try:
            data = read_bytes(path)  # bounded; FIFOs and devices refused
        except InputError as exc:
            yield FileResult(path, Status.ERROR, message=exc.reason)
            continue
        yield examine(path, data, write=write)


def report(name: str, repair: Repair) -> list[str]:
    """Per-file report lines: what was found, then each uncertain spot with its line."""
    if not repair.changed:
        return []
    found = []
    if repair.encoding not in ("utf-8", "utf-8-sig"):
        found.append(f"decoded from {repair.encoding}")
    if repair.chain:
        rebuilt = sum(1 for s in repair.spots if s.kind != "lossless")
        found.append(
            f"mojibake {' + '.join(repair.chain)}: {len(repair.spots)} spots repaired"
            + (f", {rebuilt} reconstructed" if rebuilt else "")
            + f", {len(repair.uncertain)} uncertain"
        )
    rebuilt_any = any(s.kind != "lossless" for s in repair.spots)
    if rebuilt_any and repair.model != "kiwipiepy":
        found.append(
            f"weak Korean model ({repair.model}): only sure repairs written; "
            "install curriculum-tools[korean] for kiwipiepy"
        )
    lines = [f"{name}: {'; '.join(found) or 'repaired'}"]
    for spot in repair.uncertain:
        others = ", ".join(repr(c) for c in spot.candidates[1:4])
        lines.append(
            f"{name}:{spot.line}:{spot.column}: uncertain, left as found: {spot.before!r} -> "
            f"{spot.after!r} (confidence {spot.confidence:.2f}"
            + (f"; or {others})" if others else ")")
        )
    return lines


def diff(name: str, before: str, after: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"a/{name}",
            f"b/{name}",
        )
    )
