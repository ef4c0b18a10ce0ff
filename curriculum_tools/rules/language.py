"""Language: Korean left in English, Korean in the English file, translation length.

Decided on prose only (code, inline code, math and URLs are already removed by the parser),
with glosses taken out: parenthesised or quoted Latin text (``토큰화 (Tokenization)``,
``"Hello there"``). The script decides first; langdetect (seeded, imported lazily) is asked
only about lines the script leaves open.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..language import reads_english, reads_korean
from ..model import Block, Document
from ..registry import Context, Finding, Option, SectionRow, hit, rule
from ._common import prose_blocks
from ._partial import LeftSentence, candidates, left_sentences
from ._segments import comparison, html_text

_SPANS_RE = re.compile(r"`[^`]*`")


def _runs(lines: list[tuple[int, str]], test: object) -> Iterator[tuple[int, int]]:
    """(first line, last line) of each run of consecutive prose lines that pass ``test``."""
    assert callable(test)
    start = last = None
    for line, text in lines:
        if test(text):
            if start is not None and last is not None and line == last + 1:
                last = line
                continue
            if start is not None and last is not None:
                yield start, last
            start = last = line
        elif start is not None and last is not None:
            yield start, last
            start = last = None
    if start is not None and last is not None:
        yield start, last


_PAREN_RE = re.compile(r"\([^()]*\)")
_CODELIKE_RE = re.compile(r"[_./=()<>{}\[\]:]|[a-z][A-Z]")


def _glossed_lines(block: Block) -> list[tuple[int, str]]:
    """The block's prose lines with parenthesised glosses removed even when they span lines
    (``*디자인 패턴 (Design Patterns:`` / ``Elements of ..., 1994)*``)."""
    if not block.lines:
        return []
    marker = "\u2063"
    joined = marker.join(text for _, text in block.lines)
    stripped = _PAREN_RE.sub(lambda m: marker * m.group(0).count(marker), joined)
    return list(zip((line for line, _ in block.lines), stripped.split(marker), strict=True))


def _kept_on_purpose(block: Block, text: str) -> bool:
    """Text a translator leaves in English on purpose: a table row of short cells (numbers,
    names, product names), code-like text, or a run of capitalised names."""
    if block.kind == "table":
        cells = [c.strip() for c in text.split("|") if c.strip()] or [text]
        if all(len(c.split()) <= 3 for c in cells):
            return True
    words = text.split()
    if words and sum(1 for w in words if _CODELIKE_RE.search(w)) * 2 >= len(words):
        return True
    latin = [w for w in words if w[:1].isalpha() and w[:1].isascii()]
    return (bool(latin) and all(w[:1].isupper() for w in latin)) or _names_list(text)


_AND_RE = re.compile(r"^(?:and|or) ")


def _names_list(text: str) -> bool:
    """A comma-separated list of three or more names (``ALBERT, Encoder decoder, mBART``): each
    item at most three words, its first word with a capital letter."""
    items = [_AND_RE.sub("", item.strip()) for item in text.split(",")]
    return len(items) >= 3 and all(
        0 < len(words := item.split()) <= 3 and any(c.isupper() for c in words[0]) for item in items
    )


def _whole_block(block: Block) -> bool:
    return block.kind in ("paragraph", "blockquote")


@rule(
    "untranslated",
    "warning",
    options={
        "min-words": Option(5, "shortest English run reported, in words"),
        "sentence-words": Option(
            6, "shortest source sentence reported when left in English inside Korean prose"
        ),
    },
)
def untranslated(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports prose of the Korean document that was left in English: a paragraph, list item
    or table row with at least ``min-words`` English words and no Korean (glosses in
    parentheses or quotes, inline code, URLs and formulas do not count), and the same in an
    image's alt text, an HTML ``caption``/``title``/``alt`` attribute or the text of an HTML
    ``<figcaption>``, ``<caption>`` or ``<summary>``. A table row of short cells
    (numbers, names), code-like text and a run of capitalised names are left alone. Mixed lines are
    decided by langdetect.

    Inside Korean prose (a paragraph, list item, table cell, admonition or caption), an
    English sentence of at least ``sentence-words`` words that the source has in the same
    place (its aligned paragraph or section: same words, or nearly) is reported at its line
    (``sentence left in English: “…”``): a paragraph only partly translated, or a sentence
    the source added and someone pasted untranslated. Quoted text, glosses, code, titles,
    names, lists of terms, link text, program messages and the end of a clause a Korean
    sentence began stay silent, and so does an English sentence the source does not have
    there (a quotation, an example).

    ## Why is this bad?
    The reader of the translation meets an untranslated passage, usually text added to the
    source after translation, or copied over and forgotten.

    ## Example
    ```markdown
    ## 2. 사용법
    Install the package and run the agent on your task.
    ```

    Use instead:
    ```markdown
    ## 2. 사용법
    패키지를 설치하고 작업에 에이전트를 실행하세요.
    ```
    """
    if doc.lang != ctx.target_lang:
        return
    min_words = int(ctx.options.get("min-words", 5))
    reported: set[int] = set()
    for block in prose_blocks(tuple(doc.all_blocks())):

        def english(text: str, block: Block = block) -> bool:
            return reads_english(text, min_words) and not _kept_on_purpose(block, text)

        for first, _last in _runs(_glossed_lines(block), english):
            reported.add(id(block))
            yield hit(doc, first, "prose left in English in the Korean document")
            if _whole_block(block):
                break
    for block in doc.all_blocks():
        for fact in block.images:
            if fact.text and reads_english(fact.text, min_words):
                reported.add(id(block))
                yield hit(doc, fact.line, f"image text `{fact.text[:40]}` left in English")
        attrs = html_text(block)
        if attrs and reads_english(_SPANS_RE.sub(" ", attrs), min_words):
            reported.add(id(block))
            yield hit(doc, block.line, f"caption or title `{attrs[:40]}` left in English")
        if block.kind == "html" and "<" in block.code:
            for line, text in _element_texts(block):
                if reads_english(_SPANS_RE.sub(" ", text), min_words):
                    reported.add(id(block))
                    yield hit(doc, line, f"caption `{text[:40]}` left in English")
    source = ctx.counterpart(doc)
    for block, left in _left_in_translation(doc, ctx):
        if id(block) in reported:
            continue  # its English lines are reported already
        text = left.text if len(left.text) <= 60 else left.text[:60].rsplit(" ", 1)[0] + "…"
        yield hit(
            doc,
            left.line,
            f"sentence left in English: “{text}”",
            other=source,
            other_line=left.en_line,
        )


