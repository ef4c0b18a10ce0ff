"""Markdown -> :class:`~curriculum_tools.model.Document`: markdown-it tokens folded into sections.

There is exactly one parser configuration (:func:`markdown_parser`), shared by the linter
and every exporter: CommonMark + GFM tables and strikethrough, YAML front matter and
dollar math (``$5`` is not math). Token maps (0-based, end-exclusive) become 1-based,
inclusive lines here and nowhere else.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .model import Block, BlockKind, Directive, Document, Fact, Section, split_lines
from .text import img_sources, split_trailing_ids

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)([.)]?)(?=\s)")
_HTML_ID_RE = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
_DIRECTIVE_RE = re.compile(
    r"<!--\s*ctools-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->", re.S
)
_URL_RE = re.compile(r"\b(?:https?|ftp)://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
_PROSE_NUMBER_RE = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)")
_FORMULA_LABEL_RE = re.compile(r"(?i)(?:formula|equation|공식|수식|계산식)\s*[:：]\s*(.+)$")


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The one MarkdownIt instance every command uses (built lazily, once)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark", {"maxNesting": 64})
    md.enable(["table", "strikethrough"])
    md.use(front_matter_plugin)
    md.use(dollarmath_plugin, allow_digits=False, double_inline=True)
    return md


# --- slugs ---------------------------------------------------------------------------------


def github_slug(text: str) -> str:
    """GitHub's heading anchor: lower-case, keep letters/marks/numbers/``_``/``-``, spaces to ``-``.

    >>> github_slug("1.1. Early Language Models (1990s - Early 2000s)")
    '11-early-language-models-1990s---early-2000s'
    >>> github_slug("📖 원문 발췌")
    '-원문-발췌'
    """
    out = []
    for char in text.lower():
        if char == " ":
            out.append("-")
        elif char == "-" or char == "_" or unicodedata.category(char)[0] in "LMN":
            out.append(char)
    return "".join(out)


class Slugger:
    """Make slugs unique the way GitHub (github-slugger) does: ``x``, ``x-1``, ``x-2``."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = github_slug(text)
        slug = base
        while slug in self._seen:
            self._seen[base] += 1
            slug = f"{base}-{self._seen[base]}"
        self._seen[slug] = 0
        return slug


# --- small text helpers shared by rules and exporters ---------------------------------------


def numbers_in(text: str) -> list[str]:
    """Numbers in prose, normalised (``1,000`` -> ``1000``; ``0,5`` stays decimal-ish as ``0.5``)."""
    out = []
    for match in _PROSE_NUMBER_RE.finditer(text):
        value = match.group(1)
        if "," in value:
            parts = value.split(",")
            if all(len(p) == 3 for p in parts[1:]):
                value = "".join(parts)
            else:
                continue  # a list like "1,2" -- ambiguous, not a number
        out.append(value.rstrip("."))
    return out


def split_heading(text: str) -> tuple[str | None, str, tuple[str, ...], str]:
    """Split heading plain text into (number as written, title, explicit ids, visible text).

    >>> split_heading("1.2. Neural Models [[neural]]")
    ('1.2.', 'Neural Models', ('neural',), '1.2. Neural Models')
    """
    text, ids = split_trailing_ids(text)
    visible = text = text.strip()
    number = None
    match = _NUMBER_RE.match(text)
    if match and (match.group(2) or "." in match.group(1) or len(match.group(1)) <= 2):
        number = match.group(1) + match.group(2)
        text = text[match.end() :].strip()
    return number, text, ids, visible


# --- token folding --------------------------------------------------------------------------


