"""GFM tables in LaTeX: a ``longtable`` (it breaks across pages, the header repeats) whose
columns are sized from their content and whose type shrinks before anything overflows.

Every column is a wrapping ``p`` column, so the table is never wider than the line. Widths
follow the text (as ``tabulary`` would): a column of short codes stays narrow, a column of
sentences gets the room. Each column gets at least its longest word; when even the longest
words do not fit side by side, the table is set smaller (down to ``\\scriptsize``). Inline
code in a cell may break every few characters (see :data:`CELL_RUN`); what still overflows is
reported by the log reader as ``line too wide`` at the table's Markdown line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .escape import code_width

if TYPE_CHECKING:
    from markdown_it.token import Token

LINE_CHARACTERS = 78
"""Characters of body text on one ``\\linewidth`` at the normal size (11 pt, A4, 2.2 cm)."""
CELL_PADDING = 2
"""Characters the space between two columns (``2\\tabcolsep``) costs."""
TABLE_SIZES = (("", 1.0), ("\\small", 1.1), ("\\footnotesize", 1.25), ("\\scriptsize", 1.45))
"""Type sizes tried in turn and how many more characters each fits on a line."""
CELL_RUN = 8
"""In a cell, runs of code (and words) longer than this get break points."""
_RAGGED = {"center": r"\centering", "right": r"\raggedleft"}


@dataclass(frozen=True, slots=True)
class Layout:
    """A table's type size and its columns' shares of the line (summing to 1)."""

    size: str
    shares: tuple[float, ...]


MONO = 1.2
"""How much wider a character of code is than one of text, on average."""
_TEXT_UNIT = 12
"""Characters of a text word that must stay on one line (longer words are hyphenated)."""


def measure(token: Token) -> tuple[float, float]:
    """(whole width, widest unbreakable piece) of a cell, in characters of text: code counts
    :data:`MONO` per character and breaks every :data:`CELL_RUN`, text words hyphenate."""
    whole = piece = 0.0
    for kid in token.children if token.children is not None else ():
        if kid.type not in ("text", "code_inline", "math_inline", "image"):
            continue
        code = kid.type != "text"
        factor, unit = (MONO, CELL_RUN + 1) if code else (1.0, _TEXT_UNIT)
        words = kid.content.split()
        whole += factor * (code_width(" ".join(words)) + 1)
        if words:  # factor > 0: the widest word, capped at the unit, times the factor
            piece = max(piece, factor * min(max(map(code_width, words)), unit))
    return whole, piece


def layout(rows: Sequence[Sequence[tuple[float, float]]], cols: int) -> Layout:
    """Type size and column shares for ``rows`` of measured cells (see :func:`measure`)."""
    natural = [3.0] * cols
    least = [3.0] * cols
    for row in rows:
        for k, (whole, piece) in enumerate(row[:cols]):
            natural[k] = max(natural[k], whole)
            least[k] = max(least[k], piece)
    size, room = TABLE_SIZES[-1][0], 0.0
    for name, factor in TABLE_SIZES:
        room = LINE_CHARACTERS * factor - CELL_PADDING * cols
        if sum(least) <= room:
            size = name
            break
    room = max(room, sum(least))
    if sum(natural) <= room:
        widths = natural
    else:  # every column its widest piece, the rest of the line by how much more it holds
        spare = room - sum(least)
        extra = [max(0.0, n - w) for n, w in zip(natural, least, strict=True)]
        total = sum(extra) or 1.0
        widths = [w + spare * e / total for w, e in zip(least, extra, strict=True)]
    whole = sum(widths)
    return Layout(size, tuple(w / whole for w in widths))


def longtable(tokens: Sequence[Token], cells: Sequence[str]) -> str:
    """A GFM table as a ``longtable``: columns sized by content, aligned as in Markdown,
    header repeated.

    ``cells[k]`` is the rendered LaTeX of ``tokens[k]`` when it is an ``inline`` token.
    """
    rows: list[tuple[bool, list[tuple[str, str, tuple[float, float]]]]] = []
    align = ""
    for k, tok in enumerate(tokens):
        if tok.type == "tr_open":
            rows.append((False, []))
        elif tok.type in ("th_open", "td_open") and rows:
            style = str(tok.attrs.get("style", ""))
            align = style.split(":", 1)[1].strip() if ":" in style else ""
            if tok.type == "th_open":
                rows[-1] = (True, rows[-1][1])
        elif tok.type == "inline" and rows:
            rows[-1][1].append((align, cells[k], measure(tok)))
    cols = max((len(row) for _, row in rows), default=1) or 1
    aligns = [""] * cols
    if rows:
        for k, (a, _, _) in enumerate(rows[0][1]):
            aligns[k] = a
    bold = 1.1  # header cells are set in bold
    measured = [
        [(w * bold, p * bold) if head else (w, p) for _, _, (w, p) in row] for head, row in rows
    ]
    shape = layout(measured, cols)
    spec = "".join(
        ">{"
        + _RAGGED.get(a, r"\raggedright")
        + r"\arraybackslash}"
        + rf"p{{\dimexpr(\linewidth-{2 * cols}\tabcolsep)*{int(share * 1000)}/1000\relax}}"
        for a, share in zip(aligns, shape.shares, strict=True)
    )
    out = ["\\begingroup" + shape.size + "\n"] if shape.size else []
    out.append(f"\\begin{{longtable}}{{{spec}}}\n\\toprule\n")
    for k, (header, row) in enumerate(rows):
        texts = [c.replace("\n", " ") for _, c, _ in row] + [""] * (cols - len(row))
        if header:
            texts = [f"\\textbf{{{c}}}" if c else "" for c in texts]
        out.append(" & ".join(texts) + " \\\\\n")
        if header and k == 0:
            out.append("\\midrule\n\\endhead\n")
    out.append("\\bottomrule\n\\end{longtable}\n")
    out.append("\\endgroup\n\n" if shape.size else "\n")
    return "".join(out)
