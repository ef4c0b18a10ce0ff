"""Split suspect lines of a Markdown text into prose, inline code and fenced code segments.

Only lines holding a "lead + continuation" pair of mojibake characters are looked at; code is
kept apart so that text quoting mojibake in code spans stays as it is (code is repaired only
beside repaired prose, :func:`code_gate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .codepages import suspect_chars

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")


@cache
def suspect() -> re.Pattern[str]:
    """A lead character followed by a continuation character (or U+FFFD) in some code page."""
    leads, conts = suspect_chars().split("\x00")
    return re.compile(f"[{re.escape(leads)}][{re.escape(conts)}\ufffd]")


@dataclass(slots=True)
class Segment:
    start: int  # offset in the text
    end: int
    line: int  # 0-based line index
    kind: str  # "prose" | "inline" | "fence"
    block: tuple[int, int] = (0, 0)  # fence: first and last line index of the fenced block


def segments(text: str) -> list[Segment]:
    """Split the suspect lines into prose, inline-code and fenced-code segments."""
    out: list[Segment] = []
    fence: str | None = None
    fenced: list[Segment] = []  # segments of the open fence, to learn where it ends
    opened = 0
    offset = 0
    pattern = suspect()
    lines = text.split("\n")
    for number, line in enumerate(lines):
        start, offset = offset, offset + len(line) + 1
        m = FENCE.match(line)
        if fence is not None:
            closing = bool(m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence))
            if pattern.search(line):
                fenced.append(Segment(start, start + len(line), number, "fence"))
            if closing and not line[m.end() :].strip() if m else False:
                fence = None
            if fence is None or number == len(lines) - 1:
                for seg in fenced:
                    seg.block = (opened, number)
                out.extend(fenced)
                fenced = []
            continue
        if m:
            fence, opened = m.group(1), number
        if not pattern.search(line):
            continue
        pos = 0
        for span in _CODE_SPAN.finditer(line):
            if span.start() > pos:
                out.append(Segment(start + pos, start + span.start(), number, "prose"))
            out.append(Segment(start + span.start(), start + span.end(), number, "inline"))
            pos = span.end()
        if pos < len(line):
            out.append(Segment(start + pos, start + len(line), number, "prose"))
    return out


def fenced_lines(lines: list[str]) -> set[int]:
    out: set[int] = set()
    fence: str | None = None
    for number, line in enumerate(lines):
        m = FENCE.match(line)
        if fence is None:
            if m:
                fence = m.group(1)
                out.add(number)
            continue
        out.add(number)
        if (
            m
            and m.group(1)[0] == fence[0]
            and len(m.group(1)) >= len(fence)
            and not line[m.end() :].strip()
        ):
            fence = None
    return out


def code_gate(lines: list[str], fenced: set[int], seg: Segment, applied_lines: set[int]) -> bool:
    """Code is repaired only beside repaired prose: an inline span when its line or a line next to
    it was repaired; a fenced block when the nearest non-ASCII prose lines before and after it were."""
    if seg.kind == "inline":
        return bool({seg.line - 1, seg.line, seg.line + 1} & applied_lines)
    first, last = seg.block
    neighbours = []
    for rng in (range(first - 1, -1, -1), range(last + 1, len(lines))):
        for k in rng:
            if k not in fenced and not lines[k].isascii():
                neighbours.append(k)
                break
    return bool(neighbours) and all(k in applied_lines for k in neighbours)
