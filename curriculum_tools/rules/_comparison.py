"""The segment alignment of one section pair, as the rules read it (:class:`Comparison`).

Its own module so that the code matching (:mod:`._code_match`) and the segment alignment
(:mod:`._segments`, which asks the code matching whether a pair was rewritten) both import it
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Section
from ._domains import PARAGRAPH_MIN_CHARS, PARAGRAPH_MIN_CHARS_TARGET, REPORTED_KINDS, Segment


@dataclass(slots=True)
class Comparison:
    """The segment alignment of one section pair."""

    en: list[Segment]
    ko: list[Segment]
    matches: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    """Matched groups: source segment indices with target segment indices (1-1, 2-1, 1-2)."""
    en_to_ko: dict[int, int] = field(default_factory=dict)
    ko_to_en: dict[int, int] = field(default_factory=dict)
    rewritten: str = ""
    """Why the pair counts as rewritten (empty: it does not)."""
    ko_lines: list[str] = field(default_factory=list)
    """The target document's lines (to place what is missing after the text before it)."""

    def paragraph_gap(self, side: str, index: int) -> bool:
        """Segment ``index`` of ``side`` is a paragraph reported by ``paragraph-missing`` /
        ``paragraph-extra``: its facts are not reported once more, one by one."""
        segs, partners = (self.en, self.en_to_ko) if side == "en" else (self.ko, self.ko_to_en)
        seg = segs[index]
        least = PARAGRAPH_MIN_CHARS if side == "en" else PARAGRAPH_MIN_CHARS_TARGET
        return (
            seg.own
            and seg.block.kind in REPORTED_KINDS
            and index not in partners
            and seg.chars >= least
        )

    def in_shorter_list(self, en_index: int) -> bool:
        """Source segment ``en_index`` sits inside a list (code written in an item) whose
        matched target list has fewer items: ``list-count-mismatch`` names the lost item."""
        line = self.en[en_index].block.line
        for i, seg in enumerate(self.en):
            block = seg.block
            if block.kind == "list" and block.line < line <= block.end_line and i != en_index:
                j = self.en_to_ko.get(i)
                return (
                    j is not None
                    and self.ko[j].block.kind == "list"
                    and (self.ko[j].block.items < block.items)
                )
        return False

    def ko_line_for(self, en_index: int, ko_section: Section, en_line: int = 0) -> int:
        """Where source segment ``en_index`` (its line ``en_line``) is or belongs in the target."""
        if en_index in self.en_to_ko:
            a, b = self.en[en_index].block, self.ko[self.en_to_ko[en_index]].block
            if en_line <= a.line or a.end_line == a.line:
                return b.line
            share = (en_line - a.line) / (a.end_line - a.line)
            return b.line + round(share * (self._group_end(en_index, b.end_line) - b.line))
        seg = self.en[en_index].block
        for i in range(en_index - 1, -1, -1):
            if i in self.en_to_ko:  # the first line after the text that precedes it
                before, mine = self.en[i].block, self.ko[self.en_to_ko[i]].block
                if before.line < seg.line <= before.end_line and mine.end_line > mine.line:
                    return self._after(mine.line)  # it opened a container (a <Tip>): inside
                return self._after(mine.end_line)
        for i in range(en_index + 1, len(self.en)):
            if i in self.en_to_ko:  # the segment that now holds its place
                return self.ko[self.en_to_ko[i]].block.line
        own = [s for s in self.ko if s.own]
        return own[0].block.line if own else ko_section.heading_end + 1

    def _group_end(self, en_index: int, end: int) -> int:
        """The last line of the target segments that one source segment became (a list item's
        nested content written at top level: :mod:`._seg_nested`), else ``end``."""
        for group_en, group_ko in self.matches:
            if group_en == (en_index,) and len(group_ko) > 2:
                return max(end, self.ko[group_ko[-1]].block.end_line)
        return end

    def _after(self, end: int) -> int:
        """The first non-blank line after line ``end`` (a closing tag, the next segment, the
        next heading), or ``end`` + 1 at the end of the document."""
        count = len(self.ko_lines) - (1 if self.ko_lines and not self.ko_lines[-1] else 0)
        line = end + 1
        while line <= count and not self.ko_lines[line - 1].strip():
            line += 1
        return line if line <= count else max(1, min(end + 1, count))

    def en_line_for(self, ko_index: int, en_section: Section) -> int:
        if ko_index in self.ko_to_en:
            return self.en[self.ko_to_en[ko_index]].block.line
        for j in range(ko_index - 1, -1, -1):
            if j in self.ko_to_en:
                return self.en[self.ko_to_en[j]].block.end_line + 1
        return en_section.line
