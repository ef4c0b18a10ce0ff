"""The ``html`` exporter: a static, offline, bilingual site.

Layout of the output folder (every link in it is relative, so it works from ``file://``
and from any sub-path of a web server)::

    index.html                 every document, its languages and translation state
    style.css, highlight.css   the bundled stylesheet (overridable) and Pygments' styles
    en/<rel>.html, ko/<rel>.html   one page per document and language
    en-ko/<rel>.html           the side-by-side page of each pair, one row per aligned section
    <path>                     local images (and other linked files) at their path under the
                               source root, so they sit next to the pages as in the source

The exporter is three pure ``build_*_context`` functions over a :class:`Site` plan (which
decides where things land and collects warnings and assets), then one render per page and
the writes. Content HTML comes from :func:`~curriculum_tools.export.markup.render_html`
(sanitized); :class:`_Fixer` then rewrites its URLs and ids for the page it lands on.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from ..text import strip_trailing_ids
from . import ExportOptions, ExportResult, make_env, preamble_markdown, section_markdown
from .markup import pygments_css, render_html, render_inline

if TYPE_CHECKING:
    from ..model import Block, Document, DocumentPair, Section
    from ..project import Corpus
    from ..status import Lock

LANG_LABELS = {"en": "English", "ko": "한국어"}
"""How a language names itself in the language switch."""
MISSING_SECTION = {"en": "No English section", "ko": "대응하는 한국어 섹션 없음"}
"""Shown in the side-by-side page for the missing side of a row (in that side's language)."""
TEMPLATES = (
    "base.html.j2",
    "document.html.j2",
    "pair.html.j2",
    "index.html.j2",
    "status.html.j2",
)
STYLESHEET = "style.css"
HIGHLIGHT = "highlight.css"

_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:=\"[^\"]*\")?)*)\s*(/?)>")
_ATTR_RE = re.compile(r"([^\s\"'>/=]+)(?:=\"([^\"]*)\")?")
_HTML_ID_RE = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"'\s]+)["']""")
_UNSAFE_URL_RE = re.compile(r"\s*(?!https?:|mailto:)[a-zA-Z][a-zA-Z0-9+.\-]*:")
_VALID_ID_RE = re.compile(r"^\S+$")
_INTERESTING = ("id=", "name=", "align=", "dir=", "loading=", "width=", "height=")


def lang_label(lang: str) -> str:
    return LANG_LABELS.get(lang, lang.upper())


def _relurl(target: str, page: str) -> str:
    """A relative URL from the page ``page`` to the output file ``target`` (both posix paths)."""
    rel = posixpath.relpath(target, posixpath.dirname(page) or ".")
    return quote(rel, safe="/-._~")


def _root_of(page: str) -> str:
    """The relative prefix from ``page`` back to the output root (``""``, ``"../"``...)."""
    depth = page.count("/")
    return "../" * depth


# --- the site plan ---------------------------------------------------------------------------


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
    _warned: set[str] = field(default_factory=set)
    _html: dict[tuple[int, int], str] = field(default_factory=dict)
    _anchors: dict[int, set[str]] = field(default_factory=dict)

    @classmethod
    def plan(cls, corpus: Corpus, lang: str = "both") -> Site:
        """Place the corpus's documents (of the exported languages) and pairs."""
        languages = (corpus.config.languages[0], corpus.config.languages[1])
        wanted = set(languages) if lang == "both" else {lang}
        docs = sorted(
            (d for d in corpus.documents if d.lang in languages),
            key=lambda d: (d.rel or d.path.name, languages.index(d.lang)),
        )
        site = cls(languages, docs, [p for p in corpus.pairs if p.en and p.ko])
        settings = corpus.config.export.get("html")
        if isinstance(settings, dict) and settings.get("title"):
            site.title = str(settings["title"])
        taken = {"index.html", STYLESHEET, HIGHLIGHT}
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
            self._anchors[id(doc)] = found
        return found

    def warn(self, doc: Document, line: int, message: str) -> None:
        text = f"{doc.path}:{max(line, 1)}: {message}"
        if text not in self._warned:
            self._warned.add(text)
            self.warnings.append(text)

    def content(self, doc: Document, section: Section | None) -> str:
        """Sanitized HTML of a section's own content (None: the preamble), rendered once."""
        key = (id(doc), -1 if section is None else section.index)
        out = self._html.get(key)
        if out is None:
            markdown = preamble_markdown(doc) if section is None else section_markdown(doc, section)
            out = render_html(markdown) if markdown.strip() else ""
            self._html[key] = out
        return out

    def resolve(self, doc: Document, url_path: str) -> tuple[str, Path | None, str]:
        """Resolve a local URL path of ``doc``: ``("ok", file, output path)``, or a problem.

        A leading ``/`` means the source root. Anything that leaves the source root (``..``,
        a symlink pointing outside) is ``"outside"``; a file that is not there is ``"missing"``.
        """
        place = self.places[id(doc)]
        if url_path.startswith("/"):
            rel = url_path.lstrip("/")
        else:
            rel = posixpath.join(posixpath.dirname(place.rel), url_path)
        rel = posixpath.normpath(rel)
        if rel == ".." or rel.startswith("../") or rel.startswith("/") or "\x00" in rel:
            return "outside", None, ""
        candidate = place.root / rel
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return "missing", None, ""
        if not real.is_relative_to(place.root):
            return "outside", None, ""
        if not real.is_file():
            return "missing", None, ""
        return "ok", real, place.prefix + rel


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


