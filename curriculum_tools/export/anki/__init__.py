"""``ctools export --format anki``: one ``.apkg`` per course (or per document), with genanki.

:func:`build_context` is pure: the corpus -> :class:`AnkiContext` (packages, decks and notes
whose fields are sanitized HTML). :class:`AnkiExporter` then renders the note types from
the Jinja templates in ``templates/anki/`` (user templates override them by file name),
packs the images the notes show, and writes each package atomically.

Identities never come from the text, so re-importing a newer export updates notes in place
and keeps their review history:

- note GUID = hash of (document id, language, section identity, card kind, key), where the
  section identity is its explicit id or number (:attr:`Section.key`), else its parent's
  identity plus its own title slug (reordering sections changes nothing), and the key is the
  term (for a heading term, the section itself; for bilingual notes, the English side);
- deck id = hash of the deck name; note type ids are fixed constants (:data:`NOTE_TYPES`).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import ExportOptions, ExportResult, make_env
from .context import build_context
from .mathguard import guard_field
from .model import (
    CARD_KINDS,
    DEFAULT_ROOT_DECK,
    JINJA_OPTIONS,
    NOTE_TYPES,
    AnkiContext,
    CardKind,
    NoteSpec,
    PackageSpec,
    deck_id,
    mojibake_in,
    note_guid,
)
from .package import build_note_types, media_names, note_class, package_bytes

if TYPE_CHECKING:
    from ...glossary import TermEntry
    from ...project import Corpus

__all__ = [
    "CARD_KINDS",
    "EXPORTER",
    "NOTE_TYPES",
    "AnkiContext",
    "AnkiExporter",
    "CardKind",
    "NoteSpec",
    "PackageSpec",
    "build_context",
    "deck_id",
    "mojibake_in",
    "note_guid",
]

_now: Callable[[], float] = time.time
"""The clock stamped on notes (Anki updates a note when the import is newer); tests patch it."""


def _glossary_terms(corpus: Corpus, lang: str) -> list[TermEntry]:
    """The glossary's settled terms (term cards need both languages)."""
    if lang != "both" or not corpus.pairs:
        return []
    from ... import glossary

    return glossary.entries(glossary.build(corpus))


def _course_name(corpus: Corpus) -> str:
    from ..latex.book import book_title

    return book_title(corpus)


# --- the exporter ---------------------------------------------------------------------------


class AnkiExporter:
    """Writes one ``<course>.apkg`` (a subdeck per document and section), or with
    ``export.anki.per_document: true`` one ``<document id>.apkg`` per document (pair)."""

    name = "anki"

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult:
        import genanki

        from ...io import atomic_write

        result = ExportResult()
        settings = options.config.export.get("anki") or {}
        ctx = build_context(
            corpus,
            options.lang,
            str(settings.get("deck", DEFAULT_ROOT_DECK)),
            terms=_glossary_terms(corpus, options.lang),
            per_document=bool(settings.get("per_document", False)),
            course=str(settings.get("course", "")) or _course_name(corpus),
        )
        result.errors.extend(ctx.errors)
        result.warnings.extend(ctx.warnings)
        models = build_note_types(make_env("anki", options.templates, **JINJA_OPTIONS))
        media_count: set[str] = set()
        with tempfile.TemporaryDirectory(prefix="ctools-anki-") as tmp:
            for package in ctx.packages:
                decks = {name: genanki.Deck(deck_id(name), name) for name in package.decks}
                used: set[str] = set()
                for note in package.notes:
                    used.update(media_names(note.fields, ctx.media.files))
                    decks[note.deck].add_note(
                        note_class()(
                            model=models[note.kind],
                            fields=[guard_field(field) for field in note.fields],
                            guid=note.guid,
                            tags=list(note.tags),
                        )
                    )
                media = []
                for name in sorted(used):
                    media.append(Path(tmp) / name)
                    if not media[-1].exists():
                        shutil.copyfile(ctx.media.files[name], media[-1])
                data = package_bytes(genanki.Package(list(decks.values())), media, _now())
                atomic_write(options.out / package.name, data)
                result.files.append(Path(package.name))
                media_count |= used
                if options.progress is not None:
                    options.progress(package.name)
        result.warnings.extend(ctx.media.warnings)
        notes, cards = ctx.count()
        result.stats = {"decks": sum(len(p.decks) for p in ctx.packages), "notes": notes}
        for kind in CARD_KINDS:
            result.stats[f"{kind} notes"] = ctx.count(kind)[0]
        result.stats.update({"cards": cards, "media": len(media_count)})
        return result


EXPORTER = AnkiExporter()