class _Inline:
    """Facts collected from inline tokens, with line tracking across soft/hard breaks."""

    __slots__ = ("code_spans", "html_ids", "images", "lines", "links", "math", "plain")

    def __init__(self) -> None:
        self.plain: list[str] = []  # textContent, for slugs and titles
        self.lines: dict[int, list[str]] = {}  # prose per line
        self.code_spans: list[Fact] = []
        self.links: list[Fact] = []
        self.images: list[Fact] = []
        self.math: list[Fact] = []
        self.html_ids: list[str] = []

    def feed(self, token: Token, line: int) -> None:
        link_stack: list[tuple[str, int, list[str]]] = []
        self.lines.setdefault(line, []).append(" ")  # separates table cells on one line
        for child in token.children or ():
            kind = child.type
            if kind in ("softbreak", "hardbreak"):
                line += 1
                self.plain.append(" ")
                self.lines.setdefault(line, [])
            elif kind == "text":
                self.plain.append(child.content)
                self.lines.setdefault(line, []).append(child.content)
                for target_text in link_stack:
                    target_text[2].append(child.content)
            elif kind == "code_inline":
                self.plain.append(child.content)
                self.code_spans.append(Fact(child.content, line))
                for target_text in link_stack:
                    target_text[2].append(child.content)
            elif kind == "math_inline" or kind == "math_inline_double":
                self.plain.append(child.content)
                self.math.append(Fact(child.content.strip(), line))
            elif kind == "image":
                self.images.append(
                    Fact(unquote(str(child.attrs.get("src", ""))), line, child.content)
                )
            elif kind == "link_open":
                link_stack.append((unquote(str(child.attrs.get("href", ""))), line, []))
            elif kind == "link_close" and link_stack:
                href, at, words = link_stack.pop()
                self.links.append(Fact(href, at, "".join(words)))
            elif kind == "html_inline":
                self.html_ids.extend(_HTML_ID_RE.findall(child.content))
                for src in img_sources(child.content):
                    self.images.append(Fact(src, line))
                self.lines.setdefault(line, []).append(" ")


def _prose(text: str) -> str:
    return _URL_RE.sub(" ", text)


def _make_block(kind: BlockKind, tokens: Sequence[Token], line: int, end_line: int) -> Block:
    inline = _Inline()
    items = depth = rows = cols = 0
    info = code = ""
    cur = line
    list_level = tokens[0].level + 1
    nest = 0
    first_row_cols: int | None = None
    row_cells = 0
    for tok in tokens:
        if tok.map is not None:
            cur = tok.map[0] + 1
        t = tok.type
        if t == "inline":
            inline.feed(tok, cur)
        elif t in ("bullet_list_open", "ordered_list_open"):
            nest += 1
            depth = max(depth, nest)
        elif t in ("bullet_list_close", "ordered_list_close"):
            nest -= 1
        elif t == "list_item_open" and tok.level == list_level:
            items += 1
        elif t == "tr_open":
            rows += 1
            row_cells = 0
        elif t in ("th_open", "td_open"):
            row_cells += 1
        elif t == "tr_close" and first_row_cols is None:
            first_row_cols = row_cells
        elif t in ("fence", "code_block"):
            info = info or tok.info.strip()
            code = code or tok.content
        elif t in ("html_block",):
            code = code or tok.content
            match = re.match(r"\s*<([A-Za-z][\w-]*)", tok.content)
            info = info or (match.group(1).lower() if match else "")
            for src in img_sources(tok.content):
                inline.images.append(Fact(src, cur))
        elif t == "math_block" or t == "math_block_label":
            code = code or tok.content.strip()
            inline.math.append(Fact(tok.content.strip(), cur))
    cols = first_row_cols or 0
    per_line = tuple(
        (ln, _prose("".join(parts)).strip())
        for ln, parts in sorted(inline.lines.items())
        if "".join(parts).strip()
    )
    numbers = tuple(Fact(n, ln) for ln, text in per_line for n in numbers_in(text))
    links = list(inline.links)
    for ln, parts in sorted(inline.lines.items()):
        for url in _URL_RE.findall("".join(parts)):
            if not any(link.value == url for link in links):
                links.append(Fact(url, ln, url))
    return Block(
        kind=kind,
        line=line,
        end_line=end_line,
        text="\n".join(text for _, text in per_line),
        info=info,
        code=code,
        items=items,
        depth=depth,
        rows=rows,
        cols=cols,
        numbers=numbers,
        code_spans=tuple(inline.code_spans),
        links=tuple(links),
        images=tuple(inline.images),
        math=tuple(inline.math),
        lines=per_line,
    )


_KIND_OF: dict[str, BlockKind] = {
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "blockquote_open": "blockquote",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "hr": "hr",
    "math_block": "math",
    "math_block_label": "math",
}


