"""Split suspect lines of a Markdown text into prose, inline code and fenced code segments.

Only lines holding a "lead + continuation" pair of mojibake characters are looked at; code is
kept apart so that text quoting mojibake in code spans stays as it is (code is repaired only
beside repaired prose, :func:`code_gate`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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


_FENCE_AFTER = re.compile(
    r"\n {0,3}(`{3,}|~{3,})"
)  # a literal first: ``re`` skips to each line break


def _fences(text: str) -> list[tuple[int, int]]:
    """``(opening line, closing line)`` of every fenced block, the last line when unclosed."""
    blocks: list[tuple[int, int]] = []
    fence: str | None = None
    opened = line = pos = 0
    first = FENCE.match(text)
    for at, m in ([(0, first)] if first else []) + [
        (m.start() + 1, m) for m in _FENCE_AFTER.finditer(text)
    ]:
        line += text.count("\n", pos, at)
        pos = at
        run = m.group(1)
        if fence is None:
            fence, opened = run, line
        elif run[0] == fence[0] and len(run) >= len(fence):
            end = text.find("\n", m.end())
            if not text[m.end() : len(text) if end < 0 else end].strip():
                blocks.append((opened, line))
                fence = None
    if fence is not None:
        blocks.append((opened, line + text.count("\n", pos)))
    return blocks


def segments(text: str) -> list[Segment]:
    """Split the suspect lines into prose, inline-code and fenced-code segments.

    Only lines holding a suspect pair matter: they are found with one scan of the whole text
    (a pair never spans a line break), and the fenced blocks from the lines that open or close
    one, so a long clean text costs no Python step per line."""
    out: list[Segment] = []
    blocks: Iterator[tuple[int, int]] | None = None  # found at the first suspect line
    block = None
    line = pos = 0
    last = -1
    for m in suspect().finditer(text):
        if blocks is None:
            blocks = iter(_fences(text))
            block = next(blocks, None)
        line += text.count("\n", pos, m.start())
        pos = m.start()
        if line == last:
            continue
        last = line
        start = text.rfind("\n", 0, pos) + 1
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        while block is not None and block[1] < line:
            block = next(blocks, None)
        if block is not None and block[0] < line:  # inside a fenced block (not its opening)
            out.append(Segment(start, end, line, "fence", block))
            continue
        row = text[start:end]
        at = 0
        for span in _CODE_SPAN.finditer(row):
            if span.start() > at:
                out.append(Segment(start + at, start + span.start(), line, "prose"))
            out.append(Segment(start + span.start(), start + span.end(), line, "inline"))
            at = span.end()
        if at < len(row):
            out.append(Segment(start + at, end, line, "prose"))
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
