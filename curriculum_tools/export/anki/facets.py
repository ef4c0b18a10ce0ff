"""Labels versus terms: ``**Models**: Statistical language models ...`` repeated in every
section of a chapter is a *facet* of each section (``1.1 Early Language Models — Models?``),
not a term to learn; ``**Attention**: ...`` written once is a term.

A bold (or ``X = ...``) term is a label when its key (singular and plural alike) is defined in
two or more sections of the same document; the glossary does not overrule this (it learns
aligned bold labels as terms, ``Overview`` = ``개요``), and its cards skip labels too. Label
cards keep the GUID of the term card they were before (same note type, same key), so
re-importing updates them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ...model import Document, Section
from .sections import term_key
from .terms import Term, find_terms


def _singular(key: str) -> str:
    return key[:-1] if len(key) > 3 and key.endswith("s") and not key.endswith("ss") else key


def label_keys(
    doc: Document, terms_of: Callable[[Document, Section], list[Term]] = find_terms
) -> frozenset[str]:
    """Keys of the terms of ``doc`` that are section labels (see the module docstring);
    ``terms_of``: the terms of a section (found once per export: :class:`.terms.TermsOf`)."""
    seen: Counter[str] = Counter()
    keys_of: dict[str, set[str]] = {}
    for section in doc.walk():
        keys = {t.key for t in terms_of(doc, section) if t.pattern != "heading"}
        for key in keys:
            keys_of.setdefault(_singular(key), set()).add(key)
        seen.update({_singular(k) for k in keys})
    return frozenset(k for base, n in seen.items() if n >= 2 for k in keys_of[base])


def is_label(text: str, labels: frozenset[str]) -> bool:
    return term_key(text) in labels or _singular(term_key(text)) in labels
