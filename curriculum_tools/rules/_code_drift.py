"""How the code blocks of one aligned section pair differ: which matched blocks differ, which
source blocks are missing and which target blocks the source does not have.

One classification, computed once per pair, read by ``code-mismatch`` (one finding per block)
and by the segment alignment (a pair whose code mostly changed was rewritten: one
``section-rewritten`` instead of a finding per block).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Block, Document
from ..registry import Context, SectionRow
from ._code import (
    first_diff_line,
    is_plain,
    raw_code_line,
    rough_lines,
    same_code,
    shared_info,
    strip_code,
)
from ._code_match import match_code
from ._common import HANGUL_RE
from ._comparison import Comparison


@dataclass(slots=True)
class CodeDrift:
    matched: list[tuple[int, int]]
    """Source and target code segments that correspond (best content match)."""
    differs: list[tuple[int, int, int]] = field(default_factory=list)
    """Matched pairs whose code differs (comments and strings aside), with the target line of
    the first difference."""
    missing: list[int] = field(default_factory=list)
    """Own source code segments with no counterpart (and nowhere else in the target)."""
    extra: list[int] = field(default_factory=list)
    """Own target code segments with no counterpart (and nowhere in the source)."""
    blocks: int = 0
    """Own source code segments."""

    @property
    def changed(self) -> int:
        return len(self.differs) + len(self.missing) + len(self.extra)


def code_key(block: Block) -> tuple[str, ...]:
    """A code block's lines with white space squeezed and line comments cut (no lexing)."""
    return rough_lines(block.code)


def doc_code(doc: Document, ctx: Context) -> set[tuple[str, ...]]:
    """The :func:`code_key` of every code block of ``doc``."""

    def make() -> set[tuple[str, ...]]:
        return {code_key(b) for b in doc.all_blocks() if b.kind == "code"}

    found: set[tuple[str, ...]] = ctx.cached(("doc-code", id(doc)), make)
    return found


def code_drift(row: SectionRow, comp: Comparison, ctx: Context) -> CodeDrift:
    """The code blocks of ``row`` that differ, are missing or are extra (computed once)."""

    def make() -> CodeDrift:
        drift = CodeDrift(match_code(comp))
        got_en = {i for i, _ in drift.matched}
        got_ko = {j for _, j in drift.matched}
        for i, j in drift.matched:
            a, b = comp.en[i].block, comp.ko[j].block
            if not comp.ko[j].own:
                continue
            if same_code(a, b) or (is_plain(b) and HANGUL_RE.search(b.code)):
                continue
            info = shared_info(a, b)
            index = first_diff_line(strip_code(a.code, info), strip_code(b.code, info))
            if index >= 0:
                drift.differs.append((i, j, raw_code_line(b, index, info)))
        ko_code, en_code = doc_code(row.ko_doc, ctx), doc_code(row.en_doc, ctx)
        for i, seg in enumerate(comp.en):
            if seg.own and seg.block.kind == "code":
                drift.blocks += 1
                if i in got_en or code_key(seg.block) in ko_code or comp.in_shorter_list(i):
                    continue  # under another heading, or in a list item the list rule reports
                drift.missing.append(i)
        for j, seg in enumerate(comp.ko):
            own_code = seg.own and seg.block.kind == "code"
            if own_code and j not in got_ko and code_key(seg.block) not in en_code:
                drift.extra.append(j)
        return drift

    value: CodeDrift = ctx.cached(("code-drift", id(row.en), id(row.ko)), make)
    return value


REWRITE_MIN_CODE = 4
"""Least changed code blocks (differing, missing or extra) for a pair to count as rewritten
by its code; and more than half of the pair's code blocks must have changed."""


def code_rewritten(row: SectionRow, comp: Comparison, ctx: Context) -> str:
    """A reason when most of the pair's code blocks changed (at least
    :data:`REWRITE_MIN_CODE`), else "": the source rewrote its examples, and the shared
    set-up lines of a few blocks do not make the rest a patch."""
    if sum(1 for s in (*comp.en, *comp.ko) if s.block.kind == "code") < REWRITE_MIN_CODE:
        return ""
    drift = code_drift(row, comp, ctx)
    total = drift.blocks + len(drift.extra)
    if drift.changed < REWRITE_MIN_CODE or drift.changed * 2 <= total:
        return ""
    lines = sorted(
        {line for _i, _j, line in drift.differs}
        | {comp.ko_line_for(i, row.ko) for i in drift.missing}
        | {comp.ko[j].block.line for j in drift.extra}
    )
    shown = ", ".join(str(x) for x in lines[:3]) + (", ..." if len(lines) > 3 else "")
    parts = [
        f"its code was rewritten: {len(drift.differs) + len(drift.missing)} of the source's"
        f" {drift.blocks} code blocks differ or are missing"
    ]
    if drift.extra:
        parts.append(f"{len(drift.extra)} are not in the source")
    return ", ".join(parts) + f", at lines {shown}"
