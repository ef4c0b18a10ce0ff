"""The one way fact rules report: changed, missing or extra, segment against segment.

A fact rule lists the facts of each segment of a section pair's two domains (see
:mod:`._segments`), says which of them the other side lacks (its own equivalence decides),
and hands both lists to :func:`report`. Facts compare as sets: a value reported once per
section, however often it is written. A lone difference on each side of one matched segment
pair is a *change* (``X differs from the source's Y``); everything else is *missing* (at the
target line where the source segment is or belongs) or *extra* (at the fact).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..registry import Finding, SectionRow, hit
from ._common import column_of
from ._segments import Comparison, Segment


@dataclass(frozen=True, slots=True)
class Item:
    """One fact of one segment."""

    key: str
    """What is compared (normalised)."""
    shown: str
    """What the message shows (as written)."""
    line: int
    seg: int
    """Index of its segment in the comparison's list for its side."""


def items(
    segments: list[Segment], extract: Callable[[Segment], Iterable[tuple[str, str, int]]]
) -> list[Item]:
    """Facts of the segments that are the section's own (not folded subsections)."""
    return [
        Item(key, shown, line, i)
        for i, seg in enumerate(segments)
        if seg.own
        for key, shown, line in extract(seg)
    ]


def _first_per_key(found: list[Item]) -> list[Item]:
    seen: set[str] = set()
    out = []
    for item in found:
        if item.key not in seen:
            seen.add(item.key)
            out.append(item)
    return out


def report(
    row: SectionRow,
    comp: Comparison,
    what: str,
    only_en: list[Item],
    only_ko: list[Item],
    *,
    severity: str = "",
) -> Iterator[Finding]:
    """Findings for facts only in the source (``only_en``) and only in the target.

    Facts of a paragraph that ``paragraph-missing``/``-extra`` reports as a whole are left
    to that finding."""
    only_en = _first_per_key([x for x in only_en if not comp.paragraph_gap("en", x.seg)])
    only_ko = _first_per_key([x for x in only_ko if not comp.paragraph_gap("ko", x.seg)])
    changed_en: set[int] = set()
    changed_ko: set[int] = set()
    for group_en, group_ko in comp.matches:
        a = [k for k, x in enumerate(only_en) if x.seg in group_en]
        b = [k for k, x in enumerate(only_ko) if x.seg in group_ko]
        if len(a) == 1 and len(b) == 1:
            x, y = only_en[a[0]], only_ko[b[0]]
            changed_en.add(a[0])
            changed_ko.add(b[0])
            yield hit(
                row.ko_doc,
                y.line,
                f"{what} `{y.shown}` differs from the source's `{x.shown}`",
                column=column_of(row.ko_doc, y.line, y.shown),
                other=row.en_doc,
                other_line=x.line,
                severity=severity,
            )
    for k, x in enumerate(only_en):
        if k not in changed_en:
            yield hit(
                row.ko_doc,
                comp.ko_line_for(x.seg, row.ko, x.line),
                f"{what} `{x.shown}` of the source is missing",
                other=row.en_doc,
                other_line=x.line,
                severity=severity,
            )
    for k, y in enumerate(only_ko):
        if k not in changed_ko:
            yield hit(
                row.ko_doc,
                y.line,
                f"{what} `{y.shown}` is not in the source",
                column=column_of(row.ko_doc, y.line, y.shown),
                other=row.en_doc,
                other_line=comp.en_line_for(y.seg, row.en),
                severity=severity,
            )


def segment_source(doc_lines: list[str], seg: Segment) -> str:
    """The raw source lines of a segment."""
    return "\n".join(doc_lines[seg.block.line - 1 : seg.block.end_line])
