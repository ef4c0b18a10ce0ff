"""The sanitizer's shortcut for plain renderer markup gives what nh3 gives, or steps aside.

:func:`curriculum_tools.export.sanitize._plain_html` answers for fragments of attribute-free
tags, exactly nested, without nh3; every answer it gives is compared here with nh3's own
(the real sanitizer, configured as the exports configure it), on generated fragments that
mix the tags it accepts with tags, entities and characters it must leave to nh3.
"""

from __future__ import annotations

import random

import pytest

from curriculum_tools.export.sanitize import _cleaner, _plain_html, sanitize

_PLAIN_PIECES = [
    "<p>", "</p>", "<ul>", "</ul>", "<ol>", "</ol>", "<li>", "</li>", "<blockquote>",
    "</blockquote>", "<strong>", "</strong>", "<em>", "</em>", "<code>", "</code>", "<br>",
    "<br />", "<hr>", "<hr />", "&amp;", "&lt;", "&gt;", "&quot;",
]  # fmt: skip
_TEXT = ["a", "word ", " ", "\n", "\t", '"', "'", "\xa0", "한국어", "=", "/", ";", "é", "\u2028"]
_HOSTILE = [
    "<", ">", "&", "&nbsp;", "&#39;", "&amp", "<script>", "</script>", "<a href=\"x\">", "</a>",
    "<p class=x>", "<P>", "<br/>", "<!-- c -->", "\x00", "\r", "\x0c", "\x85", "<img src=x>",
    "<h2>", "</h2>", "<pre>", "</pre>", "<table>", "<td>", "<style>", "<svg>",
]  # fmt: skip


def _nested(rng: random.Random, depth: int = 0) -> str:
    """Well-nested plain markup (the shape renderers write), so that most are accepted."""
    out = []
    for _ in range(rng.randint(0, 4)):
        kind = rng.random()
        if depth < 4 and kind < 0.15:
            items = "".join(f"<li>{_nested(rng, depth + 1)}</li>\n" for _ in range(2))
            tag = rng.choice(["ul", "ol"])
            out.append(f"<{tag}>\n{items}</{tag}>\n")
        elif depth < 4 and kind < 0.25:
            out.append(f"<blockquote>\n{_nested(rng, depth + 1)}</blockquote>\n")
        elif kind < 0.55:
            out.append(f"<p>{_inline(rng)}</p>\n")
        elif kind < 0.6:
            out.append("<hr />\n")
        else:
            out.append(_inline(rng))
    return "".join(out)


def _inline(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(0, 5)):
        kind = rng.random()
        if depth < 3 and kind < 0.2:
            tag = rng.choice(["strong", "em", "code"])
            out.append(f"<{tag}>{_inline(rng, depth + 1)}</{tag}>")
        elif kind < 0.3:
            out.append(rng.choice(["<br />\n", "&amp;", "&lt;", "&gt;", "&quot;"]))
        else:
            out.append(rng.choice(_TEXT))
    return "".join(out)


def _nh3(fragment: str) -> str:
    return str(_cleaner(False)(fragment))


def test_plain_markup_is_what_nh3_makes_of_it() -> None:
    rng = random.Random(20261202)
    answered = 0
    for _ in range(6000):
        fragment = _nested(rng)
        plain = _plain_html(fragment)
        if plain is not None:
            answered += 1
            assert plain == _nh3(fragment), fragment
    assert answered > 5000  # the shape renderers write is answered without nh3


def test_random_mixtures_are_answered_as_nh3_answers_or_left_to_it() -> None:
    rng = random.Random(7)
    answered = 0
    for _ in range(20000):
        pieces = _PLAIN_PIECES + _TEXT * 2 + (_HOSTILE if rng.random() < 0.3 else [])
        fragment = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        plain = _plain_html(fragment)
        if plain is not None:
            answered += 1
            assert plain == _nh3(fragment), fragment
    assert answered > 1000


@pytest.mark.parametrize(
    "fragment",
    [
        '<p><a href="javascript:alert(1)">x</a></p>',
        "<p>x<script>alert(1)</script></p>",
        "<p onclick=alert(1)>x</p>",
        "<p>a</p><ul><p>b</p></ul>",  # a block inside a list: left to nh3 (still the same tree)
        "<p><ul><li>x</li></ul></p>",  # the parser closes the paragraph: not as written
        "<strong><p>x</p></strong>",
        "<li>x</li>",
        "<p>x",
        "x</p>",
        "<p>&nbsp;</p>",
        "a\x00b",
        "<!-- c -->",
    ],
)
def test_anything_else_goes_to_nh3(fragment: str) -> None:
    if fragment == "<p>a</p><ul><p>b</p></ul>":
        assert _plain_html(fragment) == _nh3(fragment)
        return
    assert _plain_html(fragment) is None
    assert sanitize(fragment) == _nh3(fragment)
