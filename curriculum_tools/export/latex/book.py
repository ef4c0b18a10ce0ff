"""The course book: one ``.tex`` per language with a cover, a table of contents and one chapter
per document in course order (:attr:`Corpus.order`), page headers naming the chapter.

Chapters are rendered exactly as the per-document files are (:func:`.context.render_parts`,
the same :class:`LatexRenderer` over the same token slices); only the frame differs.
"""

from __future__ import annotations

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
_GENERIC = {"source", "sources", "src", "docs", "doc", "content", "book", "course"}


class ChapterItem(TypedDict):
    """One document as a chapter (every text already LaTeX)."""

    title: str
    mark: str
    anchor: str
    bookmark: str
    marker: str
    preamble: str
    sections: list[SectionItem]
    answers: str


class BookContext(TypedDict):
    """The context of ``book.tex.j2``."""

    lang: str
    babel_lang: str
    title: str
    subtitle: str
    pdf_title: str
    source: str
    chapters: list[ChapterItem]
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
    prefix = f"c{number}."
    parts = render_parts(
        unit,
        doc,
        prefix=prefix,
        asset_dir=f"{PurePosixPath(unit.tex).stem}-files",
        images=images,
        settings=settings,
        display=display,
        max_depth=5,
        links=links,
    )
    sections = parts.sections
    preamble = parts.preamble
    if parts.title_heading is not None:
        title = parts.title_heading
        first = sections[0]
        preamble = "\n\n".join(p for p in (preamble, first["body"]) if p)
        sections = sections[1:]
        marker = first["marker"]
    else:
        title = latex_text(doc.title or doc.rel)
        marker = f"%% src: {display(doc.path)}:1-1"
    return {
        "title": title,
        "mark": latex_escape(doc.title or doc.rel),
        "anchor": f"{prefix}chapter",
        "bookmark": latex_escape(doc.title or doc.rel),
        "marker": marker,
        "preamble": preamble,
        "sections": sections,
        "answers": parts.answers,
    }


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
    """One book unit per language (``book/course-en.tex`` ...), chapters in course order."""
    settings = settings or LatexSettings()
    name = book_title(corpus, title)
    languages = sorted({d.lang for d in corpus.documents if d.lang})
    units = []
    for code in languages if lang == "both" else [lang]:
        docs = corpus.order.sort([d for d in corpus.documents if d.lang == code], lambda d: d.rel)
        if not docs:
            continue
        unit = TexUnit(
            tex=f"{BOOK_FOLDER}/course-{code}.tex", template="book.tex.j2", context={}, sources=[]
        )
        unit.sources.extend(docs)
        chapters = [
            _chapter(
                unit,
                doc,
                n,
                images=images,
                settings=settings,
                display=display,
                links=links,
            )
            for n, doc in enumerate(docs, 1)
        ]
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
        unit.context = context
        units.append(unit)
    return units