def _left_in_translation(doc: Document, ctx: Context) -> Iterator[tuple[Block, LeftSentence]]:
    """Each translated block of ``doc`` with a sentence of the source it keeps in English."""
    pair = ctx.pair_of(doc)
    if pair is None or pair.en is None or pair.ko is not doc:
        return
    least = int(ctx.options.get("sentence-words", 6))
    found_in = {id(b): found for b in doc.all_blocks() if (found := candidates(b, least))}
    if not found_in:
        return  # no translated block holds a sentence of English prose: nothing to look up
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        if not any(id(b) in found_in for section in row.ko.walk() for b in section.blocks):
            continue  # (a subsection's blocks may fold into this row: walk its subtree)
        comp = comparison(SectionRow(pair, pair.en, pair.ko, row.en, row.ko, row), ctx)
        yield from left_sentences(comp, found_in)


_CAPTION_RE = re.compile(r"<(figcaption|caption|summary)\b[^>]*>(.*?)</\1\s*>", re.S | re.I)
_TAG_RE = re.compile(r"<[^<>]*>")


def _element_texts(block: Block) -> Iterator[tuple[int, str]]:
    """(line, text) of the caption-like elements of a raw HTML block (``<figcaption>``,
    ``<caption>``, ``<summary>``), tags inside them dropped."""
    for m in _CAPTION_RE.finditer(block.code):
        text = " ".join(_TAG_RE.sub(" ", m.group(2)).split())
        if text:
            yield block.line + block.code.count("\n", 0, m.start()), text


@rule(
    "wrong-language",
    "error",
    options={"min-chars": Option(4, "shortest foreign run reported, in characters")},
)
def wrong_language(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports Korean prose in the English document: a paragraph, list item or table row
    whose text (glosses in parentheses or quotes aside) is mostly Hangul.

    ## Why is this bad?
    Usually the translation was pasted into the source file by mistake, or a file was
    saved in the wrong language folder.

    ## Example
    ```markdown
    <!-- en.md -->
    ## 2. Usage
    패키지를 설치하세요.
    ```

    Use instead:
    ```markdown
    ## 2. Usage
    Install the package.
    ```
    """
    if doc.lang != ctx.source_lang:
        return
    min_chars = int(ctx.options.get("min-chars", 4))

    def korean(text: str) -> bool:
        return reads_korean(text, min_chars)

    for block in prose_blocks(tuple(doc.all_blocks())):
        for first, _last in _runs(list(block.lines), korean):
            yield hit(doc, first, "Korean prose in the English document")
            if _whole_block(block):
                break
    for section in doc.walk():
        if reads_korean(section.title, min_chars):
            yield hit(doc, section.line, "Korean heading in the English document")


@rule(
    "length-ratio",
    "info",
    scope="section-pair",
    options={
        "min-chars": Option(300, "shortest source prose compared, in characters"),
        "low": Option(0.25, "lowest accepted target/source ratio"),
        "high": Option(1.1, "highest accepted target/source ratio"),
    },
)
def length_ratio(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the prose length (non-space characters, code and URLs excluded) of aligned
    sections. A pair with a subsection on one side only is left to ``section-missing`` and
    ``section-extra``. Korean prose is about half the English (0.46-0.63 on in-sync documents); a
    ratio below ``low`` or above ``high`` is reported. Sections whose English prose is
    shorter than ``min-chars`` are exempt.

    ## Why is this bad?
    A section far shorter than its source lost paragraphs; one far longer holds text the
    source does not (or the source lost it).

    ## Example
    ```markdown
    <!-- en.md: 900 characters of prose -->    <!-- ko.md: one sentence -->
    ```

    Use instead: translate the whole section.
    """
    comp = comparison(row, ctx)
    if comp.rewritten or not all(s.own for s in (*comp.en, *comp.ko)):
        return  # reported once by section-rewritten / by section-missing and -extra
    min_chars = int(ctx.options["min-chars"])
    low, high = float(ctx.options["low"]), float(ctx.options["high"])
    a = sum(s.chars for s in comp.en if s.block.kind != "code")
    if a < min_chars:
        return
    b = sum(s.chars for s in comp.ko if s.block.kind != "code")
    ratio = b / a
    if ratio < low or ratio > high:
        yield hit(
            row.ko_doc,
            row.ko.line,
            f"prose is {ratio:.2f} times the source's length ({b} vs {a} characters;"
            f" expected {low:g}-{high:g})",
            other=row.en_doc,
            other_line=row.en.line,
        )
