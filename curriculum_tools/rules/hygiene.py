"""Within one document: numbering, empty sections, anchors, images, front matter, markup traps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..inline_ranges import SourceRun, emphasis_runs
from ..model import Document, Section
from ..registry import Context, Finding, Fix, hit, rule

if TYPE_CHECKING:
    from ..project import Corpus
from ._common import HANGUL_RE, column_of, line_ending, prose_blocks, source_line


@rule("missing-translation", "warning", scope="corpus")
def missing_translation(corpus: Corpus, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a document in a language folder that has no counterpart in the other language
    and does not say ``translation: none`` in its front matter.

    ## Why is this bad?
    Readers of the other language never see the document; if that is deliberate, saying so
    keeps the check quiet and documents the decision.

    ## Example
    ```markdown
    <!-- en/notes.md, no ko/notes.md -->
    # Notes
    ```

    Use instead:
    ```markdown
    ---
    translation: none
    ---
    # Notes
    ```
    """
    other = {ctx.config.source_lang: ctx.config.target_lang}
    other[ctx.config.target_lang] = ctx.config.source_lang
    for doc in corpus.unpaired:
        if not doc.rel or doc.no_translation or doc.lang not in other:
            continue
        yield hit(
            doc,
            1,
            f"no {other[doc.lang]} counterpart of `{doc.rel}`"
            " (add one, or `translation: none` in the front matter)",
        )


def _number_parts(number: str) -> list[int]:
    return [int(p) for p in number.rstrip(".)").split(".")]


def _number_style(number: str) -> str:
    """``dot`` (``1.1.``), ``paren`` (``1)``) or ``bare`` (``2.1``)."""
    return "dot" if number.endswith(".") else "paren" if number.endswith(")") else "bare"


def _numbering_group(
    doc: Document, parent: Section | None, group: list[Section]
) -> Iterator[Finding]:
    numbered = [s for s in group if s.number]
    if not numbered:
        return
    styles: dict[str, Section] = {}
    for section in numbered:
        assert section.number is not None
        parts = _number_parts(section.number)
        style = _number_style(section.number)
        if len(parts) > 1 or style != "bare":
            styles.setdefault(style, section)
    if len(styles) > 1:
        first_style = next(iter(styles))
        for section in numbered:
            assert section.number is not None
            parts = _number_parts(section.number)
            style = _number_style(section.number)
            if (len(parts) > 1 or style != "bare") and style != first_style:
                yield hit(
                    doc,
                    section.line,
                    f"heading number `{section.number}` is written in another style than"
                    f" `{styles[first_style].number}`",
                    column=column_of(doc, section.line, section.number),
                )
    prev: Section | None = None
    parent_parts = _number_parts(parent.number) if parent is not None and parent.number else None
    for section in numbered:
        assert section.number is not None
        parts = _number_parts(section.number)
        col = column_of(doc, section.line, section.number)
        if parent_parts is not None and (
            len(parts) != len(parent_parts) + 1 or parts[:-1] != parent_parts
        ):
            assert parent is not None
            yield hit(
                doc,
                section.line,
                f"heading number `{section.number}` does not continue its parent's `{parent.number}`",
                column=col,
            )
        elif prev is not None and prev.number is not None:
            before = _number_parts(prev.number)
            if len(before) == len(parts) and parts[:-1] == before[:-1]:
                if parts[-1] == before[-1]:
                    yield hit(
                        doc,
                        section.line,
                        f"heading number `{section.number}` is repeated",
                        column=col,
                    )
                elif parts[-1] != before[-1] + 1:
                    yield hit(
                        doc,
                        section.line,
                        f"heading number `{section.number}` does not follow `{prev.number}`",
                        column=col,
                    )
        prev = section


