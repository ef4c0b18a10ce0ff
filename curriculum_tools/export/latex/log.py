"""Reading a LuaLaTeX log: errors, missing characters, overfull lines, pages; mapped back to
the Markdown file and line through the ``%% src: path:start-end`` markers of the ``.tex``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import TexUnit

_ERROR_RE = re.compile(r"^(?P<file>[^\s:][^:\n]*\.(?:tex|txt)):(?P<line>\d+): (?P<msg>.+)$", re.M)
_MISSING_RE = re.compile(
    r"Missing character: There is no (?P<char>.+?) (?:\(U\+(?P<code>[0-9A-Fa-f]+)\) )?in font (?P<font>[^!\n]*)!"
)
_OVERFULL_RE = re.compile(
    r"^Overfull \\hbox \((?P<pt>[\d.]+)pt too wide\) .*?lines? (?P<line>\d+)", re.M
)
_RERUN_RE = re.compile(r"Rerun to get|Label\(s\) may have changed|\(rerunfilecheck\).*Rerun")
_PAGES_RE = re.compile(r"Output written on .*?\((?P<pages>\d+) pages?")


@dataclass(slots=True)
class CompileOutcome:
    pdf: bool = False
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_chars: int = 0
    overfull: int = 0


def tex_to_source(tex_text: str, tex_line: int) -> tuple[str, int] | None:
    """Map a ``.tex`` line back to ``(markdown path, line)`` through the ``%% src:`` markers."""
    lines = tex_text.split("\n")
    for k in range(min(tex_line, len(lines)) - 1, -1, -1):
        match = re.match(r"^%% src: (.*):(\d+)-(\d+)$", lines[k])
        if match:
            start, end = int(match.group(2)), int(match.group(3))
            return match.group(1), min(end, start + max(0, tex_line - (k + 1) - 1))
    return None


OVERFULL_REPORTED = 5.0
"""Points a line may stick out into the margin before it is reported (smaller is invisible)."""
MAX_LINES_PER_CHAR = 5
"""Markdown lines named per missing character (no more than the times it was missing)."""
_WRAP = 79
"""TeX's default ``max_print_line``: longer log lines continue on the next line."""


def unwrap_log(log: str) -> str:
    """Join the lines TeX wrapped at 79 columns (counted in characters or in UTF-8 bytes), so
    a message split over two lines is matched whole. The engine runs with a high
    ``max_print_line``; this keeps logs of other runs readable too."""
    out: list[str] = []
    carry = ""
    for line in log.split("\n"):
        line = carry + line
        if len(line) - len(carry) == _WRAP or len(line[len(carry) :].encode()) == _WRAP:
            carry = line
            continue
        carry = ""
        out.append(line)
    if carry:
        out.append(carry)
    return "\n".join(out)


def _find_char(unit: TexUnit, char: str, display: Callable[[Path], str]) -> list[str]:
    """Every Markdown ``path:line`` of the unit holding ``char`` (the ``.tex`` when none)."""
    found = [
        f"{display(doc.path)}:{n}"
        for doc in unit.sources
        for n, text in enumerate(doc.lines, 1)
        if char in text
    ]
    return found or [unit.tex]


def parse_log(
    unit: TexUnit, tex_text: str, log: str, display: Callable[[Path], str]
) -> CompileOutcome:
    """Errors, missing characters, overfull lines and page count from a LuaLaTeX log."""
    outcome = CompileOutcome()
    log = unwrap_log(log)
    for match in _ERROR_RE.finditer(log):
        file, line, msg = match.group("file"), int(match.group("line")), match.group("msg").strip()
        name = file[2:] if file.startswith("./") else file
        where = f"{unit.tex}:{line}"
        blocks = [b for b in unit.code_origin.get(name, ()) if b[0] <= line]
        if blocks:
            first, path, start = blocks[-1]
            where = f"{path}:{start + line - first}"
        elif name.endswith(".tex"):
            origin = tex_to_source(tex_text, line)
            if origin is not None:
                where = f"{origin[0]}:{origin[1]}"
        outcome.errors.append(f"{where}: LaTeX: {msg} ({unit.tex}:{line})")
    counts: dict[str, int] = {}
    fonts: dict[str, str] = {}
    for match in _MISSING_RE.finditer(log):
        outcome.missing_chars += 1
        code = match.group("code")
        char = chr(int(code, 16)) if code else match.group("char")
        counts[char] = counts.get(char, 0) + 1
        fonts.setdefault(char, match.group("font").strip())
    for char, count in counts.items():
        label = f"U+{ord(char):04X}" if len(char) == 1 else char
        times = f", {count} times in the PDF" if count > 1 else ""
        lines = _find_char(unit, char, display)
        shown = lines[: min(count, MAX_LINES_PER_CHAR)]
        rest = len(lines) - len(shown)
        more = f"; {rest} more line{'s' * (rest != 1)} hold it" if rest > 0 else ""
        for where in shown:
            outcome.warnings.append(
                f"{where}: character {char!r} ({label}) is missing from font "
                f"{fonts[char]}{times}{more} ({unit.tex})"
            )
    for match in _OVERFULL_RE.finditer(log):
        outcome.overfull += 1
        if float(match.group("pt")) > OVERFULL_REPORTED:
            origin = tex_to_source(tex_text, int(match.group("line")))
            where = f"{origin[0]}:{origin[1]}" if origin else unit.tex
            points = float(match.group("pt"))
            outcome.warnings.append(
                f"{where}: line too wide by {points:.1f}pt: runs into the margin ({unit.tex})"
            )
    pages = _PAGES_RE.search(log)
    outcome.pages = int(pages.group("pages")) if pages else 0
    return outcome
