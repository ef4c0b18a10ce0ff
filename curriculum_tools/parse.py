"""Markdown -> :class:`~curriculum_tools.model.Document`: markdown-it tokens folded into sections.

There is exactly one parser configuration (:func:`markdown_parser`), shared by the linter
and every exporter: CommonMark + GFM tables and strikethrough, YAML front matter, dollar
math (``$5`` is not math) and the course formats of :mod:`curriculum_tools.syntax` (MDX
components, ``> [!TIP]``, doc-builder and mdBook directives). A document is parsed once:
:attr:`Document.tokens <curriculum_tools.model.Document.tokens>` is the stream, every
section and block holds its ``(start, stop)`` slice, :func:`render_tokens` renders one. Token maps (0-based, end-exclusive) become 1-based,
inclusive lines here and nowhere else.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .fold import KIND_OF, Inline, make_block, numbers_in, top_level
from .model import Block, Directive, Document, Section, split_lines
from .text import blank_conflict_markers, mdx_heading_ids, split_trailing_ids

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)([.)]?)(?=\s)")
_DIRECTIVE_RE = re.compile(
    r"<!--\s*ctools-(disable-next-line|disable-line|disable|enable)\b([^>]*?)-->", re.S
)
_FORMULA_LABEL_RE = re.compile(r"(?i)(?:formula|equation|공식|수식|계산식)\s*[:：]\s*(.+)$")


@functools.cache
def markdown_parser(components: tuple[tuple[str, str], ...] = ()) -> MarkdownIt:
    """The one MarkdownIt configuration every command uses (built lazily, once per mapping).

    ``components`` is a team's ``name -> kind`` mapping from ``ctools.yaml`` (see
    :mod:`curriculum_tools.syntax`); the default knows doc-builder, mdBook and GitHub names.
    """
    from .syntax import syntax_plugin
    from .syntax.dispatch import install_dispatch

    md = base_parser()
    md.use(syntax_plugin, dict(components))
    md.core.ruler.at("normalize", _normalize)
    md.core.ruler.at("text_join", _text_join)
    install_dispatch(md)  # same tokens, far fewer rule calls
    return md


def _normalize(state: Any) -> None:
    """markdown-it's ``normalize`` (``\r\n`` and ``\r`` to ``\n``, NUL to U+FFFD), skipped
    for the text that has neither: its two substitutions rewrite every line break."""
    if "\r" in state.src or "\0" in state.src:
        from markdown_it.rules_core.normalize import normalize

        normalize(state)


def _text_join(state: Any) -> None:
    """markdown-it's ``text_join`` (``text_special`` tokens become text, joined with their
    neighbours) on the inline tokens that can hold one: only the escape (``\\``) and entity
    (``&``) rules make them, and the inline post-processing already joined every other run
    of text, so on the others it changes nothing."""
    from markdown_it.rules_core.state_core import StateCore
    from markdown_it.rules_core.text_join import text_join

    special = [
        t for t in state.tokens if t.type == "inline" and ("\\" in t.content or "&" in t.content)
    ]
    if special:
        text_join(StateCore(state.src, state.md, state.env, special))


def base_parser() -> MarkdownIt:
    """CommonMark + tables + strikethrough + front matter + dollar math, without components.

    Only :func:`markdown_parser` and the parse benchmark (old configuration vs new) use it.
    """
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
    return text.lower().translate(_SLUG_CHARS)


class _SlugChars(dict[int, str | None]):
    """What :func:`github_slug` makes of each character (``str.translate`` table): a space
    ``-``; ``-``, ``_``, letters, marks and numbers themselves; anything else nothing. Filled
    on first sight of a character, so a slug costs a C loop, not a Python one per character
    (a heading-dense document slugs every heading several times)."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if char == " ":
            kept: str | None = "-"
        elif char == "-" or char == "_" or unicodedata.category(char)[0] in "LMN":
            kept = char
        else:
            kept = None
        self[code] = kept
        return kept


_SLUG_CHARS = _SlugChars()


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


def _directives(content: str, line: int) -> Iterator[Directive]:
    for match in _DIRECTIVE_RE.finditer(content):
        kind = match.group(1)
        rules = tuple(r for r in re.split(r"[\s,]+", match.group(2).strip()) if r)
        at = line + content.count("\n", 0, match.start())
        yield Directive(kind, rules, at)  # type: ignore[arg-type]


