"""Within one document: numbering, empty sections, anchors, images, front matter, markup traps."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..model import Document, Section
from ..registry import Context, Finding, Fix, Option, hit, rule

if TYPE_CHECKING:
    from ..project import Corpus
from ._common import HANGUL_RE, column_of, line_ending, prose_blocks, source_line

KNOWN_FRONT_MATTER = frozenset({"id", "title", "lang", "translation"})
COMMON_FRONT_MATTER = frozenset(
    {
        # Jekyll, Hugo, MkDocs, Docusaurus, Hugging Face doc-builder: common and harmless.
        "description", "summary", "date", "lastmod", "updated", "author", "authors", "tags",
        "categories", "keywords", "layout", "permalink", "slug", "draft", "weight", "order",
        "sidebar_position", "sidebar_label", "nav_order", "parent", "toc", "hide", "aliases",
        "license", "version", "image", "subtitle", "excerpt", "published", "status",
    }
)  # fmt: skip


@rule("missing-translation", "warning", scope="corpus")
def missing_translation(corpus: Corpus, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a document in a language folder that has no counterpart in the other language
    and does not say ``translation: none`` in its front matter.

    ## Why is this bad?
    Readers of the other language never see the document; if that is deliberate, saying so
    keeps the check quiet and documents the decision.

    ## Example
    ```markdown
    <!-- en/notes.md, no ko/notes.md -->
    # Notes
    ```

    Use instead:
    ```markdown
    ---
    translation: none
    ---
    # Notes
    ```
    """
    other = {ctx.config.source_lang: ctx.config.target_lang}
    other[ctx.config.target_lang] = ctx.config.source_lang
    for doc in corpus.unpaired:
        if not doc.rel or doc.no_translation or doc.lang not in other:
            continue
        yield hit(
            doc,
            1,
            f"no {other[doc.lang]} counterpart of `{doc.rel}`"
            " (add one, or `translation: none` in the front matter)",
        )


def _number_parts(number: str) -> list[int]:
    return [int(p) for p in number.rstrip(".)").split(".")]


def _number_style(number: str) -> str:
    """``dot`` (``1.1.``), ``paren`` (``1)``) or ``bare`` (``2.1``)."""
    return "dot" if number.endswith(".") else "paren" if number.endswith(")") else "bare"


def _numbering_group(
    doc: Document, parent: Section | None, group: list[Section]
) -> Iterator[Finding]:
    numbered = [s for s in group if s.number]
    if not numbered:
        return
    styles: dict[str, Section] = {}
    for section in numbered:
        assert section.number is not None
        parts = _number_parts(section.number)
        style = _number_style(section.number)
        if len(parts) > 1 or style != "bare":
            styles.setdefault(style, section)
    if len(styles) > 1:
        first_style = next(iter(styles))
        for section in numbered:
            assert section.number is not None
            parts = _number_parts(section.number)
            style = _number_style(section.number)
            if (len(parts) > 1 or style != "bare") and style != first_style:
                yield hit(
                    doc,
                    section.line,
                    f"heading number `{section.number}` is written in another style than"
                    f" `{styles[first_style].number}`",
                    column=column_of(doc, section.line, section.number),
                )
    prev: Section | None = None
    parent_parts = _number_parts(parent.number) if parent is not None and parent.number else None
    for section in numbered:
        assert section.number is not None
        parts = _number_parts(section.number)
        col = column_of(doc, section.line, section.number)
        if parent_parts is not None and (
            len(parts) != len(parent_parts) + 1 or parts[:-1] != parent_parts
        ):
            assert parent is not None
            yield hit(
                doc,
                section.line,
                f"heading number `{section.number}` does not continue its parent's `{parent.number}`",
                column=col,
            )
        elif prev is not None and prev.number is not None:
            before = _number_parts(prev.number)
            if len(before) == len(parts) and parts[:-1] == before[:-1]:
                if parts[-1] == before[-1]:
                    yield hit(
                        doc,
                        section.line,
                        f"heading number `{section.number}` is repeated",
                        column=col,
                    )
                elif parts[-1] != before[-1] + 1:
                    yield hit(
                        doc,
                        section.line,
                        f"heading number `{section.number}` does not follow `{prev.number}`",
                        column=col,
                    )
        prev = section


