"""Helpers shared by the rule families: scripts, source lines, mapping lines across a pair."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..model import Block, Document, DocumentPair, Section, SectionPair, split_lines_keepends
from ..text import HANGUL_RE as HANGUL_RE
from ..text import own_end, own_lines, parent_map

LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\-]*")
LATIN_RE = re.compile(r"[A-Za-z]")


def source_line(doc: Document, line: int) -> str:
    lines = _lines(doc)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _lines(doc: Document) -> list[str]:
    return doc.lines


def line_ending(doc: Document, line: int) -> str:
    r"""The line break that ends ``line`` as written (``\r\n``, ``\r``, ``\n``; "" at the end)."""
    kept = _kept_lines(doc)
    if not 0 < line <= len(kept):
        return ""
    text = kept[line - 1]
    return text[len(text.rstrip("\r\n")) :]


def line_count(doc: Document) -> int:
    """Lines of the document as a fix counts them (a final line break ends the last line)."""
    return max(1, len(_kept_lines(doc)))


def column_of(doc: Document, line: int, needle: str) -> int:
    """1-based column of ``needle`` on ``line`` (1 when it is not there).

    On a line longer than :data:`LONG_LINE`, the search starts where the previous one on
    that line ended (falling back to the line start), since rules report the places of a
    line in order: thousands of findings on one huge line then cost linear time instead of
    quadratic. Ordinary lines give the first occurrence.
    """
    if not needle:
        return 1
    text = source_line(doc, line)
    if len(text) <= LONG_LINE:
        at = text.find(needle)
        return at + 1 if at >= 0 else 1
    cursors = _per_document(doc).setdefault("cursor", {})
    at = text.find(needle, cursors.get(line, 0))
    if at < 0:
        at = text.find(needle)
    if at < 0:
        return 1
    cursors[line] = at + len(needle)
    return at + 1


LONG_LINE = 4096


_CACHE: list[tuple[Document, dict[str, Any]]] = []


def _per_document(doc: Document) -> dict[str, Any]:
    """Scratch values derived from the document the rules are looking at (the last one only)."""
    if not _CACHE or _CACHE[0][0] is not doc:
        _CACHE[:] = [(doc, {})]
    return _CACHE[0][1]


def _kept_lines(doc: Document) -> list[str]:
    """The lines with their line breaks, split once per document (not once per finding)."""
    cache = _per_document(doc)
    if "kept" not in cache:
        cache["kept"] = split_lines_keepends(doc.text)
    kept: list[str] = cache["kept"]
    return kept


def own_text(doc: Document, section: Section) -> str:
    """Raw source of the section's own content, heading excluded."""
    return "\n".join(own_lines(doc, section))


def aligned(pair: DocumentPair) -> Iterator[tuple[Section, Section]]:
    for row in pair.rows:
        if row.en is not None and row.ko is not None:
            yield row.en, row.ko


def block_at(section: Section, line: int) -> tuple[int, Block] | None:
    for i, block in enumerate(section.blocks):
        if block.line <= line <= block.end_line:
            return i, block
    return None


def map_line(en: Section, ko: Section, line: int) -> int:
    """The line of ``ko`` that corresponds to ``line`` of ``en`` (same block index, same offset).

    Works in either direction (pass the sections swapped to map ko -> en).
    """
    if line <= en.heading_end:
        return ko.line
    found = block_at(en, line)
    if found is None:
        return ko.line
    index, block = found
    if index >= len(ko.blocks):
        return ko.blocks[-1].line if ko.blocks else ko.line
    other = ko.blocks[index]
    if other.kind == block.kind:
        return min(other.end_line, other.line + (line - block.line))
    return other.line


def insertion_line(
    rows: list[SectionPair], at: int, side: str, doc: Document, other_doc: Document
) -> int:
    """Where the section of row ``at`` (present on the other side only) belongs on ``side``.

    The line after the previous aligned section's end on ``side``; when that section
    corresponds to a parent of the missing one, the line after its own content.
    """
    other_side = "en" if side == "ko" else "ko"
    missing = getattr(rows[at], other_side)
    assert missing is not None
    ancestors: set[int] = set()
    parent_of = parent_map(other_doc)
    up = parent_of.get(missing.index)
    while up is not None:
        ancestors.add(up.index)
        up = parent_of.get(up.index)
    for row in reversed(rows[:at]):
        mine = getattr(row, side)
        theirs = getattr(row, other_side)
        if mine is None or theirs is None:
            continue
        end = own_end(mine) if theirs.index in ancestors else mine.end_line
        while end > mine.heading_end and not doc.lines[end - 1].strip():
            end -= 1  # a parent's own content ends before the blank lines above its child
        return min(end + 1, line_count(doc))
    first = doc.walk()
    if first:
        return first[0].line
    return doc.front_matter_lines[1] + 1 if doc.front_matter_lines else 1


def prose_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        if block.kind in ("paragraph", "list", "table", "blockquote"):
            yield block
