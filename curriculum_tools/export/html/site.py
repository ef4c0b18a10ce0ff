"""The site plan: where every page and asset lands, and the cross-references between them."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import quote

from .knowledge import Knowledge

if TYPE_CHECKING:
    from ...assets import LinkIndex, Target
    from ...model import Document, DocumentPair, Section
    from ...project import Corpus

LANG_LABELS = {"en": "English", "ko": "한국어"}
"""How a language names itself in the language switch."""
MISSING_SECTION = {"en": "No English section", "ko": "대응하는 한국어 섹션 없음"}
"""Shown in the side-by-side page for the missing side of a row (in that side's language)."""
STYLESHEET = "style.css"
HIGHLIGHT = "highlight.css"
STATUS_PAGE = "status.html"
GLOSSARY_PAGE = "glossary.html"
_HTML_ID_RE = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"'\s]+)["']""")


def lang_label(lang: str) -> str:
    return LANG_LABELS.get(lang, lang.upper())


def _relurl(target: str, page: str) -> str:
    """A relative URL from the page ``page`` to the output file ``target`` (both posix paths)."""
    return _relurl_from(target, posixpath.dirname(page))


@functools.lru_cache(maxsize=65536)
def _relurl_from(target: str, folder: str) -> str:
    """Every page links every other (the course sidebar): remembered per target and folder."""
    rel = posixpath.relpath(target, folder or ".")
    return quote(rel, safe="/-._~")


def _root_of(page: str) -> str:
    """The relative prefix from ``page`` back to the output root (``""``, ``"../"``...)."""
    depth = page.count("/")
    return "../" * depth


@dataclass(slots=True)
class _Place:
    """Where a document comes from and where it goes."""

    root: Path
    """The folder its local URLs may not leave (the source root, resolved)."""
    prefix: str
    """Output prefix for files under ``root`` (``""``, or ``"<lang>/"`` for loose files)."""
    rel: str
    """The document's path under ``root`` (posix)."""
    page: str = ""
    """Its page in the output, or ``""`` when its language is not exported."""


@dataclass(slots=True)
class Site:
    """Where every page and asset lands, and the cross-references between them.

    Built once from the corpus (:meth:`plan`); the context builders read it and record the
    assets to copy and the warnings they meet (each warning once).
    """

    languages: tuple[str, str]
    documents: list[Document]
    pairs: list[DocumentPair]
    places: dict[int, _Place] = field(default_factory=dict)
    pair_pages: dict[int, str] = field(default_factory=dict)
    by_file: dict[Path, Document] = field(default_factory=dict)
    pair_of: dict[int, DocumentPair] = field(default_factory=dict)
    counterpart: dict[int, tuple[Document, Section]] = field(default_factory=dict)
    row_of: dict[int, int] = field(default_factory=dict)
    assets: dict[str, Path] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    title: str = "Course material"
    """The index page's title (``export: html: title:`` in ctools.yaml)."""
    placeholders: set[str] = field(default_factory=set)
    """Missing, refused or removed images (``path:line:url``), each counted once."""
    images: set[str] = field(default_factory=set)
    """Output paths of the local images the pages show."""
    keep_remote_images: bool = False
    """``export.html.remote_images: keep``: remote images stay ``<img>`` (fetched online)."""
    remote: dict[str, tuple[Document, int]] = field(default_factory=dict)
    """Remote images shown as links (``path:line:url`` -> where), for one summary warning."""
    index: LinkIndex | None = None
    """The one link resolver's index (:mod:`curriculum_tools.assets`), set by :meth:`plan`."""
    knowledge: Knowledge = field(default_factory=Knowledge)
    """Lint findings and translation states by section (set by the exporter)."""
    memo: dict[tuple[object, ...], object] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    """Includes not spliced, over their document's cost budget (the export exits 2)."""
    """Work the pages of one run share (included files, expanded fences), by document."""
    _warned: set[str] = field(default_factory=set)
    _anchors: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def plan(cls, corpus: Corpus, lang: str = "both") -> Site:
        """Place the corpus's documents (of the exported languages) and pairs."""
        languages = (corpus.config.languages[0], corpus.config.languages[1])
        wanted = set(languages) if lang == "both" else {lang}
        from ...assets import LinkIndex

        docs = sorted(
            (d for d in corpus.documents if d.lang in languages),
            key=lambda d: (
                corpus.order.position(d.rel or d.path.name),
                d.rel or d.path.name,
                languages.index(d.lang),
            ),
        )
        site = cls(languages, docs, [p for p in corpus.pairs if p.en and p.ko])
        site.index = LinkIndex.of(corpus)
        settings = corpus.config.export.get("html")
        if isinstance(settings, dict) and settings.get("title"):
            site.title = str(settings["title"])
        if isinstance(settings, dict) and settings.get("remote_images") == "keep":
            site.keep_remote_images = True
        taken = {"index.html", STYLESHEET, HIGHLIGHT, STATUS_PAGE, GLOSSARY_PAGE, "search.html"}
        for doc in docs:
            place = _place(doc)
            if doc.lang in wanted:
                page = _unique(place.prefix + _with_suffix(place.rel, ".html"), taken)
                place.page = page
            site.places[id(doc)] = place
            site.by_file[doc.path.resolve()] = doc
        if lang == "both":
            for pair in site.pairs:
                assert pair.en is not None and pair.ko is not None
                base = site.places[id(pair.en)]
                rel = base.rel
                if rel.startswith(f"{pair.en.lang}/"):
                    rel = rel.split("/", 1)[1]
                pair_dir = f"{languages[0]}-{languages[1]}/"
                site.pair_pages[id(pair)] = _unique(pair_dir + _with_suffix(rel, ".html"), taken)
        for pair in site.pairs:
            assert pair.en is not None and pair.ko is not None
            site.pair_of[id(pair.en)] = site.pair_of[id(pair.ko)] = pair
            for index, row in enumerate(pair.rows):
                for section in (row.en, row.ko):
                    if section is not None:
                        site.row_of[id(section)] = index
                if row.en is not None and row.ko is not None:
                    site.counterpart[id(row.en)] = (pair.ko, row.ko)
                    site.counterpart[id(row.ko)] = (pair.en, row.en)
        return site

    # -- queries used by the context builders --

    def page(self, doc: Document) -> str:
        return self.places[id(doc)].page

    def pair_page(self, pair: DocumentPair) -> str:
        return self.pair_pages.get(id(pair), "")

    def other(self, doc: Document) -> Document | None:
        pair = self.pair_of.get(id(doc))
        if pair is None:
            return None
        return pair.ko if pair.en is doc else pair.en

    def anchors(self, doc: Document) -> set[str]:
        """Fragments a link into ``doc``'s page may use: slugs, explicit ids, raw HTML ids."""
        found = self._anchors.get(id(doc))
        if found is None:
            found = {section_anchor(s) for s in doc.walk()}
            for section in doc.walk():
                found.update(section.ids)
            for block in doc.all_blocks():
                if block.kind == "html":
                    found.update(_HTML_ID_RE.findall(block.code))
            known = self.links.anchors(doc.path.resolve(), doc)  # the resolver's, computed once
            found.update(a for a in known if not a.startswith("api:"))
            self._anchors[id(doc)] = found
        return found

    def warn(self, doc: Document, line: int, message: str, once: bool = False) -> None:
        """Record a warning once; ``once``: once per document whatever the line (a broken
        link target is reported at its first use, as the linter reports it)."""
        text = f"{doc.path}:{max(line, 1)}: {message}"
        if once:
            key = f"{doc.path}::{message}"
            if key in self._warned:
                return
            self._warned.add(key)
        if text not in self._warned:
            self._warned.add(text)
            self.warnings.append(text)

    def course(self, lang: str) -> list[Document]:
        """The pages of the course in ``lang``, in course order; a document with no page in
        ``lang`` takes its place with its page in the other language (marked by its lang)."""
        out: list[Document] = []
        for doc in self.documents:
            if not self.page(doc):
                continue
            if doc.lang == lang:
                out.append(doc)
                continue
            other = self.other(doc)
            lonely = other is None or not self.page(other) or other.lang != lang
            if lonely and not any(d is doc for d in out):
                out.append(doc)
        return out

    def resolve(self, url: str, doc: Document) -> Target:
        """The one resolver's verdict on ``url`` written in ``doc`` (remembered: a document
        page and its side-by-side page resolve the same links)."""
        key = ("resolve", url, id(doc))
        if key not in self.memo:
            from ...assets import resolve

            self.memo[key] = resolve(url, doc, self.links)
        return cast("Target", self.memo[key])

    @property
    def links(self) -> LinkIndex:
        """The resolver's index of this run (set by :meth:`plan`)."""
        assert self.index is not None, "Site.plan sets the index"
        return self.index

    def dest_of(self, file: Path, doc: Document) -> str:
        """Where a local file a page of ``doc`` links or shows lands in the output (its path
        under the document's source root), or ``""`` when its real path (symlinks followed)
        leaves that root: such a file is never copied."""
        place = self.places[id(doc)]
        try:
            real = file.resolve(strict=True)
        except (OSError, RuntimeError):
            return ""
        if not real.is_relative_to(place.root) or not file.is_relative_to(place.root):
            return ""
        return place.prefix + file.relative_to(place.root).as_posix()


def _place(doc: Document) -> _Place:
    path = doc.path.resolve()
    if doc.rel:
        lang_dir = path
        for _ in doc.rel.split("/"):
            lang_dir = lang_dir.parent
        root = lang_dir.parent
        return _Place(root, "", path.relative_to(root).as_posix())
    return _Place(path.parent, f"{doc.lang}/", path.name)


def _with_suffix(rel: str, suffix: str) -> str:
    stem, dot, _ = rel.rpartition(".")
    return (stem if dot and "/" not in rel[len(stem) :] else rel) + suffix


def _unique(path: str, taken: set[str]) -> str:
    candidate = path
    n = 1
    while candidate in taken:
        n += 1
        stem = path[: -len(".html")]
        candidate = f"{stem}-{n}.html"
    taken.add(candidate)
    return candidate


def section_anchor(section: Section) -> str:
    """The heading's anchor: the linter's slug (a fallback when the title has no letters)."""
    return section.slug if section.slug.strip("-") else f"section-{section.index + 1}"
