"""The pure part of the Anki export: the corpus -> :class:`~.model.AnkiContext` (packages,
decks and notes whose fields are sanitized HTML)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ...model import Document, DocumentPair, Section
from ...views import display_path
from ..markup import Attr, TagHook, is_remote, remote_placeholder, render_html, render_inline
from .course import course_package, glossary_package
from .facets import label_keys
from .fields import MAX_ANSWER, hangul_emphasis, own_tokens, section_fields, visible_length
from .mathguard import refused_formulas
from .media import MediaIndex
from .model import (
    DEFAULT_ROOT_DECK,
    AnkiContext,
    CardKind,
    NoteSpec,
    PackageSpec,
    _deck_part,
    _package_name,
    _tags,
    mojibake_in,
    note_guid,
    unique_package_names,
)
from .notes import (
    Gloss,
    find_abbreviations,
    find_clozes,
    find_glosses,
    has_hangul,
    heading_gloss,
    parent_map,
    section_identities,
    section_number,
    strip_colon,
)
from .quiz import find_quizzes
from .sections import term_key
from .terms import TermsOf

if TYPE_CHECKING:
    from ...glossary import TermEntry
    from ...project import Corpus

_QUESTIONS = {
    "en": ("What are the key points of “{}”?", "What are the parts of “{}”?"),
    "ko": ("“{}”의 핵심 내용은 무엇인가요?", "“{}”은(는) 어떤 내용으로 이루어져 있나요?"),
}
_WEB_LINK_RE = re.compile(r"(?i)^(?:https?|mailto):")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:|^//")


def card_hook(doc: Document, media: MediaIndex) -> TagHook:
    """Links and images of a card field, mapped on the tokens before sanitizing.

    Links to other files or anchors mean nothing inside Anki: only their text stays. A local
    image becomes its packed media name, or a ``[label]`` stand-in when it cannot be packed;
    a remote one a link placeholder (a card never fetches from the network).
    """

    def tag(name: str, attrs: list[Attr], line: int) -> list[Attr] | str:
        found = dict(attrs)
        if name == "a":
            href = found.get("href")
            return "" if href is not None and not _WEB_LINK_RE.match(href) else attrs
        if name != "img" or found.get("src") is None:
            return attrs
        src = found["src"] or ""
        if is_remote(src):
            return remote_placeholder(src, found.get("alt") or "")
        if _SCHEME_RE.match(src):
            return attrs  # the sanitizer drops it
        packed = media.resolve(src, doc)
        if packed is None:
            label = found.get("alt") or Path(src).name
            return f'<span class="missing-image">[{html.escape(label)}]</span>'
        return [("src", packed) if key == "src" else (key, value) for key, value in attrs]

    return tag


def _html_field(markdown: str, hook: TagHook, *, block: bool = False) -> str:
    """Markdown -> sanitized HTML; a single line stays inline (no ``<p>``) unless ``block``.

    Line breaks inside a paragraph become ``<br>``: the curriculum writes one statement per
    line (definition, ``Example:``, ``Simple explanation:``), which a card should keep.
    """
    text = markdown.strip()
    return hangul_emphasis(_render_field(text, hook, block))


def _render_field(text: str, hook: TagHook, block: bool) -> str:
    if block or "\n" in text or re.match(r"(?:[-*+]|\d{1,3}[.)])\s", text):
        return render_html(text, hook=hook, math="mathjax", breaks=True).strip()
    return render_inline(text, hook=hook, math="mathjax")


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


MAX_SUBDECKS = 60
"""A document with more top-level sections keeps all its cards in one deck (tags still say where)."""


class _DocumentNotes:
    """Notes of one document: decks, paths, tags, identities."""

    def __init__(
        self, doc: Document, doc_id: str, doc_deck: str, media: MediaIndex, terms_of: TermsOf
    ) -> None:
        self.doc = doc
        self.terms_of = terms_of
        self.hook = card_hook(doc, media)
        self.doc_id = doc_id
        self.doc_deck = doc_deck
        self.ids = section_identities(doc)
        self.parents = parent_map(doc)
        roots = doc.sections
        self.lone_root = roots[0] if len(roots) == 1 and roots[0].children else None
        self.decks: dict[int, str] = {}
        self.labels: frozenset[str] = frozenset()
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
        labels = label_keys(doc, self.terms_of)
        self.labels = labels
        notes: list[NoteSpec] = []
        for section in doc.walk():
            context = self.path(section)
            where = self.location(section.line)
            bodies = section_fields(doc, section, self.hook)
            if not bodies and len(section.children) >= 2:
                items = "".join(f"<li>{html.escape(c.heading)}</li>" for c in section.children)
                bodies = [f"<ul>{items}</ul>"]
                ask_this = ask_parts
            else:
                ask_this = ask
            for k, body in enumerate(bodies):
                question = ask_this.format(strip_colon(section.title))
                if len(bodies) > 1:
                    question += f" ({k + 1}/{len(bodies)})"
                head = (html.escape(section.heading), context, html.escape(question))
                fields: tuple[str, ...] = (*head, body.strip(), where, lang)
                key = "" if k == 0 else f"part:{k + 1}"
                notes.append(self.note("section", section, key, fields, section.line))
            for quiz in find_quizzes(own_tokens(doc, section), strip_colon(section.title)):
                fields = (*quiz.fields(), context, self.location(quiz.line), lang)
                notes.append(self.note("quiz", section, f"quiz:{quiz.index}", fields, quiz.line))
            for term in self.terms_of(doc, section):
                if "```" in term.definition or "~~~" in term.definition:
                    continue  # code listings are never an answer
                extra = "".join(
                    f"<dt>{html.escape(label)}</dt><dd>{_html_field(value, self.hook)}</dd>"
                    for label, value in term.extras
                )
                shown = _html_field(term.term, self.hook)
                tags = None
                if term.key in labels:  # a facet of the section, not a term to learn
                    shown = f"{html.escape(section.heading)} — {shown}?"
                    tags = (*self.tags("term", section), "facet")
                definition = _html_field(term.definition, self.hook)
                if visible_length(definition) > MAX_ANSWER:
                    continue
                fields = (
                    shown,
                    definition,
                    f"<dl>{extra}</dl>" if extra else "",
                    context,
                    self.location(term.line),
                    lang,
                )
                note = self.note("term", section, term.key, fields, term.line)
                notes.append(note if tags is None else dataclasses.replace(note, tags=tags))
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
                fields = (
                    _html_field(cloze.text, self.hook),
                    context,
                    self.location(cloze.line),
                    lang,
                )
                notes.append(self.note("cloze", section, cloze.key, fields, cloze.line))
        return notes


def _bilingual(
    pair: DocumentPair, en_notes: _DocumentNotes, doc_id: str, terms: Sequence[TermEntry] = ()
) -> list[NoteSpec]:
    """Bilingual notes of an aligned pair: heading titles, paired labels, inline glosses (the
    glossary's whole Korean form when it knows the English term)."""
    whole = {term_key(t.en): t.ko for t in terms if t.en and t.ko}
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
        en_terms = [t for t in en_notes.terms_of(en, row.en) if t.pattern == "bold"]
        ko_terms = [t for t in en_notes.terms_of(ko, row.ko) if t.pattern == "bold"]
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
        target = whole.get(term_key(gloss.source), gloss.target)
        fields = (
            html.escape(gloss.source),
            html.escape(target),
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
    corpus: Corpus,
    lang: str = "both",
    root_deck: str = DEFAULT_ROOT_DECK,
    *,
    terms: Sequence[TermEntry] = (),
    per_document: bool = True,
    course: str = "",
) -> AnkiContext:
    """The packages, decks and notes of an export (writes nothing; reads only the images the
    notes show, to name them by content: :attr:`AnkiContext.media`).

    ``lang`` is a configured language code or ``both``; bilingual notes need ``both``.
    ``terms``: the course glossary's settled terms (term cards, whole glosses, and what is a
    term rather than a label). ``per_document``: one package per document; otherwise one
    course package named after ``course`` (documents in course order, a subdeck each).
    A document with mojibake in its prose is refused with an error naming file and line.
    """
    from ...assets import LinkIndex

    ctx = AnkiContext(media=MediaIndex(LinkIndex.of(corpus)))
    root = _deck_part(root_deck)
    labels: frozenset[str] = frozenset()
    terms_of = TermsOf()
    units = corpus.order.sort(_pair_units(corpus), lambda p: (p.en or p.ko).rel)
    for pair in units:
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
            ctx.warnings.extend(refused_formulas(doc))
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
            notes = _DocumentNotes(doc, doc_id, doc_deck, ctx.media, terms_of)
            other = by_doc.get(id(pair.en)) if doc is pair.ko else None
            if other is not None:
                en_of_ko = {row.ko.index: row.en for row in pair.rows if row.ko and row.en}
                for top in notes.lone_root.children if notes.lone_root else doc.sections:
                    en_section = en_of_ko.get(top.index)
                    if en_section is not None:
                        notes.retarget(top, other.decks[other.top(en_section).index])
            by_doc[id(doc)] = notes
            package.notes.extend(notes.build(seen_abbreviations))
            labels |= notes.labels
        if pair.en is not None and pair.ko is not None and len(sides) == 2:
            package.notes.extend(_bilingual(pair, by_doc[id(pair.en)], doc_id, terms))
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
    if lang == "both" and terms:
        ctx.packages.append(glossary_package(terms, root, ctx.packages, labels))
    if not per_document:
        ctx.packages = [course_package(ctx.packages, course or root)]
    unique_package_names(ctx.packages)
    return ctx