@rule("heading-numbering", "info")
def heading_numbering(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Checks numbered headings within one document: numbers among siblings go up by one
    (no gaps, no repeats), a child continues its parent's number (``3.2.1.`` under
    ``3.2.``), and siblings share one style (``1.1.`` and ``1.2`` mixed is reported).

    ## Why is this bad?
    Gaps and repeats usually mean a section was deleted, duplicated or moved without
    renumbering; readers and cross-references then point at the wrong section.

    ## Example
    ```markdown
    ## 1. Setup
    ## 3. Usage
    ```

    Use instead:
    ```markdown
    ## 1. Setup
    ## 2. Usage
    ```
    """
    yield from _numbering_group(doc, None, doc.sections)
    for section in doc.walk():
        if section.children:
            yield from _numbering_group(doc, section, section.children)


def _is_empty(section: Section) -> bool:
    for block in section.blocks:
        if (
            block.kind == "html"
            and block.code.strip().startswith("<!--")
            and block.code.strip().endswith("-->")
        ):
            continue
        return False
    return not section.children


_SIGN_OFF_RE = re.compile(
    r"(?i)\b(thank|thanks|happy|enjoy|good luck|congratulations|cheers|see you|the end|bye)\b"
    r"|감사|축하|수고|즐거운|행운|끝|마치며|[!！🎉🤗]\s*$"
)


def _sign_off(doc: Document, section: Section) -> bool:
    """The document's last heading reads as a farewell (``Happy coding!``, ``감사합니다``):
    a deliberate closing line, not a section left unwritten."""
    flat = doc.walk()
    return section is flat[-1] and _SIGN_OFF_RE.search(section.title) is not None


@rule("empty-section", "info")
def empty_section(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a heading with no content and no subsections (an HTML comment alone counts as
    no content; a component, a list of links or any other block is content). The first
    heading of a document is exempt (it serves as the title), and so is a last heading that
    reads as a sign-off (``Happy coding!``, ``감사합니다``).

    ## Why is this bad?
    An empty section is a placeholder that was never written: it shows up in the table of
    contents and leads the reader nowhere.

    ## Example
    ```markdown
    ### 3.3. Fine-tuning Process

    ### 3.4. Evaluation
    ```

    Use instead: write the section, or remove the heading.
    """
    for section in doc.walk():
        if _is_empty(section) and section.index > 0 and not _sign_off(doc, section):
            yield hit(doc, section.line, f"section `{section.heading}` is empty")


_STRONG_RE = re.compile(
    r"(?<![\\*])\*\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*\*(?!\*)|(?<![\\_\w])__(?=[^\s_])(.+?)(?<=[^\s_\\])__(?![_])"
)


# Emphasis delimiters CommonMark leaves as text: `**(LoRA)**는` (a closing `**` after
# punctuation and before a letter is not right-flanking). Found on the parser's own
# delimiter runs (never inside code, HTML, math or link targets), paired left to right.


@dataclass(frozen=True, slots=True)
class _Spot:
    line: int
    opener: int
    """Column (0-based) of the opening ``**``; the closing one is at ``closer``."""
    closer: int
    char: str


def _literal_pair_run(item: SourceRun) -> bool:
    run = item.run
    return run.length == 2 and run.char in "*_" and all(run.literal)


def _emphasis_spots(doc: Document, runs: list[SourceRun]) -> list[_Spot]:
    """Literal ``**x**`` / ``__x__`` pairs on one line with Hangul next to or inside them."""
    spots: list[_Spot] = []
    opener: SourceRun | None = None
    for item in runs:
        if not _literal_pair_run(item):
            continue
        raw = doc.lines[item.line - 1]
        before = raw[item.column - 1] if item.column else " "
        after = raw[item.column + 2] if item.column + 2 < len(raw) else " "
        if (
            opener is not None
            and (opener.line, opener.group, opener.run.char)
            == (item.line, item.group, item.run.char)
            and not before.isspace()
            and before != "\\"
        ):
            inner = raw[opener.column + 2 : item.column]
            outside = raw[opener.column - 1] if opener.column else " "
            if HANGUL_RE.match(after) or HANGUL_RE.match(outside) or HANGUL_RE.search(inner):
                spots.append(_Spot(item.line, opener.column, item.column, item.run.char))
            opener = None
            continue
        can_open = not after.isspace() and (item.run.char == "*" or not before.isalnum())
        opener = item if can_open else None
    return spots


