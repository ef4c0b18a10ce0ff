"""Code as a translation may change it: comments and string literals aside.

Comments and strings are found by Pygments' token types (``Comment.*``, ``String.*``) for
the fence's language; a fence without a known language keeps its code, only whole-line
``#``/``//`` comments are set aside.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from ..model import Block
from ._common import HANGUL_RE

_NO_LEXER = object()


@lru_cache(maxsize=128)
def _lexer(lang: str) -> Any:
    """Pygments' lexer for a fence language, or ``_NO_LEXER``. Only the names of Pygments' own
    alias table are looked up: an unknown name (``cmd``) would make Pygments scan every
    installed package's entry points for plugin lexers, a tenth of a second per process."""
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    if not lang or lang in ("text", "txt", "plaintext", "output") or lang not in _aliases():
        return _NO_LEXER
    try:
        return get_lexer_by_name(lang, stripnl=False)
    except ClassNotFound:
        return _NO_LEXER


@lru_cache(maxsize=1)
def _aliases() -> frozenset[str]:
    """Every alias of Pygments' built-in lexers (its static table: no lexer is imported, no
    plugin looked for)."""
    from pygments.lexers import get_all_lexers

    return frozenset(
        alias for _, aliases, _, _ in get_all_lexers(plugins=False) for alias in aliases
    )


def fence_lang(info: str) -> str:
    """``rust,ignore,does_not_compile`` -> ``rust``; ``{.python}`` -> ``python``."""
    head = re.split(r"[\s,{}]+", info.strip().strip("{}."))
    lang = head[0].lower().lstrip(".") if head and head[0] else ""
    return lang.removesuffix("-nolint")  # MDN's `js-nolint`: not formatted by its linter


_MARKUP_LANGS = frozenset({"html", "xml", "svg"})
"""Markup whose text between tags is a string: a translated page translates it."""
_LINE_COMMENT_RE = re.compile(r"^\s*(#|//)(\s|$).*$", re.M)


@lru_cache(maxsize=4096)
def strip_code(code: str, info: str, keep_strings: bool = False) -> str:
    """Code with comments removed and string literals emptied (both may be translated); in
    HTML and XML the text between tags is a string.

    With ``keep_strings`` the literals keep their content but lose their quotes (so that
    ``'a[b]'`` and ``a[b]`` on a shell line compare equal).
    """
    lexer = _lexer(fence_lang(info))
    if lexer is _NO_LEXER:
        text = _LINE_COMMENT_RE.sub("", code)
    else:
        from pygments.token import Comment, String, Text

        markup = fence_lang(info) in _MARKUP_LANGS

        out: list[str] = []
        in_string = False
        for kind, value in lexer.get_tokens(code):
            if kind in Comment and kind not in Comment.Preproc:
                in_string = False
                out.append("\n" * value.count("\n"))
            elif kind in String or (markup and kind is Text and value.strip()):
                if keep_strings:
                    if kind not in String.Delimiter:
                        out.append(value.strip("\"'`"))
                elif not in_string:
                    out.append('""')
                in_string = True
                out.append("\n" * value.count("\n"))
            else:
                in_string = False
                out.append(value)
        text = "".join(out)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def is_plain(block: Block) -> bool:
    """A code block without a language Pygments knows (``text``, output, none)."""
    return block.kind == "code" and _lexer(fence_lang(block.info)) is _NO_LEXER


def shared_info(a: Block, b: Block) -> str:
    """The fence language both blocks are read with: the first one Pygments knows (a
    ``text`` fence facing a ``console`` one is read as console)."""
    for info in (a.info, b.info):
        if _lexer(fence_lang(info)) is not _NO_LEXER:
            return info
    return a.info or b.info


def same_code(a: Block, b: Block) -> bool:
    """Equal up to comments, strings and whitespace, and up to the prompts of an interactive
    session (``>>> x`` against ``x``) when only one side writes them."""
    info = shared_info(a, b)
    if " ".join(a.code.split()) == " ".join(b.code.split()):
        return True
    if _same_stripped(a.code, b.code, info):
        return True
    ia, ib = prompted_input(a.code), prompted_input(b.code)
    if (ia is None) == (ib is None):
        return False  # both sessions or neither: compared whole above
    return _same_stripped(a.code if ia is None else ia, b.code if ib is None else ib, info)


def _same_stripped(a: str, b: str, info: str) -> bool:
    if strip_code(a, info) == strip_code(b, info):
        return True
    if fence_lang(info) in _MARKUP_LANGS:  # an element's text wraps anywhere
        return "".join(strip_code(a, info).split()) == "".join(strip_code(b, info).split())
    return strip_code(a, info, True) == strip_code(b, info, True)


_PROMPT_RE = re.compile(r"(?:>>>|\.\.\.)(?: |$)|\$ ")
"""A prompt of an interactive session: Python's ``>>>`` and ``...``, a shell's ``$``."""


@lru_cache(maxsize=4096)
def prompted_input(code: str) -> str | None:
    """What was typed in a block written as an interactive session (its first line starts
    with a prompt, indented or not): the prompted lines without their prompts, the output
    lines dropped. ``None`` for a block that is not a session. A translation may keep the
    doctest style the source dropped (``>>> pipe.to("cuda")`` for ``pipe.to("cuda")``)."""
    lines = code.split("\n")
    first = next((line.lstrip() for line in lines if line.strip()), "")
    if not _PROMPT_RE.match(first):
        return None
    typed = []
    for line in lines:
        found = _PROMPT_RE.match(line.lstrip())
        if found is not None:
            typed.append(line.lstrip()[found.end() :])
    return "\n".join(typed)


