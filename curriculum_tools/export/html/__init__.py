"""The ``html`` exporter: a static, offline, bilingual site.

Layout of the output folder (every link in it is relative, so it works from ``file://``
and from any sub-path of a web server)::

    index.html                 every document, its languages and translation state
    style.css, highlight.css   the bundled stylesheet (overridable) and Pygments' styles
    en/<rel>.html, ko/<rel>.html   one page per document and language
    en-ko/<rel>.html           the side-by-side page of each pair, one row per aligned section
    <path>                     local images (and other linked files) at their path under the
                               source root, so they sit next to the pages as in the source

The exporter is pure ``build_*_context`` functions (:mod:`.context`, typed per template) over
a :class:`~.site.Site` plan (which decides where things land and collects warnings and
assets), then one render per page and the writes. Content HTML comes from
:mod:`.content`: links, images and ids are mapped on the tokens before the sanitizer runs,
and nothing rewrites the sanitized HTML.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import ExportOptions, ExportResult, TemplateProblem, make_env, render_template
from ..markup import pygments_css
from .context import (
    _common,
    build_document_context,
    build_index_context,
    build_pair_context,
    row_counts,
)
from .glossary import TEMPLATE, build_glossary_context
from .knowledge import gather, lint_in_background
from .search import (
    INDEX_FILE,
    SCRIPT,
    SCRIPT_FILE,
    SEARCH_PAGE,
    SITE_SCRIPT,
    SITE_SCRIPT_FILE,
    SearchIndex,
    plain,
)
from .site import GLOSSARY_PAGE, HIGHLIGHT, STYLESHEET, Site, section_anchor
from .status_page import build_status_context

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ...project import Corpus

__all__ = [
    "EXPORTER",
    "HtmlExporter",
    "Site",
    "build_document_context",
    "build_index_context",
    "build_pair_context",
    "build_status_context",
    "row_counts",
    "section_anchor",
]


class HtmlExporter:
    """``ctools export --format html``."""

    name = "html"

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult:
        import jinja2

        result = ExportResult()
        env = make_env("html", options.templates, autoescape=True)
        findings = lint_in_background(corpus)  # overlaps the document pages where it can
        site = Site.plan(corpus, options.lang)
        from ...status import git_history, lock_for

        lock = lock_for(options.config)
        out = options.out
        pages: dict[str, str] = {}

        def render(template: str, context: Mapping[str, Any]) -> None:
            pages[context["page"]] = render_template(env, template, context)

        found = SearchIndex()
        for doc in site.documents:
            if site.page(doc):
                context = build_document_context(site, doc)
                render("document.html.j2", context)
                _index_page(found, context)
            if options.progress is not None:
                options.progress(str(doc.path))
        site.knowledge = gather(corpus, lock, git_history(options.config.root), findings)
        for pair in site.pairs:  # the side-by-side pages show the findings
            if site.pair_page(pair):
                render("pair.html.j2", build_pair_context(site, pair))
        render("index.html.j2", build_index_context(site))
        render("status.html.j2", build_status_context(site, corpus, lock))
        common = _common(site, GLOSSARY_PAGE, site.languages[0], "Glossary")
        render(TEMPLATE, build_glossary_context(site, corpus, dict(common)))
        search = _common(site, SEARCH_PAGE, site.languages[0], f"Search · {site.title}")
        render("search.html.j2", {**search, "kind": "search"})
        scripts = {
            INDEX_FILE: found.script(),
            SCRIPT_FILE: SCRIPT,
            SITE_SCRIPT_FILE: SITE_SCRIPT,
        }

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
        except jinja2.TemplateError as exc:  # a stylesheet linked out of the templates folder
            raise TemplateProblem(f"template error: {exc.message}", STYLESHEET, 1) from None
        (out / STYLESHEET).write_text(css, encoding="utf-8")
        (out / HIGHLIGHT).write_text(pygments_css(), encoding="utf-8")
        result.files += [Path(STYLESHEET), Path(HIGHLIGHT)]
        for name, text in scripts.items():
            (out / name).write_text(text, encoding="utf-8")
            result.files.append(Path(name))
        copied = images = 0
        for dest, source in sorted(site.assets.items()):
            if dest in pages or dest in (STYLESHEET, HIGHLIGHT, *scripts):
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
        if site.remote:
            doc, line = next(iter(site.remote.values()))
            count = len(site.remote)
            documents = len({id(d) for d, _ in site.remote.values()})
            site.warn(
                doc,
                line,
                f"{count} remote image{'s' * (count != 1)} in {documents} "
                f"document{'s' * (documents != 1)} shown as links, not loaded "
                "(export.html.remote_images: keep loads them)",
            )
            result.stats["remote images"] = count
        from ...syntax.meaning import component_warnings

        result.warnings[:0] = site.warnings + component_warnings(site.documents)
        result.refused = list(dict.fromkeys(site.refused))
        result.stats = {"pages": len(pages), "images": images}
        if copied > images:
            result.stats["linked files"] = copied - images
        result.stats["placeholders"] = len(site.placeholders)
        return result


def _index_page(found: SearchIndex, context: Mapping[str, Any]) -> None:
    """Every section of a document page into the search index (its visible text)."""
    doc_title = str(context["title"])
    page = found.page(doc_title, str(context["page"]), str(context["lang"]))
    if context.get("preamble_html"):
        found.add(page, "", "", plain(str(context["preamble_html"])))
    for item in context["sections"]:
        title = str(item.get("title", ""))
        anchor = str(item.get("id") or "")
        found.add(
            page, "" if title == doc_title else title, anchor, plain(str(item.get("html", "")))
        )


EXPORTER = HtmlExporter()
