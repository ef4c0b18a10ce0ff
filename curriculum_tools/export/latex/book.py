"""The course book: one PDF per language with a cover, a table of contents and one chapter per
document in course order (:attr:`Corpus.order`), every page headed by its chapter's name.

The book is one ``.tex`` per language (``book/course-<lang>.tex``) holding every chapter's
body, rendered exactly as the per-document files (:func:`.context.render_parts`, the same
renderer over the same token slices). One document keeps every hyperlink: section links,
web links, and links from one chapter to another (``ch04-01.md#slug`` becomes a link to that
chapter's section, see :func:`chapter_links`).

It compiles in **one** LuaLaTeX run: nothing in it needs a second pass. Pages are numbered
per chapter (``3-12``: chapter 3, its page 12; the front matter in roman numerals), so the
contents, written here from the course order, know every chapter's first page (``N-1``)
before anything is typeset; no ``.toc``, no ``\\ref``. The two languages' books compile in
parallel, one engine per core.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import unquote

from .context import SectionItem, TexUnit, UnitOptions, render_parts
from .escape import latex_escape, latex_text
from .settings import fonts

if TYPE_CHECKING:
    from ...assets import LinkIndex
    from ...model import Document
    from ...project import Corpus

BOOK_FOLDER = "book"
_GENERIC = {"source", "sources", "src", "docs", "doc", "content", "book", "course"}


class ChapterItem(TypedDict):
    """One document as a chapter of the book (texts already LaTeX)."""

    number: int
    title: str
    mark: str
    anchor: str
    title_anchor: str
    """The anchor of the heading shown as the chapter title (links to it land on the top)."""
    marker: str
    preamble: str
    sections: list[SectionItem]
    answers: str


class BookContext(TypedDict):
    """The context of ``book.tex.j2``: the cover, the contents and every chapter in order."""

    lang: str
    babel_lang: str
    title: str
    subtitle: str
    contents_title: str
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


def chapter_anchor(number: int) -> str:
    """The hyperlink target at the top of chapter ``number``."""
    return f"c{number}.top"


def chapter_links(
    docs: list[Document], links: LinkIndex | None
) -> Callable[[Document], Callable[[str], str | None]]:
    """For each chapter, a function from an href written in it to the book's anchor it leads
    to: another chapter (its top, or the section its fragment names), or None (not in this
    book: the link keeps its text only)."""
    numbers = {doc.path.resolve(): (n, doc) for n, doc in enumerate(docs, 1)}

    def for_doc(doc: Document) -> Callable[[str], str | None]:
        def target(href: str) -> str | None:
            if links is None:
                return None
            from ...assets import resolve

            address, _, fragment = href.partition("#")
            if not address:
                return None  # a fragment alone: the renderer's own section links
            # the fragment is matched here, against the chapter's sections: the resolver
            # is asked for the file only (checking anchors would read every target's HTML)
            found = resolve(address, doc, links)
            if found.kind not in ("document", "self") or found.path is None:
                return None
            hit = numbers.get(found.path.resolve())
            if hit is None:
                return None
            number, chapter = hit
            anchor = unquote(fragment)
            for section in chapter.walk() if anchor else ():
                if anchor == section.slug or anchor in section.ids:
                    return f"c{number}.{section.index}"
            return chapter_anchor(number)

        return target

    return for_doc


def _chapter(
    unit: TexUnit,
    doc: Document,
    number: int,
    options: UnitOptions,
    cross: Callable[[str], str | None] | None,
) -> ChapterItem:
    parts = render_parts(
        unit,
        doc,
        prefix=f"c{number}.",
        asset_dir=f"{PurePosixPath(unit.tex).stem}-files",
        options=options,
        max_depth=5,
        cross=cross,
    )
    sections, preamble = parts.sections, parts.preamble
    title_anchor = ""
    if (
        parts.title_heading is None
        and sections
        and not preamble
        and sections[0]["bookmark"] == (latex_escape(doc.title))
    ):  # opens with its title at a lower level (## Appendix B): that heading is the title
        parts.title_heading = sections[0]["heading"]
    if parts.title_heading is not None:
        title, title_anchor = parts.title_heading, sections[0]["anchor"]
        marker = sections[0]["marker"]
        preamble = "\n\n".join(p for p in (preamble, sections[0]["body"]) if p)
        sections = sections[1:]
    else:
        title = latex_text(doc.title or doc.rel)
        marker = f"%% src: {options.display(doc.path)}:1-1"
    return {
        "number": number,
        "title": title,
        "mark": latex_escape(doc.title or doc.rel),
        "anchor": chapter_anchor(number),
        "title_anchor": title_anchor,
        "marker": marker,
        "preamble": preamble,
        "sections": sections,
        "answers": parts.answers,
    }


def book_unit(
    docs: list[Document],
    tex: str,
    title: str,
    options: UnitOptions | None = None,
) -> TexUnit:
    """The book of ``docs`` (one language, in course order) as one unit."""
    options = options or UnitOptions()
    unit = TexUnit(tex=tex, template="book.tex.j2", context={}, sources=list(docs))
    cross = chapter_links(docs, options.links)
    chapters = [
        _chapter(unit, doc, number, options, cross(doc)) for number, doc in enumerate(docs, 1)
    ]
    code = docs[0].lang
    context: BookContext = {
        "lang": code,
        "babel_lang": "korean" if code == "ko" else "english",
        "title": latex_text(title),
        "subtitle": latex_text(f"{len(docs)} chapters ({code})"),
        "contents_title": "차례" if code == "ko" else "Contents",
        "pdf_title": title,
        "source": ", ".join(options.display(d.path) for d in docs[:3]) + (" ..." * (len(docs) > 3)),
        "chapters": chapters,
        "fonts": fonts(options.settings),
        "paper": options.settings.paper,
    }
    unit.context = context
    return unit


def build_book_contexts(
    corpus: Corpus,
    *,
    lang: str = "both",
    title: str = "",
    options: UnitOptions | None = None,
) -> list[TexUnit]:
    """One book unit per language (``lang``: ``both`` or one code)."""
    name = book_title(corpus, title)
    languages = sorted({d.lang for d in corpus.documents if d.lang})
    units: list[TexUnit] = []
    for code in languages if lang == "both" else [lang]:
        docs = corpus.order.sort([d for d in corpus.documents if d.lang == code])
        if docs:
            units.append(book_unit(docs, f"{BOOK_FOLDER}/course-{code}.tex", name, options))
    return units
