"""The course book: one PDF per language with a cover, a table of contents and one chapter per
document in course order (:attr:`Corpus.order`), every page headed by its chapter's name.

Chapters are rendered exactly as the per-document files (:func:`.context.render_parts`, the
same renderer over the same token slices) into *parts* of :data:`PART_SIZE` chapters
(``book/<lang>/part-NN.tex``), so parts compile in parallel (one LuaLaTeX per core, each
paying the engine's start-up once for many chapters) and only a part with a changed chapter
compiles again. The book (``book/course-<lang>.tex``) then assembles the part PDFs with
``pdfpages``: cover, contents (an entry and a bookmark per chapter, at the page each part's log
says the chapter starts), running page numbers. Links inside a part work there; the assembled
book keeps its contents links and bookmarks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypedDict

from .context import SectionItem, TexUnit, render_parts
from .escape import latex_escape, latex_text
from .images import ImageLookup, find_image
from .settings import LatexSettings, fonts

if TYPE_CHECKING:
    from ...assets import LinkIndex
    from ...model import Document
    from ...project import Corpus

BOOK_FOLDER = "book"
PART_SIZE = 16
"""Chapters per part: fewer engine start-ups, still a small recompile after one edit."""
_START_RE = re.compile(r"^ctools-chapter:(\d+):(\d+)$", re.M)
_GENERIC = {"source", "sources", "src", "docs", "doc", "content", "book", "course"}


class ChapterItem(TypedDict):
    """One document as a chapter of a part (texts already LaTeX)."""

    number: int
    title: str
    mark: str
    marker: str
    preamble: str
    sections: list[SectionItem]
    answers: str


class PartContext(TypedDict):
    """The context of ``part.tex.j2``: consecutive chapters compiled together."""

    lang: str
    babel_lang: str
    source: str
    pdf_title: str
    chapters: list[ChapterItem]
    fonts: dict[str, str]
    paper: str


class PartEntry(TypedDict):
    """A part as the book includes it: its PDF and its chapters' contents entries."""

    pdf: str
    titles: list[str]
    toc: str
    """``pdfpages`` ``addtotoc`` list: ``page,chapter,0,{title},label`` per chapter."""


class BookContext(TypedDict):
    """The context of ``book.tex.j2``: the cover and the chapter PDFs in order."""

    lang: str
    babel_lang: str
    title: str
    subtitle: str
    pdf_title: str
    source: str
    parts: list[PartEntry]
    fonts: dict[str, str]
    paper: str


def book_title(corpus: Corpus, configured: str = "") -> str:
    """The configured title (``export.latex.title``), else the course folder's name (the
    folder above the language folders: ``rust-book`` for ``rust-book/en/ch01.md``), else
    (a generic folder name such as ``source``) the first document's title."""
    if configured.strip():
        return configured.strip()
    for doc in corpus.order.sort(corpus.documents):
        depth = len(PurePosixPath(doc.rel).parts) if doc.rel else 1
        root = doc.path.resolve().parents[depth - 1] if depth else doc.path.parent
        name = root.parent.name
        return doc.title if name.lower() in _GENERIC or not name else name
    return "Course"


def _chapter(
    unit: TexUnit,
    doc: Document,
    number: int,
    *,
    images: ImageLookup,
    settings: LatexSettings,
    display: Callable[[Path], str],
    links: LinkIndex | None,
) -> ChapterItem:
    parts = render_parts(
        unit,
        doc,
        prefix=f"c{number}.",
        asset_dir=f"{PurePosixPath(unit.tex).stem}-files",
        images=images,
        settings=settings,
        display=display,
        max_depth=5,
        links=links,
    )
    sections, preamble = parts.sections, parts.preamble
    if parts.title_heading is not None:
        title = parts.title_heading
        marker = sections[0]["marker"]
        preamble = "\n\n".join(p for p in (preamble, sections[0]["body"]) if p)
        sections = sections[1:]
    else:
        title = latex_text(doc.title or doc.rel)
        marker = f"%% src: {display(doc.path)}:1-1"
    return {
        "number": number,
        "title": title,
        "mark": latex_escape(doc.title or doc.rel),
        "marker": marker,
        "preamble": preamble,
        "sections": sections,
        "answers": parts.answers,
    }


