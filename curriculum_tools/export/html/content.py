"""One page's content: Markdown rendered with its links, images and ids mapped for the page
it lands on. The mapping happens on markdown-it tokens and raw HTML tags before the
sanitizer runs (:func:`~curriculum_tools.export.markup.render_html`'s ``hook``); nothing
rewrites the sanitized HTML afterwards."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from ...assets import Target
from ...includes import Splicer
from ...parse import github_slug, split_heading
from ...text import mdx_heading_ids, strip_trailing_ids
from ..markup import (
    FENCE_KEY,
    INCLUDE_KEY,
    LANG_KEY,
    Attr,
    TagHook,
    is_remote,
    render_inline,
    render_slice,
)
from ..markup import (
    placeholder as _placeholder,
)
from ..markup import (
    remote_placeholder as _remote_placeholder,
)
from .site import Site, _relurl, lang_label, section_anchor

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ...model import Document, Section

_VALID_ID_RE = re.compile(r"^\S+$")
_WRAPPED_RE = re.compile(r"^\[[^\[\]]*\]\(([^()\s]+)\)$")


def own_tokens(doc: Document, section: Section | None) -> tuple[int, int]:
    """The token slice of a section's own blocks (without its heading and subsections), or
    of the preamble (None)."""
    if section is None:
        return doc.preamble_tokens
    start = section.tokens[0]
    tokens = doc.tokens
    while start < len(tokens) and tokens[start].type != "heading_close":
        start += 1
    return start + 1, section.own_tokens


def _api_anchor(doc: Document, anchor: str) -> str:
    """The ``[[autodoc]]`` object a doc-builder anchor (``pkg.Tool.from_hub``) falls in, by
    the object's own name as the resolver matches it (the page shows the object, not its
    members); ``""`` when none."""
    by_name: dict[str, str] = {}
    for comp in doc.components():
        target = comp.attr("target") if comp.kind == "autodoc" else None
        if isinstance(target, str) and target:
            by_name.setdefault(target.rsplit(".", 1)[-1], target)
    for part in reversed(anchor.split(".")):
        if part in by_name:
            return by_name[part]
    return ""


def link_problem(target: Target, href: str) -> str:
    """The resolver's verdict in the linter's words (``broken-link``, ``broken-anchor``,
    ``missing-image``): one wording for every format and for lint."""
    page = href.split("#", 1)[0]
    if target.kind == "outside":
        return f"link target `{page}` is outside the project"
    if target.kind == "missing":
        return f"link target `{page}` not found"
    if target.kind == "self":
        return f"link target `#{target.anchor}` matches no heading or id in this document"
    return f"link target `{page}#{target.anchor}`: no heading or id `{target.anchor}` in {page}"


class _PageContent:
    """One page's content: Markdown rendered with its links, images and ids mapped for the
    page it lands on (on the tokens, before sanitizing; nothing rewrites the HTML after)."""

    def __init__(self, site: Site, page: str, id_prefix: str = "") -> None:
        self.site = site
        self.page = page
        self.id_prefix = id_prefix
        self.used: set[str] = set()
        self.reserved: set[str] = set()
        self._splicers: dict[int, Splicer] = {}

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

    def render(self, doc: Document, section: Section | None) -> str:
        """Sanitized HTML of a section's own content (None: the preamble) for this page."""
        start, stop = own_tokens(doc, section)
        if start >= stop:
            return ""
        index = self.site.links

        splicer = self._splicers.get(id(doc))
        if splicer is None:  # one per page and document: each page splices within the budget
            splicer = self._splicers[id(doc)] = Splicer(doc, index, self.site.refused)

        def include(path: str, anchor: str) -> tuple[str | None, str]:
            got = splicer.read(path, anchor)
            return ("\n".join(got.lines) if got.lines is not None else None), got.reason

        return render_slice(
            doc.tokens[start:stop],
            doc.env,
            hook=self.hook(doc),
            keep_remote_images=self.site.keep_remote_images,
            extra_env={INCLUDE_KEY: include, FENCE_KEY: splicer.expand_fence, LANG_KEY: doc.lang},
            prepare=self._nested_ids,
        )

    def _nested_ids(self, tokens: list[Token]) -> None:
        """Ids for headings inside quotes, lists and components (mdBook and doc-builder give
        them anchors, and the resolver counts them) and for ``[[autodoc]]`` objects."""
        for k, token in enumerate(tokens):
            if token.type == "heading_open" and k + 1 < len(tokens):
                text = "".join(
                    c.content
                    for c in tokens[k + 1].children or ()
                    if c.type in ("text", "code_inline")
                )
                _, _, ids, visible = split_heading(text.strip())
                raw = tokens[k + 1].content
                for anchor in (*mdx_heading_ids(raw), github_slug(visible), *ids):
                    claimed = self.claim(anchor)
                    if claimed and "id" not in token.attrs:
                        token.attrs["id"] = claimed
            elif token.type == "component" and (token.meta or {}).get("kind") == "autodoc":
                target = (token.meta.get("attrs") or {}).get("target")
                if isinstance(target, str):
                    claimed = self.claim(target)
                    if claimed:
                        token.meta = {**token.meta, "id": claimed}

    def title(self, doc: Document, section: Section) -> str:
        """The heading's inline Markdown (number included, id markers and ids removed)."""
        raw = strip_trailing_ids(section.raw_title or section.heading)
        hook = self.hook(doc)

        def without_ids(name: str, attrs: list[Attr], line: int) -> list[Attr] | str:
            return hook(name, [(k, v) for k, v in attrs if k not in ("id", "name")], line)

        out = render_inline(
            raw.strip(),
            hook=without_ids,
            line=section.line,
            keep_remote_images=self.site.keep_remote_images,
            lang=doc.lang,
        )
        return out or html.escape(section.heading)

    def hook(self, doc: Document) -> TagHook:
        def tag(name: str, attrs: list[Attr], line: int) -> list[Attr] | str:
            if name == "img":
                return self._img(attrs, doc, line)
            out: list[Attr] = []
            extra_id: str | None = None
            for key, value in attrs:
                if key == "id":
                    claimed = self.claim(value or "")
                    if claimed:
                        out.append(("id", claimed))
                elif key == "name" and name == "a":
                    extra_id = value
                else:
                    out.append((key, value))
            if extra_id and not any(k == "id" for k, _ in out):
                claimed = self.claim(extra_id)
                if claimed:
                    out.append(("id", claimed))
            return self._link(out, doc, line) if name == "a" else out

        return tag

    def _link(self, attrs: list[Attr], doc: Document, line: int) -> list[Attr]:
        href = dict(attrs).get("href")
        if href is None:
            return attrs
        wrapped = _WRAPPED_RE.match(unquote(href))
        if wrapped:  # `[^1]: [text](url)`: a footnote the parser read as a reference
            href = wrapped.group(1)
            attrs = [(k, href if k == "href" else v) for k, v in attrs]
        new, problem = self._href(href, doc)
        if problem:
            self.site.warn(doc, line, problem, once=True)
            kept = [(k, v) for k, v in attrs if k not in ("href", "title", "class")]
            return [("class", "broken-link"), ("title", problem), *kept]
        if not new:  # a site path: kept as text
            return [(k, v) for k, v in attrs if k != "href"]
        target = self.site.resolve(href, doc)
        if target.fallback_lang:
            label = f"(in {lang_label(target.fallback_lang)})"
            attrs = [(k, v) for k, v in attrs if k not in ("class", "hreflang", "title")]
            attrs += [("class", "fallback-link"), ("hreflang", target.fallback_lang)]
            attrs += [("title", f"Only available {label[1:-1]}")]
        return [(k, new if k == "href" else v) for k, v in attrs]

    def _href(self, href: str, doc: Document) -> tuple[str, str]:
        """The rewritten href, or ``("", problem)`` (:mod:`curriculum_tools.assets` decides)."""
        site = self.site
        target = site.resolve(href, doc)
        if target.kind == "remote":
            return href, ""
        if target.kind == "site":  # depends on where the site is published: kept as text
            return "", ""
        if target.broken or target.kind == "outside":
            return "", link_problem(target, href)
        frag = f"#{quote(target.anchor)}" if target.anchor else ""
        if target.kind == "self":
            if not target.anchor:
                return "#", ""
            return "#" + quote(self.id_prefix + target.anchor), ""
        assert target.path is not None
        goal = site.by_file.get(target.path)
        if goal is None or target.kind == "file":
            dest = site.dest_of(target.path, doc)
            if target.path.suffix.lower() in (".md", ".mdx", ".markdown"):
                return "", f"link target `{href.split('#', 1)[0]}` is not exported"
            if not dest:
                return "", f"link target `{href.split('#', 1)[0]}` is outside the source folder"
            site.assets.setdefault(dest, target.path)
            return _relurl(dest, self.page) + frag, ""
        if goal is doc and self.id_prefix:  # the same document, on a side-by-side page
            return ("#" + quote(self.id_prefix + target.anchor)) if frag else "#", ""
        if target.anchor and target.anchor not in site.anchors(goal):
            frag = "#" + quote(_api_anchor(goal, target.anchor) or target.anchor)
        page = site.page(goal)
        if not page and goal.lang != doc.lang:
            other = site.other(goal)
            page = site.page(other) if other is not None else ""
        if not page:
            return "", f"link target `{href.split('#', 1)[0]}` is not exported"
        return _relurl(page, self.page) + frag, ""

    def _img(self, attrs: list[Attr], doc: Document, line: int) -> list[Attr] | str:
        site = self.site
        found = dict(attrs)
        src = found.get("src")
        alt = found.get("alt") or ""
        kept: list[Attr] = []
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
        if src is not None and is_remote(src):
            if site.keep_remote_images:
                return [("src", src), ("alt", alt), *kept]
            site.remote.setdefault(f"{doc.path}:{line}:{src}", (doc, line))
            return _remote_placeholder(src, alt)
        parts = urlsplit(src or "")
        if not src or not src.strip() or parts.scheme:
            site.placeholders.add(f"{doc.path}:{line}:")
            site.warn(doc, line, "image removed: empty or unsafe URL")
            return _placeholder("Image removed (unsafe URL)", alt)
        target = site.resolve(src, doc)
        path = unquote(parts.path)
        if target.kind == "site":
            site.placeholders.add(f"{doc.path}:{line}:{src}")
            return _placeholder("Image on the published site", path)
        if target.kind not in ("file", "document") or target.path is None:
            site.placeholders.add(f"{doc.path}:{line}:{src}")
            if target.kind == "outside":
                site.warn(doc, line, f"image `{src}` is outside the project")
                return _placeholder("Image refused (outside the project)", path)
            site.warn(doc, line, f"image `{src}` not found")
            return _placeholder("Missing image", path)
        dest = site.dest_of(target.path, doc)
        if not dest:
            site.placeholders.add(f"{doc.path}:{line}:{src}")
            site.warn(doc, line, f"image `{src}` is outside the source folder")
            return _placeholder("Image refused (outside the source folder)", path)
        site.assets.setdefault(dest, target.path)
        site.images.add(dest)
        return [("src", _relurl(dest, self.page)), ("alt", alt), *kept]
