"""Structure of a pair: sections present, in order, at the same level with the same number."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import DocumentPair, Section, SectionPair
from ..registry import Context, Finding, SectionRow, hit, rule
from ..section_score import block_facts
from ._common import aligned, insertion_line
from ._segments import comparison


def replaced(pair: DocumentPair) -> dict[int, int]:
    """Gap rows that are one section whose heading changed: en row index -> ko row index.

    Between two aligned rows, an English-only and a Korean-only section with the same kinds
    of content and either the same number or the same level are one section whose level or
    number was changed (the aligner, weighing both, left them apart).
    """
    out: dict[int, int] = {}
    rows = pair.rows
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and (rows[j].en is None) != (rows[j].ko is None):
            j += 1
        en_only = [k for k in range(i, j) if rows[k].ko is None]
        ko_only = [k for k in range(i, j) if rows[k].en is None]
        if en_only and len(en_only) == len(ko_only):
            for a, b in zip(en_only, ko_only, strict=True):
                en, ko = rows[a].en, rows[b].ko
                assert en is not None and ko is not None
                same_number = _norm_number(en.number) == _norm_number(ko.number)
                kinds = [x.kind for x in en.blocks] == [x.kind for x in ko.blocks]
                if kinds and (same_number != (en.level == ko.level)):
                    out[a] = b
        i = max(j, i + 1)
    return out


def unwrapped(pair: DocumentPair) -> tuple[set[int], set[int]]:
    """Headings the source inserted around sections the translation has one level up.

    An English-only section with no content of its own (``### Basic example`` holding only
    ``#### HTML`` / ``#### CSS``), or whose text the translation has in the parent section,
    whose subsections are all aligned with Korean sections one
    level higher (``### HTML`` / ``### CSS`` under ``## 예제``): nothing of the content is
    missing, only the grouping heading. Returns the row indexes of such headings and the ids
    of the Korean sections whose level differs only because of them.
    """
    wrappers: set[int] = set()
    promoted: set[int] = set()
    rows = pair.rows
    joined = replaced(pair)
    taken = set(joined.values())
    for i, row in enumerate(rows):
        wrap = row.en
        if wrap is None or row.ko is not None or not wrap.children:
            continue
        if wrap.blocks and not _text_moved_up(rows, i):
            continue
        inside: list[int] = []
        for k in range(i + 1, len(rows)):
            en = rows[k].en
            ko = rows[joined[k]].ko if k in joined else rows[k].ko
            if en is None and k in taken:
                continue  # the Korean side of a joined gap pair
            if en is not None and en.level <= wrap.level:
                break
            if en is None or ko is None or ko.level != en.level - 1:
                inside = []
                break
            inside.append(id(ko))
        if inside:
            wrappers.add(i)
            promoted.update(inside)
    return wrappers, promoted


def _text_moved_up(rows: list[SectionPair], i: int) -> bool:
    """The grouping heading's own text is in the Korean counterpart of its parent: the
    parent's blocks and its blocks are, by kind, the Korean parent's blocks."""
    wrap = rows[i].en
    assert wrap is not None
    for row in reversed(rows[:i]):
        if row.en is not None and row.en.level < wrap.level:
            if row.ko is None:
                return False
            kinds = [b.kind for b in (*row.en.blocks, *wrap.blocks)]
            return kinds == [b.kind for b in row.ko.blocks]
    return False


def _changed(pair: DocumentPair) -> Iterator[tuple[Section, Section]]:
    """Aligned sections plus the gap pairs :func:`replaced` joins."""
    yield from aligned(pair)
    for a, b in replaced(pair).items():
        en, ko = pair.rows[a].en, pair.rows[b].ko
        assert en is not None and ko is not None
        yield en, ko


def _label(section: Section) -> str:
    return f"`{section.heading}`"


@rule("section-missing", "error", scope="pair")
def section_missing(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a section of the source (English) document that has no counterpart in the
    translation. The finding points at the place in the Korean file where the section
    belongs (after the previous aligned section), with the English heading as counterpart.

    ## Why is this bad?
    A reader of the translation silently misses content; usually a section was added to
    the English text after the translation was made.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    ## 1. Setup             ## 1. 설정
    ## 2. Usage
    ```

    Use instead:
    ```markdown
    ## 1. 설정
    ## 2. 사용법
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    joined = set(replaced(pair)) | unwrapped(pair)[0]
    for i, row in enumerate(pair.rows):
        if row.en is not None and row.ko is None and i not in joined:
            line = insertion_line(pair.rows, i, "ko", pair.ko, pair.en)
            yield hit(
                pair.ko,
                line,
                f"section {_label(row.en)} (en line {row.en.line}) is missing in the translation",
                other=pair.en,
                other_line=row.en.line,
            )


@rule("section-extra", "warning", scope="pair")
def section_extra(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a section of the translation that has no counterpart in the source document.
    The counterpart points at the place in the English file where it would belong.

    ## Why is this bad?
    Either the source removed the section and the translation kept it (stale content), or
    the translator added material the source does not have.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    ## 1. Setup             ## 1. 설정
                            ## 2. 사용법
    ```

    Use instead: remove the extra section, or add it to the source too.
    """
    if pair.en is None or pair.ko is None:
        return
    joined = set(replaced(pair).values())
    for i, row in enumerate(pair.rows):
        if row.ko is not None and row.en is None and i not in joined:
            home = _merged_into(row.ko, pair.en.walk())
            if home is not None:  # the source dropped the heading, not the content
                yield hit(
                    pair.ko,
                    row.ko.line,
                    f"section {_label(row.ko)} has no heading in the source: its code and links"
                    f" are in the source's {_label(home)} (merged there; restructure this side)",
                    other=pair.en,
                    other_line=home.line,
                )
                continue
            where = insertion_line(pair.rows, i, "en", pair.en, pair.ko)
            yield hit(
                pair.ko,
                row.ko.line,
                f"section {_label(row.ko)} has no counterpart in the source",
                other=pair.en,
                other_line=where,
            )


MERGED_SHARE = 0.6
"""Part of a target-only section's code and links (at least 2) found in one source section
for the section to count as merged into it."""


def _merged_into(section: Section, sources: list[Section]) -> Section | None:
    """The source section holding most of ``section``'s own code blocks, code spans, links
    and images (verbatim facts), when it holds at least :data:`MERGED_SHARE` of them."""
    facts: set[str] = set()
    block_facts(section, facts)
    facts = {f for f in facts if not f.startswith("n:")}  # numbers alone prove little
    if len(facts) < 2:
        return None
    best, found = None, 0
    for candidate in sources:
        theirs: set[str] = set()
        block_facts(candidate, theirs)
        shared = len(facts & theirs)
        if shared > found:
            best, found = candidate, shared
    return best if found >= max(2, MERGED_SHARE * len(facts)) else None


@rule("section-order", "warning", scope="pair")
def section_order(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a section that exists on both sides but sits at a different position in the
    translation than in the source.

    ## Why is this bad?
    Readers switching languages expect the same order; a moved section often means one
    side was reorganised and the other was not.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    ## 1. Setup             ## 2. 사용법
    ## 2. Usage             ## 1. 설정
    ```

    Use instead: put the sections in the source's order.
    """
    if pair.en is None or pair.ko is None:
        return
    both = [(en, ko) for en, ko in aligned(pair)]
    moved = [r for r in pair.rows if r.moved and r.en is not None and r.ko is not None]
    reported: set[int] = set()
    for row in moved:
        assert row.en is not None and row.ko is not None
        if not any(
            en is not row.en and (en.index < row.en.index) != (ko.index < row.ko.index)
            for en, ko in both
        ):
            continue  # joined late (its ids differ) but at its place: nothing is out of order
        crossed = [
            (en, ko)
            for en, ko in both
            if en is not row.en
            and (en.index < row.en.index) != (ko.index < row.ko.index)
            and en.level == row.en.level
        ]
        pairs = [(row.en, row.ko)]
        if len(crossed) == 1:  # a swap of two sections: both are out of place
            pairs.append(crossed[0])
        for en, ko in pairs:
            if ko.index in reported:
                continue
            reported.add(ko.index)
            yield hit(
                pair.ko,
                ko.line,
                f"section {_label(ko)} is out of order (en line {en.line})",
                other=pair.en,
                other_line=en.line,
            )


@rule("heading-level-mismatch", "warning", scope="pair")
def heading_level_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports aligned headings whose levels differ (``###`` in English, ``##`` in Korean).

    ## Why is this bad?
    The level decides the section tree, the table of contents and the numbering of every
    export; a different level moves the section under another parent.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    ### 1.1. Models         ## 1.1. 모델
    ```

    Use instead:
    ```markdown
    ### 1.1. 모델
    ```

    A pair ``section-rewritten`` reports is left to it (one finding for a rewritten section).
    """
    if pair.en is None or pair.ko is None:
        return
    rewritten = {
        id(row.ko)
        for row in pair.rows
        if row.en is not None
        and row.ko is not None
        and row.en.level != row.ko.level
        and comparison(SectionRow(pair, pair.en, pair.ko, row.en, row.ko, row), ctx).rewritten
    }
    rewritten |= unwrapped(pair)[1]
    for en, ko in _changed(pair):
        if en.level != ko.level and id(ko) not in rewritten:
            yield hit(
                pair.ko,
                ko.line,
                f"heading level {ko.level} differs from the source's level {en.level}"
                f" ({_label(en)})",
                other=pair.en,
                other_line=en.line,
            )


def _norm_number(number: str | None) -> str | None:
    return number.rstrip(".)") if number else None


@rule("heading-number-mismatch", "warning", scope="pair")
def heading_number_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports aligned headings whose section numbers differ (``3.2.`` against ``3.4.``), or
    where only one side is numbered. A trailing dot alone is not a difference.

    ## Why is this bad?
    Numbers are how readers and cross-references find a section in both languages.

    ## Example
    ```markdown
    <!-- en.md -->          <!-- ko.md -->
    ## 3.2. Techniques      ## 3.4. 기법
    ```

    Use instead:
    ```markdown
    ## 3.2. 기법
    ```
    """
    if pair.en is None or pair.ko is None:
        return
    for en, ko in _changed(pair):
        a, b = _norm_number(en.number), _norm_number(ko.number)
        if a != b:
            yield hit(
                pair.ko,
                ko.line,
                f"heading number `{ko.number or '(none)'}` differs from the source's"
                f" `{en.number or '(none)'}`",
                other=pair.en,
                other_line=en.line,
            )
