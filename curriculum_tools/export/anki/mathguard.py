"""What Anki reads as TeX in a card field passes the formula allow-list, or is defused.

Anki typesets ``\\( \\)`` and ``\\[ \\]`` with MathJax, whose TeX has ``\\href{javascript:…}``,
``\\style{position:fixed;background:url(…)}``, ``\\class``, ``\\cssId`` and ``\\require``; and it
runs the user's LaTeX on ``[latex]``, ``[$]`` and ``[$$]``. Content reaches those readers two
ways: a formula ctools writes (``$…$`` in the Markdown) and delimiters spelled in prose, code,
attributes or titles (``\\\\(\\href…\\\\)``, ``&#92;(``, ``[latex]``). So every field is checked
as Anki reads it, whatever made it: a MathJax span whose TeX is outside the allow-list of
:mod:`..latex.mathpolicy` has its opening delimiter broken by a WORD JOINER (U+2060, invisible),
and so has every Anki LaTeX tag. Allowed formulas are left as they are.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from ...views import display_path
from ..latex.mathpolicy import math_problem

if TYPE_CHECKING:
    from ...model import Document

JOINER = "\u2060"
"""Inserted after the ``\\`` of a defused ``\\(`` / ``\\[`` and after the ``[`` of a LaTeX tag."""

_OPENER_RE = re.compile(r"\\(?:<[^<>]*>)*[(\[&]|&(?:#0*92|#[xX]0*5[cC]|bsol)")
"""Where a MathJax opener may be: a backslash before ``(``, ``[`` or a character reference
(tags between them are skipped, as a browser does), or a backslash spelled as a reference.
A field without one (code full of ``\\n`` and ``\\d``) is left at once."""
_LATEX_TAG_RE = re.compile(r"(?i)\[(?=/?(?:latex|\$\$?)\]|sound:)")
"""Anki's LaTeX tags (its own regexes are case-insensitive), opening or closing."""
_PIECE_RE = re.compile(
    r"""<(?:[^<>"']|"[^<"]*"|'[^<']*')*>|&(?:#\d+|#[xX][0-9a-fA-F]+|\w+);?|[^<&]+|[<&]"""
)
"""A tag, a character reference, or text (a ``<`` that opens no tag is text)."""
_CLOSERS = {"(": "\\)", "[": "\\]"}


def _text_map(field: str) -> tuple[str, list[int]]:
    """The field's text as a browser reads it (tags dropped, entities decoded) and, for each
    character of it, the offset in ``field`` just after the source of that character."""
    chars: list[str] = []
    ends: list[int] = []
    for match in _PIECE_RE.finditer(field):
        piece = match.group()
        if piece.startswith("<") and len(piece) > 1:
            continue
        decoded = html.unescape(piece) if piece.startswith("&") else piece
        if piece.startswith("&") and len(piece) > 1:
            chars.append(decoded)
            ends.extend([match.end()] * len(decoded))
        else:
            chars.append(piece)
            ends.extend(range(match.start() + 1, match.end() + 1))
    return "".join(chars), ends


def _defused_openers(text: str) -> list[int]:
    """Indices in ``text`` of the ``\\`` of each MathJax opener whose span is not allowed."""
    found: list[int] = []
    at = 0
    while True:
        start = min((i for i in (text.find("\\(", at), text.find("\\[", at)) if i >= 0), default=-1)
        if start < 0:
            return found
        closer = _CLOSERS[text[start + 1]]
        end = text.find(closer, start + 2)
        if end < 0:  # MathJax typesets nothing without a closer
            return found
        if math_problem(text[start + 2 : end]) is not None:
            found.append(start)
            at = start + 2
        else:
            at = end + 2


def guard_field(field: str) -> str:
    """``field`` with every TeX Anki would run outside the allow-list defused (see module)."""
    if "[" in field:
        field = _LATEX_TAG_RE.sub("[" + JOINER, field)
    if not _OPENER_RE.search(field):
        return field
    text, ends = _text_map(field)
    cuts = [ends[i] for i in _defused_openers(text)]
    if not cuts:
        return field
    out: list[str] = []
    last = 0
    for cut in cuts:
        out.append(field[last:cut])
        out.append(JOINER)
        last = cut
    out.append(field[last:])
    return "".join(out)


_BLOCK_MATH = ("math_block", "math_block_label")
_INLINE_MATH = ("math_inline", "math_inline_double")


def refused_formulas(doc: Document) -> list[str]:
    """One ``file:line:`` warning per formula of ``doc`` outside the allow-list: its cards show
    it as code (:func:`~..markup.tex_to_mathjax`), as the LaTeX export prints it as text."""
    found: list[tuple[int, str]] = []
    for token in doc.tokens:
        line = token.map[0] + 1 if token.map else 1
        if token.type in _BLOCK_MATH:
            found.append((line, token.content.strip()))
        elif token.type == "inline" and "$" in token.content:
            for child in token.children or ():
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type in _INLINE_MATH:
                    found.append((line, child.content))
    where = display_path(doc.path)
    return [
        f"{where}:{line}: formula {problem}; shown as code in the cards"
        for line, tex in found
        if (problem := math_problem(tex)) is not None
    ]
