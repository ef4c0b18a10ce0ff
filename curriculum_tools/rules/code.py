"""``code-mismatch``: code blocks matched by content, inline code compared as sets."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from functools import lru_cache

from ..model import Document
from ..registry import Context, Finding, SectionRow, hit, rule
from ._code import broken_continuations
from ._code_drift import code_drift
from ._code_match import match_code
from ._common import HANGUL_RE, column_of
from ._compare import Item, items, report, segment_source
from ._domains import span_anchor
from ._segments import Comparison, Segment, comparison, html_text

_SPAN_RE = re.compile(r"`([^`]+)`")
__all__ = ["match_code"]  # code_text imports it from here


def _code_blocks(row: SectionRow, comp: Comparison, ctx: Context) -> Iterator[Finding]:
    drift = code_drift(row, comp, ctx)
    for i, j in drift.matched:
        if not comp.ko[j].own:
            continue
        for line in broken_continuations(comp.en[i].block, comp.ko[j].block):
            yield hit(
                row.ko_doc,
                line,
                "comment inside a backslash-continued command: the command ends there",
                other=row.en_doc,
                other_line=comp.en[i].block.line,
            )
    for i, _j, line in drift.differs:
        yield hit(
            row.ko_doc,
            line,
            "code block differs from the source's (comments and strings aside)",
            other=row.en_doc,
            other_line=comp.en[i].block.line,
        )
    for i in drift.missing:
        yield hit(
            row.ko_doc,
            comp.ko_line_for(i, row.ko),
            "code block of the source is missing",
            other=row.en_doc,
            other_line=comp.en[i].block.line,
        )
    for j in drift.extra:
        yield hit(
            row.ko_doc,
            comp.ko[j].block.line,
            "code block is not in the source",
            other=row.en_doc,
            other_line=comp.en_line_for(j, row.en),
        )


def _norm(value: str) -> str:
    return " ".join(value.split())


_GENERIC_RE = re.compile(r"(<[^<>]*>|\(\)|;)$")


def _base(key: str) -> str:
    """``MyBox<T>`` -> ``MyBox``, ``run()`` -> ``run``, ``use std::io;`` -> ``use std::io``,
    ``.iter()`` -> ``iter``, doc-builder's ``~pkg.Class`` -> ``pkg.Class``."""
    key = key.lstrip(".~") or key
    while True:
        shorter = _GENERIC_RE.sub("", key).rstrip()
        if shorter == key or not shorter:
            return key
        key = shorter


def _doc_spans(doc: Document, ctx: Context) -> set[str]:
    """Every inline code of a document (captions in HTML attributes included), with bases; a
    span that glosses an identifier (`컨피그맵(configMap)`) has that identifier too."""

    def make() -> set[str]:
        out: set[str] = set()
        for block in doc.all_blocks():
            out.update(_norm(f.value) for f in block.code_spans)
            out.update(
                _norm(span_anchor(f.value)) for f in block.code_spans if not f.value.isascii()
            )
            out.update(_norm(x) for x in _SPAN_RE.findall(html_text(block)))
        return out | {_base(k) for k in out} | {_requote(k) for k in out}

    found: set[str] = ctx.cached(("doc-spans", id(doc)), make)
    return found


_SINGLE_QUOTED_RE = re.compile(r"'([^'\"\\\n]{2,})'")


def _requote(key: str) -> str:
    """String literals of two or more characters in double quotes: `f('glue')` is
    `f("glue")` (code blocks set strings aside too); a one-character `'a'` stays (a char in
    Rust or C)."""
    return _SINGLE_QUOTED_RE.sub(r'"\1"', key) if "'" in key else key


def _spans(seg: Segment) -> list[tuple[str, str, int]]:
    return [(_norm(f.value), f.value, f.line) for f in seg.block.code_spans]


_IDENTIFIER_RE = re.compile(r"[_.:()\[\]<>]|[a-z][A-Z]|[A-Za-z]\d")


def _comparable(key: str) -> bool:
    """Spans worth comparing: not Hangul (translated prose), not bare punctuation (`:`)."""
    return not HANGUL_RE.search(key) and any(ch.isalnum() for ch in key)


_QUOTES = "\"'“”‘’"


@lru_cache(maxsize=1024)
def _squeeze(text: str) -> str:
    """Backticks dropped, white space as single spaces."""
    return " ".join(text.replace("`", "").split())


def _as_text_in(code: str, text: str) -> bool:
    """The span's text occurs in ``text`` once backticks, spaces and its own quotes are set
    aside: the same code split into spans differently (`&String` `s` = `&String s`) or
    wrapped over two lines."""
    core = _squeeze(code.strip(_QUOTES))
    if len(core) < 2:
        return False
    return _bounded(core, _squeeze(text), _ASCII_WORD.__contains__, _ASCII_WORD.__contains__)


