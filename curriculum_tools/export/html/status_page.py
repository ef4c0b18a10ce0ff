"""The translation status page: the data of ``ctools status`` (git history included) with
each row's lint findings, totals and a progress bar per document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .context import PageCommon, _common
from .knowledge import needs_review, row_findings
from .site import STATUS_PAGE, Site, _relurl, section_anchor

if TYPE_CHECKING:
    from ...model import Document, Section
    from ...project import Corpus
    from ...status import Lock


class StatusContext(PageCommon):
    kind: str
    documents: list[dict[str, Any]]
    totals: dict[str, Any]


def build_status_context(site: Site, corpus: Corpus, lock: Lock) -> StatusContext:
    """The translation status page: every section's state (the data of ``ctools status``,
    git history included: a stale row names the English commit), its lint findings, each
    side linked to its heading in the exported pages; totals and a bar per document."""
    from ...status import section_states, status_pairs, summarize

    page = STATUS_PAGE

    def link(doc: Document | None, section: Section | None) -> dict[str, Any] | None:
        if doc is None or section is None:
            return None
        target = site.page(doc) if id(doc) in site.places else ""
        href = f"{_relurl(target, page)}#{section_anchor(section)}" if target else ""
        return {"title": section.heading, "href": href, "lang": doc.lang, "line": section.line}

    documents: list[dict[str, Any]] = []
    known = site.knowledge
    everything = []
    judged = known.pairs or [
        (p, section_states(p, lock, known.history)) for p in status_pairs(corpus)
    ]
    review = 0
    for pair, states in judged:
        everything += states
        doc = pair.en or pair.ko
        assert doc is not None
        rows = []
        for st in states:
            findings = row_findings(known, st.en, st.ko)
            since = (known.state_of(st.en or st.ko) or {}).get("since", "")
            rows.append(
                {
                    "state": st.state,
                    "review": needs_review(st.state, findings),
                    "unsynced": st.unsynced,
                    "since": since if st.state == "stale" else "",
                    "en": link(pair.en, st.en),
                    "ko": link(pair.ko, st.ko),
                    "findings": findings,
                }
            )
        summary = summarize(states)
        summary["review"] = sum(1 for row in rows if row["review"])
        review += summary["review"]
        documents.append(
            {
                "title": doc.title,
                "lang": doc.lang,
                "en_path": str(pair.en.path) if pair.en else "",
                "ko_path": str(pair.ko.path) if pair.ko else "",
                "none": (pair.en is None or pair.ko is None) and doc.no_translation,
                "summary": summary,
                "rows": rows,
            }
        )
    totals = summarize(everything)
    totals["review"] = review
    context: StatusContext = {
        **_common(site, page, site.languages[0], f"Translation status · {site.title}"),
        "kind": "status",
        "documents": documents,
        "totals": totals,
    }
    return context
