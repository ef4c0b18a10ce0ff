"""Rules on the segment alignment itself: rewritten sections, paragraphs missing or extra,
and the shape of matched lists and tables."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..model import Block, Document
from ..registry import Context, Finding, Option, SectionRow, hit, rule
from ._items import Gap, item_gaps, preview
from ._placement import (
    continued,
    lone_admonitions,
    moved_admonition,
    pushed_into_added_section,
    source_list_split,
)
from ._segments import (
    PARAGRAPH_MIN_CHARS,
    PARAGRAPH_MIN_CHARS_TARGET,
    Comparison,
    Segment,
    comparison,
)

_REPORTED_KINDS = {
    "paragraph": "paragraph",
    "list": "list",
    "table": "table",
    "blockquote": "quote",
}


@rule("section-rewritten", "warning", scope="section-pair")
def section_rewritten(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports, once, an aligned section pair whose content disagrees massively: most of the
    code, numbers, links and images of one side are absent from the other and the source's
    paragraphs find no counterpart; or most of its code blocks changed (at least four code
    blocks differ, are missing or are not in the source, and more than half of the pair's
    blocks), even when a few set-up lines and the prose still match. This is what a source
    section rewritten after its translation looks like; the fact rules (code, numbers,
    links, images, paragraphs) stay silent for such a pair instead of reporting every
    difference. The message names the counts and the first lines that changed.

    ## Why is this bad?
    The translation describes an older text: readers of the two languages learn different
    things. It needs a new translation, not a patch.

    ## Example
    ```markdown
    <!-- en.md (rewritten) -->                 <!-- ko.md (old) -->
    ## Setup                                   ## 설정
    Install `uv`, then run `uv sync`.          `pip install -r requirements.txt`를 실행하세요.
    ```

    Use instead: re-translate the section from the current source.
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        yield hit(
            row.ko_doc,
            row.ko.line,
            f"section `{row.ko.heading}` no longer matches the source's `{row.en.heading}`"
            f" ({comp.rewritten}): re-translate this section",
            other=row.en_doc,
            other_line=row.en.line,
        )


def _what(block: Block) -> str:
    return _REPORTED_KINDS.get(block.kind, "block")


_TAG_RE = re.compile(r"(?<!\{)</?[A-Za-z][^<>]*>")
"""An HTML tag, not the ``<`` of a Hugo shortcode (``{{<note>}}`` stays as written)."""


def _preview(doc: Document, seg: Segment) -> str:
    """The segment's first source line, shortened, without HTML tags (a message is prose)."""
    line = doc.lines[seg.block.line - 1] if doc.lines else seg.block.text
    text = " ".join(_TAG_RE.sub("", line).split()) or " ".join(line.split())
    return text[:40] + ("…" if len(text) > 40 else "")


def _unmatched(comp: Comparison, side: str, min_chars: int) -> list[tuple[int, Segment]]:
    segs = comp.en if side == "en" else comp.ko
    partners = comp.en_to_ko if side == "en" else comp.ko_to_en
    moved = moved_admonition(comp, side)
    return [
        (i, s)
        for i, s in enumerate(segs)
        if s.own
        and s.block.kind in _REPORTED_KINDS
        and i not in partners
        and s.chars >= min_chars
        and i not in moved
    ]


