"""GFM tables in LaTeX."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.token import Token


def longtable(tokens: Sequence[Token], cells: Sequence[str]) -> str:
    """A GFM table as a ``longtable``: equal columns, aligned as in Markdown, header repeated.

    ``cells[k]`` is the rendered LaTeX of ``tokens[k]`` when it is an ``inline`` token.
    """
    rows: list[tuple[bool, list[tuple[str, str]]]] = []
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
            rows[-1][1].append((align, cells[k]))
    cols = max((len(row) for _, row in rows), default=1) or 1
    aligns = [""] * cols
    if rows:
        for k, (a, _) in enumerate(rows[0][1]):
            aligns[k] = a
    ragged = {"center": r"\centering", "right": r"\raggedleft"}
    width = rf"p{{\dimexpr(\linewidth-{2 * cols}\tabcolsep)/{cols}\relax}}"
    spec = "".join(
        ">{" + ragged.get(a, r"\raggedright") + r"\arraybackslash}" + width for a in aligns
    )
    out = [f"\\begin{{longtable}}{{{spec}}}\n\\toprule\n"]
    for k, (header, row) in enumerate(rows):
        texts = [c.replace("\n", " ") for _, c in row] + [""] * (cols - len(row))
        if header:
            texts = [f"\\textbf{{{c}}}" if c else "" for c in texts]
        out.append(" & ".join(texts) + " \\\\\n")
        if header and k == 0:
            out.append("\\midrule\n\\endhead\n")
    out.append("\\bottomrule\n\\end{longtable}\n\n")
    return "".join(out)
