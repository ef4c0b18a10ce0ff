"""Section identity and fingerprints: what "the same section" and "changed" mean.

A section's *fingerprint* hashes its own source lines (heading to first subsection) with
every whitespace run collapsed, so re-wrapping a paragraph or editing a subsection does
not make the parent stale. Its *content key* is coarser: the lower-cased words only, so a
formatting commit (whitespace, re-wrapping, emphasis or admonition syntax) keeps it.
"""

from __future__ import annotations

import hashlib
import re

from ..model import Document, Section
from ..text import own_end

_WORD_RE = re.compile(r"\w+")


def section_source(doc: Document, section: Section) -> str:
    """The section's own source lines, heading included, without trailing blank lines."""
    lines = doc.lines[section.line - 1 : own_end(section)]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def fingerprint_text(text: str) -> str:
    """Hash of text with all whitespace runs (line breaks too) collapsed: 16 hex digits.

    Re-wrapping a paragraph or changing blank lines keeps the fingerprint; any other
    edit changes it.

    >>> fingerprint_text("## 1. Intro\\n\\nSome   text\\n") == fingerprint_text("## 1. Intro Some text")
    True
    """
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def content_key(text: str) -> str:
    """Hash of the word characters of ``text`` only (lower-cased, spacing dropped): markup and
    layout do not count, so ``**보고서**를`` is the same as ``보고서를``.

    >>> content_key("> **Tip**: run it\\n> twice") == content_key("> [!TIP]\\n> Run it twice")
    True
    >>> content_key("Run it twice") == content_key("Run it three times")
    False
    """
    words = "".join(_WORD_RE.findall(text.lower()))
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def section_fingerprint(doc: Document, section: Section) -> str:
    return fingerprint_text(section_source(doc, section))


def section_keys(doc: Document) -> dict[int, str]:
    """A unique key per section (by ``Section.index``): its key, else its slug on a clash."""
    flat = doc.walk()
    seen: dict[str, int] = {}
    for section in flat:
        seen[section.key] = seen.get(section.key, 0) + 1
    return {s.index: s.key if seen[s.key] == 1 else s.slug for s in flat}


def content_keys(doc: Document) -> dict[str, str]:
    """Section key -> :func:`content_key` of the section's own source, for every section."""
    keys = section_keys(doc)
    return {keys[s.index]: content_key(section_source(doc, s)) for s in doc.walk()}


def find_section(doc: Document, wanted: str) -> Section | None:
    """The section named by key, number (``1.2`` or ``1.2.``), explicit id or slug."""
    keys = section_keys(doc)
    bare = wanted.strip().rstrip(".)")
    for section in doc.walk():
        number = section.number.rstrip(".)") if section.number else None
        if wanted in (keys[section.index], section.slug, *section.ids) or bare == number:
            return section
    return None