# --- content fixing: URLs, ids and images for the page a fragment lands on ------------------


def _attrs(text: str) -> list[tuple[str, str | None]]:
    return [
        (name.lower(), None if value is None else html.unescape(value))
        for name, value in _ATTR_RE.findall(text)
        if name
    ]


def _tag(name: str, attrs: Iterable[tuple[str, str | None]], close: str = "") -> str:
    parts = [name]
    for key, value in attrs:
        parts.append(key if value is None else f'{key}="{html.escape(value, quote=True)}"')
    return f"<{' '.join(parts)}{close}>"


def _placeholder(kind: str, what: str) -> str:
    return (
        f'<span class="missing-image" role="img" aria-label="{html.escape(kind)}">'
        f'<span class="missing-image-kind">{html.escape(kind)}</span> '
        f"<code>{html.escape(what)}</code></span>"
    )


class _Fixer:
    """Rewrite one page's content: local links and images, ids (unique on the page)."""

    def __init__(self, site: Site, page: str, id_prefix: str = "") -> None:
        self.site = site
        self.page = page
        self.id_prefix = id_prefix
        self.used: set[str] = set()
        self.reserved: set[str] = set()

    def reserve(self, doc: Document) -> None:
        """Keep the document's heading anchors for its headings (content ids never take them)."""
        for section in doc.walk():
            self.reserved.add(self.id_prefix + section_anchor(section))
            self.reserved.update(self.id_prefix + x for x in section.ids)

    def claim(self, anchor: str, heading: bool = False) -> str | None:
        """Take an id on the page; None when it is taken, reserved or not a valid id."""
        value = self.id_prefix + anchor
        if not anchor or not _VALID_ID_RE.match(value) or value in self.used:
            return None
        if value in self.reserved and not heading:
            return None
        self.used.add(value)
        return value

    def fix(self, fragment: str, doc: Document, blocks: Iterable[Block], line: int) -> str:
        facts = [
            (fact.value, fact.line) for block in blocks for fact in (*block.images, *block.links)
        ]

        def line_of(url: str) -> int:
            """The source line of a URL (``""``: of the first unsafe URL the sanitizer removed)."""
            for value, at in facts:
                if value in (url, unquote(url)) if url else _UNSAFE_URL_RE.match(value):
                    return at
            return line

        def one(match: re.Match[str]) -> str:
            name = match.group(1).lower()
            raw = match.group(2)
            if name not in ("a", "img") and not any(k in raw for k in _INTERESTING):
                return match.group(0)
            attrs = _attrs(raw)
            if name == "img":
                return self._img(attrs, doc, line_of)
            out: list[tuple[str, str | None]] = []
            extra_id: str | None = None
            for key, value in attrs:
                if key == "id":
                    claimed = self.claim(value or "")
                    if claimed:
                        out.append(("id", claimed))
                elif key == "name" and name == "a":
                    extra_id = value
                elif key == "align" and name in ("td", "th") and value:
                    out.append(("style", f"text-align:{value}"))
                elif key == "dir" and value not in ("ltr", "rtl", "auto"):
                    continue
                else:
                    out.append((key, value))
            if extra_id and not any(k == "id" for k, _ in out):
                claimed = self.claim(extra_id)
                if claimed:
                    out.append(("id", claimed))
            if name == "a":
                out = self._link(out, doc, line_of)
            return _tag(match.group(1), out, match.group(3))

        return _TAG_RE.sub(one, fragment)

    def _link(
        self, attrs: list[tuple[str, str | None]], doc: Document, line_of: Callable[[str], int]
    ) -> list[tuple[str, str | None]]:
        href = dict(attrs).get("href")
        if href is None:
            return [(k, v) for k, v in attrs if k != "rel"]
        new, problem = self._href(href, doc)
        if problem:
            self.site.warn(doc, line_of(href), problem)
            kept = [(k, v) for k, v in attrs if k not in ("href", "rel", "title", "class")]
            return [("class", "broken-link"), ("title", problem), *kept]
        return [(k, new if k == "href" else v) for k, v in attrs]

    def _href(self, href: str, doc: Document) -> tuple[str, str]:
        """The rewritten href, or ``("", problem)``."""
        site = self.site
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            return href, ""
        frag = unquote(parts.fragment)
        path = unquote(parts.path)
        if not path:
            if not frag:
                return href, ""
            if frag in site.anchors(doc):
                return "#" + self.id_prefix + frag, ""
            return "", f"broken link: no section `#{frag}` in this document"
        status, file, dest = site.resolve(doc, path)
        if status == "outside":
            return "", f"broken link: `{path}` is outside the source folder"
        if file is None:
            return "", f"broken link: `{path}` not found"
        target = site.by_file.get(file)
        if target is None:
            site.assets.setdefault(dest, file)
            return _relurl(dest, self.page) + (f"#{quote(frag)}" if frag else ""), ""
        if target is doc and self.id_prefix:  # the same document, on a side-by-side page
            if not frag:
                return "#", ""
            if frag in site.anchors(doc):
                return "#" + self.id_prefix + frag, ""
            return "", f"broken link: no section `#{frag}` in this document"
        page = site.page(target)
        if not page:
            return "", f"broken link: `{path}` is not exported (language {target.lang})"
        url = _relurl(page, self.page)
        if frag:
            if frag not in site.anchors(target):
                return "", f"broken link: no section `#{frag}` in `{path}`"
            url += "#" + quote(frag)
        return url, ""

    def _img(
        self, attrs: list[tuple[str, str | None]], doc: Document, line_of: Callable[[str], int]
    ) -> str:
        site = self.site
        found = dict(attrs)
        src = found.get("src")
        alt = found.get("alt") or ""
        kept: list[tuple[str, str | None]] = []
        for key, value in attrs:
            if key in ("src", "alt"):
                continue
            if key in ("width", "height") and not (value or "").isdigit():
                continue
            if key == "loading" and value not in ("lazy", "eager"):
                continue
            if key == "id":
                claimed = self.claim(value or "")
                if claimed:
                    kept.append(("id", claimed))
                continue
            kept.append((key, value))
        if not src:
            site.placeholders.add(f"{doc.path}:{line_of('')}:")
            site.warn(doc, line_of(""), "image removed: empty or unsafe URL")
            return _placeholder("Image removed (unsafe URL)", alt)
        parts = urlsplit(src)
        if parts.scheme or src.startswith("//"):
            return _tag("img", [("src", src), ("alt", alt), *kept])
        path = unquote(parts.path)
        status, file, dest = site.resolve(doc, path)
        if file is None:
            site.placeholders.add(f"{doc.path}:{line_of(src)}:{src}")
            if status == "outside":
                site.warn(
                    doc, line_of(src), f"image refused: `{path}` is outside the source folder"
                )
                return _placeholder("Image refused (outside the source folder)", path)
            site.warn(doc, line_of(src), f"missing image: `{path}` not found")
            return _placeholder("Missing image", path)
        site.assets.setdefault(dest, file)
        site.images.add(dest)
        return _tag("img", [("src", _relurl(dest, self.page)), ("alt", alt), *kept])


