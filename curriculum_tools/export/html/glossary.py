"""The HTML site's glossary page (``glossary.html``): every term, its renderings, its places.

:func:`build_glossary_context` is pure over the exporter's site plan; the HTML exporter
renders it with ``glossary.html.j2`` (overridable with ``--templates``) and links the page
from every page's navigation.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from ...glossary.model import Glossary, Location
from ...parse import github_slug
from .site import GLOSSARY_PAGE, _relurl, section_anchor

if TYPE_CHECKING:
    from ...model import Document
    from ...project import Corpus
    from .site import Site

TEMPLATE = "glossary.html.j2"
MAX_PLACES = 8


def build_glossary_context(
    site: Site, corpus: Corpus, common: dict[str, Any], glossary: Glossary | None = None
) -> dict[str, Any]:
    """The page's context: ``common`` (the exporter's page basics) plus ``terms``."""
    from ...glossary import build

    terms = glossary if glossary is not None else build(corpus)
    page = str(common.get("page", GLOSSARY_PAGE))
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for term in terms:
        ranked = [r for r in term.ranked() if r.text and r.count]
        if not ranked and term.user_rendering is None:
            continue
        accepted = terms.accepted(term)
        anchor = github_slug(term.display) or f"term-{len(rows) + 1}"
        while anchor in seen:
            anchor += "-1"
        seen.add(anchor)
        rows.append(
            {
                "id": anchor,
                "en": term.display,
                "accepted": accepted.text if accepted else None,
                "renderings": [
                    {
                        "ko": r.text,
                        "count": r.count,
                        "accepted": r is accepted,
                        "places": _places(site, page, r.locations),
                    }
                    for r in ranked
                ],
                "forbidden": list(term.forbidden),
                "sources": sorted(term.sources),
                "note": term.note,
            }
        )
    return {
        **common,
        "kind": "glossary",
        "terms": rows,
        "source_lang": corpus.config.languages[0],
        "target_lang": corpus.config.languages[1],
    }


def _sorted(locations: dict[Any, Location]) -> list[Location]:
    return sorted(locations.values(), key=lambda loc: (str(loc.path), loc.line))


def _places(site: Site, page: str, locations: dict[Any, Location]) -> list[dict[str, Any]]:
    """Links to the first :data:`MAX_PLACES` exported places of a rendering, grouped by
    document (``label``: the file, ``links``: ``href`` and ``line`` of each place in it)."""
    found = (_place(site, page, loc) for loc in _sorted(locations))
    groups: list[dict[str, Any]] = []
    for place in itertools.islice((p for p in found if p is not None), MAX_PLACES):
        label, _, line = place["label"].rpartition(":")
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "links": []})
        groups[-1]["links"].append({"href": place["href"], "line": line})
    return groups


def _place(site: Site, page: str, loc: Location) -> dict[str, str] | None:
    """A link to the section holding ``loc`` on its document's page (None: not exported)."""
    key = ("resolved", loc.path)
    if key not in site.memo:
        site.memo[key] = loc.path.resolve()
    doc: Document | None = site.by_file.get(site.memo[key])  # type: ignore[call-overload]
    if doc is None or loc.kind == "user" or not site.page(doc):
        return None
    href = _relurl(site.page(doc), page)
    label = f"{doc.lang}/{doc.rel or doc.path.name}:{loc.line}"
    for section in reversed(doc.walk()):
        if section.line <= loc.line:
            return {"href": f"{href}#{section_anchor(section)}", "label": label}
    return {"href": href, "label": label}
