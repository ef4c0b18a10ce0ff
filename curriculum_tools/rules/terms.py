"""``term-consistency``: a glossary term rendered another way than the course agreed on.

The term base comes from :mod:`curriculum_tools.glossary` (glosses, aligned headings, bold
terms, the user glossary); this module only compares each aligned segment against it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..glossary.match import (
    KoLines,
    contains_english,
    find_rendering,
    present,
    spacing_variant,
    squash,
)
from ..model import Document, DocumentPair
from ..registry import Context, Finding, Option, hit, rule
from ._common import column_of

if TYPE_CHECKING:
    from ..glossary.extract import Segment
    from ..glossary.model import Glossary, Rendering, Term
    from ..project import Corpus


@rule(
    "term-consistency",
    severity="warning",
    scope="corpus",
    options={
        "min-uses": Option(3, "uses a rendering needs before it can be the accepted one"),
        "majority": Option(
            0.66, "share of the term's renderings the accepted one needs (a clear majority)"
        ),
    },
)
def term_consistency(corpus: Corpus, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Checks every aligned segment (a heading, a line, a block or a section) whose English
    text uses a term of the course glossary (`ctools glossary`): its Korean side should use
    the term's accepted rendering. Reported at the Korean line:

    - another rendering of the same term that the course states in a gloss (`주의 집중` where
      the course writes `어텐션`) or a rendering the user glossary forbids: warning;
    - the rendering of a different term (`정확도`, which renders Accuracy, where the English
      line says Recall): warning;
    - the accepted rendering with other spacing (`셀프어텐션` for `셀프 어텐션`): info.

    The accepted rendering is the user glossary's (`glossary.yaml`, `glossary.csv` or
    `glossary.tbx` beside `ctools.yaml`), otherwise the course's clear majority: used in at
    least `min-uses` places (3) and in at least `majority` (0.66) of the places using any
    rendering of the term. A term without a clear majority is never reported. English
    inflections are one term (token/tokens, embed/embedding); Korean particles may follow a
    rendering (어텐션은, 어텐션을, 어텐션의). A Korean side that keeps the English term, or
    that does not render it at all, is not reported: only a wrong rendering is.

    ## Why is this bad?
    A reader who learned `재현율` meets `회수율` and wonders whether it is something new;
    search, the glossary page and Anki cards split one concept in two.

    ## Example
    ```markdown
    <!-- en.md -->                         <!-- ko.md -->
    Attention weighs every token.          주의 집중은 모든 토큰에 가중치를 줍니다.
    ```

    Use instead: the course's rendering, `어텐션은 모든 토큰에 가중치를 줍니다.` (or record
    the choice in `glossary.yaml`: `attention: 어텐션`).
    """
    from ..glossary import build

    if not corpus.pairs:
        return
    glossary = build(
        ctx.services["course_corpus"](corpus),
        min_uses=int(ctx.options["min-uses"]),
        majority=float(ctx.options["majority"]),
    )
    if not any(glossary.accepted(t) or t.forbidden for t in glossary.terms.values()):
        return
    from ..glossary.extract import segments

    def cut(pair: DocumentPair) -> list[Segment]:
        known = glossary.segmented.get(id(pair))
        return known[1] if known is not None and known[0] is pair else list(segments(pair))

    units = [
        (pair.ko, pair.en, cut(pair))
        for pair in corpus.pairs
        if pair.en is not None and pair.ko is not None
    ]
    suspects = _exclusive_renderings(glossary, [seg for _, _, segs in units for seg in segs])
    for ko, en, segs in units:
        for seg in segs:
            yield from _check(glossary, seg, ko, en, suspects)


_SEP = "\x00"


def _exclusive_renderings(glossary: Glossary, segs: list[Segment]) -> list[Term]:
    """Terms whose accepted rendering, where the Korean writes it, nearly always renders them.

    Only such a rendering can tell that a translator wrote the wrong term: ``정확도`` appears
    where the English says Accuracy; ``타입`` appears everywhere.
    """
    candidates = {
        id(t): t
        for t in glossary.terms.values()
        if (a := glossary.accepted(t)) is not None
        and len(squash(a.text)) >= 2
        and t.sources & {"gloss", "user"}
    }
    written = dict.fromkeys(candidates, 0)
    meant = dict.fromkeys(candidates, 0)
    texts = [(key, a.text) for key, t in candidates.items() if (a := glossary.accepted(t))]
    # every segment's Korean in one string: one search per rendering, not one per segment
    big = _SEP.join(seg.ko for seg in segs)
    starts = list(itertools.accumulate((len(seg.ko) + 1 for seg in segs), initial=0))
    named: dict[int, set[int]] = {}
    for key, text in texts:
        if _SEP in text:
            hits = [k for k, seg in enumerate(segs) if text in seg.ko]
        else:  # a match cannot span two segments: the separator is in none of the texts
            hits = []
            at = big.find(text)
            while at >= 0:
                k = bisect.bisect_right(starts, at) - 1
                hits.append(k)
                at = big.find(text, starts[k + 1])
        for k in hits:
            if k not in named:
                named[k] = {id(t) for t, _, _ in glossary.find_in(segs[k].en)}
            written[key] += 1
            meant[key] += key in named[k]
    return [t for k, t in candidates.items() if written[k] >= 3 and meant[k] >= 0.8 * written[k]]


