"""The clean fast path (issue 13: clean text must stay >= 100x cheaper than ftfy.fix_encoding):
clean text is proven clean by one regex scan, and the scan still lets every damaged text through.
"""

from __future__ import annotations

import pytest

from curriculum_tools import fix_encoding
from curriculum_tools.encoding.codepages import suspect_chars
from curriculum_tools.encoding.doublebyte import looks_rare
from curriculum_tools.encoding.segments import suspect
from tests.encoding_damage import damage, damage_korean

CLEAN = [
    "무엇을 만들까요? 먼저 `cargo new`를 실행해 볼까요?\n답은 간단합니다?!",  # questions
    "```text\nbackyard\n├── Cargo.lock\n│\xa0\xa0 └── garden.rs\n```\n",  # `tree` output
    "Plain ASCII? Yes, only ASCII.",
    "한글 ‘인용’ 그리고 € 5 — 끝 · 다음 → 이전…",
]


@pytest.fixture
def no_slow_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("left the fast path")

    from curriculum_tools.encoding import families

    monkeypatch.setattr(fix_encoding, "undo_layer", refuse)
    monkeypatch.setattr(families, "undo_family", refuse)


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_stays_on_the_fast_path(text: str, no_slow_path: None) -> None:
    res = fix_encoding.repair_text(text)
    assert not res.changed and res.text == text


def test_gate_lets_every_suspect_pair_through() -> None:
    """Every lead + continuation pair the code pages can produce opens the gate (but for a
    no-break space first: MacRoman's lead 0xCA, left out on purpose for `tree` output)."""
    leads, conts = suspect_chars().split("\x00")
    gate = fix_encoding._gate()
    for a in leads:
        for b in conts:
            if suspect().search(a + b) and a != "\xa0":
                assert gate.search(a + b), (a, b)


def test_rare_question_mark_pattern_matches_the_per_character_test() -> None:
    pattern = fix_encoding._rare_qmark()
    chars = [chr(c) for c in range(0xAC00, 0xD7A4)] + ["中", "文", "a", "é", " "]
    for ch in chars:
        expected = looks_rare(ch)
        assert bool(pattern.search(f"x{ch}?y")) == expected, ch
        assert bool(pattern.search(f"x?{ch}y")) == expected, ch


@pytest.mark.parametrize(
    "damaged",
    [
        damage("한글 문서를 읽습니다. 무엇일까요?", "cp1252"),
        damage_korean("한글 문서를 읽습니다. 무엇일까요?", "utf8-cp949-qmark"),
        damage_korean("한글 문서를 읽습니다. 무엇일까요?", "cp949-latin1"),
    ],
)
def test_damaged_text_leaves_the_fast_path(damaged: str) -> None:
    assert fix_encoding.repair_text(damaged).changed
