"""The course's bilingual term base (``ctools glossary``) and what uses it.

Public API::

    from curriculum_tools import glossary
    terms = glossary.build(corpus)            # user glossary beside ctools.yaml included
    for term in terms:                         # sorted by English term
        best = terms.accepted(term)            # Rendering | None
        term.display, best.text if best else None, [r.text for r in term.ranked()]

See :mod:`.extract` (where terms come from), :mod:`.match` (inflection, particles,
spacing), :mod:`.model` (what "accepted" means), :mod:`.io` and :mod:`.tbx` (files).
"""

from __future__ import annotations

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
    "UserEntry",
    "build",
]


def build(corpus: Corpus, *, min_uses: int = MIN_USES, majority: float = MAJORITY) -> Glossary:
    """The term base of ``corpus``, with the user glossary found beside ``ctools.yaml``."""
    from .build import build as _build
    from .io import find_user_glossary, load_user_glossary

    config = corpus.config
    path = find_user_glossary(config.root)
    user = load_user_glossary(path, config.languages[0], config.languages[1]) if path else []
    return _build(corpus, user, min_uses=min_uses, majority=majority, user_file=path)
