"""The clean fast path holds every detector (issue 13, section 4): whatever a detector of the
slow path would take (a code page's suspect pair, a Korean double-byte family, the unrecoverable
CP949-as-UTF-8 message), the gate sends to the slow path.  Checked on every damage simulator of
``tests/encoding_damage.py``, line by line (no help from the rest of a page) and on generated
Korean text; and the gap this closed: a line of UTF-8 read as CP949 whose words all have an even
number of syllables is valid CP949 (no U+FFFD, no ``?``), and is now found and repaired.
"""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum_tools import fix_encoding
from curriculum_tools.encoding.doublebyte import syllable_set, unrecoverable
from curriculum_tools.encoding.families import _best
from curriculum_tools.encoding.fastpath import (
    CP949_FIRST,
    _cp949_chars,
    cp949_gate,
    has_cp949_pair,
    utf8,
)
from curriculum_tools.encoding.segments import suspect
from curriculum_tools.text import HANGUL_SYLLABLE_RE
from tests.encoding_damage import KOREAN_FAMILIES, damage, damage_korean

from .conftest import ROOT
from .test_encoding_fastpath import cp949_run_reference

EVEN = "for 거리, 값들 in 기록.items():"  # every word two syllables: valid CP949 once damaged


def _clean(text: str) -> bool:
    """The gate's answer, from the str and from the bytes (the CLI): nothing to look at."""
    return (
        fix_encoding._fast_path(text) is None and fix_encoding._fast_path(text, utf8(text)) is None
    )


def _detected(text: str) -> list[str]:
    """What the detectors of the slow path would take in ``text`` if the gate let it through."""
    found = []
    if suspect().search(text):
        found.append("code page pair")
    if _best(text.split("\n")) is not None:
        found.append("double-byte family")
    if unrecoverable(text):
        found.append("unrecoverable")
    return found


@pytest.mark.parametrize("family", ["utf8-cp949-fffd", "utf8-cp949-qmark"])
def test_a_line_of_even_words_leaves_the_fast_path_and_is_repaired(family: str) -> None:
    damaged = damage_korean(EVEN, family)
    assert "\ufffd" not in damaged and "?" not in damaged  # nothing but valid CP949
    assert not _clean(damaged)
    assert fix_encoding.repair_text(damaged).text == EVEN
    assert fix_encoding.repair_bytes(damaged.encode()).text == EVEN


def _lines() -> list[str]:
    return [
        line
        for p in sorted(ROOT.glob("tests/fixtures/encoding/korean/*.md"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if HANGUL_SYLLABLE_RE.search(line)
    ]


@pytest.mark.parametrize("family", KOREAN_FAMILIES)
def test_every_damaged_line_the_detectors_take_leaves_the_fast_path(family: str) -> None:
    """Each line with Hangul of the Korean test documents, damaged alone: either the gate lets
    it through, or no detector would take it (a line of one or two words: ``- 이름`` as
    ``- ?대쫫``, too little to repair)."""
    slipped = 0
    for line in _lines():
        damaged = damage_korean(line, family)
        if damaged != line and _clean(damaged):
            slipped += 1
            assert not _detected(damaged), (family, line, damaged)
    # the gate is not vacuous: all but a few short lines are caught by it alone
    assert slipped <= len(_lines()) // 20


@pytest.mark.parametrize("page", ["cp1252", "cp1254", "latin-1", "cp1251", "mac_roman"])
@pytest.mark.parametrize("mode", ["drop", "qmark", "fffd"])
def test_every_line_read_through_a_code_page_leaves_the_fast_path(page: str, mode: str) -> None:
    for line in _lines()[::3]:
        damaged = damage(line, page, mode=mode)
        assert not _clean(damaged) or not _detected(damaged), (page, mode, line)


def _korean_lines() -> st.SearchStrategy[str]:
    """Korean-looking lines: words of common syllables (even and odd lengths), ASCII words,
    code, punctuation and the marks Korean text uses."""
    syllables = sorted(syllable_set())
    word = st.lists(st.sampled_from(syllables), min_size=1, max_size=5).map("".join)
    other = st.sampled_from(["API", "x = 1", "(", ")", "“", "”", "·", "…", "?", "!", "`a`", "12"])
    parts = st.lists(st.one_of(word, word, other), min_size=1, max_size=12)
    return parts.map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_korean_lines(), st.sampled_from(KOREAN_FAMILIES))
def test_generated_korean_damaged_by_any_family_is_gated_or_inert(line: str, family: str) -> None:
    damaged = damage_korean(line, family)
    if damaged != line and _clean(damaged):
        assert not _detected(damaged), (family, line, damaged)


def test_the_cp949_runs_answer_as_the_simulation() -> None:
    """Every Hanja of rows E0-F4 before samples of what can follow it (each character a lead
    80-BF makes, by the kind of its trail, then ``?``, ASCII, U+FFFD, common syllables), and
    each follower after a sample of Hanja: the bytes pattern answers as the simulated reading."""
    hanja = _cp949_chars(range(0xE0, 0xF5), range(0xA1, 0xC0))
    followers = _cp949_chars(range(0x81, 0xC0), range(0x41, 0xFF))
    by_trail: dict[int, list[str]] = {}
    for c in followers:
        t = c.encode("cp949")[1]
        by_trail.setdefault(0 if t < 0x80 else t >> 4, []).append(c)
    rng = random.Random(13)
    sample = [c for group in by_trail.values() for c in rng.sample(group, min(len(group), 6))]
    others = ["a", " ", "?", "\ufffd", "\n", "中", "é", "”", *sorted(syllable_set())[:8]]
    tails = [*sample, *others]
    assert len(hanja) == 651
    for h in hanja:
        for x in [*sample, "?", "a", "\ufffd"]:
            for y in rng.sample(tails, 6):
                text = h + x + y + rng.choice(tails)
                assert has_cp949_pair(utf8(text)) == cp949_run_reference(text, 0), text
    for h, x in itertools.product(rng.sample(hanja, 6), followers):
        text = h + x + rng.choice(tails) + rng.choice(tails)
        assert has_cp949_pair(utf8(text)) == cp949_run_reference(text, 0), text


def test_the_memchr_bytes_are_the_first_bytes_of_the_pairs() -> None:
    assert sorted(b for b, _ in cp949_gate()) == sorted(CP949_FIRST)


@pytest.mark.parametrize(
    "text",
    [
        "漢字와 한글을 섞어 씁니다. 大韓民國 憲法 第1條",
        "日本語の文章です。ひらがなとカタカナ、漢字を使います。",
        "中文文本：这是一个测试，包含标点符号。",
        "科擧(과거) 제도와 「訓民正音」",
    ],
)
def test_clean_cjk_text_is_never_changed(text: str) -> None:
    """Hanja in clean text may open the gate; the detectors behind it take nothing."""
    for doc in (text, (text + "\n") * 30):
        res = fix_encoding.repair_text(doc)
        assert not res.changed and res.text == doc and not res.unrecoverable