@rule(
    "paragraph-missing",
    "warning",
    scope="section-pair",
    options={
        "min-chars": Option(
            PARAGRAPH_MIN_CHARS, "shortest source paragraph reported, in characters"
        )
    },
)
def paragraph_missing(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Aligns the paragraphs, lists, tables and quotes of two aligned sections (anchors such as
    code, numbers and links first, then order and length; joined or split paragraphs are
    allowed) and reports a source paragraph that has no counterpart in the translation, at
    the line where it belongs. A section that lost more than three paragraphs is reported
    once; the text of a note the translation lost whole is left to ``admonition-mismatch``.

    ## Why is this bad?
    A dropped paragraph is content the reader of the translation never gets, and no heading
    or count shows it.

    ## Example
    ```markdown
    <!-- en.md -->                       <!-- ko.md -->
    ## Setup                             ## 설정
    Install the package.                 패키지를 설치하세요.
    Then set `HF_TOKEN` for the Hub.     (nothing)
    ```

    Use instead: translate the second paragraph too.
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    lost = _unmatched(comp, "en", int(ctx.options["min-chars"]))
    lone = lone_admonitions(row, comp, "en")
    lost = [(i, seg) for i, seg in lost if i not in lone]
    if len(lost) > 3:
        i, seg = lost[0]
        yield hit(
            row.ko_doc,
            comp.ko_line_for(i, row.ko),
            f"{len(lost)} paragraphs of the source have no counterpart in this section"
            f" (first: “{_preview(row.en_doc, seg)}”)",
            other=row.en_doc,
            other_line=seg.block.line,
        )
        return
    for i, seg in lost:
        yield hit(
            row.ko_doc,
            comp.ko_line_for(i, row.ko),
            f"{_what(seg.block)} of the source has no counterpart here: “{_preview(row.en_doc, seg)}”",
            other=row.en_doc,
            other_line=seg.block.line,
        )


@rule(
    "paragraph-extra",
    "warning",
    scope="section-pair",
    options={
        "min-chars": Option(
            PARAGRAPH_MIN_CHARS_TARGET, "shortest target paragraph reported, in characters"
        )
    },
)
def paragraph_extra(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    The converse of ``paragraph-missing``: a paragraph, list, table or quote of the
    translation that no source segment corresponds to. A section with more than three such
    paragraphs is reported once; the text of a note only the translation has is left to
    ``admonition-mismatch``.

    ## Why is this bad?
    Text the source does not have is either a translator's addition that readers of the
    source never see, or text the source has since removed.

    ## Example
    ```markdown
    <!-- en.md -->                       <!-- ko.md -->
    ## Setup                             ## 설정
    Install the package.                 패키지를 설치하세요.
                                         이 단계는 선택 사항입니다.
    ```

    Use instead: remove the paragraph, or add it to the source.
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    extra = _unmatched(comp, "ko", int(ctx.options["min-chars"]))
    lone = lone_admonitions(row, comp, "ko")
    extra = [
        (j, seg)
        for j, seg in extra
        if j not in lone and not pushed_into_added_section(row, comp, j, ctx)
    ]
    if len(extra) > 3:
        j, seg = extra[0]
        yield hit(
            row.ko_doc,
            seg.block.line,
            f"{len(extra)} paragraphs of this section have no counterpart in the source"
            f" (first: “{_preview(row.ko_doc, seg)}”)",
            other=row.en_doc,
            other_line=comp.en_line_for(j, row.en),
        )
        return
    for j, seg in extra:
        yield hit(
            row.ko_doc,
            seg.block.line,
            f"{_what(seg.block)} has no counterpart in the source: “{_preview(row.ko_doc, seg)}”",
            other=row.en_doc,
            other_line=comp.en_line_for(j, row.en),
        )


def _shapes(
    row: SectionRow,
    ctx: Context,
    kind: str,
    shape: Callable[[Block], tuple[int, ...]],
    describe: Callable[[Block], str],
    absent: str,
) -> Iterator[Finding]:
    """Matched segments of ``kind``: their shapes must agree; one side turned into a paragraph
    is reported too (unmatched ones are ``paragraph-missing``/``-extra``)."""
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    for group_en, group_ko in comp.matches:
        if len(group_en) != 1 or len(group_ko) != 1:
            # a list joined with the paragraph after it (it got shorter): its one list
            mine = [j for j in group_ko if comp.ko[j].block.kind == kind]
            theirs = [i for i in group_en if comp.en[i].block.kind == kind]
            if len(mine) != 1 or len(theirs) != 1:
                continue
            group_en, group_ko = (theirs[0],), (mine[0],)
        a, b = comp.en[group_en[0]], comp.ko[group_ko[0]]
        if not b.own or kind not in (a.block.kind, b.block.kind):
            continue
        if a.block.kind == b.block.kind == kind:
            if kind == "list" and (
                continued(comp, row.ko_doc.lines, group_ko[0]) == a.block.items
                or source_list_split(
                    comp, group_en[0], b.block, (row.en_doc.lines, row.ko_doc.lines)
                )
            ):
                continue  # split around code it no longer indents: the same items
            if shape(a.block) != shape(b.block):
                gaps = _gaps(row, a.block, b.block)
                if gaps:
                    yield from _item_findings(row, gaps, describe(a.block), describe(b.block))
                    continue
                yield hit(
                    row.ko_doc,
                    b.block.line,
                    f"{describe(b.block)}; the source's is a {describe(a.block)}",
                    other=row.en_doc,
                    other_line=a.block.line,
                )
        elif a.block.kind == kind and b.block.kind == "paragraph":
            if kind == "list" and a.block.items == 1:
                continue  # one item written as a sentence runs into nothing
            yield hit(
                row.ko_doc,
                b.block.line,
                f"the source's {describe(a.block)} {absent}",
                other=row.en_doc,
                other_line=a.block.line,
            )


MAX_ITEM_FINDINGS = 3
"""More unmatched items than this in one list or table: one finding at the first."""


def _gaps(row: SectionRow, a: Block, b: Block) -> list[Gap] | None:
    if a.kind == "table" and a.cols != b.cols:
        return None  # a dropped column is the table's shape, not one row
    return item_gaps(row.en_doc, a, row.ko_doc, b)


def _item_findings(row: SectionRow, gaps: list[Gap], theirs: str, mine: str) -> Iterator[Finding]:
    """One finding per dropped or added item, at its line (the first only when many)."""
    unit = "row" if "table" in theirs else "item"
    for gap in gaps[:1] if len(gaps) > MAX_ITEM_FINDINGS else gaps:
        what = f"{unit} “{preview(gap.text)}”"
        if len(gaps) > MAX_ITEM_FINDINGS:
            detail = f"{len(gaps)} {unit}s differ, first: {what}"
        elif gap.missing:
            detail = f"the source's {what} is missing here"
        else:
            detail = f"{what} is not in the source"
        yield hit(
            row.ko_doc,
            gap.line,
            f"{mine}; the source's is a {theirs}: {detail}",
            other=row.en_doc,
            other_line=gap.other_line,
        )


@rule("list-count-mismatch", "warning", scope="section-pair")
def list_count_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the lists of aligned sections, each with its aligned counterpart: the same
    number of top-level items. A list written as plain lines on the other side is reported
    too (not a one-item list written as a sentence).

    ## Why is this bad?
    A dropped item is dropped content; a list turned into loose lines renders as one run-on
    paragraph.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    - Efficiency            효율성
    - Flexibility           유연성
    ```

    Use instead:
    ```markdown
    - 효율성
    - 유연성
    ```
    """
    return _shapes(
        row, ctx, "list", lambda x: (x.items,), lambda x: f"list of {x.items} items",
        "is not a list here",
    )  # fmt: skip


@rule("table-shape-mismatch", "warning", scope="section-pair")
def table_shape_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the tables of aligned sections, each with its aligned counterpart: the same
    number of rows and columns.

    ## Why is this bad?
    A dropped row or column loses data; a misplaced ``|`` shifts every cell after it.

    ## Example
    ```markdown
    <!-- en.md -->               <!-- ko.md -->
    | Model | Size | Year |      | 모델 | 크기 |
    ```

    Use instead:
    ```markdown
    | 모델 | 크기 | 연도 |
    ```
    """
    return _shapes(
        row,
        ctx,
        "table",
        lambda x: (x.rows, x.cols),
        lambda x: f"{x.rows}-row, {x.cols}-column table",
        "is not a table here",
    )
