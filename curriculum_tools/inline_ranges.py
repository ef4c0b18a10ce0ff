"""Where inline tokens sit in the source: prose versus code, HTML, math and link targets.

markdown-it's inline tokens carry no source offsets. :func:`inline_pieces` runs the shared
parser's own inline rules over a block's inline content, one rule match at a time, and
records what each match consumed (``[start, end)`` offsets into the content) and which
emphasis delimiter characters the parser left as literal text. Prose fixes use it to edit
only characters the parser read as prose: code spans, inline HTML, math, autolinks, image
text and link destinations are never touched.

:func:`emphasis_runs` maps the delimiter runs of every paragraph, list, block quote and
table cell of a document back to source lines and columns. Everything is linear in the
input (one pass of the parser's rules, each link label tokenized once more).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .model import Document

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

PROSE_RULES = frozenset({"text", "newline", "emphasis", "strikethrough"})
"""Inline rules whose matches are prose (the emphasis rules consume only delimiters)."""
_DELIMITER_RULES = ("emphasis",)


@dataclass(frozen=True, slots=True)
class Run:
    """A run of emphasis delimiter characters (``**``, ``_``) as the parser scanned it."""

    start: int
    """Offset of the first character in the inline content."""
    char: str
    length: int
    literal: tuple[bool, ...]
    """Per character: True when the parser left it as text (it is not emphasis markup)."""
    scope: int
    """0 at the top level; each link label is its own scope (emphasis never crosses it)."""


@dataclass(slots=True)
class Pieces:
    """One inline content's source pieces: prose spans and delimiter runs."""

    prose: list[tuple[int, int]]
    """``[start, end)`` offsets of prose characters (merged, in order)."""
    runs: list[Run]


def _label_end(state: StateInline, pos: int) -> int:
    """Where the label of the link whose ``[`` is at ``pos`` ends (-1 if none)."""
    saved = state.pos
    try:
        return int(state.md.helpers.parseLinkLabel(state, pos, True))
    finally:
        state.pos = saved


def _scan(state: StateInline, out: Pieces, scope: int, scopes: list[int]) -> list[Any]:
    """Tokenize ``state`` like ``ParserInline.tokenize``, recording what each rule consumed.

    Returns (token, run) pairs of delimiter characters to judge after post-processing.
    """
    from markdown_it.rules_inline import StateInline

    md = state.md
    named = [(rule.name, rule.fn) for rule in md.inline.ruler.__rules__ if rule.enabled]
    end = state.posMax
    limit = md.options["maxNesting"]
    judged: list[Any] = []
    while state.pos < end:
        pos = state.pos
        matched = None
        if state.level < limit:
            for name, fn in named:
                before = len(state.tokens)
                if fn(state, False):
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    matched = name
                    break
        if matched is None:
            state.append_pending(state.src[pos])
            state.pos += 1
            out.prose.append((pos, pos + 1))
            continue
        if matched in _DELIMITER_RULES:
            length = state.pos - pos
            tokens = state.tokens[len(state.tokens) - length :] if length else []
            if len(tokens) == length and len(state.tokens) - before >= length:
                judged.append((tokens, pos, state.src[pos], scope))
        elif matched in PROSE_RULES:
            out.prose.append((pos, state.pos))
        elif matched == "link" and (label := _label_end(state, pos)) > pos:
            inner = len(scopes) + 1
            scopes.append(inner)
            sub = StateInline(state.src, md, state.env, [])
            sub.pos, sub.posMax = pos + 1, label
            judged_inner = _scan(sub, out, inner, scopes)
            _post_process(sub)
            _collect(judged_inner, out)
        if state.pos >= end:
            break
    if state.pending:
        state.pushPending()
    return judged


def _post_process(state: StateInline) -> None:
    for rule in state.md.inline.ruler2.getRules(""):
        rule(state)


def _collect(judged: list[Any], out: Pieces) -> None:
    for tokens, pos, char, scope in judged:
        literal = tuple(t.type == "text" and t.content == char for t in tokens)
        out.runs.append(Run(pos, char, len(tokens), literal, scope))