# --- contexts --------------------------------------------------------------------------------


def _title_html(section: Section) -> str:
    """The heading's inline Markdown (number included, id markers and ids removed)."""
    raw = strip_trailing_ids(section.raw_title or section.heading)
    out = render_inline(raw.strip())
    return re.sub(r'\s(?:id|name)="[^"]*"', "", out) or html.escape(section.heading)


def _toc(sections: Iterable[Section], href: Callable[[Section], str]) -> list[dict[str, Any]]:
    return [
        {"title": s.heading, "href": href(s), "children": _toc(s.children, href)} for s in sections
    ]


STATUS_PAGE = "status.html"


def _site_links(site: Site, page: str) -> list[dict[str, str]]:
    """Site-wide navigation: the index and the translation status page."""
    return [
        {"label": "Index", "href": _relurl("index.html", page)},
        {"label": "Translation status", "href": _relurl(STATUS_PAGE, page)},
    ]


def _common(site: Site, page: str, lang: str, title: str) -> dict[str, Any]:
    return {
        "lang": lang,
        "title": title,
        "page": page,
        "root": _root_of(page),
        "stylesheets": [_relurl(STYLESHEET, page), _relurl(HIGHLIGHT, page)],
        "site_links": _site_links(site, page),
    }


def _heading(
    site: Site, fixer: _Fixer, doc: Document, section: Section, **extra: Any
) -> dict[str, Any]:
    anchor = fixer.claim(section_anchor(section), heading=True)
    extra_ids = [i for i in (fixer.claim(x, heading=True) for x in section.ids) if i]
    return {
        "level": section.level,
        "id": anchor,
        "extra_ids": extra_ids,
        "number": section.number or "",
        "title": section.heading,
        "title_html": fixer.fix(_title_html(section), doc, (), section.line),
        "line": section.line,
        **extra,
    }


