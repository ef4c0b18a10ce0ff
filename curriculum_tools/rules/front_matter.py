"""``front-matter``: the YAML block at the top of a document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Document
from ..registry import Context, Finding, Option, hit, rule
from ..syntax.hugo import is_hugo_page
from ..syntax.vitepress import FRONT_MATTER as VITEPRESS_FRONT_MATTER
from ._common import source_line

KNOWN_FRONT_MATTER = frozenset({"id", "title", "lang", "translation"})
COMMON_FRONT_MATTER = frozenset(
    {
        # Jekyll, Hugo, MkDocs, Docusaurus, Hugging Face doc-builder: common and harmless.
        "description", "summary", "date", "lastmod", "updated", "author", "authors", "tags",
        "categories", "keywords", "layout", "permalink", "slug", "draft", "weight", "order",
        "sidebar_position", "sidebar_label", "nav_order", "parent", "toc", "hide", "aliases",
        "license", "version", "image", "subtitle", "excerpt", "published", "status",
        # Hugo's own page variables (https://gohugo.io/content-management/front-matter/)
        "linkTitle", "linktitle", "type", "url", "menu", "menus", "outputs", "params",
        "cascade", "headless", "expiryDate", "publishDate", "translationKey", "markup",
        "sitemap", "resources", "build", "isCJKLanguage",
        # MDN Web Docs (content and translated-content): page metadata and the English
        # commit a translation follows (`l10n: {sourceCommit}`), older `translation_of`.
        "page-type", "browser-compat", "spec-urls", "short-title", "sidebar", "l10n",
        "translation_of", "original_slug",
        # Starlight (https://starlight.astro.build/reference/frontmatter/) and the Astro docs'
        # extension of its schema (`i18nReady`: a page ready to translate; tutorial units)
        "editUrl", "head", "tableOfContents", "template", "hero", "banner", "lastUpdated",
        "prev", "next", "pagefind", "i18nReady", "githubURL", "hasREADME", "stub",
        "service", "category", "githubIntegrationURL", "framework", "unitTitle", "altTitle",
        "logo", "supports",  # deploy guides (an older Astro docs schema)
    }
)  # fmt: skip


def _fm_line(doc: Document, key: str) -> int:
    if doc.front_matter_lines is None:
        return 1
    first, last = doc.front_matter_lines
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for line in range(first, last + 1):
        if pattern.match(source_line(doc, line)):
            return line
    return first


@rule(
    "front-matter",
    "error",
    options={
        "allow": Option([], "extra front-matter keys to accept"),
        "check-unknown-keys": Option(True, "report keys ctools does not know"),
    },
)
def front_matter(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Checks the YAML front matter: it must parse and be a mapping, be closed by ``---``,
    ``lang`` must agree with the language folder, ``translation`` must be ``none`` when
    present, and the two documents of a pair paired by path must declare the same ``id``.
    Unknown keys are reported at ``warning`` at most (known: ``id``, ``title``, ``lang``,
    ``translation``, keys common in Jekyll/Hugo/MkDocs/doc-builder/MDN/VitePress/Starlight,
    and the ``allow`` option), never on a Hugo page (one that calls a shortcode or has a ``<!--more-->``
    divider): Hugo hands any key to the site's templates.

    ## Why is this bad?
    Broken front matter is rendered as content (a stray ``---`` rule and a paragraph of
    ``key: value`` lines), its ``id`` no longer pairs the document, and a wrong ``lang``
    mislabels exports.

    ## Example
    ```markdown
    ---
    id: curriculum
    title: "LLM 커리큘럼
    ---
    ```

    Use instead:
    ```markdown
    ---
    id: curriculum
    title: "LLM 커리큘럼"
    ---
    ```
    """
    for line, message in doc.errors:
        yield hit(doc, line, message)
    first = source_line(doc, 1).strip()
    if doc.front_matter_lines is None and first == "---" and not doc.errors:
        yield hit(doc, 1, "front matter is not closed by a `---` line (it is read as content)")
        return
    fm = doc.front_matter
    if not fm:
        return
    lang = fm.get("lang")
    if lang is not None and doc.rel and doc.lang and str(lang).strip().lower() != doc.lang.lower():
        yield hit(
            doc,
            _fm_line(doc, "lang"),
            f"`lang: {lang}` contradicts the language folder `{doc.lang}`",
        )
    translation = fm.get("translation")
    if "translation" in fm and not doc.no_translation:
        yield hit(
            doc,
            _fm_line(doc, "translation"),
            f"`translation: {translation}`: the only accepted value is `none`",
        )
    for key in ("id", "title"):
        value = fm.get(key)
        if (key in fm and not isinstance(value, str | int)) or (
            isinstance(value, str) and not value.strip()
        ):
            yield hit(doc, _fm_line(doc, key), f"`{key}` must be a non-empty string")
    if ctx.options.get("check-unknown-keys", True):
        allow = (
            KNOWN_FRONT_MATTER
            | COMMON_FRONT_MATTER
            | VITEPRESS_FRONT_MATTER
            | {str(k) for k in ctx.options.get("allow") or ()}
        )
        unknown = [key for key in fm if key not in allow]
        # Hugo passes every other key to the page's templates (``.Params``: a theme's
        # ``card``, a site's ``content_type``): on a Hugo page no key is unknown
        if unknown and is_hugo_page(doc.text):
            unknown = []
        for key in unknown:
            yield hit(
                doc,
                _fm_line(doc, key),
                f"unknown front-matter key `{key}` (allow it with the rule's `allow` option)",
                severity="warning",
            )
    pair = ctx.pair_of(doc)
    if pair is not None and pair.how == "path" and pair.ko is doc and pair.en is not None:
        mine, theirs = fm.get("id"), pair.en.front_matter.get("id")
        if mine is not None and theirs is not None and str(mine) != str(theirs):
            yield hit(
                doc,
                _fm_line(doc, "id"),
                f"`id: {mine}` differs from the source's `id: {theirs}`",
                other=pair.en,
                other_line=_fm_line(pair.en, "id"),
            )
        elif theirs is not None and mine is None:
            yield hit(
                doc,
                doc.front_matter_lines[0] if doc.front_matter_lines else 1,
                f"front matter lacks the source's `id: {theirs}`",
                other=pair.en,
                other_line=_fm_line(pair.en, "id"),
            )


# Emphasis delimiters CommonMark leaves as text: `**(LoRA)**는` (a closing `**` after
# punctuation and before a letter is not right-flanking).
