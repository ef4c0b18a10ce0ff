"""Two lossy layers (issue 13, section 2): UTF-8 read as cp1252 with its undefined bytes (and
soft hyphens) dropped, twice.  The outer layer's lost bytes are constrained by the inner layer
(a candidate must be a character the inner code page produces and let the inner layer decode
around it) before the inner one is undone."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage, lost_positions_twice, measure

KOREAN = sorted((Path(__file__).parent / "fixtures" / "encoding" / "korean").glob("*.md"))


def _needs_kiwi() -> None:
    from curriculum_tools.encoding.korean import default_model

    if default_model().name != "kiwipiepy":
        pytest.skip("kiwipiepy is not the Korean model here")


def test_issue_example() -> None:
    text = "## 요약\n\n트랜스포머는 입력을 처리한다. 대규모 언어 모델의 구조를 설명합니다 — 예시.\n"
    res = repair_text(damage(text, "cp1252", layers=2))
    assert res.chain == ("cp1252", "cp1252")
    assert "❀" not in res.text
    _needs_kiwi()
    assert res.text == text


@cache
def _scores(page: str) -> tuple[int, int, float]:
    lost = restored = 0
    worst = 1.0
    for path in KOREAN:
        original = path.read_text(encoding="utf-8")
        res = repair_text(damage(original, page, layers=2))
        score = measure(original, res.text, lost_positions_twice(original, page))
        lost += score.lost_hangul
        restored += score.restored_hangul
        worst = min(worst, score.char_accuracy)
        assert repair_text(res.text).text == res.text  # idempotent
    return lost, restored, worst


# measured with kiwipiepy 0.24 on the nine documents: see the README's fix-encoding section
# 99.32 % (1,612 of 1,623; goal 99 %); 98.83 % before a word whose one outer spot decodes only
# with a later candidate (Ãâ€¢Å“, 한 read as cp1252 twice) was judged with each candidate
DOUBLE = {"cp1252": 0.99}


@pytest.mark.parametrize("page", list(DOUBLE))
def test_double_lossy_recovery(page: str) -> None:
    _needs_kiwi()
    lost, restored, worst = _scores(page)
    assert lost > 1000
    assert restored / lost >= DOUBLE[page], (restored, lost)
    assert worst >= 0.99  # every document is repaired as a whole (measured 0.9932)
