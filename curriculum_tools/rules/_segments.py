"""Segment alignment inside one aligned section pair, computed once per lint run.

A section's *domain* is its own blocks plus the blocks of unpaired subsections hanging below
it (a subsection the other side does not have folds into its nearest paired ancestor), so
content that merely moved under another heading is still found. Every block of the domain is
a *segment* (paragraph, list, table, blockquote, code, math, raw HTML); the two domains are
aligned with a dynamic programme in the spirit of Gale-Church and hunalign: anchors first
(code, numbers, URLs, inline code, images shared by both), then block kind and length (the
target's prose length against the source's, scaled by the document's own ratio). 1-1, 2-1
and 1-2 matches are allowed (a translator may join or split paragraphs); skipping costs
nothing, so only pairs with positive evidence are made.

Rules read the result through :func:`comparison`: which segment of the target corresponds to
a source segment (to report at the right line), which segments are unmatched
(``paragraph-missing`` / ``paragraph-extra``), and whether the pair disagrees so much that it
was rewritten (``section-rewritten``: by its facts here, by its code blocks in
:mod:`._code_drift`; fact rules then stay silent for the pair).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Block, Document, DocumentPair
from ..registry import Context, SectionRow
from ._code_drift import code_rewritten
from ._comparison import Comparison
from ._domains import (
    PARAGRAPH_MIN_CHARS,
    PARAGRAPH_MIN_CHARS_TARGET,
    PROSE_KINDS,
    REPORTED_KINDS,
    Segment,
    domains,
    html_text,
    left_in_source_chars,
)
from ._seg_align import align
from ._seg_joins import rejoin
from ._seg_nested import unindented
from ._seg_second import local_crossings, sandwiched

__all__ = [
    "PARAGRAPH_MIN_CHARS",
    "PARAGRAPH_MIN_CHARS_TARGET",
    "PROSE_KINDS",
    "REPORTED_KINDS",
    "Comparison",
    "Segment",
    "added_after",
    "comparison",
    "doc_ratio",
    "html_text",
]


PRIOR_RATIO = 0.5
PRIOR_WEIGHT = 1500
"""The target/source ratio assumed before the document speaks (Korean prose has about half
the characters of English), worth this many source characters."""


def doc_ratio(en: Document, ko: Document, ctx: Context, pair: DocumentPair | None = None) -> float:
    """Target/source prose length ratio of the document pair (clamped), over the sections
    that have a counterpart when ``pair`` is aligned: a section only one side has (the
    Korean keeps a usage guide the English moved away) says nothing of the ratio."""

    def prose(blocks: Iterable[Block]) -> int:
        return sum(len("".join(b.text.split())) for b in blocks if b.kind != "code")

    def translated(blocks: Iterable[Block]) -> int:
        return sum(_translated_chars(b) for b in blocks if b.kind != "code")

    def make() -> float:
        rows = [r for r in pair.rows if r.en is not None and r.ko is not None] if pair else []
        if rows:
            a = sum(prose(r.en.blocks) for r in rows if r.en is not None)
            b = sum(translated(r.ko.blocks) for r in rows if r.ko is not None)
        else:
            a, b = prose(en.all_blocks()), translated(ko.all_blocks())
        if not a or not b:
            return PRIOR_RATIO
        blended = (b + PRIOR_WEIGHT * PRIOR_RATIO) / (a + PRIOR_WEIGHT)
        return min(1.5, max(0.25, blended))

    value: float = ctx.cached(("ratio", id(en), id(ko)), make)
    return value


def _translated_chars(block: Block) -> int:
    """Prose characters of a target block, without its lines left in the source language:
    a page that keeps the English paragraph above its translation would otherwise double
    its length ratio, and every paragraph of the page would look too short for its source."""
    return max(0, len("".join(block.text.split())) - left_in_source_chars(block))


def _pair_domains(
    pair: DocumentPair, ctx: Context
) -> tuple[dict[int, list[Segment]], dict[int, list[Segment]]]:
    def make() -> tuple[dict[int, list[Segment]], dict[int, list[Segment]]]:
        assert pair.en is not None and pair.ko is not None
        en_paired = {r.en.index for r in pair.rows if r.en is not None and r.ko is not None}
        ko_paired = {r.ko.index for r in pair.rows if r.en is not None and r.ko is not None}
        return domains(pair.en, en_paired), domains(pair.ko, ko_paired, target=True)

    value: tuple[dict[int, list[Segment]], dict[int, list[Segment]]] = ctx.cached(
        ("domains", id(pair)), make
    )
    return value


def added_after(row: SectionRow, ctx: Context) -> list[Segment]:
    """The source segments of the sections the target lacks that follow ``row``'s source
    section, up to the next source section that has a counterpart (content the source
    added after this section: it may hold what the target still keeps at this section's end)."""
    en_dom, _ = _pair_domains(row.pair, ctx)
    start = row.en.line
    later = [r.en.line for r in row.pair.rows if r.en and r.ko and r.en.line > start]
    stop = min(later, default=len(row.en_doc.lines) + 1)
    mine = {id(s) for s in en_dom.get(row.en.index, [])}
    return sorted(
        (
            s
            for segs in en_dom.values()
            for s in segs
            if not s.own and start < s.block.line < stop and id(s) not in mine
        ),
        key=lambda s: s.block.line,
    )


def comparison(row: SectionRow, ctx: Context) -> Comparison:
    """The segment alignment of ``row``, computed once per run and shared by every rule."""

    def make() -> Comparison:
        en_dom, ko_dom = _pair_domains(row.pair, ctx)
        en, ko = en_dom.get(row.en.index, []), ko_dom.get(row.ko.index, [])
        comp = Comparison(en, ko, ko_lines=row.ko_doc.lines)
        ratio = doc_ratio(row.en_doc, row.ko_doc, ctx, row.pair)
        comp.matches = align(en, ko, ratio)
        comp.matches.extend(local_crossings(en, ko, comp.matches, ratio))
        comp.matches.extend(sandwiched(en, ko, comp.matches, ratio))
        comp.matches = rejoin(en, ko, comp.matches, ratio)
        comp.matches = unindented(en, ko, comp.matches, row.en_doc.lines, row.ko_doc.lines, ratio)
        for group_en, group_ko in comp.matches:
            for i in group_en:
                comp.en_to_ko.setdefault(i, group_ko[0])
            for j in group_ko:
                comp.ko_to_en.setdefault(j, group_en[0])
        comp.rewritten = _rewritten(comp) or code_rewritten(row, comp, ctx)
        return comp

    value: Comparison = ctx.cached(("segments", id(row.en), id(row.ko)), make)
    return value


REWRITE_MIN_FACTS = 6
REWRITE_MAX_SHARED = 0.35


def _facts(segs: list[Segment]) -> frozenset[str]:
    """The code, number and link anchors of ``segs`` (a video's id only ties segments: a
    video added or dropped is ``embed-mismatch``'s, never a rewritten section's)."""
    return frozenset(a for s in segs for a in s.anchors if not a.startswith("v:"))


def _rewritten(comp: Comparison) -> str:
    """A reason when the own content of the pair disagrees massively, else ""."""
    en_own = [s for s in comp.en if s.own]
    ko_own = [s for s in comp.ko if s.own]
    en_facts, ko_facts = _facts(en_own), _facts(ko_own)
    ko_all, en_all = _facts(comp.ko), _facts(comp.en)
    only_en = en_facts - ko_all
    only_ko = ko_facts - en_all
    union = en_facts | ko_facts
    differing = len(only_en) + len(only_ko)
    if differing < REWRITE_MIN_FACTS or not union:
        return ""
    shared = len(en_facts & ko_all) / max(1, len(en_facts))
    prose_en = [i for i, s in enumerate(comp.en) if s.own and s.block.kind in PROSE_KINDS]
    unmatched = [i for i in prose_en if i not in comp.en_to_ko]
    if shared > REWRITE_MAX_SHARED and len(unmatched) * 2 < max(1, len(prose_en)):
        return ""
    if shared > 0.6:
        return ""
    return (
        f"{len(only_en)} of the source's {len(en_facts)} code, number and link facts are not"
        f" here, {len(only_ko)} of its own are not in the source"
    )