@rule("heading-numbering", "info")
def heading_numbering(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Checks numbered headings within one document: numbers among siblings go up by one
    (no gaps, no repeats), a child continues its parent's number (``3.2.1.`` under
    ``3.2.``), and siblings share one style (``1.1.`` and ``1.2`` mixed is reported).

    ## Why is this bad?
    Gaps and repeats usually mean a section was deleted, duplicated or moved without
    renumbering; readers and cross-references then point at the wrong section.

    ## Example
    ```markdown
    ## 1. Setup
    ## 3. Usage
    ```

    Use instead:
    ```markdown
    ## 1. Setup
    ## 2. Usage
    ```
    """
    yield from _numbering_group(doc, None, doc.sections)
    for section in doc.walk():
        if section.children:
            yield from _numbering_group(doc, section, section.children)


def _is_empty(section: Section) -> bool:
    for block in section.blocks:
        if (
            block.kind == "html"
            and block.code.strip().startswith("<!--")
            and block.code.strip().endswith("-->")
        ):
            continue
        return False
    return not section.children


_SIGN_OFF_RE = re.compile(
    r"(?i)\b(thank|thanks|happy|enjoy|good luck|congratulations|cheers|see you|the end|bye)\b"
    r"|감사|축하|수고|즐거운|행운|끝|마치며|[!！🎉🤗]\s*$"
)


def _sign_off(doc: Document, section: Section) -> bool:
    """The document's last heading reads as a farewell (``Happy coding!``, ``감사합니다``):
    a deliberate closing line, not a section left unwritten."""
    flat = doc.walk()
    return section is flat[-1] and _SIGN_OFF_RE.search(section.title) is not None


@rule("empty-section", "info")
def empty_section(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a heading with no content and no subsections (an HTML comment alone counts as
    no content; a component, a list of links or any other block is content). The first
    heading of a document is exempt (it serves as the title), and so is a last heading that
    reads as a sign-off (``Happy coding!``, ``감사합니다``).

    ## Why is this bad?
    An empty section is a placeholder that was never written: it shows up in the table of
    contents and leads the reader nowhere.

    ## Example
    ```markdown
    ### 3.3. Fine-tuning Process

    ### 3.4. Evaluation
    ```

    Use instead: write the section, or remove the heading.
    """
    for section in doc.walk():
        if _is_empty(section) and section.index > 0 and not _sign_off(doc, section):
            yield hit(doc, section.line, f"section `{section.heading}` is empty")


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
        for doc in ctx.corpus.documents:
            if doc.path.resolve() == key:
                return _doc_anchors(doc)
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
    ``translation``, keys common in Jekyll/Hugo/MkDocs/doc-builder, and the ``allow``
    option).

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
            | {str(k) for k in ctx.options.get("allow") or ()}
        )
        for key in fm:
            if key not in allow:
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
_STRONG_RE = re.compile(
    r"(?<![\\*])\*\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*\*(?!\*)|(?<![\\_\w])__(?=[^\s_])(.+?)(?<=[^\s_\\])__(?![_])"
)


def _emphasis_spots(raw: str, prose: str) -> list[re.Match[str]]:
    if "**" not in prose and "__" not in prose:
        return []
    spots = []
    for match in _STRONG_RE.finditer(raw):
        inner = match.group(1) or match.group(2) or ""
        if match.group(0) not in prose:
            continue  # rendered (the prose of the line holds the text without the stars)
        before = raw[match.start() - 1] if match.start() else " "
        after = raw[match.end()] if match.end() < len(raw) else " "
        if HANGUL_RE.match(after) or HANGUL_RE.match(before) or HANGUL_RE.search(inner):
            spots.append(match)
    return spots


