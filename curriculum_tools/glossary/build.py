"""Learn the term base of a course: collect the evidence, then count how the course uses it.

1. Evidence (:mod:`.extract`): glosses in every document, short aligned headings and paired
   bold terms in every document pair, and the user glossary. Each gives a term a candidate
   rendering.
2. Uses: in every aligned segment (:func:`.extract.segments`) whose English has a term, each
   candidate rendering written in the Korean lines counts once per line.

The user glossary only adds: its renderings become the accepted ones and its forbidden
renderings are looked for; the counts still come from the course.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .extract import Evidence, bold_evidence, doc_glosses, heading_evidence, segments
from .match import KoLines, find_rendering, squash, term_words
from .model import MAJORITY, MIN_USES, Glossary, Location, Term

if TYPE_CHECKING:
    from ..project import Corpus


@dataclass(frozen=True, slots=True)
class UserEntry:
    """One entry of the user glossary (``glossary.yaml``, ``glossary.csv`` or TBX)."""

    en: str
    ko: str | None
    """The prescribed rendering (None: the entry only forbids)."""
    forbidden: tuple[str, ...] = ()
    note: str = ""
    path: Path = Path("glossary.yaml")
    line: int = 0


def evidence(corpus: Corpus) -> Iterable[Evidence]:
    """Every statement of a rendering in the corpus (glosses, headings, bold terms)."""
    for doc in corpus.documents:
        yield from doc_glosses(doc)
    for pair in corpus.pairs:
        yield from heading_evidence(pair)
        yield from bold_evidence(pair)


def build(
    corpus: Corpus,
    user: Sequence[UserEntry] = (),
    *,
    min_uses: int = MIN_USES,
    majority: float = MAJORITY,
    user_file: Path | None = None,
) -> Glossary:
    """The term base of ``corpus`` (see the module docstring)."""
    glossary = Glossary(min_uses=min_uses, majority=majority, user_file=user_file)
    for entry in user:
        _add_user(glossary, entry)
    direct: set[tuple[int, str]] = set()
    choices: list[tuple[Term, Evidence]] = []
    for item in evidence(corpus):
        if not term_words(item.en):
            continue
        term = glossary.term(item.en)
        term.sources.add(item.kind)
        term.rendering(item.ko).add(item.ko, Location(item.path, item.line, item.kind))
        if item.shorter:
            term.rendering(item.shorter)
            choices.append((term, item))
        else:
            direct.add((id(term), squash(item.ko)))
    _count_uses(glossary, corpus)
    _choose(choices, direct)
    glossary.changed()
    return glossary


def _choose(choices: list[tuple[Term, Evidence]], direct: set[tuple[int, str]]) -> None:
    """Keep the longer reading of a gloss when the course uses it as a unit in at least half
    the places of the shorter one; else the shorter (``레지스트리``, not ``복사본인 레지스트리``)."""
    for term, item in choices:
        long_key, short_key = squash(item.ko), squash(item.shorter)
        long_r, short_r = term.renderings.get(long_key), term.renderings.get(short_key)
        if long_r is None or short_r is None:
            continue
        if 2 * long_r.count >= short_r.count:
            loser = short_key
        else:
            loser = long_key
            short_r.add(item.shorter, Location(item.path, item.line, item.kind))
        if (id(term), loser) not in direct:
            term.renderings.pop(loser, None)


def _add_user(glossary: Glossary, entry: UserEntry) -> None:
    if not term_words(entry.en):
        return
    term = glossary.term(entry.en)
    term.sources.add("user")
    term.note = entry.note or term.note
    term.forbidden = tuple(dict.fromkeys((*term.forbidden, *entry.forbidden)))
    if entry.ko:
        term.user_rendering = entry.ko
        rendering = term.rendering(entry.ko)
        rendering.user_form = entry.ko
        rendering.mark_user(Location(entry.path, entry.line, "user"))
    for ko in entry.forbidden:
        term.rendering(ko)


def _count_uses(glossary: Glossary, corpus: Corpus) -> None:
    if not glossary.terms:
        return
    for pair in corpus.pairs:
        if pair.en is None or pair.ko is None:
            continue
        path = pair.ko.path
        cut = list(segments(pair))
        glossary.segmented[id(pair)] = (pair, cut)
        for seg in cut:
            found = glossary.find_in(seg.en)
            if not found:
                continue
            ko = KoLines(seg.ko_lines)
            recorded: set[int] = set()
            for term, _, _ in found:
                term.mentions += 1
                if id(term) not in recorded:  # once per segment: its lines count once
                    recorded.add(id(term))
                    _record(term, ko, path)


def _record(term: Term, ko: KoLines, path: Path) -> None:
    """Count each rendering of ``term`` written in the lines ``ko``."""
    for key, rendering in list(term.renderings.items()):
        target = rendering.text or key
        for line, text in ko.candidates(target):
            found = find_rendering(text, target)
            if found is not None and squash(found[1]) == key:
                rendering.add(found[1], Location(path, line, "aligned"))
