"""One page's content: Markdown rendered with its links, images and ids mapped for the page
it lands on. The mapping happens on markdown-it tokens and raw HTML tags before the
sanitizer runs (:func:`~curriculum_tools.export.markup.render_html`'s ``hook``); nothing
rewrites the sanitized HTML afterwards."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from ..markup import (
    Attr,
    TagHook,
    is_remote,
    render_html,
    render_inline,
)
from ..markup import (
    placeholder as _placeholder,
)
from ..markup import (
    remote_placeholder as _remote_placeholder,
)
from .site import Site, _relurl, section_anchor

if TYPE_CHECKING:
    from ...model import Document, Section

_MARKER_RE = re.compile(r"\s*(?:\[\[[^\[\]\s]+\]\]|\{\s*#[\w:.\-]+[^{}]*\})\s*$")
_VALID_ID_RE = re.compile(r"^\S+$")


def _source_slice(doc: Document, section: Section | None) -> tuple[str, int]:
    """The Markdown of a section's own content (None: the preamble) and its first line."""
    lines = doc.lines
    if section is None:
        start = doc.front_matter_lines[1] if doc.front_matter_lines else 0
        flat = doc.walk()
        end = flat[0].line - 1 if flat else len(lines)
    else:
        start = section.heading_end
        end = section.children[0].line - 1 if section.children else section.end_line
    return "\n".join(lines[start:end]) + "\n", start + 1


class _PageContent:
    """One page's content: Markdown rendered with its links, images and ids mapped for the
    page it lands on (on the tokens, before sanitizing; nothing rewrites the HTML after)."""

    def __init__(self, site: Site, page: str, id_prefix: str = "") -> None:
        self.site = site
        self.page = page
        self.id_prefix = id_prefix
        self.used: set[str] = set()
        self.reserved: set[str] = set()

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
        markdown, first_line = _source_slice(doc, section)
        if not markdown.strip():
            return ""
        return render_html(
            markdown,
            hook=self.hook(doc),
            first_line=first_line,
            keep_remote_images=self.site.keep_remote_images,
        )

    def title(self, doc: Document, section: Section) -> str:
        """The heading's inline Markdown (number included, id markers and ids removed)."""
        raw = section.raw_title or section.heading
        while True:
            stripped = _MARKER_RE.sub("", raw)
            if stripped == raw:
                break
            raw = stripped
        hook = self.hook(doc)

        def without_ids(name: str, attrs: list[Attr], line: int) -> list[Attr] | str:
            return hook(name, [(k, v) for k, v in attrs if k not in ("id", "name")], line)

        out = render_inline(
            raw.strip(),
            hook=without_ids,
            line=section.line,
            keep_remote_images=self.site.keep_remote_images,
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
        new, problem = self._href(href, doc)
        if problem:
            self.site.warn(doc, line, problem)
            kept = [(k, v) for k, v in attrs if k not in ("href", "title", "class")]
            return [("class", "broken-link"), ("title", problem), *kept]
        return [(k, new if k == "href" else v) for k, v in attrs]

    def _href(self, href: str, doc: Document) -> tuple[str, str]:
        """The rewritten href, or ``("", problem)``."""
        site = self.site
        parts = urlsplit(href)
        if parts.scheme or href.startswith("//"):
            return href, ""
        frag = unquote(parts.fragment)
        path = unquote(parts.path)
        if not path:
            if not frag:
                return href, ""
            if frag in site.anchors(doc):
                return "#" + self.id_prefix + frag, ""
            return "", f"broken link: no section `#{frag}` in this document"
        status, file, dest = site.resolve(doc, path)
        if status == "outside":
            return "", f"broken link: `{path}` is outside the source folder"
        if file is None:
            return "", f"broken link: `{path}` not found"
        target = site.by_file.get(file)
        if target is None:
            site.assets.setdefault(dest, file)
            return _relurl(dest, self.page) + (f"#{quote(frag)}" if frag else ""), ""
        if target is doc and self.id_prefix:  # the same document, on a side-by-side page
            if not frag:
                return "#", ""
            if frag in site.anchors(doc):
                return "#" + self.id_prefix + frag, ""
            return "", f"broken link: no section `#{frag}` in this document"
        page = site.page(target)
        if not page:
            return "", f"broken link: `{path}` is not exported (language {target.lang})"
        url = _relurl(page, self.page)
        if frag:
            if frag not in site.anchors(target):
                return "", f"broken link: no section `#{frag}` in `{path}`"
            url += "#" + quote(frag)
        return url, ""

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
        path = unquote(parts.path)
        status, file, dest = site.resolve(doc, path)
        if file is None:
            site.placeholders.add(f"{doc.path}:{line}:{src}")
            if status == "outside":
                site.warn(doc, line, f"image refused: `{path}` is outside the source folder")
                return _placeholder("Image refused (outside the source folder)", path)
            site.warn(doc, line, f"missing image: `{path}` not found")
            return _placeholder("Missing image", path)
        site.assets.setdefault(dest, file)
        site.images.add(dest)
        return [("src", _relurl(dest, self.page)), ("alt", alt), *kept]