@rule("cjk-emphasis", "warning", fixable=True)
def cjk_emphasis(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports strong emphasis that CommonMark does not render next to Hangul, such as
    ``**(LoRA)**는`` or ``**"강조"**를``: a closing ``**`` after punctuation and directly
    before a letter is not right-flanking, so the asterisks are printed literally. The fix
    writes ``<strong>...</strong>`` instead.

    ## Why is this bad?
    Readers see ``**`` in the text and the words are not bold; the English side renders
    fine, so the defect is easy to miss in review.

    ## Example
    ```markdown
    **(LoRA)**는 적은 파라미터만 학습합니다.
    ```

    Use instead:
    ```markdown
    <strong>(LoRA)</strong>는 적은 파라미터만 학습합니다.
    ```
    """
    for block in prose_blocks(tuple(doc.all_blocks())):
        for line, prose in block.lines:
            raw = source_line(doc, line)
            spots = _emphasis_spots(raw, prose)
            if not spots:
                continue
            fixed = raw
            for match in reversed(spots):
                inner = match.group(1) or match.group(2) or ""
                fixed = fixed[: match.start()] + f"<strong>{inner}</strong>" + fixed[match.end() :]
            fix = Fix(line, line, fixed + line_ending(doc, line))
            for match in spots:
                yield hit(
                    doc,
                    line,
                    f"`{match.group(0)}` is not rendered as bold next to Hangul",
                    column=match.start() + 1,
                    fix=fix,
                )


_BROKEN_LINK_RE = re.compile(r"\[[^\[\]\n]+\]\s*\((?:[^()\s]+)")


@rule("unbalanced-brackets", "warning")
def unbalanced_brackets(doc: Document, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports link syntax that was printed as text because it is malformed: ``[text](url``
    without its closing parenthesis, or ``[text] (url)`` with a space between the parts.

    ## Why is this bad?
    The reader sees brackets and a raw address instead of a link.

    ## Example
    ```markdown
    자세한 내용은 [문서](https://example.com/docs 를 보세요.
    ```

    Use instead:
    ```markdown
    자세한 내용은 [문서](https://example.com/docs)를 보세요.
    ```
    """
    for block in prose_blocks(tuple(doc.all_blocks())):
        for line, _prose in block.lines:
            raw = source_line(doc, line)
            for match in _BROKEN_LINK_RE.finditer(raw):
                if "`" in raw[: match.start()] and raw[: match.start()].count("`") % 2:
                    continue
                if match.start() and raw[match.start() - 1] in "\\!":
                    continue
                # Still text after parsing: the bracket text is in the prose of this line.
                inner = match.group(0).split("]", 1)[0]
                if inner not in _prose_with_brackets(block, line):
                    continue
                yield hit(
                    doc,
                    line,
                    f"link syntax `{match.group(0)[:40]}` is not a link (unbalanced brackets)",
                    column=match.start() + 1,
                )


def _prose_with_brackets(block: object, line: int) -> str:
    for ln, text in getattr(block, "lines", ()):
        if ln == line:
            return str(text)
    return ""


@rule("unreadable-file", "error", scope="corpus")
def unreadable_file(corpus: Corpus, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Reports a Markdown file that could not be read as text: not valid UTF-8, UTF-16, too
    large, or not parseable. Binary files are skipped silently.

    ## Why is this bad?
    Nothing in the file is checked or exported, and the translation is not paired.

    ## Example
    A file saved as CP949 by an old editor.

    Use instead: run `ctools fix-encoding` to convert it to UTF-8.
    """
    for problem in corpus.problems:
        if problem.skipped:
            continue
        yield Finding("", problem.path, max(1, problem.line or 1), 1, problem.message)
