"""``number-mismatch`` and ``formula-mismatch``: facts written with digits and symbols."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Fact, Section
from ..parse import formulas_in
from ..registry import Context, Finding, SectionRow, hit, rule
from ..text import HANGUL_SYLLABLES
from ._common import HANGUL_RE, column_of, map_line
from ._compare import Item, items, report, segment_source
from ._facts import number_present, numbers_with_units, raw_numbers, word_numbers
from ._segments import Segment, comparison


def _numbers(seg: Segment) -> list[tuple[str, str, int]]:
    return [
        (value, shown, line)
        for line, text in seg.block.lines
        for value, shown in numbers_with_units(text)
    ]


@rule("number-mismatch", "warning", scope="section-pair")
def number_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the numbers written in digits in the prose of aligned sections (code and URLs
    excluded), as a set per section. A number counts as present on the other side when it is
    written there in digits (``1,000`` = ``1000``, ``65 million`` = ``6500만``), in code or a
    link, as an English word or ordinal (``six``, ``sixth``, ``December``), as a Korean native
    numeral with a counter (``여섯 개``), or rounded to the shorter precision (``3.14`` =
    ``3.1``).

    ## Why is this bad?
    Numbers are facts (years, sizes, percentages); a changed digit is a wrong statement
    that no reader of one language can notice.

    ## Example
    ```markdown
    <!-- en.md -->                       <!-- ko.md -->
    Transformers appeared in 2017.       트랜스포머는 2019년에 등장했습니다.
    ```

    Use instead:
    ```markdown
    트랜스포머는 2017년에 등장했습니다.
    ```
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    en_items, ko_items = items(comp.en, _numbers), items(comp.ko, _numbers)
    if {x.key for x in en_items} == {x.key for x in ko_items}:
        return
    only_en = _absent(en_items, comp.ko, row.ko_doc.lines, row.en_doc.lines)
    only_ko = _absent(ko_items, comp.en, row.en_doc.lines, row.ko_doc.lines)
    yield from report(row, comp, "number", only_en, only_ko)


def _absent(
    found: list[Item], other: list[Segment], lines: list[str], own_lines: list[str]
) -> list[Item]:
    """The numbers of ``found`` the ``other`` side does not write: not in its prose numbers,
    nor as digits in its code and links, nor as words, nor glued to the word before it
    (``Unit 1`` written ``Unit1``; see :func:`number_mismatch`). The other side's raw text
    is read only when a number is not among its prose numbers."""
    values = {v for s in other for v, _, _ in _numbers(s)}
    rest = [x for x in found if x.key not in values]
    if not rest:
        return []
    text = "\n".join(segment_source(lines, s) for s in other)
    pool = raw_numbers(text) | word_numbers(text) | values
    return [
        x
        for x in rest
        if not number_present(x.key, pool)
        and not _glued(x, own_lines, text)
        and not _only_particle(x, pool)
        and not _korean_idiom(x, own_lines, text)
    ]


_BASE_WORDS = {"2": "binary", "8": "octal", "10": "decimal", "16": "hexadecimal|hex"}
_BASE_RE = re.compile(r"(?<![\d.,])(2|8|10|16)[ \t]?(?:진수|진법)")
_ONE_RE = re.compile(rf"(?<![\d.,])1[ \t]?(?=[{HANGUL_SYLLABLES}])(?!월|일|시|분|초|년|번째|위)")
_ARTICLE_RE = re.compile(r"(?i)(?<![A-Za-z])(?:a|an|one|single)(?![A-Za-z])")


def _korean_idiom(item: Item, own_lines: list[str], text: str) -> bool:
    """A Korean number word the other side writes in words: ``16진수`` is "hexadecimal"
    (``2``/``8``/``10진수``: binary, octal, decimal), ``1킬로바이트`` "a kilobyte" (``1``
    before a counter or unit, the other side having an article or "one"; dates, times and
    ranks stay numbers)."""
    line = own_lines[item.line - 1] if 0 < item.line <= len(own_lines) else ""
    for match in _BASE_RE.finditer(line):
        words = _BASE_WORDS[match.group(1)]
        if match.group(1) == item.key and re.search(
            rf"(?i)(?<![A-Za-z])(?:{words})(?![A-Za-z])", text
        ):
            return True
    return item.key == "1" and bool(_ONE_RE.search(line)) and bool(_ARTICLE_RE.search(text))


_ONLY_RE = re.compile(r"(\d+(?:\.\d+)?)\s?만")


def _only_particle(item: Item, pool: set[str]) -> bool:
    """``N만`` is ten thousand times N, or N with the particle 만 ("only": ``1만 사용``,
    ``0과 1만 허용`` for "only 0 and 1 are allowed"): the reading the other side writes."""
    m = _ONLY_RE.fullmatch(item.shown)
    return m is not None and number_present(m.group(1), pool)


_WORD_BEFORE_RE = re.compile(r"([A-Za-z]{2,})[ \t]+(\d+)(?![\d.,]\d)")


def _glued(item: Item, own_lines: list[str], text: str) -> bool:
    """``item`` follows a word on its line (``Unit 1``) that ``text`` writes glued to the
    same digits (``Unit1``, any case)."""
    line = own_lines[item.line - 1] if 0 < item.line <= len(own_lines) else ""
    for match in _WORD_BEFORE_RE.finditer(line):
        if match.group(2) != item.key:
            continue
        glued = re.escape(match.group(1)) + re.escape(match.group(2))
        if re.search(r"(?i)(?<![A-Za-z])" + glued + r"(?!\d)", text):
            return True
    return False


_TEXT_CMD_RE = re.compile(
    r"\\(?:text|mathrm|textrm|textbf|mbox|operatorname|mathit|textit)\s*\{[^{}]*\}"
)
_SKELETON_RE = re.compile(r"[^0-9+\-*/=^()\[\]<>×÷·.,%√∑∏]")


def _norm_tex(tex: str) -> str:
    return "".join(_TEXT_CMD_RE.sub(r"\\text{}", tex).split())


def _formula_facts(section: Section) -> list[Fact]:
    out = []
    for block in section.blocks:
        for fact in block.math:
            out.append(Fact(fact.value, fact.line, "math"))
        for line, text in block.lines:
            if ":" not in text and "：" not in text:
                continue  # a formula label ends with a colon
            for formula in formulas_in(text):
                out.append(Fact(formula, line, "label"))
    return out


def _formula_key(value: str, other_has_hangul: bool) -> str:
    if other_has_hangul or HANGUL_RE.search(value):
        return _SKELETON_RE.sub("", _norm_tex(value))
    return _norm_tex(value)


@rule("formula-mismatch", "error", scope="section-pair")
def formula_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the formulas of aligned sections: math (``$...$``, ``$$...$$``) and the text
    after ``Formula:``/``공식:`` labels, in order, with whitespace ignored. Words inside
    ``\\text{}`` may be translated; when a label formula is translated into Korean, only
    its operators and digits are compared.

    ## Why is this bad?
    A formula is the same in every language; a lost operator (``2 _ x`` for ``2 * x``,
    often Markdown eating ``*``) makes it wrong.

    ## Example
    ```markdown
    <!-- en.md -->                               <!-- ko.md -->
    Formula: 2 * (Precision * Recall)            공식: 2 _ (Precision _ Recall)
    ```

    Use instead:
    ```markdown
    공식: 2 * (Precision * Recall)
    ```
    """
    if comparison(row, ctx).rewritten:
        return
    en, ko, en_doc, ko_doc = row.en, row.ko, row.en_doc, row.ko_doc
    fa, fb = _formula_facts(en), _formula_facts(ko)
    for a, b in zip(fa, fb, strict=False):
        hangul = bool(HANGUL_RE.search(a.value) or HANGUL_RE.search(b.value))
        if _formula_key(a.value, hangul) != _formula_key(b.value, hangul):
            yield hit(
                ko_doc,
                b.line,
                f"formula `{b.value}` differs from the source's `{a.value}`",
                column=column_of(ko_doc, b.line, b.value[:20]),
                other=en_doc,
                other_line=a.line,
            )
    for a in fa[len(fb) :]:
        yield hit(
            ko_doc,
            map_line(en, ko, a.line),
            f"formula `{a.value}` of the source is missing",
            other=en_doc,
            other_line=a.line,
        )
    for b in fb[len(fa) :]:
        yield hit(
            ko_doc,
            b.line,
            f"formula `{b.value}` is not in the source",
            other=en_doc,
            other_line=map_line(ko, en, b.line),
        )
