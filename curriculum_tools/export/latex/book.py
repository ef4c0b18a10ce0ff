"""The course book: one PDF per language with a cover, a table of contents and one chapter per
document in course order (:attr:`Corpus.order`), every page headed by its chapter's name.

A chapter is its own ``.tex`` (``book/<lang>/<document>.tex``, rendered exactly as the
per-document file: :func:`.context.render_parts`, the same renderer over the same token
slices), so chapters compile in parallel and only a changed chapter compiles again. The book
(``book/course-<lang>.tex``) then assembles the chapter PDFs with ``pdfpages``: cover,
contents (one entry and bookmark per chapter), running page numbers. Links inside a chapter
work in the chapter PDF; the assembled book keeps its contents links and bookmarks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, TypedDict

from .context import SectionItem, TexUnit, render_parts, stem_of
from .escape import latex_escape, latex_text
from .images import ImageLookup, find_image
from .settings import LatexSettings, fonts

if TYPE_CHECKING:
    from ...assets import LinkIndex
    from ...model import Document
    from ...project import Corpus

BOOK_FOLDER = "book"
_GENERIC = {"source", "sources", "src", "docs", "doc", "content", "book", "course"}


class ChapterContext(TypedDict):
    """The context of ``chapter.tex.j2``: one document as a chapter (texts already LaTeX)."""

    lang: str
    babel_lang: str
    source: str
    title: str
    mark: str
    pdf_title: str
    preamble: str
    sections: list[SectionItem]
    answers: str
    fonts: dict[str, str]
    paper: str


class ChapterEntry(TypedDict):
    title: str
    pdf: str
    anchor: str


class BookContext(TypedDict):
    """The context of ``book.tex.j2``: the cover and the chapter PDFs in order."""

    lang: str
    babel_lang: str
    title: str
    subtitle: str
    pdf_title: str
    source: str
    chapters: list[ChapterEntry]
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


def chapter_unit(
    doc: Document,
    tex: str,
    *,
    images: ImageLookup = find_image,
    settings: LatexSettings | None = None,
    display: Callable[[Path], str] = str,
    links: LinkIndex | None = None,
) -> TexUnit:
    """One document as a chapter of the book (its own ``.tex``)."""
    settings = settings or LatexSettings()
    unit = TexUnit(tex=tex, template="chapter.tex.j2", context={}, sources=[doc])
    parts = render_parts(
        unit,
        doc,
        prefix=f"{doc.lang or 'doc'}.",
        asset_dir=f"{PurePosixPath(tex).stem}-files",
        images=images,
        settings=settings,
        display=display,
        max_depth=5,
        links=links,
    )
    sections, preamble = parts.sections, parts.preamble
    if parts.title_heading is not None:
        title = parts.title_heading
        preamble = "\n\n".join(p for p in (preamble, sections[0]["body"]) if p)
        sections = sections[1:]
    else:
        title = latex_text(doc.title or doc.rel)
    context: ChapterContext = {
        "lang": doc.lang,
        "babel_lang": "korean" if doc.lang == "ko" else "english",
        "source": display(doc.path),
        "title": title,
        "mark": latex_escape(doc.title or doc.rel),
        "pdf_title": doc.title,
        "preamble": preamble,
        "sections": sections,
        "answers": parts.answers,
        "fonts": fonts(settings),
        "paper": settings.paper,
    }
    unit.context = context
    return unit


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
        chapters: list[ChapterEntry] = []
        taken: set[str] = set()
        for n, doc in enumerate(docs, 1):
            stem = stem_of(doc).replace("/", "--")
            while stem in taken:
                stem += "-"
            taken.add(stem)
            tex = f"{BOOK_FOLDER}/{code}/{stem}.tex"
            units.append(
                chapter_unit(
                    doc, tex, images=images, settings=settings, display=display, links=links
                )
            )
            chapters.append(
                {
                    "title": latex_escape(doc.title or doc.rel),
                    "pdf": f"{code}/{stem}.pdf",
                    "anchor": f"chapter.{n}",
                }
            )
        book = TexUnit(
            tex=f"{BOOK_FOLDER}/course-{code}.tex",
            template="book.tex.j2",
            context={},
            needs=[u.tex for u in units[-len(docs) :]],
        )
        context: BookContext = {
            "lang": code,
            "babel_lang": "korean" if code == "ko" else "english",
            "title": latex_text(name),
            "subtitle": latex_text(f"{len(docs)} chapters ({code})"),
            "pdf_title": name,
            "source": ", ".join(display(d.path) for d in docs[:3]) + (" ..." * (len(docs) > 3)),
            "chapters": chapters,
            "fonts": fonts(settings),
            "paper": settings.paper,
        }
        book.context = context
        units.append(book)
    return units