def build_document_context(site: Site, doc: Document) -> dict[str, Any]:
    """Everything ``document.html.j2`` shows for one document in one language."""
    page = site.page(doc)
    fixer = _Fixer(site, page)
    fixer.reserve(doc)
    flat = doc.walk()
    other = site.other(doc)
    pair = site.pair_of.get(id(doc))
    other_page = site.page(other) if other is not None else ""
    pair_page = site.pair_page(pair) if pair is not None else ""
    languages = [{"lang": doc.lang, "label": lang_label(doc.lang), "href": "", "current": True}]
    if other is not None and other_page:
        languages.append(
            {
                "lang": other.lang,
                "label": lang_label(other.lang),
                "href": _relurl(other_page, page),
                "current": False,
            }
        )
    languages.sort(key=lambda item: site.languages.index(str(item["lang"])))
    sections = []
    for section in flat:
        switch = None
        twin = site.counterpart.get(id(section))
        if twin is not None and other_page:
            switch = {
                "lang": twin[0].lang,
                "label": lang_label(twin[0].lang),
                "title": twin[1].heading,
                "href": _relurl(other_page, page) + "#" + quote(section_anchor(twin[1])),
            }
        row = site.row_of.get(id(section))
        side_by_side = (
            _relurl(pair_page, page) + f"#row-{row + 1}" if pair_page and row is not None else ""
        )
        sections.append(_heading(site, fixer, doc, section, switch=switch, pair_href=side_by_side))
    preamble = site.content(doc, None)
    start = doc.front_matter_lines[1] + 1 if doc.front_matter_lines else 1
    preamble_html = fixer.fix(preamble, doc, doc.preamble, start) if preamble else ""
    for item, section in zip(sections, flat, strict=True):
        body = site.content(doc, section)
        item["html"] = fixer.fix(body, doc, section.blocks, section.line) if body else ""
    return {
        **_common(site, page, doc.lang, doc.title),
        "kind": "document",
        "doc_id": doc.doc_id,
        "source": str(doc.path),
        "languages": languages,
        "pair_href": _relurl(pair_page, page) if pair_page else "",
        "translation": _translation_state(site, doc),
        "toc": _toc(doc.sections, lambda s: "#" + quote(section_anchor(s))),
        "preamble_html": preamble_html,
        "sections": sections,
    }


def _translation_state(site: Site, doc: Document) -> str:
    if site.other(doc) is not None:
        return "translated"
    return "single-language" if doc.no_translation else "missing-translation"