def inline_pieces(content: str, env: dict[str, Any] | None = None) -> Pieces:
    """Prose spans and emphasis delimiter runs of one inline content (a paragraph's text)."""
    from markdown_it.rules_inline import StateInline

    from .parse import markdown_parser

    state = StateInline(content, markdown_parser(), env if env is not None else {}, [])
    out = Pieces([], [])
    judged = _scan(state, out, 0, [])
    _post_process(state)
    _collect(judged, out)
    out.runs.sort(key=lambda r: r.start)
    out.prose.sort()
    merged: list[tuple[int, int]] = []
    for start, stop in out.prose:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    out.prose = merged
    return out


# --- back to source lines -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRun:
    """A delimiter run placed in the document: line (1-based) and column (0-based)."""

    line: int
    column: int
    run: Run
    group: tuple[int, int]
    """(inline token number, scope): runs may pair only within one group."""


def _line_offsets(
    content: str, first_line: int, doc: Document, cursors: dict[int, int] | None
) -> list[int | None]:
    """Per content line, the column in the source line where it starts (None: not found).

    ``cursors`` (table cells): where the previous cell of each row ended, searched from there.
    """
    out: list[int | None] = []
    for i, part in enumerate(content.split("\n")):
        number = first_line + i
        raw = doc.lines[number - 1] if 0 < number <= len(doc.lines) else ""
        if cursors is not None:
            at = raw.find(part, cursors.get(number, 0))
            out.append(at if at >= 0 else None)
            if at >= 0:
                cursors[number] = at + len(part)
        elif raw.endswith(part):
            out.append(len(raw) - len(part))
        elif raw.rstrip().endswith(part):
            out.append(len(raw.rstrip()) - len(part))
        else:
            out.append(None)  # tabs expanded by the parser: leave this line alone
    return out


def _inline_tokens(tokens: list[Token]) -> Iterator[tuple[Token, bool, int]]:
    """Inline tokens of prose blocks: (token, is a table cell, its first source line)."""
    skip = False
    table = False
    row_line = 0
    for token in tokens:
        if token.type == "heading_open":
            skip = True
        elif token.type == "heading_close":
            skip = False
        elif token.type in ("table_open", "table_close"):
            table = token.type == "table_open"
        elif token.type == "tr_open" and token.map:
            row_line = token.map[0] + 1
        elif token.type == "inline" and not skip:
            if table and row_line:
                yield token, True, token.map[0] + 1 if token.map else row_line
            elif token.map:
                yield token, False, token.map[0] + 1


def _block_tokens(md: MarkdownIt, text: str, env: dict[str, Any]) -> list[Token]:
    """Block tokens only (the core chain up to ``block``): inline content stays unparsed,
    :func:`inline_pieces` parses it once (and reference definitions land in ``env``)."""
    from markdown_it.rules_core import StateCore

    state = StateCore(text, md, env)
    for rule in md.core.ruler.__rules__:
        if rule.enabled and rule.name in ("normalize", "block"):
            rule.fn(state)
    return state.tokens


def emphasis_runs(doc: Document, lines: Collection[int] | None = None) -> list[SourceRun]:
    """Every emphasis delimiter run of the document's prose, placed at its source line.

    ``lines``: only inline contents touching one of these lines are parsed (None: all).
    Headings are left out (their text is a title, not prose); so are lines the parser
    re-indented (tab expansion), where a column could not be trusted.
    """
    from .parse import markdown_parser

    env: dict[str, Any] = {}
    tokens = _block_tokens(markdown_parser(), doc.text, env)
    out: list[SourceRun] = []
    cursors: dict[int, int] = {}
    for number, (token, cell, line) in enumerate(_inline_tokens(tokens)):
        content = token.content
        last = line + content.count("\n")
        wanted = lines is None or any(n in lines for n in range(line, last + 1))
        if not wanted or ("*" not in content and "_" not in content):
            if cell:
                _line_offsets(content, line, doc, cursors)  # move the row's cursor on
            continue
        pieces = inline_pieces(content, env)
        offsets = _line_offsets(content, line, doc, cursors if cell else None)
        starts = [0]
        for part in content.split("\n")[:-1]:
            starts.append(starts[-1] + len(part) + 1)
        index = 0
        for run in pieces.runs:
            while index + 1 < len(starts) and starts[index + 1] <= run.start:
                index += 1
            column = offsets[index]
            if column is None:
                continue
            placed = column + run.start - starts[index]
            out.append(SourceRun(line + index, placed, run, (number, run.scope)))
    return out
