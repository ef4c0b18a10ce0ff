"""Where links and images lead: anchors inside and across documents, local pages and image
files, all resolved by the one resolver the exporters use (:mod:`curriculum_tools.assets`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Document
from ..registry import Context, Finding, hit, rule
from ._common import column_of

if TYPE_CHECKING:
    from ..assets import LinkIndex


def _index(ctx: Context) -> LinkIndex:
    """The run's one link index (built once, kept in the run's memo: anchors parsed once)."""
    from ..assets import LinkIndex

    index = ctx.memo.get("link-index")
    if index is None:
        index = ctx.memo["link-index"] = LinkIndex.of(ctx.corpus)
    return index


_HREF_RE = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"'<>]+)["']""", re.I)
_HEADING_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_HTML_KINDS = frozenset({"paragraph", "html", "table"})
"""Blocks whose raw lines may hold an HTML ``<a href>`` (code, lists with nested code: no)."""


def _links(doc: Document, ctx: Context) -> list[tuple[int, str]]:
    """Markdown links, and the ``href`` of HTML ``<a>`` tags written in prose or HTML blocks
    (once per document: ``broken-anchor`` and ``broken-link`` both read them)."""

    def make() -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        lines = doc.lines
        count = len(lines)
        tags = "<a" in doc.text or "<A" in doc.text  # else no line has one: links only
        for block in doc.all_blocks():
            out.extend((fact.line, fact.value) for fact in block.links)
            if tags and block.kind in _HTML_KINDS:
                for number in range(block.line, block.end_line + 1):
                    text = lines[number - 1] if number <= count else ""
                    if "<a" in text or "<A" in text:
                        out.extend((number, m.group(1)) for m in _HREF_RE.finditer(text))
        for section in doc.walk():  # a heading's own links (`## [Tool](tool.md)`)
            if "](" in section.raw_title:
                found = _HEADING_LINK_RE.finditer(section.raw_title)
                out.extend((section.line, m.group(1)) for m in found)
        return out

    found: list[tuple[int, str]] = ctx.cached(("doc-links", id(doc)), make)
    return found


@rule("broken-anchor", "error")
def broken_anchor(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a link to ``#fragment`` that matches no heading slug (GitHub style) or explicit
    id (``{#id}``, ``[[id]]``, ``<a id>``) of the document, and a link
    ``other.md#fragment`` (also ``other``, ``other.html``, ``other/``) to a local Markdown
    document that has no such anchor (links resolved by :mod:`curriculum_tools.assets`).

    ## Why is this bad?
    The link goes to the top of the page instead of the section; this usually happens when
    a heading is renamed or translated and its slug changes.

    ## Example
    ```markdown
    ## 2. 사용법
    [사용법](#2-usage)
    ```

    Use instead:
    ```markdown
    [사용법](#2-사용법)
    ```
    """
    from ..assets import resolve

    index = _index(ctx)
    for line, href in _links(doc, ctx):
        target = resolve(href, doc, index)
        if target.anchor_found is not False:
            continue
        fragment = target.anchor
        if target.kind == "self":
            yield hit(
                doc,
                line,
                f"link target `#{fragment}` matches no heading or id in this document",
                column=column_of(doc, line, "#" + fragment),
            )
            continue
        page = href.split("#", 1)[0]
        yield hit(
            doc,
            line,
            f"link target `{page}#{fragment}`: no heading or id `{fragment}` in {page}",
            column=column_of(doc, line, fragment),
        )


@rule("missing-image", "error")
def missing_image(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports an image (Markdown ``![]()`` or HTML ``<img src>``) whose local file does not
    exist, resolved by the exporters' resolver (:mod:`curriculum_tools.assets`): relative
    to the document; ``/en/img/x.png`` from the source root, the language folder or the
    project root; an image a Korean page takes from the English folder is found. Remote
    images (``http(s)://``), ``data:`` URIs, paths leaving the project and site paths
    (``/images/x.png`` when the project has no ``images`` folder: they depend on where the
    site is published) are not checked.

    ## Why is this bad?
    The reader sees a broken image; exports (HTML, LaTeX, Anki) fail or drop it.

    ## Example
    ```markdown
    ![Architecture](img/architecure.png)
    ```

    Use instead:
    ```markdown
    ![Architecture](img/architecture.png)
    ```
    """
    from ..assets import resolve

    index = _index(ctx)
    for block in doc.all_blocks():
        for fact in block.images:
            if fact.value.strip().startswith(("{", "<")):
                continue  # a template placeholder, not a path
            if resolve(fact.value, doc, index).kind == "missing":
                yield hit(
                    doc,
                    fact.line,
                    f"image `{fact.value}` not found",
                    column=column_of(doc, fact.line, fact.value),
                )


@rule("broken-link", "warning")
def broken_link(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a link to a local page or file that does not exist, resolved the way the
    exporters resolve it (:mod:`curriculum_tools.assets`): ``./tools``, ``tools.md``,
    ``tools.mdx``, ``tools.html`` (mdBook/doc-builder output names), ``tools/`` (its
    ``index.md`` or ``README.md``), ``../x`` and ``/x``. A Korean page may link a page that
    exists only in English (exports lead there). Each target is reported once per document;
    remote links, site paths and missing anchors (``broken-anchor``) are not this rule's.

    ## Why is this bad?
    The reader follows the link and lands on a "not found" page.

    ## Example
    ```markdown
    See [the tools unit](./tols).
    ```

    Use instead:
    ```markdown
    See [the tools unit](./tools).
    ```
    """
    from ..assets import resolve

    index = _index(ctx)
    seen: set[str] = set()
    for line, href in _links(doc, ctx):
        page = href.split("#", 1)[0]
        if not page or page in seen:
            continue
        seen.add(page)
        if resolve(href, doc, index).kind == "missing":
            yield hit(
                doc,
                line,
                f"link target `{page}` not found",
                column=column_of(doc, line, page),
            )
