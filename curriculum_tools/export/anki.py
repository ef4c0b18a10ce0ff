"""``ctools export --format anki``: one ``.apkg`` per document, written with genanki.

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

import hashlib
import html
import io
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

from ..model import Document, DocumentPair, Section
from ..text import IMG_TAG_RE, has_hangul, parent_map
from ..views import display_path
from . import ExportOptions, ExportResult, make_env, section_markdown
from .anki_notes import (
    Gloss,
    find_abbreviations,
    find_clozes,
    find_glosses,
    find_terms,
    heading_gloss,
    section_identities,
    section_number,
    strip_colon,
)
from .markup import render_html, render_inline

if TYPE_CHECKING:
    import jinja2

    from ..project import Corpus

CardKind = Literal["section", "term", "bilingual", "cloze"]
CARD_KINDS: tuple[CardKind, ...] = ("section", "term", "bilingual", "cloze")


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

_QUESTIONS = {
    "en": ("What are the key points of “{}”?", "What are the parts of “{}”?"),
    "ko": ("“{}”의 핵심 내용은 무엇인가요?", "“{}”은(는) 어떤 내용으로 이루어져 있나요?"),
}
_LOCAL_LINK_RE = re.compile(r'<a href="(?!https?:|mailto:)[^"]*"[^>]*>(.*?)</a>', re.S)
_PARAGRAPH_RE = re.compile(r"<p>.*?</p>", re.S)
_SOFT_BREAK_RE = re.compile(r"(?<!<br>)\n")
_SRC_RE = re.compile(r'\bsrc="([^"]*)"')
_ALT_RE = re.compile(r'\balt="([^"]*)"')

_now: Callable[[], float] = time.time
"""The clock stamped on notes (Anki updates a note when the import is newer); tests patch it."""


# --- context --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class NoteSpec:
    """One note to write: its kind, identity, deck, field HTML and tags."""

    kind: CardKind
    guid: str
    deck: str
    fields: tuple[str, ...]
    """Sanitized HTML, in the order of ``NOTE_TYPES[kind].fields``; images not yet packed."""
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
    from ..fix_encoding import find_mojibake

    spots = find_mojibake(doc.text)
    if spots:
        return spots[0].line, spots[0].before
    prose: list[tuple[int, str]] = [(s.line, s.title) for s in doc.walk()]
    prose.extend(line for block in doc.all_blocks() for line in block.lines)
    return next(((line, text) for line, text in sorted(prose) if "\ufffd" in text), None)


def deck_id(name: str) -> int:
    """A stable deck id from the deck name (genanki's recommended range, 2**30..2**31)."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(doc_id: str, lang: str, section: str, kind: CardKind, key: str) -> str:
    """The note GUID: from identities only, never from the text of a definition."""
    import genanki

    return str(genanki.guid_for("ctools", doc_id, lang, section, kind, key))


def _tag(text: str) -> str:
    """Anki tags cannot hold spaces."""
    return re.sub(r"\s+", "_", text.strip())


def _tags(lang: str, kind: CardKind, doc_id: str, number: str | None) -> tuple[str, ...]:
    """``ctools lang::en kind::term doc::curriculum sec::3.2.1``."""
    tags = ["ctools", f"lang::{lang}", f"kind::{kind}", f"doc::{doc_id}"]
    if number:
        tags.append(f"sec::{number}")
    return tuple(_tag(t) for t in tags)


def _deck_part(text: str) -> str:
    """A deck name component: ``::`` separates decks, so it cannot appear inside one."""
    return " ".join(text.replace("::", ":").split()) or "-"


def _html_field(markdown: str, *, block: bool = False) -> str:
    """Markdown -> sanitized HTML; a single line stays inline (no ``<p>``) unless ``block``."""
    text = markdown.strip()
    if block or "\n" in text or re.match(r"(?:[-*+]|\d{1,3}[.)])\s", text):
        return _local_links_to_text(render_html(text, math="mathjax").strip())
    return _local_links_to_text(render_inline(text, math="mathjax"))


def _local_links_to_text(fragment: str) -> str:
    """Links to other files or anchors mean nothing inside Anki: keep only their text.

    Line breaks inside a paragraph become ``<br>``: the curriculum writes one statement per
    line (definition, ``Example:``, ``Simple explanation:``), which a card should keep.
    """
    fragment = _PARAGRAPH_RE.sub(lambda m: _SOFT_BREAK_RE.sub("<br>\n", m.group(0)), fragment)
    return _LOCAL_LINK_RE.sub(r"\1", fragment)


def _location(doc: Document, line: int) -> str:
    """``ko/curriculum.md:12``: where a card comes from, shown small on its back."""
    return f"{doc.lang}/{doc.rel}:{line}" if doc.rel else f"{doc.path.name}:{line}"


def _pair_units(corpus: Corpus) -> list[DocumentPair]:
    """Every pair, then every unpaired document as a one-sided pair."""
    source_lang = corpus.config.languages[0]
    units = list(corpus.pairs)
    for doc in corpus.unpaired:
        one_side = DocumentPair(doc, None) if doc.lang == source_lang else DocumentPair(None, doc)
        units.append(one_side)
    return units


def _package_name(doc_id: str) -> str:
    parts = [re.sub(r"[^\w.\-]+", "-", p).strip(".-") for p in PurePosixPath(doc_id).parts]
    return "/".join(p for p in parts if p) or "document"


MAX_SUBDECKS = 60
"""A document with more top-level sections keeps all its cards in one deck (tags still say where)."""


class _DocumentNotes:
    """Notes of one document: decks, paths, tags, identities."""

    def __init__(self, doc: Document, doc_id: str, doc_deck: str) -> None:
        self.doc = doc
        self.doc_id = doc_id
        self.doc_deck = doc_deck
        self.ids = section_identities(doc)
        self.parents = parent_map(doc)
        roots = doc.sections
        self.lone_root = roots[0] if len(roots) == 1 and roots[0].children else None
        self.decks: dict[int, str] = {}
        tops = self.lone_root.children if self.lone_root else roots
        for top in tops:
            # a sub-deck per top-level section, unless there are so many that a deck list
            # stops being a table of contents (and Anki's deck registry grows quadratically)
            deck = (
                f"{doc_deck}::{_deck_part(top.heading)}" if len(tops) <= MAX_SUBDECKS else doc_deck
            )
            for section in top.walk():
                self.decks[section.index] = deck
        if self.lone_root is not None:
            self.decks[self.lone_root.index] = doc_deck

    def retarget(self, section: Section, deck: str) -> None:
        for sub in section.walk():
            self.decks[sub.index] = deck

    def top(self, section: Section) -> Section:
        current = section
        while current.index in self.parents and self.parents[current.index] is not self.lone_root:
            current = self.parents[current.index]
        return current

    def path(self, section: Section) -> str:
        chain = [section]
        while chain[0].index in self.parents:
            chain.insert(0, self.parents[chain[0].index])
        shown = [s for s in chain if s is not self.lone_root or s is section]
        return " › ".join(html.escape(s.heading) for s in shown)

    def location(self, line: int) -> str:
        return _location(self.doc, line)

    def tags(self, kind: CardKind, section: Section) -> tuple[str, ...]:
        number = section_number(section, self.parents)
        return _tags(self.doc.lang, kind, self.doc_id, number)

    def note(
        self, kind: CardKind, section: Section, key: str, fields: Iterable[str], line: int
    ) -> NoteSpec:
        ident = "" if key.startswith("abbr:") else self.ids[section.index]
        return NoteSpec(
            kind=kind,
            guid=note_guid(self.doc_id, self.doc.lang, ident, kind, key),
            deck=self.decks[section.index],
            fields=tuple(fields),
            tags=self.tags(kind, section),
            doc=self.doc,
            line=line,
        )

    def build(self, seen_abbreviations: set[str]) -> list[NoteSpec]:
        doc = self.doc
        lang = doc.lang
        ask, ask_parts = _QUESTIONS.get(lang, _QUESTIONS["en"])
        notes: list[NoteSpec] = []
        for section in doc.walk():
            context = self.path(section)
            where = self.location(section.line)
            content = section_markdown(doc, section).strip()
            if content:
                question = ask.format(strip_colon(section.title))
                body = _html_field(content, block=True)
            elif len(section.children) >= 2:
                question = ask_parts.format(strip_colon(section.title))
                items = "".join(f"<li>{html.escape(c.heading)}</li>" for c in section.children)
                body = f"<ul>{items}</ul>"
            else:
                question = ""
            if question:
                head = (html.escape(section.heading), context, html.escape(question))
                fields: tuple[str, ...] = (*head, body.strip(), where, lang)
                notes.append(self.note("section", section, "", fields, section.line))
            for term in find_terms(doc, section):
                extra = "".join(
                    f"<dt>{html.escape(label)}</dt><dd>{_html_field(value)}</dd>"
                    for label, value in term.extras
                )
                fields = (
                    _html_field(term.term),
                    _html_field(term.definition),
                    f"<dl>{extra}</dl>" if extra else "",
                    context,
                    self.location(term.line),
                    lang,
                )
                notes.append(self.note("term", section, term.key, fields, term.line))
            for abbr in find_abbreviations(doc, section):
                if abbr.key in seen_abbreviations:
                    continue
                seen_abbreviations.add(abbr.key)
                fields = (
                    html.escape(abbr.term),
                    html.escape(abbr.definition),
                    "",
                    context,
                    self.location(abbr.line),
                    lang,
                )
                notes.append(self.note("term", section, f"abbr:{abbr.key}", fields, abbr.line))
            for cloze in find_clozes(doc, section):
                fields = (_html_field(cloze.text), context, self.location(cloze.line), lang)
                notes.append(self.note("cloze", section, cloze.key, fields, cloze.line))
        return notes


def _bilingual(pair: DocumentPair, en_notes: _DocumentNotes, doc_id: str) -> list[NoteSpec]:
    """Bilingual notes of an aligned pair: heading titles, paired labels, inline glosses."""
    assert pair.en is not None and pair.ko is not None
    en, ko = pair.en, pair.ko
    found: list[tuple[Gloss, Section]] = []
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        gloss = heading_gloss(row.en, row.ko)
        if gloss is not None:
            found.append((gloss, row.en))
    for row in pair.rows:
        if row.en is None or row.ko is None:
            continue
        en_terms = [t for t in find_terms(en, row.en) if t.pattern == "bold"]
        ko_terms = [t for t in find_terms(ko, row.ko) if t.pattern == "bold"]
        if en_terms and len(en_terms) == len(ko_terms):
            for en_term, ko_term in zip(en_terms, ko_terms, strict=True):
                if has_hangul(ko_term.term) and not has_hangul(en_term.term):
                    found.append((Gloss(en_term.term, ko_term.term, ko_term.line), row.en))
    en_of_ko = {row.ko.index: row.en for row in pair.rows if row.ko and row.en}
    first_en = en.walk()[0] if en.walk() else None
    for section in ko.walk():
        anchor = en_of_ko.get(section.index) or first_en
        if anchor is None:
            continue  # an English document without headings: no section to file the card under
        for gloss in find_glosses(ko, section):
            found.append((gloss, anchor))
    notes: list[NoteSpec] = []
    seen: set[str] = set()
    for gloss, anchor in found:
        if gloss.key in seen or not gloss.key:
            continue
        seen.add(gloss.key)
        fields = (
            html.escape(gloss.source),
            html.escape(gloss.target),
            en_notes.path(anchor),
            _location(ko, gloss.line),
            en.lang,
            ko.lang,
        )
        notes.append(
            NoteSpec(
                kind="bilingual",
                guid=note_guid(doc_id, f"{en.lang}-{ko.lang}", "", "bilingual", gloss.key),
                deck=en_notes.decks[anchor.index],
                fields=fields,
                tags=_tags(
                    f"{en.lang}-{ko.lang}",
                    "bilingual",
                    doc_id,
                    section_number(anchor, en_notes.parents),
                ),
                doc=ko,
                line=gloss.line,
            )
        )
    return notes


def build_context(
    corpus: Corpus, lang: str = "both", root_deck: str = DEFAULT_ROOT_DECK
) -> AnkiContext:
    """The packages, decks and notes of an export (pure: reads and writes nothing).

    ``lang`` is a configured language code or ``both``; bilingual notes need ``both``.
    A document with mojibake in its prose is refused with an error naming file and line.
    """
    ctx = AnkiContext()
    root = _deck_part(root_deck)
    for pair in _pair_units(corpus):
        sides: list[Document] = []
        for doc in (pair.en, pair.ko):
            if doc is None or (lang != "both" and doc.lang != lang):
                continue
            spot = mojibake_in(doc)
            if spot is not None:
                ctx.errors.append(
                    f"{display_path(doc.path)}:{spot[0]}: mojibake in the text ({spot[1]!r}); "
                    f"run `ctools fix-encoding {display_path(doc.path)}` first; document not exported"
                )
                continue
            sides.append(doc)
        if not sides:
            continue
        main = sides[0]
        doc_id = main.doc_id
        package = PackageSpec(f"{_package_name(doc_id)}.apkg", main.title)
        doc_deck = f"{root}::{_deck_part(main.title)}"
        seen_abbreviations: set[str] = set()
        by_doc: dict[int, _DocumentNotes] = {}
        for doc in sides:
            notes = _DocumentNotes(doc, doc_id, doc_deck)
            other = by_doc.get(id(pair.en)) if doc is pair.ko else None
            if other is not None:
                en_of_ko = {row.ko.index: row.en for row in pair.rows if row.ko and row.en}
                for top in notes.lone_root.children if notes.lone_root else doc.sections:
                    en_section = en_of_ko.get(top.index)
                    if en_section is not None:
                        notes.retarget(top, other.decks[other.top(en_section).index])
            by_doc[id(doc)] = notes
            package.notes.extend(notes.build(seen_abbreviations))
        if pair.en is not None and pair.ko is not None and len(sides) == 2:
            package.notes.extend(_bilingual(pair, by_doc[id(pair.en)], doc_id))
        unique: dict[str, NoteSpec] = {}
        for note in package.notes:
            if any("\ufffd" in f for f in note.fields):
                ctx.errors.append(
                    f"{display_path(note.doc.path)}:{note.line}: U+FFFD in a card; not exported"
                )
            else:
                unique.setdefault(note.guid, note)
        package.notes = list(unique.values())
        package.decks = sorted({doc_deck, *(n.deck for n in package.notes)})
        ctx.packages.append(package)
    return ctx


# --- note types and media -------------------------------------------------------------------


def build_note_types(env: jinja2.Environment) -> dict[CardKind, Any]:
    """genanki models of every card kind, their templates and CSS rendered by Jinja."""
    import genanki

    from .markup import pygments_css

    models: dict[CardKind, Any] = {}
    for kind, spec in NOTE_TYPES.items():
        context = {"kind": kind, "name": spec.name, "fields": spec.fields}
        css = env.get_template("style.css.j2").render(pygments_css=pygments_css(), **context)
        templates = [
            {
                "name": card,
                "qfmt": env.get_template(f"{stem}.front.html.j2").render(card=card, **context),
                "afmt": env.get_template(f"{stem}.back.html.j2").render(card=card, **context),
            }
            for card, stem in spec.cards
        ]
        models[kind] = genanki.Model(
            spec.model_id,
            spec.name,
            fields=[{"name": name} for name in spec.fields],
            templates=templates,
            css=css,
            model_type=genanki.Model.CLOZE if spec.cloze else genanki.Model.FRONT_BACK,
        )
    return models


def source_root(doc: Document) -> Path:
    """The folder images must stay inside: the source root (``<root>/<lang>/<rel>``)."""
    path = Path(os.path.abspath(doc.path))
    if doc.rel:
        depth = len(PurePosixPath(doc.rel).parts)
        if depth < len(path.parents):
            return path.parents[depth]
    return path.parent


class MediaPacker:
    """Images of the notes: checked, copied under content-hash names, and referenced by them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.names: dict[Path, str] = {}
        self.problems: dict[tuple[Path, str], str | None] = {}
        self.warnings: list[str] = []

    def resolve(self, src: str, doc: Document) -> str | None:
        """The media name for an image ``src`` of ``doc``, or None (with a warning) if unusable."""
        key = (doc.path, src)
        if key in self.problems:
            return self.problems[key]
        name, problem = self._pack(src, doc)
        if problem:
            line = _image_line(doc, src)
            self.warnings.append(f"{display_path(doc.path)}:{line}: {problem}: {src}")
        self.problems[key] = name
        return name

    def _pack(self, src: str, doc: Document) -> tuple[str | None, str | None]:
        rel = unquote(src.split("#", 1)[0].split("?", 1)[0])
        if not rel:
            return None, "empty image path"
        if rel.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", rel):
            return None, "absolute image path, not packed (use a path relative to the document)"
        root = source_root(doc)
        base = Path(os.path.abspath(doc.path)).parent
        if not Path(os.path.normpath(base / rel)).is_relative_to(root):
            return None, "image outside the source folder, not packed"
        try:
            real = (base / rel).resolve(strict=True)
        except (OSError, RuntimeError):
            return None, "image not found"
        if not real.is_relative_to(root.resolve()):
            return None, "image links outside the source folder, not packed"
        if not real.is_file():
            return None, "image not found"
        suffix = real.suffix.lower()
        if suffix not in IMAGE_SUFFIXES:
            return None, "not an image file, not packed"
        if real in self.names:
            return self.names[real], None
        data = real.read_bytes()
        name = hashlib.sha256(data).hexdigest()[:20] + suffix
        (self.folder / name).write_bytes(data)
        self.names[real] = name
        return name, None

    def rewrite(self, fragment: str, doc: Document, used: set[str]) -> str:
        """Point ``<img src>`` at packed media; drop images that cannot be packed."""

        def replace(match: re.Match[str]) -> str:
            tag = match.group(0)
            src_match = _SRC_RE.search(tag)
            if src_match is None:
                return tag
            src = html.unescape(src_match.group(1))
            if re.match(r"^(?:[a-z][a-z0-9+.\-]*:|//)", src, re.I):
                return tag  # remote image: shown when online, not packed
            name = self.resolve(src, doc)
            if name is None:
                alt = _ALT_RE.search(tag)
                label = alt.group(1) if alt and alt.group(1) else html.escape(Path(src).name)
                return f'<span class="missing-image">[{label}]</span>'
            used.add(name)
            return tag.replace(src_match.group(0), f'src="{html.escape(name)}"')

        return IMG_TAG_RE.sub(replace, fragment)


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
            package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
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


def _image_line(doc: Document, src: str) -> int:
    for block in doc.all_blocks():
        for image in block.images:
            if image.value in (src, unquote(src)):
                return image.line
    return 1


# --- the exporter ---------------------------------------------------------------------------


class AnkiExporter:
    """Writes ``<document id>.apkg`` per document (pair) into the output folder."""

    name = "anki"

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult:
        import genanki
        import jinja2

        from ..io import atomic_write

        result = ExportResult()
        settings = options.config.export.get("anki") or {}
        ctx = build_context(corpus, options.lang, str(settings.get("deck", DEFAULT_ROOT_DECK)))
        result.errors.extend(ctx.errors)
        result.warnings.extend(ctx.warnings)
        try:
            models = build_note_types(make_env("anki", options.templates, **JINJA_OPTIONS))
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or getattr(exc, "name", None) or "template"
            line = getattr(exc, "lineno", None)
            result.errors.append(f"{where}:{line or 1}: {exc.message or exc}")
            return result
        media_count: set[str] = set()
        with tempfile.TemporaryDirectory(prefix="ctools-anki-") as tmp:
            packer = MediaPacker(Path(tmp))
            for package in ctx.packages:
                decks = {name: genanki.Deck(deck_id(name), name) for name in package.decks}
                used: set[str] = set()
                for note in package.notes:
                    fields = [packer.rewrite(f, note.doc, used) for f in note.fields]
                    decks[note.deck].add_note(
                        genanki.Note(
                            model=models[note.kind],
                            fields=fields,
                            guid=note.guid,
                            tags=list(note.tags),
                        )
                    )
                media = [Path(tmp) / name for name in sorted(used)]
                data = package_bytes(genanki.Package(list(decks.values())), media, _now())
                atomic_write(options.out / package.name, data)
                result.files.append(Path(package.name))
                media_count |= used
                if options.progress is not None:
                    options.progress(package.name)
        result.warnings.extend(packer.warnings)
        notes, cards = ctx.count()
        result.stats = {"decks": sum(len(p.decks) for p in ctx.packages), "notes": notes}
        for kind in CARD_KINDS:
            result.stats[f"{kind} notes"] = ctx.count(kind)[0]
        result.stats.update({"cards": cards, "media": len(media_count)})
        return result


EXPORTER = AnkiExporter()