@rule("cjk-emphasis", "warning", fixable=True)
def cjk_emphasis(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports strong emphasis that CommonMark does not render next to Hangul, such as
    ``**(LoRA)**는`` or ``**"강조"**를``: a closing ``**`` after punctuation and directly
    before a letter is not right-flanking, so the asterisks are printed literally. The fix
    writes ``<strong>...</strong>`` instead.

    ## Why is this bad?
    Readers see ``**`` in the text and the words are not bold; the English side renders
    fine, so the defect is easy to miss in review.

    ## Example
    ```markdown
    **(LoRA)**는 적은 파라미터만 학습합니다.
    ```

    Use instead:
    ```markdown
    <strong>(LoRA)</strong>는 적은 파라미터만 학습합니다.
    ```
    """
    literal = {
        line
        for block in prose_blocks(tuple(doc.all_blocks()))
        for line, text in block.lines
        if "**" in text or "__" in text
    }
    if not literal:
        return  # the parser rendered every delimiter run (or there is none)
    by_line: dict[int, list[_Spot]] = {}
    for spot in _emphasis_spots(doc, emphasis_runs(doc, literal)):
        by_line.setdefault(spot.line, []).append(spot)
    for line, spots in by_line.items():
        raw = source_line(doc, line)
        parts: list[str] = []  # edit the delimiter characters only, in one pass
        at = 0
        for spot in spots:
            parts += [raw[at : spot.opener], "<strong>", raw[spot.opener + 2 : spot.closer]]
            parts.append("</strong>")
            at = spot.closer + 2
        fixed = "".join(parts) + raw[at:]
        fix = Fix(line, line, fixed + line_ending(doc, line), "<strong> instead of **")
        for spot in spots:
            yield hit(
                doc,
                line,
                f"`{raw[spot.opener : spot.closer + 2]}` is not rendered as bold next to Hangul",
                column=spot.opener + 1,
                fix=fix,
            )


_BROKEN_LINK_RE = re.compile(r"\[[^\[\]\n]+\]\s*\((?:[^()\s]+)")
_BRACKET_TEXT_RE = re.compile(r"\[[^\[\]\n]+")


@rule("unbalanced-brackets", "warning")
def unbalanced_brackets(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports link syntax that was printed as text because it is malformed: ``[text](url``
    without its closing parenthesis, or ``[text] (url)`` with a space between the parts.

    ## Why is this bad?
    The reader sees brackets and a raw address instead of a link.

    ## Example
    ```markdown
    자세한 내용은 [문서](https://example.com/docs 를 보세요.
    ```

    Use instead:
    ```markdown
    자세한 내용은 [문서](https://example.com/docs)를 보세요.
    ```
    """
    lines = doc.lines
    for block in prose_blocks(tuple(doc.all_blocks())):
        for line, _prose in block.lines:
            raw = lines[line - 1] if 0 < line <= len(lines) else ""  # source_line(doc, line)
            if "[" not in raw:
                continue  # the pattern opens with a bracket
            ticks = seen = 0  # backticks before the match, counted once along the line
            texts: set[str] | None = None
            for match in _BROKEN_LINK_RE.finditer(raw):
                ticks += raw.count("`", seen, match.start())
                seen = match.start()
                if ticks % 2:
                    continue
                if match.start() and raw[match.start() - 1] in "\\!":
                    continue
                if _TEMPLATED_LINK_RE.match(raw, match.start()):
                    continue  # a Hugo shortcode in the address is one word for the site's Markdown
                # Still text after parsing: the bracket text is in the prose of this line.
                inner = match.group(0).split("]", 1)[0]
                if texts is None:
                    texts = set(_BRACKET_TEXT_RE.findall(_prose_with_brackets(block, line)))
                if inner not in texts:
                    continue
                yield hit(
                    doc,
                    line,
                    f"link syntax `{match.group(0)[:40]}` is not a link (unbalanced brackets)",
                    column=match.start() + 1,
                )


_TEMPLATED_LINK_RE = re.compile(r"\[[^\]]*\]\([^)\s]*\{\{[<%].*?[>%]\}\}[^)\s]*\)")
"""``[API](/docs/api/{{< param "version" >}}/#pod)``: Hugo renders the shortcode before the
Markdown (a placeholder without spaces), so the site shows a link."""


def _prose_with_brackets(block: object, line: int) -> str:
    for ln, text in getattr(block, "lines", ()):
        if ln == line:
            return str(text)
    return ""


@rule("unreadable-file", "error", scope="corpus")
def unreadable_file(corpus: Corpus, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a Markdown file that could not be read as text: not valid UTF-8, UTF-16, too
    large, or not parseable. Binary files are skipped silently.

    ## Why is this bad?
    Nothing in the file is checked or exported, and the translation is not paired.

    ## Example
    A file saved as CP949 by an old editor.

    Use instead: run `ctools fix-encoding` to convert it to UTF-8.
    """
    for problem in corpus.problems:
        if problem.skipped:
            continue
        yield Finding("", problem.path, max(1, problem.line or 1), 1, problem.message)
