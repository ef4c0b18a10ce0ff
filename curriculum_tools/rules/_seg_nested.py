"""A source list item's nested content that the translation writes at top level.

A numbered item can hold more than its first paragraph: a nested list, a paragraph indented
under it, a code block. A translator who does not indent them splits the list: the item's
number ends one list, the nested content follows as lists and paragraphs of their own, and
the next number starts another list (``3.`` … ``- a`` ``- b`` … paragraph … ``4.``). The
code of such an item is a segment of its own on the source side
(:func:`._domains.nested_code`) and the list continued past it is counted whole
(:func:`._placement.continued`); its lists and paragraphs are given back here: the target
segments from the item's number to the last number of the source list are one group with
the source list, when their numbers continue each other and add up to the source's items.
"""

from __future__ import annotations

import re

from ._domains import REPORTED_KINDS, Segment
from ._seg_align import Group, length_score

NESTED_FIT = 0.0
"""Least length score of the target segments grouped with the source list (within about
twice the expected length either way): a paragraph added among them is not absorbed."""

ORDINAL_RE = re.compile(r"^\s{0,3}(\d{1,9})[.)]\s")
"""The number of an ordered list's first item, from its first line."""

_INDENTED_RE = re.compile(r"^(?: {2,}|\t)\S")


def _ordinal(seg: Segment, lines: list[str]) -> int | None:
    if seg.block.kind != "list" or not 0 < seg.block.line <= len(lines):
        return None
    m = ORDINAL_RE.match(lines[seg.block.line - 1])
    return int(m[1]) if m else None


def _nests(seg: Segment, lines: list[str]) -> bool:
    """The list holds content under an item: a nested list, or an indented paragraph after
    a blank line (a lazy continuation line is the same paragraph)."""
    if seg.block.depth > 1:
        return True
    chunk = lines[seg.block.line - 1 : seg.block.end_line]
    return any(
        not chunk[k - 1].strip() and _INDENTED_RE.match(chunk[k]) for k in range(1, len(chunk))
    )


def _run(ko: list[Segment], lines: list[str], j: int, first: int, items: int) -> list[int]:
    """Target segments from ordered list ``j`` (starting at ``first``) while the numbers of
    the ordered lists continue each other, up to ``items`` in all; empty when they do not
    reach them or nothing but code lies between the lists (the case of
    :func:`._placement.continued`)."""
    total, k, run, between = 0, j, [], False
    while k < len(ko) and total < items:
        seg = ko[k]
        number = _ordinal(seg, lines)
        if number is not None:
            if number != first + total:
                return []
            total += seg.block.items
        elif seg.block.kind in REPORTED_KINDS:
            if total == 0:
                return []
            between = True
        elif seg.block.kind != "code":
            return []
        run.append(k)
        k += 1
    return run if total == items and between else []


def unindented(
    en: list[Segment],
    ko: list[Segment],
    matches: list[Group],
    en_lines: list[str],
    ko_lines: list[str],
    ratio: float,
) -> list[Group]:
    """``matches`` with each source list whose nested content the translation un-indented
    grouped with the target segments it became (see the module's documentation)."""
    groups = [(list(a), list(b)) for a, b in matches]
    for i, seg in enumerate(en):
        first = _ordinal(seg, en_lines)
        if first is None or not seg.own or not _nests(seg, en_lines):
            continue
        mine = [g for g in groups if i in g[0]]
        if mine and mine[0][0] != [i]:
            continue  # joined with other source segments: leave it
        for j in range(len(ko)):
            if _ordinal(ko[j], ko_lines) != first or not ko[j].own:
                continue
            run = [k for k in _run(ko, ko_lines, j, first, seg.block.items) if is_text(ko[k])]
            taken = [g for g in groups if set(g[1]) & set(run) and g[0] != [i]]
            if not run or taken or (mine and not set(mine[0][1]) <= set(run)):
                continue
            if length_score(seg.chars, sum(ko[k].chars for k in run), ratio) < NESTED_FIT:
                continue
            if mine:
                mine[0][1][:] = run
            else:
                groups.append(([i], run))
            break
    return [(tuple(a), tuple(b)) for a, b in groups]


def is_text(seg: Segment) -> bool:
    """A list, paragraph, table or quote (code keeps its own match)."""
    return seg.block.kind in REPORTED_KINDS