_TRAILING_COMMENT_RE = re.compile(r"\s(#|//|--)\s.*$|^\s*(#|//)\s.*$")


@lru_cache(maxsize=8192)
def rough_lines(code: str) -> tuple[str, ...]:
    """Lines as compared for *matching*: white space squeezed, line comments cut roughly."""
    lines = (" ".join(_TRAILING_COMMENT_RE.sub("", line).split()) for line in code.split("\n"))
    return tuple(line for line in lines if line)


@lru_cache(maxsize=8192)
def _squeezed(code: str) -> str:
    return " ".join(code.split())


@lru_cache(maxsize=8192)
def _letters(code: str) -> Counter[str]:
    """How often each character occurs in the rough lines of ``code`` (newline-joined)."""
    return Counter("\n".join(rough_lines(code)))


def _quick_ratio(a: str, b: str) -> float:
    """``difflib.SequenceMatcher(a=<rough a>, b=<rough b>).quick_ratio()`` (the shared
    multiset of characters), counted in C instead of character by character."""
    ca, cb = _letters(a), _letters(b)
    length = ca.total() + cb.total()
    if not length:
        return 1.0
    if len(cb) < len(ca):
        ca, cb = cb, ca
    shared = sum(min(n, cb[c]) for c, n in ca.items() if c in cb)  # ``(ca & cb).total()``
    return 2.0 * shared / length


@lru_cache(maxsize=16384)
def _similarity(a: str, b: str) -> tuple[bool, float]:
    """(whether whole lines carry it, the similarity): at least half the lines shared, or
    failing that the shared characters (a block whose every line changed a little)."""
    la, lb = rough_lines(a), rough_lines(b)
    if la == lb:
        return True, 1.0
    line_ratio = difflib.SequenceMatcher(a=la, b=lb, autojunk=False).ratio()
    if line_ratio >= 0.5 or not la or not lb:
        return line_ratio >= 0.5, line_ratio
    return False, max(line_ratio, _quick_ratio(a, b) * 0.8)


CONTAINED_CHARS = 20
"""Least code (non-space characters) of the shorter block for :func:`contained` to count:
a lone ``)`` or ``image`` is in every block."""


def contained(a: str, b: str) -> bool:
    """Every line of the shorter of two code blocks is in the longer one, in order (a block
    the other side extended or cut: the same block, changed, not one missing and one extra)."""
    la, lb = rough_lines(a), rough_lines(b)
    short, long = (la, lb) if len(la) <= len(lb) else (lb, la)
    if not short or len(short) == len(long) or sum(len(x) for x in short) < CONTAINED_CHARS:
        return False
    rest = iter(long)
    return all(any(line == other for other in rest) for line in short)


def code_similarity(a: Block, b: Block) -> float:
    """0..1: how alike two code blocks are, to decide which blocks correspond.

    Cheap on purpose (no lexing): line comments are cut roughly and lines compared as wholes;
    whether matched blocks really differ is :func:`same_code`'s decision."""
    return code_match_score(a, b)[1]


def code_match_score(a: Block, b: Block) -> tuple[bool, float]:
    """:func:`code_similarity` and whether shared whole lines carry it: a block whose lines
    are its partner's but one string is a better partner than a sibling block with the same
    characters in other lines (the PyTorch and TensorFlow variants of one step)."""
    if _squeezed(a.code) == _squeezed(b.code):
        return True, 1.0
    return _similarity(a.code, b.code)


def first_diff_line(a: str, b: str) -> int:
    """Index of the first line of ``b`` that differs from ``a`` in a way that matters (-1: none)."""
    a_lines, b_lines = a.split("\n"), b.split("\n")
    matcher = difflib.SequenceMatcher(a=a_lines, b=b_lines, autojunk=False)
    for tag, _i1, _i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag in ("replace", "insert") and all(HANGUL_RE.search(x) for x in b_lines[j1:j2]):
            continue  # translated prose printed by the code (an example's output)
        return j1
    return -1


def raw_code_line(block: Block, stripped_index: int, info: str) -> int:
    """The source line of the ``stripped_index``-th non-empty stripped line of a code block."""
    count = -1
    fence = 1 if block.info or block.end_line - block.line > block.code.count("\n") else 0
    for offset, line in enumerate(block.code.split("\n")):
        if strip_code(line, info).strip():
            count += 1
            if count >= stripped_index:
                return block.line + fence + offset
    return block.line


_SLASH_COMMENT_RE = re.compile(r"\\\s+#")


def broken_continuations(en: Block, ko: Block) -> list[int]:
    """Source lines of ``ko`` where a comment was put inside a backslash-continued command
    (``cmd \\  # 설명`` or a comment line right after ``\\``) and the source has no such spot."""

    def spots(code: str) -> list[int]:
        lines = code.split("\n")
        out = []
        for i, line in enumerate(lines):
            stripped = line.rstrip()
            if _SLASH_COMMENT_RE.search(stripped):
                out.append(i)
            elif (
                stripped.endswith("\\")
                and i + 1 < len(lines)
                and lines[i + 1].lstrip().startswith("#")
            ):
                out.append(i + 1)
        return out

    theirs, mine = spots(en.code), spots(ko.code)
    if len(mine) <= len(theirs):
        return []
    fence = 1 if ko.info or ko.end_line - ko.line > ko.code.count("\n") else 0
    return [ko.line + fence + i for i in mine[len(theirs) :]]
