"""Where a segment the alignment left unpaired went: a list continued past code written
between its items, the one admonition of a section moved within it, closing words the source
pushed below a section it added. ``paragraph-*`` and the shape rules read these."""

from __future__ import annotations

from ..model import Block
from ..registry import Context, SectionRow
from ._seg_align import folded_cost, segment_score
from ._seg_nested import ORDINAL_RE as _ORDINAL_RE
from ._segments import PROSE_KINDS, Comparison, Segment, added_after, doc_ratio

SIGN_OFF_SCORE = 1.0
"""Least segment score (length and kind; anchors when any) for a section's last paragraph to
be the last paragraph of a section the source added after it."""


def pushed_into_added_section(row: SectionRow, comp: Comparison, j: int, ctx: Context) -> bool:
    """Target segment ``j`` is in its section's unmatched tail and corresponds, counted from
    the end, to the closing prose of the sections the source added right after this one (the
    source inserted a section before its closing words): the missing section is reported,
    not this paragraph."""
    after = [k for k in range(j + 1, len(comp.ko)) if comp.ko[k].block.kind in PROSE_KINDS]
    if any(k in comp.ko_to_en for k in after):
        return False  # not in the section's unmatched tail
    added = [s for s in added_after(row, ctx) if s.block.kind in PROSE_KINDS]
    if len(added) <= len(after):
        return False
    ratio = doc_ratio(row.en_doc, row.ko_doc, ctx, row.pair)
    counterpart = added[len(added) - 1 - len(after)]  # tails aligned from their ends
    folded = folded_cost(counterpart, comp.ko[j])  # it is folded: no cost
    return segment_score(counterpart, comp.ko[j], ratio) + folded >= SIGN_OFF_SCORE


def _admonition_bodies(segs: list[Segment]) -> list[list[int]]:
    """Per admonition of a domain, the indices of the segments written inside it."""
    out: list[list[int]] = []
    for k, seg in enumerate(segs):
        component = seg.block.component
        if component is not None and component.kind == "admonition":
            inside = range(seg.block.line, seg.block.end_line + 1)
            out.append([i for i in range(k + 1, len(segs)) if segs[i].block.line in inside])
    return out


def moved_admonition(comp: Comparison, side: str) -> set[int]:
    """The body of the one admonition of ``side``'s domain when the other side's domain has
    one admonition too whose body is not paired with an admonition's: the same admonition,
    moved within the section (an English note moved to the section's end)."""
    en_bodies, ko_bodies = _admonition_bodies(comp.en), _admonition_bodies(comp.ko)
    if len(en_bodies) != 1 or len(ko_bodies) != 1:
        return set()
    en_body, ko_body = set(en_bodies[0]), set(ko_bodies[0])
    if any(comp.en_to_ko.get(i) in ko_body for i in en_body):
        return set()  # the two admonitions are paired where they are
    other, segs = (ko_body, comp.ko) if side == "en" else (en_body, comp.en)
    if not any(segs[k].chars for k in other):
        return set()  # the other one is empty: its text was dropped, not moved
    return en_body if side == "en" else ko_body


def continued(comp: Comparison, lines: list[str], j: int) -> int:
    """Items of target list ``j`` and of the lists that continue it past code blocks written
    between them at top level: an ordered list that starts where the previous one stopped
    (``1.`` … code … ``2.``), or a bullet list when the lists hold no other text between."""
    segs = comp.ko
    total = segs[j].block.items
    first = _ORDINAL_RE.match(lines[segs[j].block.line - 1]) if lines else None
    k = j + 1
    while True:
        m = k
        while m < len(segs) and segs[m].block.kind == "code":
            m += 1
        if m == k or m >= len(segs) or segs[m].block.kind != "list":
            return total
        start = _ORDINAL_RE.match(lines[segs[m].block.line - 1])
        if (first is None) != (start is None) or (
            first is not None and start is not None and int(start[1]) != int(first[1]) + total
        ):
            return total
        total += segs[m].block.items
        k = m + 1


def lone_admonitions(row: SectionRow, comp: Comparison, side: str) -> set[int]:
    """The bodies of ``side``'s admonitions of which nothing is paired, when ``side`` has more
    admonitions than the other, in this section and in the document: ``admonition-mismatch``
    reports the box (a note the translation added or lost), not its text again."""
    mine, theirs = (comp.en, comp.ko) if side == "en" else (comp.ko, comp.en)
    bodies = _admonition_bodies(mine)
    if len(bodies) <= len(_admonition_bodies(theirs)):
        return set()
    docs = (row.en_doc, row.ko_doc) if side == "en" else (row.ko_doc, row.en_doc)
    here, there = (sum(c.kind == "admonition" for c in d.components()) for d in docs)
    if here <= there:
        return set()  # the box sits in a section the aligner left unpaired: text is the finding
    partners = comp.en_to_ko if side == "en" else comp.ko_to_en
    return {i for body in bodies if not any(k in partners for k in body) for i in body}


def source_list_split(
    comp: Comparison, i: int, target: Block, lines: tuple[list[str], list[str]]
) -> bool:
    """Source list ``i`` is the second half of a list the source broke at the left margin
    (a listing, a fence and at most one paragraph between, as a Hugo page's unindented
    ``codenew``), and the translation's ``target`` list is the whole of it: the halves
    number on (``1.`` … ``2.``, every item ``1.``, or both bullets), ``target`` starts as the
    first half does, and it has the items of both halves (``lines``: both sides' lines)."""
    segs, k, prose = comp.en, i - 1, 0
    while k >= 0 and segs[k].block.kind != "list":
        kind = segs[k].block.kind
        prose += kind == "paragraph"
        if prose > 1 or kind not in ("code", "component", "paragraph"):
            return False
        k -= 1
    if not 0 <= k < i - 1 or segs[k].block.items + segs[i].block.items != target.items:
        return False
    en_lines, ko_lines = lines
    first, second = (_ORDINAL_RE.match(en_lines[segs[n].block.line - 1]) for n in (k, i))
    whole = _ORDINAL_RE.match(ko_lines[target.line - 1])
    if first is None or second is None or whole is None:
        return first is None and second is None and whole is None
    start, on = int(first[1]), int(second[1])
    # numbered on, or every item ``1.`` (a common style: the renderer counts)
    return on in (start + segs[k].block.items, start) and int(whole[1]) == start