def _cell(
    site: Site, fixer: _Fixer, doc: Document, section: Section | None, lang: str
) -> dict[str, Any]:
    if section is None:
        return {"lang": lang, "present": False, "label": MISSING_SECTION.get(lang, "—")}
    body = site.content(doc, section)
    page = site.page(doc)
    return _heading(
        site,
        fixer,
        doc,
        section,
        lang=lang,
        present=True,
        html=fixer.fix(body, doc, section.blocks, section.line) if body else "",
        page_href=(_relurl(page, fixer.page) + "#" + quote(section_anchor(section)))
        if page
        else "",
    )


def build_pair_context(site: Site, pair: DocumentPair) -> dict[str, Any]:
    """Everything ``pair.html.j2`` shows: one row per aligned section, a missing side shown."""
    assert pair.en is not None and pair.ko is not None
    page = site.pair_page(pair)
    src, tgt = site.languages
    docs = {src: pair.en, tgt: pair.ko}
    fixers = {lang: _Fixer(site, page, f"{lang}-") for lang in docs}
    for lang, doc in docs.items():
        fixers[lang].reserve(doc)
    rows: list[dict[str, Any]] = []
    preamble = []
    for lang, doc in docs.items():
        body = site.content(doc, None)
        start = doc.front_matter_lines[1] + 1 if doc.front_matter_lines else 1
        preamble.append(
            {"lang": lang, "html": fixers[lang].fix(body, doc, doc.preamble, start) if body else ""}
        )
    for index, row in enumerate(pair.rows):
        first = row.en if row.en is not None else row.ko
        cells = [
            _cell(site, fixers[src], pair.en, row.en, src),
            _cell(site, fixers[tgt], pair.ko, row.ko, tgt),
        ]
        rows.append(
            {
                "id": f"row-{index + 1}",
                "match": row.match or "",
                "moved": row.moved,
                "level": first.level if first is not None else 1,
                "cells": cells,
            }
        )
    toc = [
        {
            "href": "#" + str(row["id"]),
            "level": row["level"],
            "cells": [
                {"lang": c["lang"], "title": c.get("title", ""), "present": c["present"]}
                for c in row["cells"]
            ],
        }
        for row in rows
    ]
    return {
        **_common(site, page, src, f"{pair.en.title} · {pair.ko.title}"),
        "kind": "pair",
        "doc_id": pair.en.doc_id,
        "titles": [
            {"lang": lang, "title": doc.title, "href": _relurl(site.page(doc), page)}
            for lang, doc in docs.items()
        ],
        "preamble": preamble if any(p["html"] for p in preamble) else [],
        "rows": rows,
        "toc": toc,
        "counts": row_counts(pair),
    }


def row_counts(pair: DocumentPair) -> dict[str, int]:
    """Alignment summary of a pair: aligned rows, rows missing a side, moved rows."""
    rows = pair.rows
    return {
        "sections": len(rows),
        "aligned": sum(1 for r in rows if r.en is not None and r.ko is not None),
        "missing_en": sum(1 for r in rows if r.en is None),
        "missing_ko": sum(1 for r in rows if r.ko is None),
        "moved": sum(1 for r in rows if r.moved),
    }


def build_index_context(site: Site) -> dict[str, Any]:
    """Every document with its languages (pages), translation state and alignment counts."""
    page = "index.html"
    entries: list[dict[str, Any]] = []
    seen: set[int] = set()
    for doc in site.documents:
        if id(doc) in seen:
            continue
        pair = site.pair_of.get(id(doc))
        members = [d for d in (pair.en, pair.ko) if d is not None] if pair else [doc]
        seen.update(id(d) for d in members)
        versions = [
            {
                "lang": d.lang,
                "label": lang_label(d.lang),
                "title": d.title,
                "href": _relurl(site.page(d), page) if site.page(d) else "",
                "source": str(d.path),
            }
            for d in members
        ]
        if not any(v["href"] for v in versions):
            continue
        pair_page = site.pair_page(pair) if pair else ""
        entries.append(
            {
                "doc_id": doc.doc_id,
                "title": doc.title,
                "lang": doc.lang,
                "versions": versions,
                "translation": _translation_state(site, doc),
                "missing_lang": ""
                if pair or doc.no_translation
                else next(lang for lang in site.languages if lang != doc.lang),
                "pair_href": _relurl(pair_page, page) if pair_page else "",
                "counts": row_counts(pair) if pair else None,
            }
        )
    return {
        **_common(site, page, site.languages[0], site.title),
        "kind": "index",
        "documents": entries,
        "languages": [{"lang": x, "label": lang_label(x)} for x in site.languages],
    }


