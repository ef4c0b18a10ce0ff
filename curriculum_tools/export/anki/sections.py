"""Section identities and small text predicates shared by the note finders.

Identities (:func:`section_identities`, :func:`term_key`) never depend on the text of a
definition, so an edited definition keeps its note.
"""

from __future__ import annotations

import re
import unicodedata

from ...model import Document, Section
from ...parse import github_slug
from ...text import HANGUL_SYLLABLE_RE as _HANGUL_RE
from ...text import parent_map as parent_map

EMPHASIS_RE = re.compile(r"\*\*|__")
LATIN_RE = re.compile(r"[A-Za-z]")
BOLD_DEF_RE = re.compile(
    r"^\*\*(?P<term>[^*\n]{1,80}?)\*\*\s*(?P<sep>[:：=])\s*(?P<definition>.*)$"
)
"""``**Term**: definition`` (also ``：`` and ``=``)."""
BOLD_COLON_INSIDE_RE = re.compile(r"^\*\*(?P<term>[^*\n]{1,80}?)\s*[:：]\*\*\s*(?P<definition>.*)$")
"""``**Term:** definition``."""
EN_PRONOUNS = {
    "this", "these", "that", "those", "it", "they", "there", "here", "such", "each", "most",
    "some", "all", "many", "which", "what", "we", "you", "he", "she", "i",
}  # fmt: skip
"""Words that cannot open a defined term (``This is ...``)."""


def term_key(text: str) -> str:
    """Normalise a term for identity: emphasis and case folded away, spaces collapsed.

    >>> term_key("**In-context  Learning**:")
    'in-context learning'
    """
    text = unicodedata.normalize("NFC", EMPHASIS_RE.sub("", text))
    return " ".join(text.split()).strip(" :：").casefold()


def has_hangul(text: str) -> bool:
    return bool(_HANGUL_RE.search(text))


def strip_colon(title: str) -> str:
    """A heading title without the trailing colon some authors write (``Tokenization:``)."""
    return title.rstrip().rstrip(":：").rstrip()


# --- section identity ---------------------------------------------------------------------


def section_identities(doc: Document) -> dict[int, str]:
    """A stable identity for every section (by :attr:`Section.index`).

    An explicit id or the heading number (:attr:`Section.key`) when there is one; otherwise the
    parent's identity plus the title's slug (``3.4/accuracy``), so the identity survives
    reordering (GitHub slugs get ``-1``, ``-2`` suffixes by position; these do not). Two
    siblings with the same title get ``~2``, ``~3``.
    """
    out: dict[int, str] = {}
    used: set[str] = set()
    tried: dict[str, int] = {}  # the last suffix tried per base: n siblings alike cost n, not n²

    def visit(section: Section, parent: str) -> None:
        if section.ids or section.number:
            ident = section.key
        else:
            ident = f"{parent}/{github_slug(strip_colon(section.title)) or 'section'}"
        base, n = ident, tried.get(ident, 1)
        while ident in used:
            n += 1
            ident = f"{base}~{n}"
        tried[base] = n
        used.add(ident)
        out[section.index] = ident
        for child in section.children:
            visit(child, ident)

    for root in doc.sections:
        visit(root, "")
    return out


def section_number(section: Section, parents: dict[int, Section]) -> str | None:
    """The heading number of the section or of its nearest numbered ancestor (``3.4``)."""
    current: Section | None = section
    while current is not None:
        if current.number:
            return current.number.rstrip(".)")
        current = parents.get(current.index)
    return None


# --- source lines ---------------------------------------------------------------------------
