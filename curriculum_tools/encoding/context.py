"""The context a damaged word is read in: its eojeol, the words next to it in its paragraph, and
how the model reads them (:func:`normalize`).

Markdown wraps a paragraph over several lines (the Rust book breaks its lines by hand, about
one sentence part per line): a single line break is a space.  A particle at the end of a line
(``부분을`` or ``부분임``) is only decided by the verb on the next line, and a word at the start
of a line by the word that ends the line before.  So the neighbour of a word first or last on
its line is taken from the line before or after, when that line continues the same paragraph:
not blank, not a heading, table row, fence, list item or HTML block of its own, and neither line
inside fenced code.

>>> text = "일반적으로 사용되는 부분을\\n다룹니다.\\n\\n# 다음"
>>> neighbours(text, text.index("부분을"), text.index("부분을") + 3)
('사용되는', '다룹니다.')
>>> neighbours(text, text.index("다룹니다"), text.index("다룹니다") + 5)
('부분을', '')
"""

from __future__ import annotations

import re

from ..text import HANGUL_SYLLABLES
from .segments import fenced_lines

HOLE = "\x00"  # a lost Hangul syllable (resolve.HANGUL_HOLE)
_MARKUP = re.compile(r"[#\[\]()*_>|`~=-]+")  # Markdown punctuation the model should not read
_GLUE = re.compile(
    rf"(?<=[A-Za-z0-9])[)\]`*_'\"]+(?=[{HANGUL_SYLLABLES}{HOLE}])"
)  # "`x`의" -> "x의"
# inline code (or the end of one cut at a space) right before a syllable: `Mutex<T>`의
_CODE_BEFORE = re.compile(rf"(?:`[^`\n]+`|[^\s`]+`)(?=[{HANGUL_SYLLABLES}{HOLE}])")

# a line that starts a block of its own (after any blockquote markers): a paragraph stops there
_BLOCK_START = re.compile(r"(#{1,6}(\s|$)|`{3,}|~{3,}|\||[-*+]\s|\d{1,9}[.)]\s|<|([-*_=]\s*){3,}$)")
_QUOTE = re.compile(r"^[ \t]*(>[ \t]?)*")


def normalize(text: str) -> str:
    """A text as the model reads it: Markdown punctuation out of its way, a particle glued to its
    word, and inline code before a particle as the noun it attaches to (its letters, or
    ``code``): `` `Mutex<T>`의 `` reached the model as ``Mutex<T 의``, a particle standing alone.

    >>> normalize("호출해 `Mutex<T>`의 락을 (*lock*)")
    '호출해 MutexT의 락을  lock'
    """
    text = _CODE_BEFORE.sub(_code_noun, text)
    return _MARKUP.sub(" ", _GLUE.sub("", text)).strip()


def _code_noun(m: re.Match[str]) -> str:
    return "".join(re.findall("[A-Za-z]+", m.group())) or "code"


def eojeol(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-separated word around ``text[start:end]``."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _body(line: str) -> str:
    """A line without its blockquote markers and indentation."""
    return line[_QUOTE.match(line).end() :]  # type: ignore[union-attr]


def _starts_block(line: str) -> bool:
    body = _body(line)
    return not body.strip() or bool(_BLOCK_START.match(body))


def _continues(upper: str, lower: str) -> bool:
    """``lower`` continues the paragraph of ``upper`` (a soft line break between them)."""
    if not upper.strip() or _starts_block(lower):
        return False
    body = _body(upper)
    return not (body.startswith(("#", "|")) or _BLOCK_START.fullmatch(body.rstrip()))


class Paragraphs:
    """The lines of a text, to find the words next to a word across soft line breaks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.fenced = fenced_lines(self.lines)
        self.starts: list[int] = []
        pos = 0
        for line in self.lines:
            self.starts.append(pos)
            pos += len(line) + 1

    def line_of(self, offset: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def neighbours(self, start: int, end: int, width: int = 1) -> tuple[str, str]:
        """The ``width`` words just before and after ``text[start:end]`` in its paragraph."""
        n = self.line_of(start)
        line_start = self.starts[n]
        line = self.lines[n]
        left = _body(line[: start - line_start]).split()
        right = line[end - line_start :].split()
        if len(left) < width and n > 0 and self._joined(n - 1, n):
            left = _body(self.lines[n - 1]).split() + left
        if len(right) < width and n + 1 < len(self.lines) and self._joined(n, n + 1):
            right += _body(self.lines[n + 1]).split()
        return " ".join(left[-width:]), " ".join(right[:width])

    def _joined(self, upper: int, lower: int) -> bool:
        if upper in self.fenced or lower in self.fenced:
            return False
        return _continues(self.lines[upper], self.lines[lower])


def neighbours(text: str, start: int, end: int, width: int = 1) -> tuple[str, str]:
    """:meth:`Paragraphs.neighbours` for one lookup."""
    return Paragraphs(text).neighbours(start, end, width)