def _top_level(tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """Yield (start, stop) index ranges of the top-level blocks in a token stream."""
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.nesting == 1:
            depth = 0
            j = i
            while j < n:
                depth += tokens[j].nesting
                if depth == 0:
                    break
                j += 1
            yield i, min(j + 1, n)
            i = j + 1
        else:
            yield i, i + 1
            i += 1


def _directives(content: str, line: int) -> Iterator[Directive]:
    for match in _DIRECTIVE_RE.finditer(content):
        kind = match.group(1)
        rules = tuple(r for r in re.split(r"[\s,]+", match.group(2).strip()) if r)
        at = line + content.count("\n", 0, match.start())
        yield Directive(kind, rules, at)  # type: ignore[arg-type]


def _front_matter(content: str, first_line: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    import yaml

    try:
        data = yaml.safe_load(content) if content.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context = getattr(exc, "context_mark", None)
        if "end of stream" in problem and context is not None:
            mark = context  # an unclosed quote: point where it was opened
        line = first_line + 1 + (mark.line if mark is not None else 0)
        return {}, [(line, f"invalid YAML front matter: {problem}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [(first_line, "front matter is not a mapping of keys to values")]
    return {str(k): v for k, v in data.items()}, []


def parse_text(text: str, path: Path | str = "<text>", lang: str = "", rel: str = "") -> Document:
    """Parse Markdown text into a :class:`Document` (pure: reads no file)."""
    tokens = markdown_parser().parse(text)
    front: dict[str, Any] = {}
    fm_lines: tuple[int, int] | None = None
    errors: list[tuple[int, str]] = []
    directives: list[Directive] = []
    preamble: list[Block] = []
    roots: list[Section] = []
    stack: list[Section] = []
    flat: list[Section] = []
    slugger = Slugger()
    blocks_of: dict[int, list[Block]] = {}
    source_lines = split_lines(text)
    total_lines = len(source_lines) - (1 if source_lines[-1] == "" else 0)

    def last_line(first: int, end: int) -> int:
        """Pull a 1-based inclusive end line back over trailing blank lines."""
        while end > first and end - 1 < len(source_lines) and not source_lines[end - 1].strip():
            end -= 1
        return max(first, end)

    for start, stop in _top_level(tokens):
        tok = tokens[start]
        line = tok.map[0] + 1 if tok.map else 1
        end_line = tok.map[1] if tok.map else line
        if tok.type == "front_matter":
            fm_lines = (line, end_line)
            front, errs = _front_matter(tok.content, line)
            errors.extend(errs)
            continue
        if tok.type == "heading_open":
            inline = _Inline()
            raw = ""
            for inner in tokens[start:stop]:
                if inner.type == "inline":
                    inline.feed(inner, line)
                    raw = inner.content
            number, title, ids, visible = split_heading("".join(inline.plain).strip())
            ids = tuple(dict.fromkeys((*ids, *inline.html_ids)))
            level = int(tok.tag[1])
            section = Section(
                level=level,
                number=number,
                title=title,
                slug=slugger.slug(visible),
                ids=ids,
                line=line,
                end_line=total_lines,
                heading_end=end_line,
                index=len(flat),
                raw_title=raw,
            )
            while stack and stack[-1].level >= level:
                stack.pop().end_line = line - 1
            (stack[-1].children if stack else roots).append(section)
            stack.append(section)
            flat.append(section)
            continue
        if tok.type in ("html_block",):
            directives.extend(_directives(tok.content, line))
        for inner in tokens[start:stop]:
            if inner.type == "inline" and inner.children:
                for child in inner.children:
                    if child.type == "html_inline" and "ctools-" in child.content:
                        directives.extend(
                            _directives(child.content, inner.map[0] + 1 if inner.map else line)
                        )
        kind = _KIND_OF.get(tok.type)
        if kind is None:
            continue
        block = _make_block(kind, tokens[start:stop], line, last_line(line, end_line))
        if flat:
            blocks_of.setdefault(flat[-1].index, []).append(block)
        else:
            preamble.append(block)

    for section in flat:
        section.blocks = tuple(blocks_of.get(section.index, ()))
        section.end_line = last_line(section.heading_end, section.end_line)
    return Document(
        path=Path(path),
        lang=lang,
        text=text,
        front_matter=front,
        front_matter_lines=fm_lines,
        preamble=tuple(preamble),
        sections=roots,
        directives=tuple(directives),
        rel=rel,
        errors=tuple(errors),
    )


def formulas_in(text: str) -> list[str]:
    """Formula-like prose: what follows a ``Formula:``/``공식:`` label on a line."""
    out = []
    for line in split_lines(text):
        match = _FORMULA_LABEL_RE.search(line)
        if match:
            out.append(match.group(1).strip())
    return out


def parse_file(path: Path, lang: str = "", rel: str = "") -> Document:
    """Read and parse one file (errors name the file and line)."""
    from .io import read_markdown

    return parse_text(read_markdown(path), path, lang, rel)


def skeleton(text: str) -> list[tuple[int, str | None]]:
    """The section skeleton a repair or fix must not change: (level, number) of every heading.

    Titles may change (a mojibake repair rewrites them); levels and numbers may not.
    """
    return [(s.level, s.number) for s in parse_text(text).walk()]
