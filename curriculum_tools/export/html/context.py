"""The pure part of the HTML export: one typed context per page template.

``document.html.j2`` gets a :class:`DocumentContext`, ``pair.html.j2`` a :class:`PairContext`,
``index.html.j2`` an :class:`IndexContext` (``status.html.j2``: :mod:`.status_page`);
each starts with the :class:`PageCommon` fields ``base.html.j2`` reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import quote

from ...syntax.hugo import shown_heading
from .content import _PageContent
from .knowledge import needs_review, row_findings
from .search import SEARCH_PAGE
from .site import (
    GLOSSARY_PAGE,
    HIGHLIGHT,
    MISSING_SECTION,
    STATUS_PAGE,
    STYLESHEET,
    Site,
    _relurl,
    _root_of,
    lang_label,
    section_anchor,
)

if TYPE_CHECKING:
    from ...model import Document, DocumentPair, Section


class TocEntry(TypedDict):
    title: str
    href: str
    children: list[TocEntry]


class PageCommon(TypedDict):
    """What ``base.html.j2`` reads on every page."""

    lang: str
    title: str
    page: str
    """The page's path in the output (``en/curriculum.html``)."""
    root: str
    """The relative prefix back to the output root (``../``)."""
    stylesheets: list[str]
    site_links: list[dict[str, str]]
    course: list[dict[str, Any]]
    """The course sidebar: every page in course order (``title``, ``href``, ``lang``,
    ``current``)."""
    prev: dict[str, str] | None
    next: dict[str, str] | None
    search_href: str


class HeadingItem(TypedDict, total=False):
    """A section heading with its content (a document page), or one side of a pair row."""

    level: int
    id: str | None
    extra_ids: list[str]
    number: str
    title: str
    title_html: str
    line: int
    html: str
    switch: dict[str, str] | None
    """The same section in the other language (document pages)."""
    pair_href: str
    lang: str
    present: bool
    """False: the side of a pair row that has no section (``label`` says so)."""
    label: str
    page_href: str


class DocumentContext(PageCommon):
    kind: str
    doc_id: str
    source: str
    languages: list[dict[str, Any]]
    pair_href: str
    translation: str
    toc: list[TocEntry]
    preamble_html: str
    heading_title: str
    """The front-matter title, shown as the page's heading when no H1 of its own gives one
    (Hugo, MDN, Starlight pages keep their title in front matter); else empty."""
    sections: list[HeadingItem]


class PairContext(PageCommon):
    kind: str
    doc_id: str
    titles: list[dict[str, str]]
    preamble: list[dict[str, str]]
    rows: list[dict[str, Any]]
    toc: list[dict[str, Any]]
    counts: dict[str, int]


class IndexContext(PageCommon):
    kind: str
    documents: list[dict[str, Any]]
    languages: list[dict[str, str]]


def _toc(sections: Iterable[Section], href: Callable[[Section], str], lang: str) -> list[TocEntry]:
    return [
        {
            "title": shown_heading(s.raw_title, s.heading, lang),
            "href": href(s),
            "children": _toc(s.children, href, lang),
        }
        for s in sections
    ]


def _site_links(site: Site, page: str) -> list[dict[str, str]]:
    """Site-wide navigation: the index, the translation status page and the glossary."""
    return [
        {"label": "Index", "href": _relurl("index.html", page)},
        {"label": "Translation status", "href": _relurl(STATUS_PAGE, page)},
        {"label": "Glossary", "href": _relurl(GLOSSARY_PAGE, page)},
    ]


def _common(
    site: Site, page: str, lang: str, title: str, doc: Document | None = None
) -> PageCommon:
    course = site.course(doc.lang if doc is not None else lang)
    here = next((k for k, d in enumerate(course) if d is doc), -1)

    def link(k: int) -> dict[str, str] | None:
        if (doc is not None and here < 0) or not 0 <= k < len(course):
            return None
        return {"title": course[k].title, "href": _relurl(site.page(course[k]), page),
                "lang": course[k].lang}  # fmt: skip

    return {
        "lang": lang,
        "title": title,
        "page": page,
        "root": _root_of(page),
        "stylesheets": [_relurl(STYLESHEET, page), _relurl(HIGHLIGHT, page)],
        "site_links": _site_links(site, page),
        "course": [
            {
                "title": d.title,
                "href": _relurl(site.page(d), page),
                "lang": d.lang,
                "current": d is doc,
            }
            for d in course
        ],
        "prev": link(here - 1) if doc is not None else None,
        "next": link(here + 1),
        "search_href": _relurl(SEARCH_PAGE, page),
    }


