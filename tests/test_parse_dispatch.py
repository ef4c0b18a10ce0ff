"""The rule dispatch of :mod:`curriculum_tools.syntax.dispatch` changes no token.

Every token stream of the parser (dispatch installed) is compared, field by field, with the
stream of the same configuration without it: the CommonMark spec examples, the course-format
fixtures and thousands of random documents made of Markdown's markup characters.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from curriculum_tools.parse import base_parser, markdown_parser
from curriculum_tools.syntax import syntax_plugin
from curriculum_tools.syntax.dispatch import install_dispatch

FIXTURES = Path(__file__).parent / "fixtures"
SPEC = json.loads((FIXTURES / "commonmark" / "spec.json").read_text("utf-8"))
COMPONENTS = (("Listing", "listing"), ("Quiz", "quiz"))


def undispatched(components: tuple[tuple[str, str], ...] = ()) -> MarkdownIt:
    md = base_parser()
    md.use(syntax_plugin, dict(components))
    return md


def shape(token: Token) -> tuple[Any, ...]:
    children = None if token.children is None else tuple(shape(c) for c in token.children)
    attrs = tuple(sorted((k, str(v)) for k, v in token.attrs.items()))
    return (
        token.type,
        token.tag,
        token.nesting,
        attrs,
        tuple(token.map or ()),
        token.level,
        children,
        token.content,
        token.markup,
        token.info,
        repr(token.meta),
        token.block,
        token.hidden,
    )


def streams(text: str, components: tuple[tuple[str, str], ...] = ()) -> tuple[Any, Any]:
    env_a: dict[str, Any] = {}
    env_b: dict[str, Any] = {}
    plain = [shape(t) for t in undispatched(components).parse(text, env_a)]
    fast = [shape(t) for t in markdown_parser(components).parse(text, env_b)]
    return (plain, repr(env_a)), (fast, repr(env_b))


def test_the_parser_runs_one_dispatcher_per_chain() -> None:
    md = markdown_parser()
    assert len(md.block.ruler.getRules("")) == 1
    assert len(md.block.ruler.getRules("paragraph")) == 1
    assert len(md.inline.ruler.getRules("")) == 1
    assert len(undispatched().block.ruler.getRules("")) > 10


def test_commonmark_spec_examples_tokenize_alike() -> None:
    differ = [c["example"] for c in SPEC if streams(c["markdown"])[0] != streams(c["markdown"])[1]]
    assert differ == []


@pytest.mark.parametrize(
    "path", sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".md", ".mdx")), ids=str
)
def test_fixture_documents_tokenize_alike(path: Path) -> None:
    text = path.read_text("utf-8", errors="replace")
    plain, fast = streams(text, COMPONENTS)
    assert plain == fast


PIECES = [
    *"\n \t-*+_#>`~$[]()!<&\\|:=%@{}^1a",
    "\n\n", "    ", "## ", "> ", "```", "~~~", "$$", "&amp;", "1.", "2)", "word", "가나",
    "<Tip>", "</Tip>", "<div>", "</div>", "> [!NOTE]", "{{#include x.rs}}", "[[id]]", "{#id}",
    "<!-- c -->", "---", "===", "http://x.y", "<http://a.b>", "*em*", "**b**", "[l](u)",
    "![i](s)", "[r]: /u", "[r]", "| a | b |", "|---|---|", '<Youtube id="x"/>', "[`~a.B`]",
    "<Listing caption=\"c\">", "</Listing>", "- [ ] x", "1. x", "\\$", "$x$",
]  # fmt: skip


def test_random_markup_tokenizes_alike() -> None:
    rng = random.Random(16)
    for _ in range(3000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))
        plain, fast = streams(text, COMPONENTS)
        assert plain == fast, text


PLAIN_PIECES = [
    "\r\n", "\r", "\n", "\n\n", "\0", " ", "word", "가나", "&amp;", "&", "\\*", "\\", "*",
    "_", "~~", "`c`", "[l](u)", "![i](s)", "## ", "Title\n===\n", "- ", "> ", "<b>",
]  # fmt: skip
"""Line ends of every kind, NUL, and inline text with and without escapes, entities and
delimiters: what the shortcuts of ``normalize``, ``text_join`` and the inline
post-processing decide on."""


def test_the_core_and_post_processing_shortcuts_tokenize_alike() -> None:
    md = markdown_parser()
    assert len(md.inline.ruler2.getRules("")) == 1  # the post-processing dispatcher
    rng = random.Random(1602)
    for _ in range(2000):
        text = "".join(rng.choice(PLAIN_PIECES) for _ in range(rng.randint(1, 30)))
        plain, fast = streams(text)
        assert plain == fast, repr(text)


def test_changing_a_ruler_later_drops_the_dispatch_and_stays_correct() -> None:
    md = undispatched()
    install_dispatch(md)
    md.disable("table")
    reference = undispatched()
    reference.disable("table")
    text = "| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n"
    assert [shape(t) for t in md.parse(text)] == [shape(t) for t in reference.parse(text)]
    assert len(md.block.ruler.getRules("")) > 1


INERT_PIECES = [
    *"-:#%+=@^}]", " ", "\n", "word", "가나", "[l](u)", "[a - b](c)", "*e*", "`c`", "<b>",
    "&amp;", "\\-", "$x$", "{{#include a.rs}}", "[[id]]", "{", "[" * 70, "]" * 3, "(",
]  # fmt: skip
"""Runs of text and inert terminators (``-``, ``:``, ``#``: no rule starts there) between the
characters that start one, deep enough for markdown-it's nesting limit."""


def test_the_inline_shortcuts_tokenize_alike() -> None:
    md = markdown_parser()
    assert md.inline.tokenize.__qualname__.startswith("install_inline_fast")
    rng = random.Random(1616)
    for _ in range(3000):
        text = "".join(rng.choice(INERT_PIECES) for _ in range(rng.randint(1, 30)))
        plain, fast = streams(text, COMPONENTS)
        assert plain == fast, repr(text)


def test_declared_plugin_rules_join_the_dispatch_and_undeclared_ones_stop_the_shortcuts() -> None:
    from markdown_it.rules_inline import StateInline

    from curriculum_tools.syntax.dispatch import declare_starts

    def percent(state: StateInline, silent: bool) -> bool:  # `%x%` -> code_inline
        src, pos = state.src, state.pos
        if src[pos] != "%" or (end := src.find("%", pos + 1)) < 0:
            return False
        if not silent:
            state.push("code_inline", "code", 0).content = src[pos + 1 : end]
        state.pos = end + 1
        return True

    text = "a %b% c - d: %e\n\n%f% [x %y%](u)\n"
    reference = undispatched()
    reference.inline.ruler.before("link", "percent", percent)
    expected = [shape(t) for t in reference.parse(text)]
    for declared in (True, False):
        md = undispatched()
        rule = declare_starts(percent, "%") if declared else lambda s, q: percent(s, q)
        md.inline.ruler.before("link", "percent", rule)
        install_dispatch(md)
        fast = md.inline.tokenize.__qualname__.startswith("install_inline_fast")
        assert fast is declared
        assert [shape(t) for t in md.parse(text)] == expected


def test_changing_the_inline_ruler_later_drops_the_shortcuts_and_stays_correct() -> None:
    md = undispatched()
    install_dispatch(md)
    md.disable("emphasis")
    reference = undispatched()
    reference.disable("emphasis")
    text = "plain - text\n\n*a* _b_ - c\n"
    assert [shape(t) for t in md.parse(text)] == [shape(t) for t in reference.parse(text)]


PARAGRAPH_PIECES = [
    "word", " ", "  ", "\n", "42", "1,000", "3.5", "가나", "http://x.y/z", "-", ":", "`c`",
    "*e*", "\\", "&amp;", "\t", "\n\n", "    ", "> ", "- ",
]  # fmt: skip


def test_the_plain_paragraph_shortcut_folds_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """``fold._plain_paragraph`` gives the Block of the general loop of ``make_block``."""
    from curriculum_tools import fold
    from curriculum_tools.parse import parse_text

    rng = random.Random(1603)
    texts = ["", "x\n", " \n", "p1\n\np2 http://a.b\n\nsoft\nline 7\n"] + [
        "".join(rng.choice(PARAGRAPH_PIECES) for _ in range(rng.randint(1, 25)))
        for _ in range(1500)
    ]
    fast = [parse_text(text) for text in texts]
    monkeypatch.setattr(fold, "_plain_paragraph", lambda *args: None)
    for text, doc in zip(texts, fast, strict=True):
        general = parse_text(text)
        assert doc.preamble == general.preamble, repr(text)
        assert [s.blocks for s in doc.walk()] == [s.blocks for s in general.walk()], repr(text)


def test_the_setext_heading_shortcut_stays_linear() -> None:
    """The ``lheading`` gate walks no further than ``lheading`` (it once walked a whole list
    for each item: quadratic). Counted, not timed: the lines the gate executes for four
    times the items are about four times as many (a quadratic walk gives sixteen)."""
    import sys
    from types import FrameType

    md = markdown_parser()

    def steps(items: int) -> int:
        shapes = ("- item {i} word\n", "text {i}\n# h\n", "a {i}\nb\n")
        texts = ["".join(s.format(i=i) for i in range(items)) for s in shapes]
        count = 0

        def local(frame: FrameType, event: str, arg: Any) -> Any:
            nonlocal count
            count += event == "line"
            return local

        def calls(frame: FrameType, event: str, arg: Any) -> Any:
            return local if frame.f_code.co_name == "gated" else None

        sys.settrace(calls)
        try:
            for text in texts:
                md.parse(text)
        finally:
            sys.settrace(None)
        return count

    small, large = steps(300), steps(1200)
    assert small > 0, small
    assert large < 5 * small, (small, large)
