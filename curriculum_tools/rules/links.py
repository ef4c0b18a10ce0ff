"""``url-mismatch`` and ``image-mismatch``: where the translation sends its reader."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..registry import Context, Finding, SectionRow, hit, rule
from ._compare import Item, items, report
from ._facts import image_key, is_external, norm_url, same_target
from ._segments import Comparison, Segment, comparison


def _targets(seg: Segment) -> list[tuple[str, int]]:
    """Every link target of a segment: Markdown links and raw HTML ``href``/``src``."""
    return [(f.value, f.line) for f in seg.block.links] + list(seg.html_links)


def _external(seg: Segment) -> list[tuple[str, str, int]]:
    return [(norm_url(url), url, line) for url, line in _targets(seg) if is_external(url)]


def _images(seg: Segment) -> list[tuple[str, str, int]]:
    return [(image_key(f.value), f.value, f.line) for f in seg.block.images]


Pair = tuple[Item, Item]


@rule("url-mismatch", "warning", scope="section-pair")
def url_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the external link targets (``http(s)``, ``ftp``, ``mailto``) of aligned
    sections as a set, against every link of the other section; links written in HTML
    (``<a href>``, ``<iframe src>``, ``<video src>``) count like Markdown ones. The same target written
    differently is not a difference: ``http``/``https``, a trailing ``/``, ``.md``/``.html``/no
    suffix, a language code in the address (``/en/`` against ``/ko/``, ``en.wikipedia.org``
    against ``ko.wikipedia.org``, ``?hl=ko``), and a relative link whose path ends like the
    absolute URL (``../std/x.html`` = ``https://doc.rust-lang.org/std/x.html``). A link to
    another language edition of the same page is reported as ``info`` only. Links
    inside the document are checked by ``broken-anchor`` instead.

    ## Why is this bad?
    A changed or dropped link sends the reader of the translation elsewhere, or nowhere.

    ## Example
    ```markdown
    <!-- en.md -->                                   <!-- ko.md -->
    [docs](https://huggingface.co/docs/smolagents)   [문서](https://huggingface.co/docs/smolagent)
    ```

    Use instead:
    ```markdown
    [문서](https://huggingface.co/docs/smolagents)
    ```
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    en_all = [url for s in comp.en for url, _ in _targets(s)]
    ko_all = [url for s in comp.ko for url, _ in _targets(s)]
    only_en = [
        x for x in items(comp.en, _external) if not any(same_target(x.shown, k) for k in ko_all)
    ]
    only_ko = [
        x for x in items(comp.ko, _external) if not any(same_target(x.shown, e) for e in en_all)
    ]
    for x, y in _wikipedia_editions(comp, only_en, only_ko):
        only_en.remove(x)
        only_ko.remove(y)
        yield hit(
            row.ko_doc,
            y.line,
            f"link `{y.shown}` is another language edition of the source's `{x.shown}`",
            other=row.en_doc,
            other_line=x.line,
            severity="info",
        )
    yield from report(row, comp, "link", only_en, only_ko)
    yield from _other_editions(row, comp)


_WIKI_RE = re.compile(r"(?i)^https?://([a-z-]+)\.(?:m\.)?wikipedia\.org/wiki/")


def _wikipedia_editions(comp: Comparison, only_en: list[Item], only_ko: list[Item]) -> list[Pair]:
    """Wikipedia articles of another language edition where the source links its own: an
    article's title is translated too (``en.wikipedia.org/wiki/Don't_repeat_yourself`` is
    ``ko.wikipedia.org/wiki/중복배제``), so in aligned paragraphs that each have as many such
    links, they are paired in order."""
    out: list[Pair] = []
    for group_en, group_ko in comp.matches:
        a = [x for x in only_en if x.seg in group_en and _WIKI_RE.match(x.shown)]
        langs = {m.group(1).lower() for x in a if (m := _WIKI_RE.match(x.shown))}
        b = [
            y
            for y in only_ko
            if y.seg in group_ko
            and (m := _WIKI_RE.match(y.shown)) is not None
            and m.group(1).lower() not in langs
        ]
        if a and len(a) == len(b):
            out.extend(zip(a, b, strict=True))
    return out


def _other_editions(row: SectionRow, comp: Comparison) -> Iterator[Finding]:
    """A link to the same page in another language edition (``/en/`` -> ``/ko/``): ``info``."""
    en_raw = {norm_url(u, False): u for s in comp.en for u, _ in _targets(s) if is_external(u)}
    seen: set[str] = set()
    for j, seg in enumerate(comp.ko):
        if not seg.own:
            continue
        for url, line in _targets(seg):
            if not is_external(url) or norm_url(url, False) in en_raw or url in seen:
                continue
            twins = sorted(e for e in en_raw.values() if norm_url(e) == norm_url(url))
            if twins:
                seen.add(url)
                yield hit(
                    row.ko_doc,
                    line,
                    f"link `{url}` is another language edition of the source's `{twins[0]}`",
                    other=row.en_doc,
                    other_line=comp.en_line_for(j, row.en),
                    severity="info",
                )


@rule("image-mismatch", "warning", scope="section-pair")
def image_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the images (Markdown and HTML ``<img>``) of aligned sections by source, as a
    set; a language code in the path (``/en/`` against ``/ko/``) is not a difference.

    ## Why is this bad?
    A dropped figure leaves the translation's text referring to nothing; a different file
    may show other data.

    ## Example
    ```markdown
    <!-- en.md -->                   <!-- ko.md -->
    ![Overview](img/overview.png)    (no image)
    ```

    Use instead:
    ```markdown
    ![개요](img/overview.png)
    ```
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    en_keys = {image_key(f.value) for s in comp.en for f in s.block.images}
    ko_keys = {image_key(f.value) for s in comp.ko for f in s.block.images}
    only_en = [x for x in items(comp.en, _images) if x.key not in ko_keys]
    only_ko = [x for x in items(comp.ko, _images) if x.key not in en_keys]
    yield from report(row, comp, "image", only_en, only_ko)


_HEADING_LINK_RE = re.compile(
    r"\]\(([^)\s]+)[^)]*\)|\]\[([^\]]*)\]|<a\s[^>]*href\s*=\s*[\"']([^\"']+)"
)


def _heading_links(raw_title: str) -> list[str]:
    return [next(g for g in m.groups() if g) for m in _HEADING_LINK_RE.finditer(raw_title)]


@rule("heading-link-mismatch", "warning", scope="section-pair")
def heading_link_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a heading of the translation that lost the link its source heading carries (the
    heading ``[Pipelines](pipelines.md)`` translated as the plain text ``파이프라인``).

    ## Why is this bad?
    The heading was the reader's way to the linked page (often the API reference of what the
    section documents); the translation silently drops it.

    ## Example
    ```markdown
    <!-- en.md -->                            <!-- ko.md -->
    ## [Pipelines](pipelines.md)              ## 파이프라인
    ```

    Use instead:
    ```markdown
    ## [파이프라인](pipelines.md)
    ```
    """
    theirs = _heading_links(row.en.raw_title)
    if theirs and not _heading_links(row.ko.raw_title):
        yield hit(
            row.ko_doc,
            row.ko.line,
            f"heading lost the source heading's link to `{theirs[0]}`",
            other=row.en_doc,
            other_line=row.en.line,
        )
