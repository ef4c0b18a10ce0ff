"""Flash-card material found in the section tree: terms, glosses and definition sentences.

Pure functions over :mod:`curriculum_tools.model` objects (no I/O), used by the Anki exporter;
one module per kind (:mod:`.terms`, :mod:`.glosses`) over shared identities (:mod:`.sections`).
"""

from __future__ import annotations

from .glosses import Cloze, Gloss, find_clozes, find_glosses, heading_gloss
from .sections import (
    has_hangul,
    parent_map,
    section_identities,
    section_number,
    strip_colon,
    term_key,
)
from .terms import Term, TermPattern, abbreviation_matches, find_abbreviations, find_terms

__all__ = [
    "Cloze",
    "Gloss",
    "Term",
    "TermPattern",
    "abbreviation_matches",
    "find_abbreviations",
    "find_clozes",
    "find_glosses",
    "find_terms",
    "has_hangul",
    "heading_gloss",
    "parent_map",
    "section_identities",
    "section_number",
    "strip_colon",
    "term_key",
]
