"""Readers of an exported site used by the site tests: visible text, every href and id."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

RAW_SYNTAX = re.compile(
    r"(?<![\w:<])<\s*/?\s*[A-Za-z][\w.-]*(?:\s+[\w:-]+(?:=|\s|/?>)|\s*/?>)"  # a tag as text,
    r"|\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]"  # an admonition marker
    r"|\[\[(?:open-in-colab|autodoc)\]\]|\{\{#(?:rustdoc_)?include"
)
"""Component, admonition or directive syntax showing as text (``Vec<T>``, a generic right
after a word, is prose)."""


class PageReader(HTMLParser):
    """Visible text outside code, every link and every id of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag in ("code", "pre", "script", "style", "kbd", "samp"):
            self._skip += 1
        for key in ("id", "name"):
            if found.get(key):
                self.ids.add(str(found[key]))
        if tag == "a" and found.get("href") is not None:
            self.hrefs.append(str(found["href"]))
        if tag in ("img", "script", "link") and (found.get("src") or found.get("href")):
            self.srcs.append(str(found.get("src") or found.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre", "script", "style", "kbd", "samp") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def read_site(out: Path) -> dict[str, PageReader]:
    pages = {}
    for path in sorted(out.rglob("*.html")):
        reader = PageReader()
        reader.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(out).as_posix()] = reader
    return pages


def raw_syntax(pages: dict[str, PageReader]) -> list[tuple[str, str]]:
    """(page, the raw text) for every component/admonition syntax in visible text."""
    return [
        (rel, m.group(0))
        for rel, page in pages.items()
        for m in RAW_SYNTAX.finditer(" ".join(page.text))
    ]


def broken_internal_links(out: Path, pages: dict[str, PageReader]) -> list[str]:
    """Every relative href and src of the site that leads to no file or no id there."""
    broken = []
    for rel, page in pages.items():
        for url in [*page.hrefs, *page.srcs]:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                continue
            target = rel if not parts.path else (Path(rel).parent / unquote(parts.path)).as_posix()
            file = (out / target).resolve()
            if not file.is_file() or not file.is_relative_to(out.resolve()):
                broken.append(f"{rel}: {url}")
                continue
            frag = unquote(parts.fragment)
            if frag and file.suffix == ".html":
                key = file.relative_to(out.resolve()).as_posix()
                if frag not in pages[key].ids:
                    broken.append(f"{rel}: {url} (no id)")
    return broken