def _front_matter(content: str, first_line: int) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    from .config import YamlProblem, load_yaml

    try:
        data = load_yaml(content) if content.strip() else {}
    except YamlProblem as exc:
        return {}, [(first_line + 1 + exc.line, f"invalid YAML front matter: {exc.message}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [(first_line, "front matter is not a mapping of keys to values")]
    return {str(k): v for k, v in data.items()}, []


def tokenize(
    text: str, components: tuple[tuple[str, str], ...] = ()
) -> tuple[list[Token], dict[str, Any]]:
    """The document's one token stream and its ``env`` (reference definitions, footnotes)."""
    env: dict[str, Any] = {}
    tokens = markdown_parser(components).parse(blank_conflict_markers(text), env)
    return tokens, env


def render_tokens(doc: Document, start: int = 0, stop: int | None = None) -> str:
    """HTML of ``doc.tokens[start:stop]`` (a section's or block's slice) with the document's
    ``env``: a ``[text][ref]`` whose definition sits in another section still links."""
    md = markdown_parser(doc.syntax)
    return str(md.renderer.render(doc.tokens[start:stop], md.options, doc.env))


def parse_text(
    text: str,
    path: Path | str = "<text>",
    lang: str = "",
    rel: str = "",
    components: tuple[tuple[str, str], ...] = (),
) -> Document:
    """Parse Markdown text into a :class:`Document` (pure: reads no file).

    ``components`` maps a team's component names to kinds (``ctools.yaml`` ``components:``).
    """
    tokens, env = tokenize(text, components)
    front: dict[str, Any] = {}
    fm_lines: tuple[int, int] | None = None
    errors: list[tuple[int, str]] = []
    preamble: list[Block] = []
    roots: list[Section] = []
    stack: list[Section] = []
    flat: list[Section] = []
    slugger = Slugger()
    blocks_of: dict[int, list[Block]] = {}
    source_lines = split_lines(text)
    total_lines = len(source_lines) - (1 if source_lines[-1] == "" else 0)
    preamble_end = len(tokens)

    def last_line(first: int, end: int) -> int:
        """Pull a 1-based inclusive end line back over trailing blank lines."""
        while end > first and end - 1 < len(source_lines) and not source_lines[end - 1].strip():
            end -= 1
        return max(first, end)

    for start, stop in top_level(tokens):
        tok = tokens[start]
        line = tok.map[0] + 1 if tok.map else 1
        end_line = tok.map[1] if tok.map else line
        if tok.type == "front_matter":
            fm_lines = (line, end_line)
            front, errs = _front_matter(tok.content, line)
            errors.extend(errs)
            continue
        if tok.type == "heading_open":
            preamble_end = min(preamble_end, start)
            inline = Inline()
            raw = ""
            for inner in tokens[start:stop]:
                if inner.type == "inline":
                    inline.feed(inner, line)
                    raw = inner.content
            number, title, ids, visible = split_heading("".join(inline.plain).strip())
            ids = tuple(dict.fromkeys((*ids, *mdx_heading_ids(raw), *inline.html_ids)))
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
                tokens=(start, len(tokens)),
                own_tokens=len(tokens),
            )
            while stack and stack[-1].level >= level:
                closed = stack.pop()
                closed.end_line = line - 1
                closed.tokens = (closed.tokens[0], start)
                closed.own_tokens = min(closed.own_tokens, start)
            if stack:
                stack[-1].children.append(section)
                stack[-1].own_tokens = min(stack[-1].own_tokens, start)
            else:
                roots.append(section)
            stack.append(section)
            flat.append(section)
            continue
        kind = KIND_OF.get(tok.type)
        if kind is None:
            continue
        block = make_block(
            kind, tokens[start:stop], line, last_line(line, end_line), start, last_line
        )
        # flat: a component block is followed by the blocks inside it (its tree is
        # ``block.component.children``), so every rule sees the prose and code it holds
        into = blocks_of.setdefault(flat[-1].index, []) if flat else preamble
        if block.component is None:
            into.append(block)
        else:
            into.extend(block.walk())

    for section in flat:
        section.blocks = tuple(blocks_of.get(section.index, ()))
        section.end_line = last_line(section.heading_end, section.end_line)
        section.own_tokens = min(section.own_tokens, section.tokens[1])
    doc = Document(
        path=Path(path),
        lang=lang,
        text=text,
        front_matter=front,
        front_matter_lines=fm_lines,
        preamble=tuple(preamble),
        sections=roots,
        directives=tuple(_all_directives(tokens)) if "ctools-" in text else (),
        rel=rel,
        errors=tuple(errors),
        preamble_tokens=(0, preamble_end),
        syntax=components,
        tokenizer=tokenize,
        nested_anchors=nested_heading_anchors(tokens),
    )
    doc._tokens, doc._env = tokens, env
    doc._lines = source_lines  # what Document.lines would split again
    return doc


def nested_heading_anchors(tokens: Sequence[Token]) -> frozenset[str]:
    """Slugs and ids of headings inside block quotes, lists and components (not sections, but
    mdBook and doc-builder give them anchors: ``> ### The Stack and the Heap``). Computed at
    parse time, while the tokens exist: a cached document would have to re-parse for them."""
    out: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.type != "heading_open" or tok.level == 0 or i + 1 >= len(tokens):
            continue
        text = "".join(
            c.content for c in tokens[i + 1].children or () if c.type in ("text", "code_inline")
        )
        _, _, ids, visible = split_heading(text.strip())
        out.add(github_slug(visible))
        out.update((*ids, *mdx_heading_ids(tokens[i + 1].content)))
    return frozenset(out)


def _all_directives(tokens: Sequence[Token]) -> Iterator[Directive]:
    """``<!-- ctools-... -->`` comments anywhere: HTML blocks (inside components too), inline."""
    for tok in tokens:
        line = tok.map[0] + 1 if tok.map else 1
        if tok.type == "html_block" and "ctools-" in tok.content:
            yield from _directives(tok.content, line)
        elif tok.type == "inline" and "ctools-" in tok.content:
            for child in tok.children or ():
                if child.type == "html_inline" and "ctools-" in child.content:
                    yield from _directives(child.content, line)


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


__all__ = [
    "Slugger",
    "formulas_in",
    "github_slug",
    "markdown_parser",
    "numbers_in",
    "parse_file",
    "parse_text",
    "render_tokens",
    "skeleton",
    "split_heading",
    "tokenize",
]
