"""The cost budget: an estimate of what a document costs, checked before it is parsed.

Every command costs time per byte, per line and per unit of markup: a line is tried by every
block rule, a heading is a section, a slug and an anchor, a table cell is three tokens, an
inline parse and a cell in every export, a link is resolved, an image looked up, a formula
converted to MathML. Dense documents (``'*a **a ' * 25000``, a 20,000-column table, 100k
headings, 20,000 links, rows, images or formulas in half a MB) hold one unit every few bytes
and would take 4-10 s per MB, more than any per-byte speed-up can win back (markdown-it-py
alone spends 2-4 s per MB on them).

So before parsing, a cheap scan of the raw text (C-speed regular expressions and ``str.count``, about
70 ms per MB) counts each kind of :data:`UNITS` and estimates the CPU time of the costliest
command: :data:`BYTE_MICROS` per byte plus each unit's measured cost. Code blocks are counted
as prose (so no construct can hide markup from the scan) unless :func:`code_regions` is sure
where the fenced code is: then it costs per line and byte of code. A document whose estimate exceeds its allowance
(:data:`MICROS_PER_BYTE` per byte, at least :data:`FLOOR_MICROS`) is refused by every command
with one ``file:line:`` message naming the costliest kinds, the estimate, the allowance and
the line where the allowance ran out (exit 2; other files go on).

The unit costs were measured per unit in the costliest command of each shape; the scan may
overcount (the ``|`` of a Rust closure, the ``_`` of an identifier in code) but never
undercounts what the parser will see. ``bench/bench_budgets.py`` prints the estimate beside
the measured cost of every shape and the margin of the real files. Every real file measured
(the Rust book and the smolagents docs in English and Korean, ``source/`` and the seed files)
is estimated at most a quarter of its allowance, and each corpus in one file at most 0.89 of
it (the smolagents docs, code-heavy): see ``tests/test_security_budget.py``,
``bench/bench_estimate.py`` and the README (security and guarantees).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True, slots=True)
class Unit:
    """One kind of markup unit and its estimated cost."""

    name: str
    """What is counted, as the message says it (``heading lines``)."""
    pattern: re.Pattern[str]
    chars: str
    """Every unit holds one of these: their count bounds the units from above (a fast
    ``str.count`` that spares ordinary documents the regular expression)."""
    micros: float
    """CPU microseconds one unit costs in the costliest command (beyond its bytes)."""

    literal: bool = False
    """The pattern is ``chars`` itself, counted by ``str.count`` (C, no match objects)."""

    def count(self, text: str, start: int = 0, end: int | None = None) -> int:
        end = len(text) if end is None else end
        if self.literal:
            return text.count(self.chars, start, end)
        return len(self.pattern.findall(text, start, end))


UNITS: tuple[Unit, ...] = (
    Unit(
        "heading lines",
        re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.M),
        "#=-",
        60,  # a section (slug, anchor, page entry, fingerprint) beyond its lines
    ),
    Unit("table cell bars `|`", re.compile(r"\|"), "|", 80, literal=True),
    Unit(
        "list items",
        re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)", re.M),
        "-+*.)",
        65,  # a list item and its paragraph beyond its line
    ),
    Unit("lines", re.compile(r"\n"), "\n", 24, literal=True),  # every block rule tries every line
    Unit("blank lines (blocks)", re.compile(r"\n[ \t]*(?=\n)"), "\n", 20),
    Unit(
        "emphasis runs `*` `_` `~`",
        re.compile(r"[*~]+|(?<!\w)_++|(?<!_)_++(?![^\W_])"),
        "*_~",
        35,  # a delimiter that may open or close: paired, nested, rendered
    ),
    Unit(
        "intraword `_`",
        re.compile(r"(?<=[^\W_])_++(?=[^\W_])"),
        "_",
        30,  # `snake_case`: a `_` between letters opens and closes nothing (costs 11)
    ),
    Unit("brackets `[` `]`", re.compile(r"[\[\]]"), "[]", 12),
    Unit("links `](` `][`", re.compile(r"\][(\[]"), "([", 200),  # resolved, checked, rendered
    Unit("images `![`", re.compile(r"!\["), "![", 280, literal=True),
    Unit("code span backticks", re.compile(r"`+"), "`", 18),  # a code span is two runs
    Unit("formula dollars `$`", re.compile(r"\$+"), "$", 340),  # MathML in the HTML export
    Unit("HTML tags `<`", re.compile(r"<"), "<", 40, literal=True),
    Unit("backslash escapes", re.compile(r"\\"), "\\", 25, literal=True),
)
"""The units and their costs: CPU µs per unit in the costliest command (the HTML or the Anki
export), measured on dense shapes: a line 24 µs, a block 20 more, a list item 65, a table cell
bar 80 (Anki), an emphasis run 35 (``'*a **a '``: 33). Kinds real documents hold sparsely weigh
more than they cost, so that the kind diluted with words to just under the line stays near 1 s
per MB (``bench/bench_budgets.py``, ``near the line``; that needs about 6 times the cost): a
``$`` 340 (a formula costs about 125 µs in the HTML export: MathML), an image 280, a link 200
(resolved, checked, rendered, linted), a tag 40, a backtick run 18 (about 7), an intraword
``_`` 30 (11: markdown-it makes a token of each); the last four less than 6 times, so that
20,000 ordinary sections and the real corpora stay accepted. Lines, blocks, headings and list
items cannot: at the line, documents made densely of them cost up to 2.3 s per MB (Anki)."""

BYTE_MICROS = 0.4
"""CPU µs per byte of any text in the costliest command (long lines of prose: 0.2-0.4
measured in the Anki and HTML exports; 0.6 before renders stopped copying every token)."""
MICROS_PER_BYTE = 2.9
"""The refusal line: an estimated 2.9 s per MB in the costliest command (3.2 before). Not the 1
s per MB of the budget: real books cost 1.0-2.1 s per MB in the exports (estimated at 1.5-2.3
in one file), a real document must never be refused, and a listing Pygments highlights costs
2-2.9 µs a byte (a 216 KB Python listing is estimated at 2.7 s per MB and accepted)."""
FLOOR_MICROS = 300_000
"""Any document may cost 0.3 s (less than a command's start-up) whatever its size: the
largest real files (46 KB) are estimated at 0.1 s, a third of it or less."""


def estimate(text: str, size: int) -> tuple[float, dict[str, int]]:
    """The estimated CPU µs of ``text`` (``size`` bytes) in the costliest command, and the
    count of every unit kind that costs something."""
    counts: dict[str, int] = {}
    total = BYTE_MICROS * size
    for unit in UNITS:
        if unit.micros:
            counts[unit.name] = unit.count(text)
            total += unit.micros * counts[unit.name]
    return total, counts


def allowance(size: int) -> float:
    """The CPU µs a document of ``size`` bytes may cost."""
    return max(FLOOR_MICROS, MICROS_PER_BYTE * size)


def _upper_bound(text: str, size: int) -> float:
    """An estimate at least as high as :func:`cost_estimate`, from ``str.count`` alone: every
    unit's characters at its cost, plus, when a fence may be there, every byte and line as
    highlighted code."""
    total = BYTE_MICROS * size
    for unit in UNITS:
        if unit.micros:
            total += unit.micros * sum(map(text.count, unit.chars))
    if "```" in text or "~~~" in text:
        total += HIGHLIGHTED_BYTE_MICROS * size + CODE_LINE_MICROS * (text.count("\n") + 1)
    return total


def cost_estimate(text: str, size: int) -> float:
    """The estimated CPU µs of ``text`` (``size`` UTF-8 bytes) that the budget compares with
    the allowance: fenced code costed as code where :func:`code_regions` is sure where it is
    (cheaper markup, dearer bytes: Pygments highlights them), else :func:`estimate`."""
    return _judged(text, size)[0]


def _judged(text: str, size: int) -> tuple[float, dict[str, int]]:
    regions = code_regions(text)
    if regions:
        return _estimate_with_code(text, regions, BYTE_MICROS * size / max(1, len(text)))
    cost, counts = estimate(text, size)
    return cost + _unsure_highlighting(text, regions), counts


def check_markup_budget(text: str, path: Path | str, size: int | None = None) -> None:
    """Refuse ``text`` (raise :class:`InputError` naming file and line) when its estimated
    cost (:func:`cost_estimate`) exceeds the allowance for its ``size`` in bytes (UTF-8: a
    Korean character is three bytes; given by the reader, else computed)."""
    if size is None:
        size = len(text.encode("utf-8", "surrogatepass"))
    allowed = allowance(size)
    if _upper_bound(text, size) <= allowed:
        return
    regions = code_regions(text)
    per_char = BYTE_MICROS * size / max(1, len(text))
    if regions:  # fenced code costs per line and highlighted byte, its markup never parsed
        cost, counts = _estimate_with_code(text, regions, per_char)
    else:
        cost, counts = estimate(text, size)
        cost += _unsure_highlighting(text, regions)
    if cost <= allowed:
        return
    kinds = [(_micros(name) * n, f"{n} {name}") for name, n in counts.items() if n]
    if regions:
        lines = sum(text.count("\n", r.start, r.end) + 1 for r in regions)
        kinds.append((sum(r.micros(text) for r in regions), f"{lines} lines of fenced code"))
    named = ", ".join(label for _, label in sorted(kinds, reverse=True)[:2])
    raise InputError(
        f"too much markup for its size ({named}): about {cost / 1e6:.1f} s of work, more than "
        f"the {allowed / 1e6:.2f} s a document of {size} bytes may take "
        f"({MICROS_PER_BYTE:g} s per MB, at least {FLOOR_MICROS / 1e6:g} s); refused, split it",
        path,
        _line_where_it_ran_out(text, allowed, per_char, regions or []),
    )


# --- fenced code --------------------------------------------------------------------------

CODE_LINE_MICROS = 10.0
"""CPU µs per line of a fenced code block in the costliest command (the HTML export: a
20,000-line data listing costs 9 µs per line)."""
HIGHLIGHTED_BYTE_MICROS = 2.5
"""CPU µs per byte of a fenced block that Pygments highlights (the HTML export: about 2 µs per
byte of Python, 2.9 per byte of a 40,000-line Rust listing, parsing and sanitizing included,
so a listing is estimated a little above what it costs); a block without a language costs
:data:`BYTE_MICROS`."""


def code_micros(lines: Sequence[str]) -> float:
    """The estimated CPU µs of ``lines`` spliced into a fence (an mdBook include), assumed
    highlighted: what the same lines cost written in the fence itself."""
    size = sum(len(line.encode("utf-8", "surrogatepass")) + 1 for line in lines)
    return CODE_LINE_MICROS * len(lines) + HIGHLIGHTED_BYTE_MICROS * size


_PLAIN_INFOS = frozenset({"", "text", "txt", "plain", "plaintext", "output", "log", "csv", "tsv"})
_FENCE_LINE_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})([^\n]*)$", re.M)
_HIDING_RE = re.compile(r"^ {0,3}(?:[<\[{]|\$\$)", re.M)
"""Lines that may open a block spanning blank lines (HTML and components, directives and MDX
expressions, math blocks): such a block could hide a fence line from the parser."""
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(?:.*\n)*?---[ \t]*(?:\n|\Z)")


@dataclass(frozen=True, slots=True)
class CodeRegion:
    """The content of one top-level fenced code block (offsets into the text)."""

    start: int
    end: int
    highlighted: bool

    def micros(self, text: str) -> float:
        lines = text.count("\n", self.start, self.end) + 1
        body = text[self.start : self.end]
        per_byte = HIGHLIGHTED_BYTE_MICROS if self.highlighted else BYTE_MICROS
        return CODE_LINE_MICROS * lines + per_byte * len(body.encode("utf-8", "surrogatepass"))


def code_regions(text: str) -> list[CodeRegion] | None:
    """The top-level fenced code blocks, when the fences alone decide where code is (the
    parser agrees line for line); None when it cannot be sure.

    Outside a fence, a fence line at the start of a line always opens one (it interrupts a
    paragraph and ends a list, a quote, a table or an indented block), and inside, only a
    closing fence of the same kind ends it. What could change that makes the answer None: a
    fence line indented by one to three spaces outside a fence (it may sit in a list item),
    front matter that does not close, or, outside the code found so far, a line that may open
    a block spanning blank lines (``<`` HTML and components, ``[``/``{`` directives and MDX
    expressions, ``$$`` math), which could hide a fence line from the parser.
    """
    start = 0
    if text.startswith("---"):
        front = _FRONT_MATTER_RE.match(text)
        if front is None or _FENCE_LINE_RE.search(text, 0, front.end()):
            return None
        start = front.end()
    regions: list[CodeRegion] = []
    opened: tuple[int, str, int, bool] | None = None  # content start, char, length, highlighted
    checked = start  # text before this offset is known to hold no hiding line outside code
    for match in _FENCE_LINE_RE.finditer(text, start):
        indent, run, info = match.groups()
        if opened is None:
            if run[0] == "`" and "`" in info:
                continue  # inline code at a line start, not a fence
            if indent or _HIDING_RE.search(text, checked, match.start()):
                return None
            lang = info.strip().split(maxsplit=1)[0].strip("{}.").lower() if info.strip() else ""
            opened = (match.end() + 1, run[0], len(run), lang not in _PLAIN_INFOS)
        elif run[0] == opened[1] and len(run) >= opened[2] and not info.strip():
            regions.append(CodeRegion(min(opened[0], match.start()), match.start(), opened[3]))
            opened, checked = None, match.end()
    if opened is not None:  # an unclosed fence runs to the end of the document
        regions.append(CodeRegion(min(opened[0], len(text)), len(text), opened[3]))
    elif _HIDING_RE.search(text, checked):
        return None
    return regions


_RUN_RE = re.compile(r"(`{3,}|~{3,})([^\n]*)$", re.M)
_MARKERS_RE = re.compile(r"[ \t*+\-\d.)]*")


def _maybe_fence_lines(text: str) -> list[re.Match[str]]:
    """Lines that may be fence lines in any container: after quote and list markers, or
    after a tag (``<Tip>`` ends a line's prefix: a component's content may begin there)."""
    found = []
    for match in _RUN_RE.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        start = max(start, text.rfind(">", start, match.start()) + 1)
        if _MARKERS_RE.fullmatch(text, start, match.start()):
            found.append(match)
    return found


def _unsure_highlighting(text: str, regions: list[CodeRegion] | None) -> float:
    """When :func:`code_regions` cannot be sure where the code is (``regions`` None), what
    highlighting may cost beyond the prose estimate: :data:`HIGHLIGHTED_BYTE_MICROS` less
    :data:`BYTE_MICROS` per byte from each line that may open a fence with a language to the
    next line that may close it (the parser's fence ends there or sooner), overlaps once."""
    if regions is not None or ("```" not in text and "~~~" not in text):
        return 0.0
    lines = [m for m in _maybe_fence_lines(text) if not ("`" in m[1] and "`" in m[2])]
    closers: dict[str, list[tuple[int, int]]] = {"`": [], "~": []}  # (length, start), nearest last
    spans: list[tuple[int, int]] = []
    for match in reversed(lines):  # nearest closer at least as long: a monotonic stack each
        run, info = match[1], match[2].strip()
        stack = closers[run[0]]
        lang = info.split(maxsplit=1)[0].strip("{}.").lower() if info else ""
        if lang not in _PLAIN_INFOS:
            k = len(stack)
            while k and stack[k - 1][0] < len(run):
                k -= 1
            spans.append((match.end(), stack[k - 1][1] if k else len(text)))
        if not info:
            while stack and stack[-1][0] <= len(run):
                stack.pop()
            stack.append((len(run), match.start()))
    covered, reach = 0, 0
    for start, end in sorted(spans):
        covered += len(text[max(start, reach) : end].encode("utf-8", "surrogatepass"))
        reach = max(reach, end)
    return (HIGHLIGHTED_BYTE_MICROS - BYTE_MICROS) * covered


def _pieces(text: str, regions: list[CodeRegion]) -> list[tuple[int, int, CodeRegion | None]]:
    """The text cut into prose (region None) and code pieces, in order."""
    pieces: list[tuple[int, int, CodeRegion | None]] = []
    at = 0
    for region in regions:
        pieces.append((at, region.start, None))
        pieces.append((region.start, region.end, region))
        at = region.end
    pieces.append((at, len(text), None))
    return pieces


def _estimate_with_code(
    text: str, regions: list[CodeRegion], per_char: float
) -> tuple[float, dict[str, int]]:
    """:func:`estimate` with each fenced block costed as code (per line and byte, its markup
    characters not counted: the parser never reads them as markup)."""
    counts = {unit.name: 0 for unit in UNITS if unit.micros}
    total = 0.0
    for start, end, region in _pieces(text, regions):
        if region is not None:
            total += region.micros(text)
            continue
        total += per_char * (end - start)
        for unit in UNITS:
            if unit.micros:
                found = unit.count(text, start, end)
                counts[unit.name] += found
                total += unit.micros * found
    return total, counts


def _micros(name: str) -> float:
    return next(unit.micros for unit in UNITS if unit.name == name)


def _line_where_it_ran_out(
    text: str, allowed: float, per_char: float, regions: list[CodeRegion]
) -> int:
    """The line where the running estimate first exceeds ``allowed`` (``per_char``: the
    byte cost per character of this text; a fenced block in ``regions`` costs as code, and
    its first line is named when it is the block that runs over). Counted in C over chunks
    (a hostile file may hold millions of units on one line), then match by match in the chunk
    where it runs out; a unit cut by a chunk boundary counts twice, which moves the line by a
    unit or so."""
    costly = [unit for unit in UNITS if unit.micros]
    spent = 0.0
    for first, last, region in _pieces(text, regions):
        if region is not None:
            spent += region.micros(text)
            if spent > allowed:
                return text.count("\n", 0, first) + 1
            continue
        for start in range(first, last, _CHUNK):
            end = min(start + _CHUNK, last)
            chunk = per_char * (end - start)
            chunk += sum(unit.micros * unit.count(text, start, end) for unit in costly)
            if spent + chunk > allowed:
                matches = sorted(
                    (match.start(), unit.micros)
                    for unit in costly
                    for match in unit.pattern.finditer(text, start, end)
                )
                for position, micros in matches:
                    spent += micros
                    if spent + per_char * (position - start) > allowed:
                        return text.count("\n", 0, position) + 1
                return text.count("\n", 0, end) + 1
            spent += chunk
    return text.count("\n") + 1


_CHUNK = 1 << 16