def build_status_context(site: Site, corpus: Corpus, lock: Lock) -> dict[str, Any]:
    """The translation status page: every section's state (the data of ``ctools status``),
    each side linked to its heading in the exported pages."""
    from ..status import section_states, status_pairs, summarize

    page = STATUS_PAGE

    def link(doc: Document | None, section: Section | None) -> dict[str, Any] | None:
        if doc is None or section is None:
            return None
        target = site.page(doc) if id(doc) in site.places else ""
        href = f"{_relurl(target, page)}#{section_anchor(section)}" if target else ""
        return {"title": section.heading, "href": href, "lang": doc.lang, "line": section.line}

    documents: list[dict[str, Any]] = []
    for pair in status_pairs(corpus):
        states = section_states(pair, lock)
        doc = pair.en or pair.ko
        assert doc is not None
        documents.append(
            {
                "title": doc.title,
                "lang": doc.lang,
                "en_path": str(pair.en.path) if pair.en else "",
                "ko_path": str(pair.ko.path) if pair.ko else "",
                "none": (pair.en is None or pair.ko is None) and doc.no_translation,
                "summary": summarize(states),
                "rows": [
                    {
                        "state": st.state,
                        "unsynced": st.unsynced,
                        "en": link(pair.en, st.en),
                        "ko": link(pair.ko, st.ko),
                    }
                    for st in states
                ],
            }
        )
    return {
        **_common(site, page, site.languages[0], f"Translation status · {site.title}"),
        "kind": "status",
        "documents": documents,
    }


# --- the exporter ----------------------------------------------------------------------------


class HtmlExporter:
    """``ctools export --format html``."""

    name = "html"

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult:
        import jinja2

        result = ExportResult()
        env = make_env("html", options.templates, autoescape=True)
        site = Site.plan(corpus, options.lang)
        out = options.out
        pages: dict[str, str] = {}

        def render(template: str, context: dict[str, Any], where: str) -> None:
            try:
                pages[context["page"]] = env.get_template(template).render(context)
            except jinja2.TemplateError as exc:
                line = getattr(exc, "lineno", None)
                name = getattr(exc, "filename", None) or getattr(exc, "name", None) or template
                result.errors.append(f"{name}:{line or 1}: {exc.message or exc} ({where})")

        for doc in site.documents:
            if site.page(doc):
                render("document.html.j2", build_document_context(site, doc), str(doc.path))
            pair = site.pair_of.get(id(doc))
            if pair is not None and pair.ko is doc and site.pair_page(pair):
                render(
                    "pair.html.j2", build_pair_context(site, pair), f"{pair.en and pair.en.path}"
                )
            if options.progress is not None:
                options.progress(str(doc.path))
        render("index.html.j2", build_index_context(site), "index")
        from ..status import lock_for

        render(
            "status.html.j2",
            build_status_context(site, corpus, lock_for(options.config)),
            "status",
        )

        for rel, text in sorted(pages.items()):
            path = out / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            result.files.append(Path(rel))
        try:
            css = env.loader.get_source(env, STYLESHEET)[0] if env.loader else ""
        except jinja2.TemplateNotFound:
            css = ""
            result.errors.append(f"{STYLESHEET}:1: stylesheet not found")
        (out / STYLESHEET).write_text(css, encoding="utf-8")
        (out / HIGHLIGHT).write_text(pygments_css(), encoding="utf-8")
        result.files += [Path(STYLESHEET), Path(HIGHLIGHT)]
        copied = images = 0
        for dest, source in sorted(site.assets.items()):
            if dest in pages or dest in (STYLESHEET, HIGHLIGHT):
                result.warnings.append(f"{source}:1: not copied: `{dest}` is a generated page")
                continue
            target = out / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copyfile(source, target)
            except OSError as exc:
                result.warnings.append(f"{source}:1: not copied: {exc.strerror or exc}")
                continue
            result.files.append(Path(dest))
            copied += 1
            images += dest in site.images
        result.warnings[:0] = site.warnings
        result.stats = {"pages": len(pages), "images": images}
        if copied > images:
            result.stats["linked files"] = copied - images
        result.stats["placeholders"] = len(site.placeholders)
        return result


EXPORTER = HtmlExporter()
