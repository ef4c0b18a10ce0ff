"""mdBook includes: what ``{{#include path:anchor}}`` means, and splicing within a budget.

Exporters splice through one :class:`Splicer` per rendering of a document; the files are read
once per run through the link index (:meth:`.assets.LinkIndex.file_lines`, the one bounded
reader) and resolved like any link (:func:`.assets.resolve`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .assets import LinkIndex, resolve, source_root

if TYPE_CHECKING:
    from .model import Document

_ANCHOR_RE = re.compile(r"\bANCHOR(_END)?:\s*([\w-]+)")


@dataclass(frozen=True, slots=True)
class Include:
    """An mdBook ``{{#include path:anchor}}``: the lines it stands for, or why there are none."""

    path: str
    anchor: str
    lines: tuple[str, ...] | None
    """None when the file is outside the project, missing, or has no such anchor."""
    reason: str = ""


def read_include(path: str, anchor: str, from_doc: Document, index: LinkIndex) -> Include:
    """The lines an include directive means (mdBook rules: ``:name`` is the text between
    ``ANCHOR: name`` and ``ANCHOR_END: name``; ``:3:9``, ``:3:``, ``::9`` and ``:3`` are
    1-based line ranges; other ``ANCHOR`` marker lines are dropped). Uncharged: exporters
    splice through a :class:`Splicer`."""
    return _read(path, anchor, from_doc, index)[0]


def _read(
    path: str, anchor: str, from_doc: Document, index: LinkIndex
) -> tuple[Include, Path | None, tuple[str, ...]]:
    """:func:`read_include`, the file it read and all its lines (None and ``()``: none)."""
    target = resolve(path, from_doc, index)
    if target.kind == "outside":
        return Include(path, anchor, None, "outside the project"), None, ()
    if target.kind not in ("file", "document") or target.path is None:
        return Include(path, anchor, None, "file not found"), None, ()
    if _links_out(target.path, from_doc, index):
        return Include(path, anchor, None, "a symlink leading out of the project"), None, ()
    found = index.file_lines(target.path)
    if isinstance(found, str):
        return Include(path, anchor, None, found), None, ()
    chosen = _select(list(found), anchor)
    if chosen is None:
        return Include(path, anchor, None, f"no anchor `{anchor}`"), None, ()
    kept = tuple(ln for ln in chosen if not _ANCHOR_RE.search(ln))
    return Include(path, anchor, kept), index.real(target.path), found


def _links_out(path: Path, from_doc: Document, index: LinkIndex) -> bool:
    """Whether ``path`` (inside the project as written) is a symlink, or lies in a linked
    folder, that really leads out of the project and of the document's source root: the
    include would splice a file from anywhere (``inc.rs -> ~/.ssh/id_rsa``) into a page."""
    real = index.real(path)
    top = source_root(from_doc, index.real(from_doc.path))
    roots = [index.root] + ([top] if top is not None else [])
    return not any(real == root or root in real.parents for root in roots)


SPLICES = 2
"""How many times a rendering may splice the code of the files it includes (whole, then in
parts); the cost of an export stays proportional to the bytes it reads."""


class Splicer:
    """The includes of one rendering of one document, spliced within a cost budget.

    A page that names one large file a thousand times would cost its export a thousand times
    its input (and write as much). Every splice is charged what the same code costs written
    in a fence (:func:`.budget.code_micros`); a rendering may splice :data:`SPLICES` times the
    code of the distinct files it reads (the mdBook way: a listing whole, then piece by piece),
    and any page :data:`~.budget.FLOOR_MICROS` of it. A splice over that is not made: the
    exporter shows its placeholder, and :attr:`refused` names the document and the line of the
    first include left out (the command then exits 2, as for any refused input)."""

    def __init__(self, doc: Document, index: LinkIndex, refused: list[str]) -> None:
        self.doc = doc
        self.index = index
        self.refused = refused
        """Where refusals go (``path:line: message``), shared by the renderings of a run."""
        self._files: dict[Path, float] = {}
        self._spent = 0.0
        self._seen: dict[str, int] = {}
        self._over = False

    def read(self, path: str, anchor: str, source: str = "") -> Include:
        """The include's lines, charged; None lines (and a refusal) when over the budget."""
        from .budget import FLOOR_MICROS, code_micros

        directive = source or f"{{{{#include {path}}}}}"
        nth = self._seen[directive] = self._seen.get(directive, -1) + 1
        got, file, whole = _read(path, anchor, self.doc, self.index)
        if got.lines is None or file is None:
            return got
        if file not in self._files:  # a file read twice (or named two ways) earns no more
            self._files[file] = code_micros(whole)
        cost = code_micros(got.lines)
        allowed = max(FLOOR_MICROS, SPLICES * sum(self._files.values()))
        if self._spent + cost > allowed:
            if not self._over:  # said once per rendering: the first include left out
                self._over = True
                self.refused.append(
                    f"{self.doc.path}:{self._line(directive, nth)}: `{directive}` and the "
                    f"includes after it over the budget not spliced: this document would splice "
                    f"about {(self._spent + cost) / 1e6:.1f} s of code, more than {SPLICES} "
                    f"times the code of the files it includes ({allowed / 1e6:.2f} s)"
                )
            return Include(path, anchor, None, "over the cost budget of this document")
        self._spent += cost
        return got

    def expand_fence(self, content: str, includes: list[dict[str, object]]) -> str:
        """A fence's code with each include line replaced by the included lines, or by a
        one-line placeholder naming the path (``(not included: path: reason)``)."""
        lines = content.split("\n")
        by_line = {int(str(item["line"])): item for item in includes}
        out: list[str] = []
        for number, line in enumerate(lines):
            item = by_line.get(number)
            if item is None:
                out.append(line)
                continue
            source = str(item["source"])
            got = self.read(str(item["path"]), str(item["anchor"]), source)
            if got.lines is None:
                out.append(line.replace(source, f"(not included: {got.path}: {got.reason})"))
            else:
                out.extend(got.lines)
        return "\n".join(out)

    def _line(self, directive: str, nth: int) -> int:
        """The line of the ``nth`` occurrence (from 0) of ``directive`` in the document's
        source (a rendering splices in document order); 1 when it is not found."""
        at = -1
        for _ in range(nth + 1):
            at = self.doc.text.find(directive, at + 1)
            if at < 0:
                return 1
        return self.doc.text.count("\n", 0, at) + 1


def _select(lines: list[str], anchor: str) -> list[str] | None:
    if not anchor:
        return lines
    parts = anchor.split(":")
    if all(p.isdigit() or not p for p in parts) and len(parts) <= 2:
        first = int(parts[0]) if parts[0] else 1
        last = (
            int(parts[1])
            if len(parts) == 2 and parts[1]
            else (first if len(parts) == 1 else len(lines))
        )
        return lines[max(first, 1) - 1 : last]
    out: list[str] | None = None
    for line in lines:
        match = _ANCHOR_RE.search(line)
        if match and match.group(2) == anchor:
            if match.group(1):
                return out if out is not None else []
            out = []
            continue
        if out is not None:
            out.append(line)
    return out
