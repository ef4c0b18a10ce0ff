"""The course's bilingual term base (``ctools glossary``) and what uses it.

Public API::

    from curriculum_tools import glossary
    terms = glossary.build(corpus)            # user glossary beside ctools.yaml included
    for term in terms:                         # sorted by English term
        best = terms.accepted(term)            # Rendering | None
        term.display, best.text if best else None, [r.text for r in term.ranked()]
    cards = glossary.entries(terms)            # settled terms: TermEntry(key, en, ko, ...)

See :mod:`.extract` (where terms come from), :mod:`.match` (inflection, particles,
spacing), :mod:`.model` (what "accepted" means), :mod:`.io` and :mod:`.tbx` (files).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .build import UserEntry
from .model import MAJORITY, MIN_USES, Glossary, Location, Rendering, Term

if TYPE_CHECKING:
    from ..project import Corpus

__all__ = [
    "MAJORITY",
    "MIN_USES",
    "Glossary",
    "Location",
    "Rendering",
    "Term",
    "TermEntry",
    "UserEntry",
    "build",
    "entries",
]


def build(corpus: Corpus, *, min_uses: int = MIN_USES, majority: float = MAJORITY) -> Glossary:
    """The term base of ``corpus``, with the user glossary found beside ``ctools.yaml``."""
    from .build import build as _build
    from .io import find_user_glossary, load_user_glossary

    config = corpus.config
    path = find_user_glossary(config.root)
    user = load_user_glossary(path, config.languages[0], config.languages[1]) if path else []
    return _build(corpus, user, min_uses=min_uses, majority=majority, user_file=path)


@dataclass(frozen=True, slots=True)
class TermEntry:
    """One settled term, as a term card or a glossary export shows it."""

    key: str
    """Stable identity: the stemmed English words (``large languag model``); hash it for a
    note GUID, so that editing renderings updates the card instead of making a new one."""
    en: str
    """The English term as written (``Large Language Model``)."""
    ko: str
    """The Korean rendering to learn (accepted, else the only one used)."""
    others: tuple[str, ...] = ()
    """Other renderings the course uses (most used first), for the back of a card."""
    note: str = ""
    """The user glossary's note."""


def entries(glossary: Glossary) -> list[TermEntry]:
    """Terms with a settled rendering (accepted, or the only one used), sorted by English."""
    out: list[TermEntry] = []
    for term in glossary:
        used = [r for r in term.ranked() if r.text and (r.count or r.user)]
        best = glossary.accepted(term) or (used[0] if len(used) == 1 else None)
        if best is None:
            continue
        others = tuple(r.text for r in used if r is not best and r.text not in term.forbidden)
        out.append(TermEntry(" ".join(term.key), term.display, best.text, others, term.note))
    return out