def _heading(
    site: Site, fixer: _PageContent, doc: Document, section: Section, **extra: Any
) -> HeadingItem:
    anchor = fixer.claim(section_anchor(section), heading=True)
    extra_ids = [i for i in (fixer.claim(x, heading=True) for x in section.ids) if i]
    item: HeadingItem = {
        "level": section.level,
        "id": anchor,
        "extra_ids": extra_ids,
        "number": section.number or "",
        "title": shown_heading(section.raw_title, section.heading, doc.lang),
        "title_html": fixer.title(doc, section),
        "line": section.line,
    }
    item.update(extra)  # type: ignore[typeddict-item]
    return item


def build_document_context(site: Site, doc: Document) -> DocumentContext:
    """Everything ``document.html.j2`` shows for one document in one language."""
    page = site.page(doc)
    fixer = _PageContent(site, page)
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
                "title": shown_heading(twin[1].raw_title, twin[1].heading, twin[0].lang),
                "href": _relurl(other_page, page) + "#" + quote(section_anchor(twin[1])),
            }
        row = site.row_of.get(id(section))
        side_by_side = (
            _relurl(pair_page, page) + f"#row-{row + 1}" if pair_page and row is not None else ""
        )
        sections.append(_heading(site, fixer, doc, section, switch=switch, pair_href=side_by_side))
    preamble_html = fixer.render(doc, None)
    for item, section in zip(sections, flat, strict=True):
        item["html"] = fixer.render(doc, section)
    context: DocumentContext = {
        **_common(site, page, doc.lang, doc.title, doc),
        "kind": "document",
        "doc_id": doc.doc_id,
        "source": str(doc.path),
        "languages": languages,
        "pair_href": _relurl(pair_page, page) if pair_page else "",
        "translation": _translation_state(site, doc),
        "toc": _toc(doc.sections, lambda s: "#" + quote(section_anchor(s)), doc.lang),
        "preamble_html": preamble_html,
        "heading_title": _heading_title(doc, flat),
        "sections": sections,
    }
    return context


def _heading_title(doc: Document, flat: list[Section]) -> str:
    title = doc.front_matter.get("title")
    if not isinstance(title, str) or any(s.level == 1 for s in flat):
        return ""
    return title.strip()


def _translation_state(site: Site, doc: Document) -> str:
    if site.other(doc) is not None:
        return "translated"
    return "single-language" if doc.no_translation else "missing-translation"


def _cell(
    site: Site, fixer: _PageContent, doc: Document, section: Section | None, lang: str
) -> HeadingItem:
    if section is None:
        return {"lang": lang, "present": False, "label": MISSING_SECTION.get(lang, "—")}
    page = site.page(doc)
    return _heading(
        site,
        fixer,
        doc,
        section,
        lang=lang,
        present=True,
        html=fixer.render(doc, section),
        page_href=(_relurl(page, fixer.page) + "#" + quote(section_anchor(section)))
        if page
        else "",
    )


def build_pair_context(site: Site, pair: DocumentPair) -> PairContext:
    """Everything ``pair.html.j2`` shows: one row per aligned section, a missing side shown."""
    assert pair.en is not None and pair.ko is not None
    page = site.pair_page(pair)
    src, tgt = site.languages
    docs = {src: pair.en, tgt: pair.ko}
    fixers = {lang: _PageContent(site, page, f"{lang}-") for lang in docs}
    for lang, doc in docs.items():
        fixers[lang].reserve(doc)
    rows: list[dict[str, Any]] = []
    preamble = []
    for lang, doc in docs.items():
        preamble.append({"lang": lang, "html": fixers[lang].render(doc, None)})
    for index, row in enumerate(pair.rows):
        first = row.en if row.en is not None else row.ko
        cells = [
            _cell(site, fixers[src], pair.en, row.en, src),
            _cell(site, fixers[tgt], pair.ko, row.ko, tgt),
        ]
        findings = row_findings(site.knowledge, row.en, row.ko)
        state = site.knowledge.state_of(row.en or row.ko)
        if state is not None and needs_review(state["state"], findings):
            state = {**state, "state": "review"}
        rows.append(
            {
                "id": f"row-{index + 1}",
                "match": row.match or "",
                "moved": row.moved,
                "level": first.level if first is not None else 1,
                "cells": cells,
                "state": state,
                "findings": findings,
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
    context: PairContext = {
        **_common(site, page, src, f"{pair.en.title} · {pair.ko.title}", pair.en),
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
    return context


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


def build_index_context(site: Site) -> IndexContext:
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
    context: IndexContext = {
        **_common(site, page, site.languages[0], site.title),
        "kind": "index",
        "documents": entries,
        "languages": [{"lang": x, "label": lang_label(x)} for x in site.languages],
    }
    return context