def _plain_in(code: str, text: str) -> bool:
    """True when ``code`` appears in ``text`` as plain words (its backticks dropped)."""
    if not code:
        return re.search(r"(?<![\w`.\-])(?![A-Za-z0-9_`\-])", text) is not None
    return _bounded(code, text, _word_dot_or_dash, _PLAIN_AFTER.__contains__)


_ASCII_WORD = frozenset(string.ascii_letters + string.digits + "_")
_PLAIN_AFTER = _ASCII_WORD | {"`", "-"}


def _word_dot_or_dash(ch: str) -> bool:
    """``[\\w`.\\-]``: a word character (Unicode), a backtick, a dot or a hyphen."""
    return ch.isalnum() or ch in "_`.-"


def _bounded(
    needle: str, text: str, bad_before: Callable[[str], bool], bad_after: Callable[[str], bool]
) -> bool:
    """``needle`` occurs in ``text`` with neither a ``bad_before`` character just before it
    nor a ``bad_after`` one just after (a search with lookarounds, without compiling one
    pattern per needle); every occurrence is tried, overlapping ones too."""
    if not needle:
        return False
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or not bad_before(text[at - 1])) and (
            end == len(text) or not bad_after(text[end])
        ):
            return True
        at = text.find(needle, at + 1)
    return False


_WORDLIKE_RE = re.compile(r"^[A-Za-z][a-z’']*(?: [A-Za-z][a-z’']*)*$")


def _in_code(doc: Document, word: str, ctx: Context) -> bool:
    """``word`` is an identifier of the document's own code blocks."""

    def make() -> str:
        return "\n".join(b.code for b in doc.all_blocks() if b.kind == "code")

    code: str = ctx.cached(("code-text", id(doc)), make)
    return re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", code) is not None


def _label_word(key: str) -> str:
    """`Args:`, `Returns:` (a docstring section's label) stand for their word: a translation
    writes the section `Args 섹션`, without the colon."""
    return key[:-1] if key.endswith(":") and key[:-1].isalpha() else key


_TAG_SPAN_RE = re.compile(r"</?([A-Za-z][\w-]*)\s*/?>")


def _in_source(key: str, text: str, code: str) -> bool:
    """A target span the source section writes: as plain text (a plural too), split
    differently, in its code, or an element's tag the source names in words (`<input>` for
    "focuses an input")."""
    if (tag := _TAG_SPAN_RE.fullmatch(key)) and _bounded(
        tag.group(1).lower(), text.lower(), _ascii_word, _ascii_word
    ):
        return True
    if _plain_in(key, text) or _as_text_in(key, text) or _bounded(key, code, _word, _word):
        return True
    return key.isidentifier() and _plain_in(key + "s", text)  # `Uint8Array` for "Uint8Arrays"


_ASSIGN_RE = re.compile(r"([A-Za-z_][\w.]*)\s*=\s*([\"']?)([\w.\-]+)\2")


def _said_in(key: str, text: str) -> bool:
    """A ``name=value`` span the translation says in words: `name` as a code span and the value
    in the text (`world_size=2` as `world_size`는 2입니다)."""
    m = _ASSIGN_RE.fullmatch(key)
    if m is None or f"`{m.group(1)}`" not in text:
        return False
    return _bounded(m.group(3), text, _ascii_word, _ascii_word)


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _inline(row: SectionRow, comp: Comparison, ctx: Context) -> Iterator[Finding]:
    ko_keys = _doc_spans(row.ko_doc, ctx)
    en_keys = _doc_spans(row.en_doc, ctx)
    # comparable spans the other document lacks (the cheap set test first: most are there)
    only_en = [
        x
        for x in items(comp.en, _spans)
        if x.key not in ko_keys
        and _comparable(x.key)
        and _base(x.key) not in ko_keys
        and _requote(x.key) not in ko_keys
    ]
    only_ko = [
        x
        for x in items(comp.ko, _spans)
        if x.key not in en_keys
        and _comparable(x.key)
        and _base(x.key) not in en_keys
        and _requote(x.key) not in en_keys
    ]
    if not only_en and not only_ko:
        return
    ko_text = "\n".join(segment_source(row.ko_doc.lines, s) for s in comp.ko if s.chars)
    en_text = "\n".join(segment_source(row.en_doc.lines, s) for s in comp.en if s.chars)
    lost = [x for x in only_en if _plain_in(_label_word(x.key), ko_text)]
    for x in lost:
        partner = comp.en_to_ko.get(x.seg)
        if partner is None or not _IDENTIFIER_RE.search(_label_word(x.key)):
            continue  # `3` or `Tools` written plainly: nothing a reader could miss
        if not _plain_in(x.key, segment_source(row.ko_doc.lines, comp.ko[partner])):
            continue
        yield hit(
            row.ko_doc,
            comp.ko_line_for(x.seg, row.ko, x.line),
            f"`{x.shown}` is written without backticks here",
            other=row.en_doc,
            other_line=x.line,
            severity="info",
        )
    only_en = [
        x
        for x in only_en
        if x not in lost and not _as_text_in(x.key, ko_text) and not _said_in(x.key, ko_text)
    ]
    en_code = "\n".join(s.block.code for s in comp.en if s.block.kind == "code")
    only_ko = [x for x in only_ko if not _in_source(x.key, en_text, en_code)]
    translated = _translated_identifiers(row, comp, only_en, ctx)
    for x, shown in translated:
        yield hit(
            row.ko_doc,
            comp.ko_line_for(x.seg, row.ko),
            f"identifier `{x.shown}` translated inside inline code (`{shown}`): code must stay as is",
            other=row.en_doc,
            other_line=x.line,
        )
    done = {id(x) for x, _ in translated}
    only_en = [x for x in only_en if id(x) not in done]
    if not only_ko:  # a plain word in backticks may be translated (`Tools` -> 도구)
        only_en = [x for x in only_en if not _WORDLIKE_RE.match(x.key)]
    if not only_en:
        only_ko = [x for x in only_ko if not _WORDLIKE_RE.match(x.key)]
    yield from report(row, comp, "inline code", only_en, only_ko)


