"""Components compared across a pair: admonitions, quizzes, tabs, listings, videos and embeds.

The parser gives every component its meaning (:mod:`curriculum_tools.syntax`); these rules
compare the components of each aligned section pair by kind and in order
(:mod:`curriculum_tools.rules.attributes` checks the text in their attributes for
translation). Prose and code *inside* components are ordinary blocks for every other rule.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ..model import Component, Document, DocumentPair, Section
from ..registry import Context, Finding, SectionRow, hit, rule
from ._common import column_of, map_line
from ._component_facts import (
    Listing,
    choices,
    correct,
    embed_target,
    listings,
    of_kind,
    short,
    tab_ids,
)
from ._segments import comparison


def _pairs(
    pair: DocumentPair, ctx: Context
) -> Iterator[tuple[Document, Document, Section, Section]]:
    """The aligned section pairs, less those ``section-rewritten`` reports (one finding for
    a rewritten section: its components are part of what must be re-translated)."""
    if pair.en is None or pair.ko is None:
        return
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        section_row = SectionRow(pair, pair.en, pair.ko, row.en, row.ko, row)
        if comparison(section_row, ctx).rewritten:
            continue
        yield pair.en, pair.ko, row.en, row.ko


def _counts_differ(pair: DocumentPair, *kinds: str) -> bool:
    """Whether the two documents have a different number of components of ``kinds``.

    When they have as many, a section-level difference in number is a component that sits
    in a section the aligner left unpaired (the structure rules' finding), not a lost one.
    """
    if pair.en is None or pair.ko is None:
        return False
    en = sum(c.kind in kinds for c in pair.en.components())
    ko = sum(c.kind in kinds for c in pair.ko.components())
    return en != ko


def _count_hit(
    en_doc: Document, ko_doc: Document, en: Section, ko: Section, what: str, a: int, b: int
) -> Finding:
    return hit(
        ko_doc,
        ko.line,
        f"{b} {what} in this section, {a} in the source's `{en.heading}`",
        other=en_doc,
        other_line=en.line,
    )


@rule("admonition-mismatch", "warning", scope="pair")
def admonition_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the admonitions (`<Tip>`, `<Tip warning>`, `> [!NOTE]`, `> [!WARNING]`,
    `::: tip` ...) of each aligned section pair. An admonition of the source that is a plain paragraph or
    missing in the translation is reported at the matching line; an admonition only the
    translation has is reported too; when both sides have some but not as many, the
    section is reported once with both counts. When both documents have as many
    admonitions in all, a section-level difference is a section the aligner left unpaired
    (reported by `section-missing`/`section-extra`) and is not reported again here; quiz,
    tab and embed counts are judged the same way.

    ## Why is this bad?
    A warning box that became an ordinary paragraph loses its emphasis: readers skim past
    the one sentence the author wanted them to see.

    ## Example
    ```markdown
    <!-- en.md -->                         <!-- ko.md -->
    > [!WARNING]                           경고: 이 도구는 코드를 실행합니다.
    > This tool runs code.
    ```

    Use instead:
    ```markdown
    > [!WARNING]
    > 이 도구는 코드를 실행합니다.
    ```
    """
    if not _counts_differ(pair, "admonition"):
        return
    for en_doc, ko_doc, en, ko in _pairs(pair, ctx):
        a, b = of_kind(en, "admonition"), of_kind(ko, "admonition")
        if len(a) == len(b):
            continue
        if not b:
            for x in a:
                yield hit(
                    ko_doc,
                    map_line(en, ko, x.line),
                    f"admonition `{x.name}` (en line {x.line}) is plain text or missing here",
                    other=en_doc,
                    other_line=x.line,
                )
        elif not a:
            for y in b:
                yield hit(
                    ko_doc,
                    y.line,
                    f"admonition `{y.name}` is not an admonition in the source",
                    other=en_doc,
                    other_line=map_line(ko, en, y.line),
                )
        else:
            yield _count_hit(en_doc, ko_doc, en, ko, "admonitions", len(a), len(b))


@rule("quiz-mismatch", "error", scope="pair")
def quiz_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the quizzes (`<Question choices={[{text, explain, correct}]}/>`) of each aligned
    section pair: the number of quizzes, the number of choices of each, which choices are
    correct, and a choice whose `text` or `explain` the translation dropped.

    ## Why is this bad?
    A translated quiz with another correct answer marks the right answer wrong: the reader
    of the translation is taught the opposite of the course.

    ## Example
    ```markdown
    <!-- en.md -->
    <Question choices={[{text: "Yes", correct: true}, {text: "No"}]} />
    <!-- ko.md -->
    <Question choices={[{text: "예"}, {text: "아니요", correct: true}]} />
    ```

    Use instead: mark the same choice correct (`{text: "예", correct: true}`).
    """
    for en_doc, ko_doc, en, ko in _pairs(pair, ctx):
        a, b = of_kind(en, "quiz"), of_kind(ko, "quiz")
        if len(a) != len(b):
            if _counts_differ(pair, "quiz"):
                yield _count_hit(en_doc, ko_doc, en, ko, "quizzes", len(a), len(b))
            continue
        for x, y in zip(a, b, strict=True):
            nx, ny = len(choices(x)), len(choices(y))
            if nx != ny:
                message = f"quiz has {ny} choices, the source's has {nx}"
            elif correct(x) != correct(y):
                message = (
                    f"quiz marks choice {_positions(correct(y))} correct, "
                    f"the source marks {_positions(correct(x))}"
                )
            elif lost := _lost_texts(x, y):
                message = f"quiz choice {lost} lost its text or explanation"
            else:
                continue
            yield hit(ko_doc, y.line, message, other=en_doc, other_line=x.line)


def _lost_texts(x: Component, y: Component) -> str:
    """Choices (1-based) whose `text` or `explain` the source has and the translation lacks."""
    lost = [
        str(i)
        for i, (a, b) in enumerate(zip(choices(x), choices(y), strict=True), 1)
        if any(_said(a.get(k)) and not _said(b.get(k)) for k in ("text", "explain"))
    ]
    return ", ".join(lost)


def _said(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _positions(values: tuple[int, ...]) -> str:
    return ", ".join(map(str, values)) or "none"


@rule("tabs-mismatch", "warning", scope="pair")
def tabs_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares tab groups (`<hfoptions>` with `<hfoption id="...">`, `<frameworkcontent>`
    with `<pt>`, `<tf>`, `<jax>`) of each aligned section pair: the number of groups and the
    tabs of each group, in order.

    ## Why is this bad?
    A tab missing in the translation hides the instructions for one framework or option;
    a renamed `hfoption id` breaks the site's synchronised tab selection.

    ## Example
    ```markdown
    <!-- en.md -->                     <!-- ko.md -->
    <frameworkcontent>                 <frameworkcontent>
    <pt> ... </pt>                     <pt> ... </pt>
    <tf> ... </tf>                     </frameworkcontent>
    </frameworkcontent>
    ```

    Use instead: translate every tab of the group.
    """
    for en_doc, ko_doc, en, ko in _pairs(pair, ctx):
        a, b = of_kind(en, "tabs"), of_kind(ko, "tabs")
        if len(a) != len(b):
            if _counts_differ(pair, "tabs"):
                yield _count_hit(en_doc, ko_doc, en, ko, "tab groups", len(a), len(b))
            continue
        for x, y in zip(a, b, strict=True):
            ix, iy = tab_ids(x), tab_ids(y)
            if ix != iy:
                yield hit(
                    ko_doc,
                    y.line,
                    f"tabs `{', '.join(iy)}` differ from the source's `{', '.join(ix)}`",
                    other=en_doc,
                    other_line=x.line,
                )


@rule("embed-mismatch", "warning", scope="pair")
def embed_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares videos and embedded pages (`<Youtube id>`, `<iframe src>`, and names mapped to
    `video` or `embed` in `ctools.yaml`) of each aligned section pair: a video or embed the
    translation lacks or has in addition, and one whose `src` (or video id) differs. A
    language segment (`/en/` vs `/ko/`, `?hl=ko`) is not a difference.

    ## Why is this bad?
    The translation shows another video or page than the source, usually an outdated one.

    ## Example
    ```markdown
    <!-- en.md -->                     <!-- ko.md -->
    <Youtube id="wWI5WVp6S1M" />       <Youtube id="wWI5WVp6S1" />
    ```

    Use instead: `<Youtube id="wWI5WVp6S1M" />`.
    """
    for en_doc, ko_doc, en, ko in _pairs(pair, ctx):
        a, b = of_kind(en, "video", "embed"), of_kind(ko, "video", "embed")
        if not b and _counts_differ(pair, "video", "embed"):
            for x in a:
                yield hit(
                    ko_doc,
                    map_line(en, ko, x.line),
                    f"{x.kind} `{_raw_target(x) or x.name}` (en line {x.line}) is missing here",
                    other=en_doc,
                    other_line=x.line,
                )
            continue
        if len(a) != len(b):
            if _counts_differ(pair, "video", "embed"):
                yield _count_hit(en_doc, ko_doc, en, ko, "videos or embeds", len(a), len(b))
            continue
        for x, y in zip(a, b, strict=True):
            tx, ty = embed_target(x), embed_target(y)
            if tx != ty:
                shown = _raw_target(y) or "nothing"
                yield hit(
                    ko_doc,
                    y.line,
                    f"{y.kind} `{shown}` differs from the source's `{_raw_target(x) or 'nothing'}`",
                    column=column_of(ko_doc, y.line, shown),
                    other=en_doc,
                    other_line=x.line,
                )


def _raw_target(component: Component) -> str | None:
    for key in ("src", "url", "href", "id"):
        value = component.attr(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@rule("listing-mismatch", "warning", scope="pair")
def listing_mismatch(pair: DocumentPair, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the code listings of each aligned section pair: mdBook's
    `<Listing number="2-1" file-name="src/main.rs" caption="...">` and the older
    `<span class="filename">` / `<span class="caption">Listing 2-1: ...</span>` form (either
    side may use either). Numbered listings are matched by number; a listing whose number
    differs, one missing or extra, one whose file name differs and one that lost its
    caption are reported.

    ## Why is this bad?
    Text refers to listings by number ("as in Listing 2-3"); a shifted number sends the
    reader to the wrong code, and a wrong file name tells them to edit the wrong file.

    ## Example
    ```markdown
    <!-- en.md -->
    <Listing number="2-1" file-name="src/main.rs" caption="Reading a guess">
    <!-- ko.md -->
    <Listing number="2-2" file-name="src/lib.rs" caption="추측값 읽기">
    ```

    Use instead: `<Listing number="2-1" file-name="src/main.rs" caption="추측값 읽기">`.
    """
    if pair.en is None or pair.ko is None:
        return
    everywhere = (_numbers(pair.en), _numbers(pair.ko))
    for en_doc, ko_doc, en, ko in _pairs(pair, ctx):
        a, b = listings(en_doc, en), listings(ko_doc, ko)
        yield from _compare_listings(en_doc, ko_doc, (en, ko), a, b, everywhere)


def _numbers(doc: Document) -> set[str]:
    return {x.number for s in doc.walk() for x in listings(doc, s) if x.number}


def _compare_listings(
    en_doc: Document,
    ko_doc: Document,
    sections: tuple[Section, Section],
    a: list[Listing],
    b: list[Listing],
    everywhere: tuple[set[str], set[str]],
) -> Iterator[Finding]:
    """Numbered listings matched by number; missing/extra only when the whole other
    document lacks the number (a listing in an unaligned subsection is the structure
    rules' finding, not a listing's)."""
    na = [x for x in a if x.number]
    nb = [y for y in b if y.number]
    numbers = difflib.SequenceMatcher(
        None, [x.number for x in na], [y.number for y in nb], autojunk=False
    )
    for op, i1, i2, j1, j2 in numbers.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for x, y in zip(na[i1:i2], nb[j1:j2], strict=True):
                if x.number != y.number:
                    yield _listing_hit(
                        en_doc, ko_doc, x, y, f"listing {y.number} is {x.number} in the source"
                    )
                elif _file(x) and _file(y) and _file(x) != _file(y):
                    yield _listing_hit(en_doc, ko_doc, x, y, _file_message(x, y))
                elif x.caption and not y.caption:
                    message = (
                        f"listing {y.number} has no caption; the source's is {short(x.caption)}"
                    )
                    yield _listing_hit(en_doc, ko_doc, x, y, message)
            continue
        for x in na[i1:i2]:
            if x.number in everywhere[1]:
                continue
            yield hit(
                ko_doc,
                map_line(*sections, x.line),
                f"listing {x.number} (en line {x.line}) is missing here",
                other=en_doc,
                other_line=x.line,
            )
        for y in nb[j1:j2]:
            if y.number in everywhere[0]:
                continue
            yield hit(
                ko_doc,
                y.line,
                f"listing {y.number} has no counterpart in the source",
                other=en_doc,
                other_line=map_line(sections[1], sections[0], y.line),
            )
    ua = [x for x in a if not x.number and _file(x)]
    ub = [y for y in b if not y.number and _file(y)]
    if len(ua) == len(ub):
        for x, y in zip(ua, ub, strict=True):
            if _file(x) != _file(y):
                yield _listing_hit(en_doc, ko_doc, x, y, _file_message(x, y))


def _file(listing: Listing) -> str:
    return (listing.file or "").strip("` ")


def _file_message(x: Listing, y: Listing) -> str:
    label = f"listing {y.number}" if y.number else "listing"
    return f"{label} file name `{_file(y)}` differs from the source's `{_file(x)}`"


def _listing_hit(
    en_doc: Document, ko_doc: Document, x: Listing, y: Listing, message: str
) -> Finding:
    return hit(ko_doc, y.line, message, other=en_doc, other_line=x.line)
