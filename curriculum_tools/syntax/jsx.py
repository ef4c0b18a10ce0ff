"""JSX/MDX tags as text: scan one tag, read its attributes into typed Python values.

Pure string functions (no markdown-it): the block and inline rules of
:mod:`curriculum_tools.syntax.components` call them at a ``<``.

Attribute values are typed where the source allows it::

    title="Hi"          -> "Hi"
    warning={true}      -> True            (also a bare ``warning``)
    chapter={1}         -> 1
    choices={[{text: "a", correct: true}]} -> [{"text": "a", "correct": True}]
    onClick={() => go()} -> Expr("() => go()")   (kept as source, never evaluated)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

NAME_RE = re.compile(r"[A-Za-z][\w.:-]*")
_ATTRNAME_RE = re.compile(r"[A-Za-z_:@][\w:.@-]*")
_NUMBER_RE = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_IDENT_RE = re.compile(r"[A-Za-z_$][\w$]*")
_CLOSE_RE = re.compile(r"</\s*([A-Za-z][\w.:-]*)\s*>")


@dataclass(frozen=True, slots=True)
class Expr:
    """A ``{...}`` attribute value that is not a plain literal: its source text, unevaluated."""

    source: str


@dataclass(frozen=True, slots=True)
class Tag:
    """One scanned tag: ``<Name a="1" b>``, ``<Name />`` or ``</Name>``."""

    name: str
    attrs: tuple[tuple[str, Any], ...]
    start: int
    end: int
    """Index just after the closing ``>``."""
    self_closing: bool = False
    closing: bool = False


def _skip_string(src: str, pos: int, end: int, js: bool = False) -> int:
    """Index after the string literal starting at ``pos`` (quote char at ``pos``), or -1.

    With ``js`` (a string inside a ``{...}`` expression), a ``"`` or ``'`` string cannot span
    lines: one still open at the end of its line is broken (a stray quote in the text) and
    ends there, so the scan goes on with the next line instead of pairing quotes wrongly
    until the end of the page (which swallowed the Markdown after a broken quiz)."""
    quote = src[pos]
    pos += 1
    one_line = js and quote != "`"
    while pos < end:
        char = src[pos]
        if char == "\\":  # an escape; a backslash before the newline continues the line
            pos += 2
            continue
        if char == quote:
            return pos + 1
        if one_line and char == "\n":
            return pos
        pos += 1
    return -1


def _skip_braces(src: str, pos: int, end: int) -> int:
    """Index after the balanced ``{...}`` starting at ``pos``, strings respected, or -1."""
    depth = 0
    while pos < end:
        char = src[pos]
        if char in "\"'`":
            pos = _skip_string(src, pos, end, js=True)
            if pos < 0:
                return -1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return -1


def scan_tag(src: str, pos: int, end: int | None = None) -> Tag | None:
    """Read the tag starting at ``src[pos] == "<"`` (it may span lines); None if it is not one."""
    end = len(src) if end is None else end
    if pos >= end or src[pos] != "<":
        return None
    start = pos
    pos += 1
    closing = pos < end and src[pos] == "/"
    if closing:
        match = _CLOSE_RE.match(src, start, end)
        return Tag(match.group(1), (), start, match.end(), closing=True) if match else None
    match = NAME_RE.match(src, pos, end)
    if not match:
        return None
    name = match.group(0)
    pos = match.end()
    attrs: list[tuple[str, Any]] = []
    while True:
        spaced = pos
        while pos < end and src[pos] in " \t\r\n":
            pos += 1
        if pos >= end:
            return None
        char = src[pos]
        if char == ">":
            return Tag(name, tuple(attrs), start, pos + 1)
        if src.startswith("/>", pos):
            return Tag(name, tuple(attrs), start, pos + 2, self_closing=True)
        if char == "{":  # JSX spread {...props}
            after = _skip_braces(src, pos, end)
            if after < 0:
                return None
            attrs.append(("...", Expr(src[pos + 1 : after - 1].strip())))
            pos = after
            continue
        if pos == spaced:  # attributes need a space before them
            return None
        match = _ATTRNAME_RE.match(src, pos, end)
        if not match:
            return None
        key = match.group(0)
        pos = match.end()
        probe = pos
        while probe < end and src[probe] in " \t\r\n":
            probe += 1
        if probe >= end or src[probe] != "=":
            attrs.append((key, True))
            continue
        pos = probe + 1
        while pos < end and src[pos] in " \t\r\n":
            pos += 1
        if pos >= end:
            return None
        char = src[pos]
        if char in "\"'":
            after = _skip_string(src, pos, end)
            if after < 0:
                return None
            attrs.append((key, src[pos + 1 : after - 1]))
        elif char == "{":
            after = _skip_braces(src, pos, end)
            if after < 0:
                return None
            attrs.append((key, parse_value(src[pos + 1 : after - 1])))
        else:  # an unquoted HTML value
            after = pos
            while after < end and src[after] not in " \t\r\n>" and not src.startswith("/>", after):
                after += 1
            attrs.append((key, src[pos:after]))
        pos = after


class _Reader:
    """A small reader for JavaScript literals: strings, numbers, booleans, arrays, objects."""

    __slots__ = ("pos", "src")

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    def space(self) -> None:
        src = self.src
        while self.pos < len(src):
            if src[self.pos] in " \t\r\n":
                self.pos += 1
            elif src.startswith("//", self.pos):
                newline = src.find("\n", self.pos)
                self.pos = len(src) if newline < 0 else newline
            elif src.startswith("/*", self.pos):
                close = src.find("*/", self.pos + 2)
                if close < 0:
                    raise ValueError("unclosed comment")
                self.pos = close + 2
            else:
                break

    def value(self) -> Any:
        self.space()
        src = self.src
        if self.pos >= len(src):
            raise ValueError("value expected")
        char = src[self.pos]
        if char in "\"'`":
            after = _skip_string(src, self.pos, len(src))
            if after < 0:
                raise ValueError("unclosed string")
            raw = src[self.pos + 1 : after - 1]
            self.pos = after
            if char == "`" and "${" in raw:
                raise ValueError("template literal with substitutions")
            return _unescape(raw)
        if char == "[":
            return self.array()
        if char == "{":
            return self.object()
        match = _NUMBER_RE.match(src, self.pos)
        if match:
            self.pos = match.end()
            text = match.group(0)
            return float(text) if any(c in text for c in ".eE") else int(text)
        match = _IDENT_RE.match(src, self.pos)
        if match and match.group(0) in _WORDS:
            self.pos = match.end()
            return _WORDS[match.group(0)]
        raise ValueError("not a literal")

    def array(self) -> list[Any]:
        self.pos += 1
        out: list[Any] = []
        while True:
            self.space()
            if self.src.startswith("]", self.pos):
                self.pos += 1
                return out
            out.append(self.value())
            self.space()
            if self.src.startswith(",", self.pos):
                self.pos += 1
            elif not self.src.startswith("]", self.pos):
                raise ValueError("`,` or `]` expected")

    def object(self) -> dict[str, Any]:
        self.pos += 1
        out: dict[str, Any] = {}
        while True:
            self.space()
            src = self.src
            if src.startswith("}", self.pos):
                self.pos += 1
                return out
            if self.pos < len(src) and src[self.pos] in "\"'":
                key = self.value()
            else:
                match = _IDENT_RE.match(src, self.pos)
                if not match:
                    raise ValueError("key expected")
                key = match.group(0)
                self.pos = match.end()
            self.space()
            if not src.startswith(":", self.pos):
                raise ValueError("`:` expected")
            self.pos += 1
            out[str(key)] = self.value()
            self.space()
            if src.startswith(",", self.pos):
                self.pos += 1
            elif not src.startswith("}", self.pos):
                raise ValueError("`,` or `}` expected")


_WORDS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "'": "'", '"': '"', "`": "`"}


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), raw, flags=re.S)


def parse_value(expression: str) -> Any:
    """The Python value of a ``{...}`` attribute body, or :class:`Expr` when it is code.

    >>> parse_value(' [{text: "a", explain: \\'why\\', correct: true},] ')
    [{'text': 'a', 'explain': 'why', 'correct': True}]
    >>> parse_value("props.title")
    Expr(source='props.title')
    """
    reader = _Reader(expression)
    try:
        value = reader.value()
        reader.space()
    except (ValueError, IndexError):
        return Expr(expression.strip())
    if reader.pos != len(expression):
        return Expr(expression.strip())
    return value


def find_close(src: str, name: str, pos: int, end: int) -> tuple[int, int] | None:
    """``(start, end)`` of the ``</name>`` matching an open tag that ends at ``pos``.

    Nested tags of the same name are counted; fenced code (a line opening with ``` or ~~~)
    is skipped, so a fence may show a closing tag as code.
    """
    depth = 1
    opener = re.compile(r"<\s*" + re.escape(name) + r"(?=[\s/>])|</\s*" + re.escape(name) + r"\s*>")
    fence: str | None = None
    line_start = src.rfind("\n", 0, pos) + 1
    while line_start < end:
        line_end = src.find("\n", line_start, end)
        line_end = end if line_end < 0 else line_end
        stripped = src[line_start:line_end].lstrip(" ")
        marker = re.match(r"(`{3,}|~{3,})", stripped)
        if fence is not None:
            if (
                marker
                and stripped.startswith(fence)
                and not stripped[len(marker.group(1)) :].strip()
            ):
                fence = None
            line_start = line_end + 1
            continue
        if (
            marker
            and max(pos, line_start) == line_start
            and "`" not in stripped[len(marker.group(1)) :]
        ):
            fence = marker.group(1)
            line_start = line_end + 1
            continue
        for match in opener.finditer(src, max(pos, line_start), line_end):
            if match.group(0).startswith("</"):
                depth -= 1
                if depth == 0:
                    return match.start(), match.end()
            else:
                tag = scan_tag(src, match.start(), end)
                if tag is not None and not tag.self_closing:
                    depth += 1
        line_start = line_end + 1
    return None