def _translated_identifiers(
    row: SectionRow, comp: Comparison, only_en: list[Item], ctx: Context
) -> list[tuple[Item, str]]:
    """Source spans that are identifiers of the document's code, facing a Hangul span in the
    matched target segment: ``image`` written as `이미지`."""
    out = []
    for x in only_en:
        j = comp.en_to_ko.get(x.seg)
        if j is None or not re.fullmatch(r"[A-Za-z_][\w.]*", x.key):
            continue
        hangul = [f.value for f in comp.ko[j].block.code_spans if HANGUL_RE.search(f.value)]
        if hangul and _in_code(row.en_doc, x.key, ctx):
            out.append((x, hangul[0]))
    return out


@rule("code-mismatch", "error", scope="section-pair")
def code_mismatch(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """## What it does
    Compares the code of aligned sections. Code blocks are paired by best content match (an
    added block does not shift the others); comments and string literals may be translated,
    so they are set aside (by Pygments' token types) before comparing. Inline code is
    compared as a set per section: a span is reported when the other section has it nowhere
    (a tag the translation adds for an element the source names in words, `<input>` for
    "an input", is not new code). An identifier that only lost its backticks is ``info``; an identifier of the document's
    code translated inside backticks (`image` -> `이미지`), or a comment put inside a
    backslash-continued shell command, is an ``error``.

    ## Why is this bad?
    Code must run the same in both languages; a changed identifier, argument or command
    in the translation breaks the reader's copy-paste.

    ## Example
    ```markdown
    <!-- en.md -->                       <!-- ko.md -->
    Run `pip install smolagents`.        `pip install smolagent`를 실행하세요.
    ```

    Use instead:
    ```markdown
    `pip install smolagents`를 실행하세요.
    ```
    """
    comp = comparison(row, ctx)
    if comp.rewritten:
        return
    yield from _code_blocks(row, comp, ctx)
    yield from _inline(row, comp, ctx)
    yield from _heading_spans(row, ctx)


def _heading_spans(row: SectionRow, ctx: Context) -> Iterator[Finding]:
    """Inline code of the two headings: a span of the translated heading that the source
    document has nowhere (``Box<T>_v2``) is reported on the heading line."""
    en_keys = _doc_spans(row.en_doc, ctx) | {
        _norm(x) for s in row.en_doc.walk() for x in _SPAN_RE.findall(s.raw_title)
    }
    theirs = {_norm(x) for x in _SPAN_RE.findall(row.en.raw_title)}
    for span in _SPAN_RE.findall(row.ko.raw_title):
        key = _norm(span)
        if not _comparable(key) or key in en_keys or _base(key) in en_keys:
            continue
        if _requote(key) in en_keys:
            continue
        if _as_text_in(key, row.en.raw_title) or _WORDLIKE_RE.match(key):
            continue
        shown = f" differs from the source's `{sorted(theirs)[0]}`" if len(theirs) == 1 else ""
        yield hit(
            row.ko_doc,
            row.ko.line,
            f"inline code `{span}` of the heading" + (shown or " is not in the source"),
            column=column_of(row.ko_doc, row.ko.line, span),
            other=row.en_doc,
            other_line=row.en.line,
        )
