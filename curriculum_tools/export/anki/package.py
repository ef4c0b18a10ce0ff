"""Writing ``.apkg`` files: note types rendered from the templates, images packed under
content-hash names, and the zip Anki imports."""

from __future__ import annotations

import functools
import io
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .. import render_template
from .model import NOTE_TYPES, CardKind

if TYPE_CHECKING:
    import jinja2


class NoteTypeContext(TypedDict):
    """What every template of a note type reads."""

    kind: CardKind
    name: str
    fields: tuple[str, ...]


class CardContext(NoteTypeContext):
    """``<kind>.front.html.j2`` / ``<kind>.back.html.j2``: one card of the note type."""

    card: str


class StyleContext(NoteTypeContext):
    """``style.css.j2``: the note type's CSS."""

    pygments_css: str


def build_note_types(env: jinja2.Environment) -> dict[CardKind, Any]:
    """genanki models of every card kind, their templates and CSS rendered by Jinja."""
    import genanki

    from ..markup import pygments_css

    models: dict[CardKind, Any] = {}
    for kind, spec in NOTE_TYPES.items():
        context: NoteTypeContext = {"kind": kind, "name": spec.name, "fields": spec.fields}
        style: StyleContext = {**context, "pygments_css": pygments_css()}
        css = render_template(env, "style.css.j2", style)
        templates = []
        for card, stem in spec.cards:
            card_context: CardContext = {**context, "card": card}
            templates.append(
                {
                    "name": card,
                    "qfmt": render_template(env, f"{stem}.front.html.j2", card_context),
                    "afmt": render_template(env, f"{stem}.back.html.j2", card_context),
                }
            )
        models[kind] = genanki.Model(
            spec.model_id,
            spec.name,
            fields=[{"name": name} for name in spec.fields],
            templates=templates,
            css=css,
            model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK,
        )
    return models


def package_bytes(package: Any, media: list[Path], timestamp: float) -> bytes:
    """The ``.apkg`` (a zip of ``collection.anki2``, ``media`` and the numbered media files).

    Does what ``genanki.Package.write_to_file`` does, but compressed and without leaving
    its temporary database behind (genanki never deletes it).
    """
    import itertools
    import json
    import sqlite3
    import zipfile

    with tempfile.TemporaryDirectory(prefix="ctools-apkg-") as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        try:
            _write_package(
                package, conn.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
            conn.commit()
        finally:
            conn.close()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(db, "collection.anki2")
            archive.writestr("media", json.dumps({str(i): p.name for i, p in enumerate(media)}))
            for i, path in enumerate(media):
                archive.write(path, str(i))
    return buffer.getvalue()


def _write_package(package: Any, cursor: Any, timestamp: float, id_gen: Iterator[int]) -> None:
    """``genanki.Package.write_to_db`` with the notes and cards of each deck inserted in two
    ``executemany`` calls instead of two ``execute`` calls per note: the same rows (ids drawn
    from ``id_gen`` in genanki's order: a note, then its cards), a tenth of the time on a deck
    of thousands of notes (``tests/test_export_speed.py`` compares the databases)."""
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    for deck in package.decks:
        _write_deck(deck, cursor, timestamp, id_gen)


def _write_deck(deck: Any, cursor: Any, timestamp: float, id_gen: Iterator[int]) -> None:
    """``genanki.Deck.write_to_db``, notes and cards batched (see :func:`_write_package`)."""
    import json

    (decks_json,) = cursor.execute("SELECT decks FROM col").fetchone()
    decks = json.loads(decks_json)
    decks.update({str(deck.deck_id): deck.to_json()})
    cursor.execute("UPDATE col SET decks = ?", (json.dumps(decks),))
    (models_json,) = cursor.execute("SELECT models from col").fetchone()
    models = json.loads(models_json)
    for note in deck.notes:
        deck.add_model(note.model)
    models.update(
        {model.model_id: model.to_json(timestamp, deck.deck_id) for model in deck.models.values()}
    )
    cursor.execute("UPDATE col SET models = ?", (json.dumps(models),))
    mod = int(timestamp)
    notes: list[tuple[Any, ...]] = []
    cards: list[tuple[Any, ...]] = []
    for note in deck.notes:
        note._check_number_model_fields_matches_num_fields()
        note_id = next(id_gen)
        notes.append(
            (note_id, note.guid, note.model.model_id, mod, -1, note._format_tags(),
             note._format_fields(), note.sort_field, 0, 0, "")
        )  # fmt: skip
        for card in note.cards:
            queue = -1 if card.suspend else 0
            cards.append(
                (next(id_gen), note_id, deck.deck_id, card.ord, mod, -1, 0, queue, note.due,
                 0, 0, 0, 0, 0, 0, 0, 0, "")
            )  # fmt: skip
    cursor.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?);", notes)
    cursor.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);", cards)


class _Sources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.extend(value for key, value in attrs if key == "src" and value)


def media_names(fields: Iterable[str], known: Mapping[str, Path]) -> set[str]:
    """The packed media the (rendered, sanitized) fields show: read, never rewritten.

    Nothing to find without packed media, or when no field holds ``img`` in any case (no
    ``<img>`` start tag can be spelled without it): the parser, the costliest step per
    field, runs only on notes that may show a packed image."""
    fields = list(fields)
    if not known or not any("img" in text.lower() for text in fields):
        return set()
    parser = _Sources()
    for text in fields:
        parser.feed(text)
    parser.close()
    return {src for src in parser.sources if src in known}


@functools.cache
def note_class() -> Any:
    """``genanki.Note`` without its invalid-tag check: the fields are HTML ctools rendered
    and sanitized, and the check's regex is quadratic on a long field (20,000 images in one
    section took seconds in it alone)."""
    import genanki

    class Note(genanki.Note):  # type: ignore[misc]
        def _check_invalid_html_tags_in_fields(self) -> None:
            return None

    return Note
