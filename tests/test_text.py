"""curriculum_tools/text.py: the one home of Hangul predicates, id markers, <img> patterns and
section geometry; and a guard that no module grows its own copy again."""

from __future__ import annotations

import re

import pytest

from curriculum_tools.parse import parse_text
from curriculum_tools.text import (
    HANGUL,
    HANGUL_RE,
    IMG_TAG_RE,
    has_hangul,
    img_sources,
    is_hangul_syllable,
    own_end,
    own_lines,
    parent_map,
    split_trailing_ids,
    strip_trailing_ids,
)

from .conftest import ROOT


def test_hangul_letters_and_syllables() -> None:
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4)]
    assert len(syllables) == 11_172 and all(map(is_hangul_syllable, syllables))
    assert all(HANGUL_RE.fullmatch(c) for c in syllables)
    jamo = "각ㄱㅏㆎꥠힰﾡ"  # conjoining, compatibility, extended-A/B, half-width
    assert all(has_hangul(c) and not is_hangul_syllable(c) for c in jamo)
    for other in "aZ9 ー一中あア가"[:-1] + "\u3000\ud7a4\u318f"[:2]:
        assert not is_hangul_syllable(other)
    assert not has_hangul("Tokenization 一 あ ア 中") and not has_hangul("\u3000")
    assert re.fullmatch(f"[{HANGUL}]+", "한글ㅋㅋ")


@pytest.mark.parametrize(
    ("heading", "rest", "ids"),
    [
        ("1.2. Neural Models [[neural]]", "1.2. Neural Models", ("neural",)),
        ("Setup {#setup .wide data-x=1}", "Setup", ("setup",)),
        ("Both {#a} [[b]]  ", "Both", ("a", "b")),
        ("Both [[b]] {#a}", "Both", ("b", "a")),
        ("Not at the end [[x]] here", "Not at the end [[x]] here", ()),
        ("Spaces are no id [[a b]]", "Spaces are no id [[a b]]", ()),
        ("Empty {#}", "Empty {#}", ()),
        ("", "", ()),
    ],
)
def test_trailing_ids(heading: str, rest: str, ids: tuple[str, ...]) -> None:
    stripped, found = split_trailing_ids(heading)
    assert (stripped.strip(), found) == (rest, ids)
    assert strip_trailing_ids(heading).strip() == rest
    doc = parse_text(f"# {heading}\n" if heading else "# x\n")
    if heading:
        assert doc.walk()[0].ids == ids  # the parser reads ids the same way


def test_img_patterns() -> None:
    html = '<p><img alt="x" src="a.png" width=3><IMG SRC=\'b c.png\'/><img alt="no src"></p>'
    assert img_sources(html) == ["a.png", "b c.png"]
    assert [m.group(0) for m in IMG_TAG_RE.finditer(html)] == [
        '<img alt="x" src="a.png" width=3>',
        "<IMG SRC='b c.png'/>",
    ]


def test_section_geometry() -> None:
    doc = parse_text("# T\n\nintro\n\n## A\n\na\n\n### A1\n\nx\n\n## B\n\nb\n")
    top, a, a1, b = doc.walk()
    assert own_end(top) == 4 and own_lines(doc, top) == ["", "intro", ""]
    assert own_end(a) == 8 and own_end(a1) == a1.end_line and own_end(b) == b.end_line
    parents = parent_map(doc)
    assert parents[a.index] is top and parents[a1.index] is a and parents[b.index] is top
    assert top.index not in parents


# --- one home ------------------------------------------------------------------------------

COPIES = {
    "a Hangul range": re.compile(r"\\u[aA][cC]00|\\u[dD]7[aA]3|가-힣|\\u1100|\\u3130|0x[aA][cC]00"),
    "an <img> pattern": re.compile(r"""['"].*<img\\b"""),
    "an id-marker pattern": re.compile(r"\\\[\\\[\(?\[\^"),
    "own_end": re.compile(r"def own_end\b|children\[0\]\.line - 1"),
    "a parent map": re.compile(r"def (parent_map|parents)\("),
}

KNOWN_COPIES: set[tuple[str, str]] = {
    # the search page's own JavaScript (the same syllable range, written in JS)
    ("curriculum_tools/export/html/search.py", "a Hangul range"),
}
"""(module path, what) still holding its own copy; for the lead to empty after the merge."""


def test_shared_helpers_have_one_home() -> None:
    found = set()
    for path in sorted((ROOT / "curriculum_tools").rglob("*.py")):
        if path.name == "text.py" and path.parent.name == "curriculum_tools":
            continue
        source = path.read_text(encoding="utf-8")
        for what, pattern in COPIES.items():
            if pattern.search(source):
                found.add((path.relative_to(ROOT).as_posix(), what))
    assert found - KNOWN_COPIES == set(), "import these from curriculum_tools.text"
    assert found >= KNOWN_COPIES, f"gone, remove from KNOWN_COPIES: {KNOWN_COPIES - found}"
