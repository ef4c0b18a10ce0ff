"""List items and table rows as segments: which item of a matched list (or row of a matched
table) the other side lacks, so that a dropped item is reported at its line.

Items are aligned by their anchors (inline code, link targets, numbers), in order, with a
longest common subsequence. A place is only claimed with evidence: every item on both sides
has anchors and no two items of one side share the same ones. Without it (lists of plain
prose) the caller reports the list as a whole, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block, Document
from ..syntax.kumascript import MACRO_RE, macro_of
from ._facts import link_key, number_values

_SPAN_RE = re.compile(r"`([^`\n]+)`")
_LINK_RE = re.compile(r"\]\(([^)\s]+)|\b(?:href|src)=[\"']([^\"']+)")
MAX_ITEMS = 400
"""Longest list or table aligned item by item (beyond: reported as a whole)."""


@dataclass(frozen=True, slots=True)
class Item:
    line: int
    end_line: int
    anchors: frozenset[str]
    text: str


def _anchors(text: str) -> frozenset[str]:
    out = {"c:" + " ".join(m.split()) for m in _SPAN_RE.findall(text)}
    if "{{" in text:  # an MDN cross-reference: the code it shows, else its link
        for match in MACRO_RE.finditer(text):
            attrs = (macro_of(match) or ("", {}))[1]
            if attrs.get("code"):
                out.add("c:" + str(attrs["code"]))
            elif attrs.get("target"):
                out.add("u:" + link_key(str(attrs["target"])))
    for m in _LINK_RE.finditer(text):
        out.add("u:" + link_key(m.group(1) or m.group(2)))
    out.update("n:" + v for v in number_values(_SPAN_RE.sub(" ", text)))
    return frozenset(out)


_MARKER_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _item(doc: Document, line: int, end_line: int) -> Item:
    text = "\n".join(doc.lines[line - 1 : end_line])
    return Item(line, end_line, _anchors(_MARKER_RE.sub("", text, count=1)), text)


def items_of(doc: Document, block: Block) -> list[Item]:
    """Top-level items of a list block, or body rows of a table block."""
    if block.kind == "table":
        return [_item(doc, n, n) for n in range(block.line + 2, block.end_line + 1)]
    if block.kind != "list":
        return []
    start, stop = block.tokens
    tokens = doc.tokens[start:stop]
    if not tokens:
        return []
    level = tokens[0].level + 1
    spans = [
        (t.map[0] + 1, t.map[1])
        for t in tokens
        if t.type == "list_item_open" and t.level == level and t.map
    ]
    out = []
    for line, end in spans:
        while end > line and not doc.lines[end - 1].strip():
            end -= 1
        out.append(_item(doc, line, end))
    return out


def _evidenced(items: list[Item]) -> bool:
    sets = [x.anchors for x in items]
    return all(sets) and len(set(sets)) == len(sets)


def _same(a: Item, b: Item) -> bool:
    shared = len(a.anchors & b.anchors)
    return shared > 0 and shared >= 0.5 * max(len(a.anchors), len(b.anchors))


@dataclass(frozen=True, slots=True)
class Gap:
    """An item of one side with no counterpart: ``missing`` (source item, reported at the
    target line where it belongs) or extra (target item, at its line)."""

    missing: bool
    line: int
    """Target line to report at."""
    other_line: int
    """Source line of the counterpart place."""
    text: str


def item_gaps(en_doc: Document, a: Block, ko_doc: Document, b: Block) -> list[Gap] | None:
    """The unmatched items of two matched lists or tables (None: no evidence of where)."""
    en, ko = items_of(en_doc, a), items_of(ko_doc, b)
    if not en or not ko or len(en) > MAX_ITEMS or len(ko) > MAX_ITEMS:
        return None
    if not (_evidenced(en) and _evidenced(ko)):
        return None
    n, m = len(en), len(ko)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _same(en[i], ko[j]):
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    if best[0][0] < min(n, m) - 1:
        return None  # the items do not correspond: the lists differ as a whole
    gaps: list[Gap] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and _same(en[i], ko[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            i, j = i + 1, j + 1
        elif i < n and (j >= m or best[i + 1][j] >= best[i][j + 1]):
            line = ko[j].line if j < m else ko[-1].end_line
            gaps.append(Gap(True, line, en[i].line, en[i].text))
            i += 1
        else:
            other = en[i].line if i < n else en[-1].end_line
            gaps.append(Gap(False, ko[j].line, other, ko[j].text))
            j += 1
    return gaps


def preview(text: str) -> str:
    """An item's text, shortened, without list or table markup."""
    text = _MARKER_RE.sub("", text, count=1)
    text = " ".join(text.strip().strip("|").replace("|", " ").split())
    return text[:40] + ("…" if len(text) > 40 else "")
