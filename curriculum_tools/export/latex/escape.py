"""LaTeX escaping: every text fragment, URL and comment goes through one table here."""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import quote

_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "\t": " ",
    "\r": "",
    "\u00a0": "~",
}
"""Character -> LaTeX. ``^`` never reaches TeX raw, which also defeats ``^^5c``-style tricks."""

_BREAK_AFTER = frozenset("/.-_?&=#%:,;@+")
_LONG_RUN = 24
_CHUNK = 16
_CODE_RUN = 12


@functools.lru_cache(maxsize=8192)
def _drop(char: str) -> bool:
    """Control and other invisible characters TeX would choke on (newlines are kept)."""
    return char != "\n" and unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn")


_SPECIAL_RE = re.compile(
    "[" + re.escape("".join(c for c in _ESCAPES if c.isascii())) + "]|[^\x20-\x7e\n]+"
)
"""What :func:`latex_escape` must look at: an ASCII special, or a run of other characters."""
_SPACE_RE = re.compile(r"(\s+)")


def _escape_match(match: re.Match[str]) -> str:
    found = match.group()
    if found in _ESCAPES:
        return _ESCAPES[found]
    return "".join(_ESCAPES.get(c, "" if _drop(c) else c) for c in found)


def latex_escape(text: object) -> str:
    """Escape a text fragment for LaTeX so that it prints literally.

    >>> latex_escape(r"\\input{x} 50% ^^5c")
    '\\\\textbackslash{}input\\\\{x\\\\} 50\\\\% \\\\textasciicircum{}\\\\textasciicircum{}5c'
    """
    return _SPECIAL_RE.sub(_escape_match, str(text))


def latex_text(text: str, long_run: int = _LONG_RUN, chunk: int = _CHUNK) -> str:
    """:func:`latex_escape`, plus line-break points inside runs longer than ``long_run``
    (URLs, paths): after URL punctuation and every ``chunk`` characters."""
    if len(text) <= long_run or _long_run_re(long_run).search(text) is None:
        return latex_escape(text)  # no run longer than long_run (most text tokens): one pass
    parts = _SPACE_RE.split(text)
    if max(map(len, parts)) <= long_run:
        return latex_escape(text)
    out: list[str] = []
    for part in parts:
        if len(part) <= long_run or part.isspace():
            out.append(latex_escape(part))
            continue
        pieces: list[str] = []
        start = run = 0
        for i, char in enumerate(part):
            run += 1
            if char in _BREAK_AFTER or run >= chunk:
                if i + 1 < len(part):
                    pieces.append(part[start : i + 1])
                    start = i + 1
                run = 0
        pieces.append(part[start:])
        out.append(r"\allowbreak{}".join(latex_escape(piece) for piece in pieces))
    return "".join(out)


@functools.cache
def _long_run_re(long_run: int) -> re.Pattern[str]:
    """A run of spaces or of other characters longer than ``long_run`` (a part of
    ``_SPACE_RE.split`` longer than that)."""
    return re.compile(rf"\S{{{long_run + 1},}}|\s{{{long_run + 1},}}")


def _comment_safe(text: str) -> str:
    """Text for a ``%`` comment line: no line breaks or control characters (each a ``?``)."""
    return text.translate(_COMMENT_CHARS)


class _CommentChars(dict[int, str]):
    """:func:`_comment_safe` as a ``str.translate`` table, filled on first sight of each
    character: ``?`` for a character of a ``C*`` category, else the character itself (every
    block of a document writes a source comment: a C loop, not a Python one per character)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        shown = "?" if unicodedata.category(char)[0] == "C" else char
        self[code] = shown
        return shown


_COMMENT_CHARS = _CommentChars()


_SAFE_URL_CHARS = "/:?#[]@!$&'()*+,;=-._~%"


def safe_url(url: str) -> str:
    """Percent-encode a URL so only ``[A-Za-z0-9]`` and URL punctuation remain, then escape it."""
    url = "".join(c for c in url if not _drop(c) and c not in "\n")
    encoded = quote(url, safe=_SAFE_URL_CHARS)
    encoded = encoded.replace("[", "%5B").replace("]", "%5D")
    out = []
    for char in encoded:
        if char in "#%&$_":
            out.append("\\" + char)
        elif char == "~":
            out.append(r"\string~")
        else:
            out.append(char)
    return "".join(out)


def code_width(line: str) -> int:
    """Columns a code line takes (East Asian wide characters count two)."""
    if line.isascii():  # no wide character: one column each (most lines, C speed)
        return len(line)
    return len(line) + sum(
        1 for c in line if c > "\x7f" and unicodedata.east_asian_width(c) in "WF"
    )


_PRINTABLE_RE = re.compile(r"[\x20-\x7e]*")


def _columns_cut(line: str, columns: int) -> int:
    """How many characters of ``line`` fit in ``columns`` (wide characters take two)."""
    if line.isascii():
        return max(0, min(len(line), columns))
    used = 0
    for i, char in enumerate(line):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > columns:
            return i
    return len(line)


def code_lines(code: str, columns: int) -> str:
    """Code as it goes into the verbatim file: tabs expanded, long lines wrapped with ``↳``."""
    out: list[str] = []
    for raw in code.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.expandtabs(4)
        if not _PRINTABLE_RE.fullmatch(line):  # only printable ASCII needs no look
            line = "".join(c for c in line if not _drop(c))
        while True:
            cut = _columns_cut(line, columns)
            out.append(line[:cut])
            if cut >= len(line):
                break
            line = "↳ " + line[cut:]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