def part_unit(
    docs: list[Document],
    tex: str,
    first: int,
    *,
    images: ImageLookup = find_image,
    settings: LatexSettings | None = None,
    display: Callable[[Path], str] = str,
    links: LinkIndex | None = None,
) -> TexUnit:
    """Consecutive documents as chapters ``first``, ``first + 1`` ... of one part."""
    settings = settings or LatexSettings()
    unit = TexUnit(tex=tex, template="part.tex.j2", context={}, sources=list(docs))
    chapters = [
        _chapter(
            unit, doc, first + k, images=images, settings=settings, display=display, links=links
        )
        for k, doc in enumerate(docs)
    ]
    lang = docs[0].lang
    context: PartContext = {
        "lang": lang,
        "babel_lang": "korean" if lang == "ko" else "english",
        "source": ", ".join(display(d.path) for d in docs[:2]) + (" ..." * (len(docs) > 2)),
        "pdf_title": docs[0].title,
        "chapters": chapters,
        "fonts": fonts(settings),
        "paper": settings.paper,
    }
    unit.context = context
    return unit


def chapter_starts(log: str) -> dict[int, int]:
    """Chapter number -> its first page in a part's PDF (the part writes them to its log)."""
    return {int(m.group(1)): int(m.group(2)) for m in _START_RE.finditer(log)}


def update_contents(unit: TexUnit, out: Path) -> None:
    """Set the book's contents entries from its parts' logs (page 1 when a log lacks one)."""
    context = unit.context
    folder = (out / unit.tex).parent
    for entry in context["parts"]:
        log = folder / PurePosixPath(entry["pdf"]).with_suffix(".log")
        text = log.read_text("utf-8", "replace") if log.exists() else ""
        starts = chapter_starts(text)
        numbers = sorted(starts) or list(range(1, len(entry["titles"]) + 1))
        items = []
        for k, title in enumerate(entry["titles"]):
            number = numbers[k] if k < len(numbers) else 0
            page = starts.get(number, 1)
            items.append(f"{page},chapter,0,{{{title}}},ch.{entry['pdf']}.{k}")
        entry["toc"] = ",".join(items)


def build_book_contexts(
    corpus: Corpus,
    *,
    lang: str = "both",
    title: str = "",
    images: ImageLookup = find_image,
    settings: LatexSettings | None = None,
    display: Callable[[Path], str] = str,
    links: LinkIndex | None = None,
) -> list[TexUnit]:
    """Per language: every chapter unit, then the book unit that assembles them."""
    settings = settings or LatexSettings()
    name = book_title(corpus, title)
    languages = sorted({d.lang for d in corpus.documents if d.lang})
    units: list[TexUnit] = []
    for code in languages if lang == "both" else [lang]:
        docs = corpus.order.sort([d for d in corpus.documents if d.lang == code])
        if not docs:
            continue
        entries: list[PartEntry] = []
        first = len(units)
        for start in range(0, len(docs), PART_SIZE):
            chunk = docs[start : start + PART_SIZE]
            tex = f"{BOOK_FOLDER}/{code}/part-{start // PART_SIZE + 1:02d}.tex"
            units.append(
                part_unit(
                    chunk,
                    tex,
                    start + 1,
                    images=images,
                    settings=settings,
                    display=display,
                    links=links,
                )
            )
            titles = [latex_escape(d.title or d.rel) for d in chunk]
            pdf = f"{code}/part-{start // PART_SIZE + 1:02d}.pdf"
            entries.append({"pdf": pdf, "titles": titles, "toc": ""})
        book = TexUnit(
            tex=f"{BOOK_FOLDER}/course-{code}.tex",
            template="book.tex.j2",
            context={},
            sources=list(docs),
            needs=[u.tex for u in units[first:]],
        )
        context: BookContext = {
            "lang": code,
            "babel_lang": "korean" if code == "ko" else "english",
            "title": latex_text(name),
            "subtitle": latex_text(f"{len(docs)} chapters ({code})"),
            "pdf_title": name,
            "source": ", ".join(display(d.path) for d in docs[:3]) + (" ..." * (len(docs) > 3)),
            "parts": entries,
            "fonts": fonts(settings),
            "paper": settings.paper,
        }
        book.context = context
        update_contents(book, Path("/nonexistent"))  # page 1 until the parts are compiled
        units.append(book)
    return units
