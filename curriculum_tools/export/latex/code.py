"""Code and formulas that need more than escaping: wide code set smaller before it wraps,
mdBook includes spliced into fences (or a placeholder naming the path), and formulas whose
Hangul no math font has."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...text import HANGUL_RE as _HANGUL_RE
from .escape import code_lines, code_width

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ...includes import Splicer

CODE_SIZES = ((1.12, "\\footnotesize"), (1.26, "\\scriptsize"))
"""Smaller code sizes and how many more columns each fits than ``\\small``."""
_TEXT_ARG_RE = re.compile(r"\\(?:text|mbox|textrm|mathrm)\{[^{}]*\}")


def code_command(name: str, content: str, columns: int, first: int = 1) -> tuple[str, str]:
    """The code's text (as appended to the side file ``name`` at line ``first``) and the
    ``\\ctoolscodelines`` command showing those lines. Wide code (box-drawing diagrams, long
    lines) is set smaller rather than wrapped, down to ``\\scriptsize`` (about 1.25 times the
    columns); only what is wider still wraps (with a ``↳``). The text ends with a newline."""
    widest = max((code_width(t.expandtabs(4)) for t in content.split("\n")), default=0)
    size, fits = "", columns
    for factor, command in CODE_SIZES:
        if widest > fits:
            size, fits = command, int(columns * factor)
    text = code_lines(content, fits)
    text = text if text.endswith("\n") else text + "\n"
    last = first + text.count("\n") - 1
    option = f"[{size}]" if size else ""
    return text, f"\\ctoolscodelines{option}{{{name}}}{{{first}}}{{{last}}}"


def fence_content(token: Token, splicer: Splicer | None) -> str:
    """A fence's code with its ``{{#include}}`` lines spliced in, or replaced by a visible
    placeholder when there is no project to read from (never the directive itself)."""
    content = token.content
    includes = (token.meta or {}).get("includes")
    if includes and splicer is not None:
        return splicer.expand_fence(content, includes)
    for item in includes or ():
        content = content.replace(str(item["source"]), f"(not included: {item['path']})")
    return content


def hangul_problem(tex: str) -> str | None:
    """Why a formula that passed the allow-list still cannot be math: Hangul outside
    ``\\text{}`` (``$HOME ... 일 것입니다 ... $PATH``: dollars that were never math)."""
    if _HANGUL_RE.search(_TEXT_ARG_RE.sub("", tex)):
        return "holds Hangul outside \\text{} (math fonts have none)"
    return None
