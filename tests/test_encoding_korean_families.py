"""The Korean double-byte families (issue 13, section 4), built from clean Korean text by the
damage simulator in ``tests/encoding_damage.py``.

Levels measured with kiwipiepy 0.24 on the nine test documents (``make bench`` prints them for
the smolagents docs too): see ``FAMILY_LEVELS``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from curriculum_tools.fix_encoding import Repair, repair_bytes, repair_text
from tests.encoding_damage import cp949_text, damage_korean, lost_korean, measure

ENC = Path(__file__).parent / "fixtures" / "encoding"
KOREAN = sorted((ENC / "korean").glob("*.md"))


def _needs_kiwi() -> None:
    from curriculum_tools.encoding.korean import default_model

    if default_model().name != "kiwipiepy":
        pytest.skip("kiwipiepy is not the Korean model here")


@cache
def _repair(text: str) -> Repair:
    return repair_text(text)


def _hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def test_issue_examples() -> None:
    assert repair_text("ÇÑ±Û ¹®¼\xad ÀÛ¼ºÇÏ±â").text == "한글 문서 작성하기"
    _needs_kiwi()
    text = "한글 문서를 저장했습니다. 오늘은 트랜스포머 구조를 공부합니다."
    assert damage_korean(text, "utf8-cp949-fffd").startswith("�븳湲� 臾몄꽌")
    assert repair_text(damage_korean(text, "utf8-cp949-fffd")).text == text


@cache
def _family_scores(family: str) -> tuple[int, int, int]:
    """(lost Hangul syllables, restored exactly, other syllables written wrong) over the nine
    documents (CP949 cannot encode their emoji: they are dropped first)."""
    lost = restored = wrong = 0
    for path in KOREAN:
        original = cp949_text(path.read_text(encoding="utf-8"))
        res = _repair(damage_korean(original, family))
        score = measure(original, res.text, lost_korean(original, family))
        lost += score.lost_hangul
        restored += score.restored_hangul
        if len(res.text) == len(original):
            wrong += sum(
                1 for a, b in zip(original, res.text, strict=True) if a != b and _hangul(b)
            )
    return lost, restored, wrong


# family -> (share of lost Hangul syllables restored, most syllables written wrong), measured
# with kiwipiepy on the nine documents (3,143 / 2,332 lost syllables):
#   U+FFFD 93.4 % (goal 90 %);
#   "?" 63.3 % (goal 85 %: not reached) with honest confidences (61.3 % before the damaged
#   words of a line were decided together): the 67.5-68.0 % of earlier rounds wrote 137
#   wrong syllables where their confidences expected 12; the family has its own softmax
#   temperature (42 written wrong, 23.6 expected: qscore.TEMPERATURE and
#   tests/test_encoding_calibration.py; where the rest is lost: bench/bench_qmark.py).
# CP949 read as Latin-1 is lossless; read as cp1252 it loses only UHC-extension syllables whose
# bytes include 81 8D 8F 90 9D, and none of those occur in these documents.
FAMILY_LEVELS = {
    "cp949-latin1": (1.0, 0),
    "cp949-cp1252": (1.0, 0),
    "utf8-cp949-fffd": (0.93, 150),
    "utf8-cp949-qmark": (0.62, 2000),
}


@pytest.mark.parametrize("family", list(FAMILY_LEVELS))
def test_family_recovery(family: str) -> None:
    if family != "cp949-latin1":
        _needs_kiwi()
    lost, restored, wrong = _family_scores(family)
    level, most_wrong = FAMILY_LEVELS[family]
    if family.startswith("cp949"):
        assert restored == lost and wrong == 0
        return
    assert lost > 2000
    assert restored / lost >= level, (restored, lost)
    assert wrong <= most_wrong


@pytest.mark.parametrize(
    "family", ["cp949-latin1", "cp949-cp1252", "utf8-cp949-fffd", "utf8-cp949-qmark"]
)
def test_family_repair_is_idempotent(family: str) -> None:
    _needs_kiwi()
    damaged = damage_korean(cp949_text(KOREAN[0].read_text(encoding="utf-8")), family)
    once = _repair(damaged).text
    assert repair_text(once).text == once


def test_cp949_read_as_utf8_is_reported_unrecoverable_and_untouched() -> None:
    original = KOREAN[1].read_text(encoding="utf-8")
    damaged = damage_korean(original, "cp949-utf8")
    res = repair_bytes(damaged.encode("utf-8"))
    assert res.text == damaged and not res.changed and res.spots == ()
    assert "original" in res.unrecoverable and "CP949" in res.unrecoverable


def test_a_few_replacement_characters_are_not_unrecoverable() -> None:
    text = "대규모 언어 모델�� 소개와 학습 방법을 설명합니다. 모델은 크다."
    assert repair_text(text).unrecoverable == ""


def test_uhc_syllable_whose_trail_byte_was_dropped_is_rebuilt_or_reported() -> None:
    """뙋 (8C 90) loses its trail byte 90 when read as cp1252."""
    word = "뙋"
    assert any(b == 0x90 for b in word.encode("cp949"))
    text = "한글 문서를 저장했습니다. 오늘은 " + word + " 구조를 공부합니다."
    res = repair_text(damage_korean(text, "cp949-cp1252"))
    rebuilt = [s for s in res.spots if s.kind == "lossy"]
    assert len(rebuilt) == 1 and word in rebuilt[0].candidates
    assert res.text.replace(rebuilt[0].before, word) == text or res.text == text


def test_cp949_as_latin1_wins_over_utf8_mojibake_evidence() -> None:
    """CP949 read as Latin-1 holds pairs that also look like UTF-8 mojibake (``ÇÇ``); the reading
    that explains more of the text as ordinary Hangul wins (found on a smolagents page)."""
    text = (
        "# OpenTelemetry로 실행 검사하기\n\n에이전트 실행을 검사하고 기록하는 방법을 설명합니다. "
        "실행 기록은 디버깅에 도움이 됩니다.\n"
    )
    res = repair_text(damage_korean(text, "cp949-latin1"))
    assert res.text == text and res.chain == ("cp949 read as latin-1",)


def test_double_mojibake_is_not_taken_for_cp949() -> None:
    """The other way round: UTF-8 mojibake twice also reads as CP949 garbage (챙혻흹)."""
    text = "제목\n한국어 문장입니다. 대규모 언어 모델을 설명합니다.\n"
    damaged = damage_korean(text, "cp949-latin1")
    assert repair_text(damaged).text == text
    from tests.encoding_damage import damage

    twice = damage(text, "cp1252", mode="sloppy", drop_soft_hyphen=False, layers=2)
    assert repair_text(twice).text == text
