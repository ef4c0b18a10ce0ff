"""Packaging a course: one ``.apkg`` holding every document's decks (the default), and the
glossary's term cards in a ``Glossary`` subdeck.

Deck names and note GUIDs are those of the per-document packages (identities never depend
on the packaging), so a course package imported over per-document ones updates their notes.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .facets import is_label
from .model import NoteSpec, PackageSpec, _package_name, _tags, note_guid
from .sections import term_key

if TYPE_CHECKING:
    from ...glossary import TermEntry

GLOSSARY_DECK = "Glossary"


def course_package(packages: Sequence[PackageSpec], course: str) -> PackageSpec:
    """Every package's decks and notes in one (course order kept, duplicates dropped)."""
    merged = PackageSpec(f"{_package_name(course)}.apkg", course)
    seen: set[str] = set()
    for package in packages:
        for note in package.notes:
            if note.guid not in seen:
                seen.add(note.guid)
                merged.notes.append(note)
        merged.decks.extend(d for d in package.decks if d not in merged.decks)
    return merged


def glossary_package(
    terms: Sequence[TermEntry],
    root: str,
    packages: Sequence[PackageSpec],
    labels: frozenset[str] = frozenset(),
) -> PackageSpec:
    """Bilingual cards for the glossary's settled terms that no document gloss already asks,
    with the glossary's whole English and Korean forms (other renderings on the back)."""
    deck = f"{root}::{GLOSSARY_DECK}"
    package = PackageSpec("glossary.apkg", GLOSSARY_DECK, decks=[deck])
    asked = {
        term_key(html.unescape(note.fields[0]))
        for p in packages
        for note in p.notes
        if note.kind == "bilingual"
    }
    anchor = next((n.doc for p in packages for n in p.notes), None)
    if anchor is None:
        return package
    for term in terms:
        if not term.en or not term.ko or term_key(term.en) in asked:
            continue
        if is_label(term.en, labels) or is_label(term.ko, labels):
            continue
        translation = html.escape(term.ko)
        if term.others:
            translation += f"<br><small>({html.escape(', '.join(term.others))})</small>"
        if term.note:
            translation += f"<br><small>{html.escape(term.note)}</small>"
        fields = (html.escape(term.en), translation, GLOSSARY_DECK, "glossary", "en", "ko")
        package.notes.append(
            NoteSpec(
                kind="bilingual",
                guid=note_guid("@glossary", "en-ko", "", "bilingual", term.key),
                deck=deck,
                fields=fields,
                tags=_tags("en-ko", "bilingual", "glossary", None),
                doc=anchor,
                line=0,
            )
        )
    return package
