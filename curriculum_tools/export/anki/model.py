"""Anki note types, the specs of notes and packages, and the identities (GUIDs, deck ids)
that never come from the text."""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Literal

from ...model import Document

if TYPE_CHECKING:
    from .media import MediaIndex

CardKind = Literal["section", "term", "bilingual", "cloze", "quiz"]
CARD_KINDS: tuple[CardKind, ...] = ("section", "term", "bilingual", "cloze", "quiz")


@dataclass(frozen=True, slots=True)
class NoteType:
    """A note type (Anki model): its fixed id, fields and card templates."""

    model_id: int
    """Never change: Anki matches note types of re-imported notes by this id."""
    name: str
    fields: tuple[str, ...]
    cards: tuple[tuple[str, str], ...]
    """``(card name, template stem)``: ``<stem>.front.html.j2`` / ``<stem>.back.html.j2``."""
    cloze: bool = False


NOTE_TYPES: dict[CardKind, NoteType] = {
    "section": NoteType(
        1_738_200_101,
        "ctools section",
        ("Heading", "Path", "Question", "Content", "Location", "Language"),
        (("Section", "section"),),
    ),
    "term": NoteType(
        1_738_200_102,
        "ctools term",
        ("Term", "Definition", "Extra", "Context", "Location", "Language"),
        (("Term", "term"),),
    ),
    "bilingual": NoteType(
        1_738_200_103,
        "ctools bilingual",
        ("Term", "Translation", "Context", "Location", "TermLanguage", "TranslationLanguage"),
        (
            ("Term to translation", "bilingual.forward"),
            ("Translation to term", "bilingual.reverse"),
        ),
    ),
    "cloze": NoteType(
        1_738_200_104,
        "ctools cloze",
        ("Text", "Extra", "Location", "Language"),
        (("Cloze", "cloze"),),
        cloze=True,
    ),
    "quiz": NoteType(
        1_738_200_105,
        "ctools quiz",
        ("Question", "Choices", "Answer", "Context", "Location", "Language"),
        (("Quiz", "quiz"),),
    ),
}
"""The note type of each card kind. Ids and field names are part of the users' collections."""

JINJA_OPTIONS: dict[str, str] = {
    "block_start_string": "[%",
    "block_end_string": "%]",
    "variable_start_string": "[[",
    "variable_end_string": "]]",
    "comment_start_string": "[#",
    "comment_end_string": "#]",
}
"""Anki card templates use ``{{Field}}``; Jinja uses ``[[ ]]`` / ``[% %]`` in ours."""

DEFAULT_ROOT_DECK = "Curriculum"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif"}


@dataclass(frozen=True, slots=True, eq=False)
class NoteSpec:
    """One note to write: its kind, identity, deck, field HTML and tags."""

    kind: CardKind
    guid: str
    deck: str
    fields: tuple[str, ...]
    """Sanitized HTML, in the order of ``NOTE_TYPES[kind].fields`` (images by media name)."""
    tags: tuple[str, ...]
    doc: Document
    """The document the note comes from (image paths are relative to it)."""
    line: int

    @property
    def cards(self) -> int:
        """How many cards Anki makes of it (bilingual: both directions)."""
        return len(NOTE_TYPES[self.kind].cards)


@dataclass(slots=True)
class PackageSpec:
    """One ``.apkg``: a document (with its translation), its decks and notes."""

    name: str
    """File name relative to the output folder (``curriculum.apkg``)."""
    title: str
    decks: list[str] = field(default_factory=list)
    notes: list[NoteSpec] = field(default_factory=list)


@dataclass(slots=True)
class AnkiContext:
    """Everything the exporter writes, before templates and media."""

    media: MediaIndex
    """The images the notes show (media name -> file) and the warnings about the others."""
    packages: list[PackageSpec] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: CardKind | None = None) -> tuple[int, int]:
        """(notes, cards) of one kind, or of all kinds."""
        notes = [n for p in self.packages for n in p.notes if kind is None or n.kind == kind]
        return len(notes), sum(n.cards for n in notes)


def mojibake_in(doc: Document) -> tuple[int, str] | None:
    """The first damaged spot of a document (mojibake or U+FFFD in prose), or None.

    The one place that decides whether a document is too damaged to export. Mojibake is
    found by the fix-encoding engine (which leaves code quoting such bytes alone).
    """
    from ...fix_encoding import find_mojibake

    spots = find_mojibake(doc.text)
    if spots:
        return spots[0].line, spots[0].before
    text = doc.text
    if "\ufffd" not in text and "&" not in text and "\x00" not in text:
        return None  # the parser writes U+FFFD only for one in the text, an entity or a NUL
    prose: list[tuple[int, str]] = [(s.line, s.title) for s in doc.walk()]
    prose.extend(line for block in doc.all_blocks() for line in block.lines)
    return next(((line, text) for line, text in sorted(prose) if "\ufffd" in text), None)


def deck_id(name: str) -> int:
    """A stable deck id from the deck name (genanki's recommended range, 2**30..2**31)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


_BASE91 = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~"
)
"""The digits of Anki's base 91 (``genanki.util.BASE91_TABLE``)."""


def note_guid(doc_id: str, lang: str, section: str, kind: CardKind, key: str) -> str:
    """The note GUID: from identities only, never from the text of a definition.

    ``genanki.guid_for("ctools", doc_id, lang, section, kind, key)``, computed without its
    per-byte Python loops (a heading-dense document has a note per section):
    the first 8 bytes of the SHA-256 of the values joined by ``__``, in base 91
    (``tests/test_export_speed.py`` compares the two)."""
    joined = "__".join(("ctools", doc_id, lang, section, kind, key))
    number = int.from_bytes(hashlib.sha256(joined.encode("utf-8")).digest()[:8], "big")
    digits: list[str] = []
    while number:
        number, digit = divmod(number, 91)
        digits.append(_BASE91[digit])
    return "".join(reversed(digits))


_SPACES_RE = re.compile(r"\s+")


def _tag(text: str) -> str:
    """Anki tags cannot hold spaces."""
    return _SPACES_RE.sub("_", text.strip())


@functools.lru_cache(maxsize=1024)
def _tags(lang: str, kind: CardKind, doc_id: str, number: str | None) -> tuple[str, ...]:
    """``ctools lang::en kind::term doc::curriculum sec::3.2.1``."""
    tags = ["ctools", f"lang::{lang}", f"kind::{kind}", f"doc::{doc_id}"]
    if number:
        tags.append(f"sec::{number}")
    return tuple(_tag(t) for t in tags)


def _deck_part(text: str) -> str:
    """A deck name component: ``::`` separates decks, so it cannot appear inside one."""
    return " ".join(text.replace("::", ":").split()) or "-"


def unique_package_names(packages: list[PackageSpec]) -> None:
    """Give each package its own file: ids that differ only in what a file name cannot hold
    (``a b``, ``a-b``, ``a#b``) or in case (``Foo``, ``foo``: one file on macOS and Windows)
    would otherwise write one ``.apkg`` over another. Later ones get ``-2``, ``-3``."""
    taken: set[str] = set()
    for package in packages:
        stem = package.name.removesuffix(".apkg")
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        package.name = f"{name}.apkg"


def _package_name(doc_id: str) -> str:
    parts = [re.sub(r"[^\w.\-]+", "-", p).strip(".-") for p in PurePosixPath(doc_id).parts]
    return "/".join(p for p in parts if p) or "document"
