"""``sentences-missing``: a translated paragraph that stops short of its source.

Decided on two pieces of evidence, never on length alone: the matched target paragraph has
clearly fewer sentences than the source's (counted on sentence ends, abbreviations and
decimals aside), *and* its prose is much shorter than the document's own target/source
ratio predicts. A translator who joins two sentences keeps the length; one who condenses
keeps the sentence count; only a paragraph that lost sentences loses both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Block
from ..registry import Context, Finding, Option, SectionRow, hit, rule
from ._segments import comparison, doc_ratio
from ._sentence_count import _CODE_RE, _EN_END_RE, _KO_END_RE, sentences

FLOOR = 0.2
"""A target paragraph below this share of its expected length is another paragraph matched
by default, not a truncated translation."""


_DOTTED_RE = re.compile(r"\.\w")
"""What a dotted name or a decimal of :data:`_CODE_RE` needs (found by a fast literal search)."""


def _chars(block: Block) -> int:
    text = block.text
    if "`" in text or "http" in text or _DOTTED_RE.search(text):  # else _CODE_RE finds nothing
        text = _CODE_RE.sub("", text)
    return len("".join(text.split()))


@rule(
    "sentences-missing",
    "warning",
    scope="section-pair",
    options={
        "min-sentences": Option(3, "fewest source sentences for a paragraph to be judged"),
        "share": Option(
            0.6, "reported when the translation keeps at most this share of the sentences"
        ),
        "length": Option(
            0.7, "... and at most this share of the length the document's ratio predicts"
        ),
    },
)
def sentences_missing(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares each paragraph of the source with its aligned translation (one paragraph
    against one). When the translation has clearly fewer sentences (at most ``share`` of
    them, and at least two fewer) *and* is much shorter than the document's own
    Korean/English length ratio predicts (at most ``length`` of it), the translated
    paragraph is reported at its last line: sentences were dropped at its end or inside it.
    Paragraphs of fewer than ``min-sentences`` source sentences are not judged.

    ## Why is this bad?
    A truncated paragraph reads as complete: no heading or paragraph count shows that the
    reader of the translation misses the second half of an explanation.

    ## Example
    ```markdown
    <!-- en.md -->
    Ownership is a set of rules. The compiler checks them. If any rule is violated, the
    program won't compile. None of the features slow your program down.

    <!-- ko.md -->
    소유권은 규칙의 집합입니다.
    ```

    Use instead: translate the whole paragraph.
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    ratio = doc_ratio(row.en_doc, row.ko_doc, ctx, row.pair)
    least = int(ctx.options["min-sentences"])
    share, length = float(ctx.options["share"]), float(ctx.options["length"])
    for group_en, group_ko in comp.matches:
        if len(group_en) != 1 or len(group_ko) != 1:
            continue  # joined or split paragraphs are judged by paragraph-missing
        a, b = comp.en[group_en[0]].block, comp.ko[group_ko[0]].block
        if a.kind != "paragraph" or b.kind != "paragraph" or not comp.ko[group_ko[0]].own:
            continue
        # the tests are independent: the cheap and selective ones (length) come first
        if not _KO_END_RE.search(b.text.rstrip()[-3:]) or b.text.lstrip().startswith("<"):
            continue  # a caption or a label, not a sentence that stops
        expected = _chars(a) * ratio
        if not expected or not FLOOR * expected <= _chars(b) <= length * expected:
            continue  # far shorter still: not this paragraph's translation (a caption, a note)
        n_en = sentences(a.text, _EN_END_RE)
        if n_en < least:
            continue
        n_ko = sentences(b.text, _KO_END_RE)
        if n_ko > share * n_en or n_en - n_ko < 2:
            continue
        yield hit(
            row.ko_doc,
            b.end_line,
            f"paragraph has {n_ko} of the source's {n_en} sentences and"
            f" {_chars(b) / expected:.0%} of the expected length: sentences were dropped",
            other=row.en_doc,
            other_line=a.line,
        )
