"""The markup budget: how much markup a document may hold for its size, checked before parsing.

Every command costs time per unit of markup, not only per byte: a heading is a section, a
slug, an anchor and a page entry; a table cell is three tokens, an inline parse and a cell in
every export; an emphasis or bracket delimiter sends markdown-it's inline parser looking for
its partner. Ordinary documents hold little markup per byte, so every command runs in about a
second per MB; hostile ones (``'*a **a ' * 25000``, a 20,000-column table, 9,000 headings in
90 KB, ``'[a](' * 50000``) hold one unit every few bytes and would take tens of seconds per MB.

So each kind of unit has an allowance: a floor any document may use, or one unit per so many
bytes of a larger document (:data:`LIMITS`). A document over any allowance is refused before
it is parsed, by every command, with one ``file:line:`` message naming the kind, the count,
the allowance and the line where the allowance ran out (exit 2; other files go on). Units are counted by a
cheap scan of the whole text (C-speed regular expressions, milliseconds per MB), code blocks
included: it may overcount (``|`` of a Rust closure, ``_`` of an identifier) but never
undercounts what the parser will see, so no construct (an HTML block, a list item ending a
fence) can hide markup from it. The limits sit at least three times above the densest file
of the real corpora measured (the Rust book, the smolagents docs and ``source/``), code
included; see the README (security and guarantees) and ``tests/test_security_files.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True, slots=True)
class Limit:
    """One kind of markup unit and its allowance: ``max(floor, size // bytes_per_unit)``."""

    name: str
    """What is counted, as the message says it (``heading lines``)."""
    pattern: re.Pattern[str]
    chars: str
    """Every unit holds one of these: their count bounds the units from above (a fast
    ``str.count`` that spares ordinary documents the regular expression)."""
    floor: int
    bytes_per_unit: int

    def allowed(self, size: int) -> int:
        return max(self.floor, size // self.bytes_per_unit)


LIMITS: tuple[Limit, ...] = (
    Limit(
        "heading lines",
        re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.M),
        "#=-",
        floor=1_000,
        bytes_per_unit=48,
    ),
    Limit("table cell bars `|`", re.compile(r"\|"), "|", floor=2_000, bytes_per_unit=5),
    Limit(
        "inline delimiters (`*` `_` `~` runs, `[` `]` `<` `` ` `` `$` `\\`)",
        re.compile(r"[*_~]+|[\[\]<`$\\]"),
        "*_~[]<`$\\",
        floor=4_000,
        bytes_per_unit=4,
    ),
)
"""The allowances. Densest real files measured (whole files, code included): headings one per
104 bytes (a one-heading stub; one per 142 with 8 headings; no file has more than 48), ``|``
one per 21 bytes (the Rust book's operator table, 517 bars), inline delimiters one per 15
bytes (a shell-heavy installation page; at most 1,186 in one file). Margins: 4.2x for
``|``, 3.8x for inline delimiters, and the floors hold 20x (headings) or more the largest
real counts."""


def check_markup_budget(text: str, path: Path | str, size: int | None = None) -> None:
    """Refuse ``text`` (raise :class:`InputError` naming file and line) when it holds more of
    any kind of markup than :data:`LIMITS` allow for its ``size`` in bytes (UTF-8: a Korean
    character is three bytes; given by the reader, else computed)."""
    if size is None:
        size = len(text.encode("utf-8", "surrogatepass"))
    for limit in LIMITS:
        allowed = limit.allowed(size)
        if len(text) <= allowed or sum(map(text.count, limit.chars)) <= allowed:
            continue  # every unit takes at least one character, and one of ``chars``
        count = limit.pattern.subn("", text)[1]  # C speed, memory bounded by the text
        if count > allowed:
            raise InputError(
                f"{count} {limit.name}: more than the {allowed} this document's size allows "
                f"({limit.floor}, or one per {limit.bytes_per_unit} bytes); refused, split it",
                path,
                _line_of_unit(text, limit.pattern, allowed + 1),
            )


def _line_of_unit(text: str, pattern: re.Pattern[str], nth: int) -> int:
    """The line of about the ``nth`` unit: where the allowance ran out. Counted in C over
    chunks (a hostile file may hold millions of units on one line), then unit by unit in the
    chunk that holds it; a run cut by a chunk boundary counts twice, which only moves the
    line reported by a unit or so."""
    seen = 0
    for start in range(0, len(text), _CHUNK):
        end = min(start + _CHUNK, len(text))
        found = len(pattern.findall(text, start, end))
        if seen + found >= nth:
            for match in pattern.finditer(text, start, end):
                seen += 1
                if seen >= nth:
                    return text.count("\n", 0, match.start()) + 1
        seen += found
    return text.count("\n") + 1


_CHUNK = 1 << 16