def _check(
    glossary: Glossary, seg: Segment, ko: Document, en: Document, suspects: list[Term]
) -> Iterator[Finding]:
    found = list({id(t): t for t, _, _ in glossary.find_in(seg.en)}.values())
    if not found:
        return
    in_english = {id(t) for t in found}
    ko_lines = KoLines(seg.ko_lines)
    ko_text = ko_lines.joined
    for term in found:
        accepted = glossary.accepted(term)

        def report(line: int, form: str, message: str, severity: str = "") -> Finding:
            return hit(
                ko,
                line,
                message,
                column=column_of(ko, line, form),
                other=en,
                other_line=seg.en_line,
                severity=severity,
            )

        # Unmistakable whatever else the segment says, so looked for on every line of it:
        # renderings the user forbids, and the accepted rendering with other spacing.
        sure = False
        for line, form in _forbidden(ko_lines, term):
            sure = True
            said = f'is "{accepted.text}" {_where(accepted)}; here' if accepted else "is not"
            yield report(
                line, form, f'"{term.display}" {said} "{form}", which the glossary forbids'
            )
        if accepted is None:
            continue
        expected = accepted.text
        where = _where(accepted)
        if accepted.clear_form(glossary.majority) is not None:
            for line, form in _spacings(ko_lines, expected):
                sure = True
                yield report(
                    line,
                    form,
                    f'spacing variant: "{form}" for "{expected}" ("{term.display}", {where})',
                    severity="info",
                )
        if sure or present(ko_text, expected):
            continue
        other = _other_rendering(ko_lines, term, accepted)
        if other is not None:
            line, form = other
            yield report(line, form, f'"{term.display}" is "{expected}" {where}; here "{form}"')
            continue
        if seg.kind not in ("heading", "line") or contains_english(ko_text, term.key):
            continue
        wrong = _wrong_term(glossary, seg, term, accepted, in_english, suspects)
        if wrong is not None:
            line, form, owner = wrong
            yield report(
                line,
                form,
                f'"{term.display}" is "{expected}" {where}; here "{form}", '
                f'which renders "{owner.display}"',
            )


def _where(accepted: Rendering) -> str:
    return "in the glossary" if accepted.user else f"in {accepted.count} places"


def _spacings(ko: KoLines, expected: str) -> Iterator[tuple[int, str]]:
    """Every Korean line writing ``expected`` with other spacing: (line, form)."""
    for line, text in ko.candidates(expected):
        form = spacing_variant(text, expected)
        if form:
            yield line, form


def _forbidden(ko: KoLines, term: Term) -> Iterator[tuple[int, str]]:
    """Every Korean line writing a rendering of ``term`` that the user glossary forbids."""
    for rendering in term.forbidden:
        for line, text in ko.candidates(rendering):
            found = find_rendering(text, rendering)
            if found is not None:
                yield line, found[1]


def _other_rendering(ko: KoLines, term: Term, accepted: Rendering) -> tuple[int, str] | None:
    """Another rendering of ``term`` the course uses, written in the Korean lines.

    Only a rendering the course states in a gloss counts: a heading or bold-term pairing
    alone (``Keys`` / ``이름``) says too little about what the term means elsewhere.
    """
    forbidden = {squash(f) for f in term.forbidden}
    for key, rendering in term.renderings.items():
        if rendering is accepted or key in forbidden or rendering.count == 0:
            continue
        if not any(loc.kind == "gloss" for loc in rendering.locations.values()):
            continue
        target = rendering.text or key
        if squash(target) in squash(accepted.text):
            continue  # a part of the accepted rendering: the accepted one is simply missing
        for line, text in ko.candidates(target):
            found = find_rendering(text, target)
            if found is not None:
                return line, found[1]
    return None


def _wrong_term(
    glossary: Glossary,
    seg: Segment,
    term: Term,
    accepted: Rendering,
    in_english: set[int],
    suspects: list[Term],
) -> tuple[int, str, Term] | None:
    """The rendering of another term (one of ``suspects``) whose English the segment lacks."""
    mine = squash(accepted.text)
    for other in suspects:
        theirs = glossary.accepted(other)
        if other is term or id(other) in in_english or theirs is None:
            continue
        key = squash(theirs.text)
        if key in mine or mine in key:
            continue
        head = theirs.text.split()[0]
        for line, text in seg.ko_lines:
            if head not in text:
                continue
            found = find_rendering(text, theirs.text)
            if found is not None and not contains_english(text, other.key):
                return line, found[1], other
    return None
