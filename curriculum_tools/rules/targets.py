"""Where links and images lead: anchors inside and across documents, local image files."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..model import Document
from ..registry import Context, Finding, hit, rule
from ._common import column_of

_EXTERNAL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]*:|//)")
_HTML_ANCHOR_RE = re.compile(r"""<[a-zA-Z][^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']""")


_QUOTED_HEADING_RE = re.compile(r"^\s*(?:>\s*)+#{1,6}\s+(.+?)\s*#*\s*$")


def _doc_anchors(doc: Document) -> set[str]:
    """Slugs and ids of the document, ``<a id>`` anchors, and the headings inside block
    quotes (renderers give them ids although they open no section)."""
    from ..parse import github_slug

    anchors = set(doc.anchors)
    anchors.update(_HTML_ANCHOR_RE.findall(doc.text))
    for block in doc.all_blocks():
        if block.kind != "blockquote":
            continue
        for number in range(block.line, block.end_line + 1):
            match = _QUOTED_HEADING_RE.match(
                doc.lines[number - 1] if number <= len(doc.lines) else ""
            )
            if match:
                anchors.add(github_slug(match.group(1).replace("`", "")))
    return anchors


def _has_anchor(anchors: set[str], fragment: str) -> bool:
    return fragment in anchors or fragment.lower() in {a.lower() for a in anchors}


def _links(doc: Document) -> Iterator[tuple[int, str]]:
    for block in doc.all_blocks():
        for fact in block.links:
            yield fact.line, fact.value


def _anchors_of_file(path: Path, ctx: Context) -> set[str] | None:
    """Anchors of a linked file: the corpus's own parse when loaded, else parsed once per run."""

    def make() -> set[str] | None:
        loaded = ctx.cached(
            "documents-by-path", lambda: {d.path.resolve(): d for d in ctx.corpus.documents}
        )
        if key in loaded:
            return _doc_anchors(loaded[key])
        from ..errors import CtoolsError
        from ..parse import parse_file

        try:
            return _doc_anchors(parse_file(path))
        except (CtoolsError, RecursionError):
            return None

    key = path.resolve()
    found: set[str] | None = ctx.cached(("anchors", key), make)
    return found


def _markdown_target(path: Path) -> Path | None:
    """The Markdown file a local link points to: ``x.md`` itself, or the source of a built
    page (``x.html`` -> ``x.md``/``x.mdx``, as mdBook and doc-builder publish them)."""
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown", ".mdx"):
        return path if path.is_file() else None
    if suffix in (".html", ".htm"):
        for other in (".md", ".mdx"):
            candidate = path.with_suffix(other)
            if candidate.is_file():
                return candidate
    return None


@rule("broken-anchor", "error")
def broken_anchor(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a link to ``#fragment`` that matches no heading slug (GitHub style) or explicit
    id (``{#id}``, ``[[id]]``, ``<a id>``) of the document, and a link
    ``other.md#fragment`` (or ``other.html#fragment``, the built page of ``other.md``) to a
    local Markdown document that has no such anchor: typically an English slug left in a
    translation whose headings are now Korean.

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
    anchors: set[str] | None = None
    for line, href in _links(doc):
        if "#" not in href:
            continue
        target, fragment = href.split("#", 1)
        fragment = unquote(fragment)
        if not fragment:
            continue
        if not target:
            if anchors is None:
                anchors = _doc_anchors(doc)
            if not _has_anchor(anchors, fragment):
                yield hit(
                    doc,
                    line,
                    f"link target `#{fragment}` matches no heading or id in this document",
                    column=column_of(doc, line, "#" + fragment),
                )
            continue
        if _EXTERNAL_RE.match(target) or target.startswith("/"):
            continue
        path = _markdown_target(doc.path.parent / unquote(target))
        if path is None:
            continue
        other = _anchors_of_file(path, ctx)
        if other is not None and not _has_anchor(other, fragment):
            yield hit(
                doc,
                line,
                f"link target `{target}#{fragment}`: no heading or id `{fragment}` in {target}",
                column=column_of(doc, line, fragment),
            )


def _local_image(src: str) -> str | None:
    """The local path of an image source, or None for URLs, data and site-absolute paths."""
    src = src.strip()
    if not src or _EXTERNAL_RE.match(src) or src.startswith(("/", "#", "{", "<")):
        return None
    parts = urlsplit(src)
    return unquote(parts.path) or None


@rule("missing-image", "error")
def missing_image(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports an image (Markdown ``![]()`` or HTML ``<img src>``) whose local file does not
    exist, resolved relative to the document. Remote images (``http(s)://``), ``data:``
    URIs and site-absolute paths (``/images/x.png``, which depend on where the site is
    published) are not checked.

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
    for block in doc.all_blocks():
        for fact in block.images:
            rel = _local_image(fact.value)
            if rel is None:
                continue
            if not (doc.path.parent / rel).exists():
                yield hit(
                    doc,
                    fact.line,
                    f"image `{fact.value}` not found",
                    column=column_of(doc, fact.line, fact.value),
                )
