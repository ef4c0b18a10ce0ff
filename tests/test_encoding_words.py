"""Whole-word (eojeol) costs on top of Kiwi's analysis score (issue 13, section 3).

Kiwi scores ``관리또는`` (관리/NNG 또는/MAG) about as well as ``관리되는`` and ``또퍼`` better than
the loanword ``래퍼``: an adverb written together with a noun is a spacing error real text rarely
has, and the usual mark of a wrong reconstructed syllable.  Measured on the 17 smolagents Korean
pages (cp1254, bytes dropped): 37 lost syllables missed before, 26 after.
"""

from __future__ import annotations

import pytest

from curriculum_tools.encoding import korean
from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage


@pytest.fixture(scope="module")
def kiwi() -> korean.Model:
    pytest.importorskip("kiwipiepy")
    return korean.model_named("kiwipiepy")


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("관리되는 에이전트를", "관리또는 에이전트를"),  # adverb glued after a noun
        ("래퍼 클래스를", "또퍼 클래스를"),  # adverb glued before a noun
        ("타입 힌트", "타입 판트"),  # a word Kiwi does not know
        ("역설계하여 얻은", "에설계하여 얻은"),  # an interjection (에/IC) glued to a noun
    ],
)
def test_whole_word_costs_rank_the_real_word_first(
    kiwi: korean.Model, right: str, wrong: str
) -> None:
    good, bad = kiwi.score([right, wrong])
    assert good > bad


def test_a_real_word_is_not_charged_for_kiwis_first_split(kiwi: korean.Model) -> None:
    """Kiwi's first analysis of ``더미 함수`` is 더/MAG 미/NNG 함수/NNG; the next ones read the
    noun 더미, so the costs leave the score of the real text as it was."""
    from kiwipiepy import Kiwi

    first = Kiwi(model_type="cong-global", load_default_dict=False).analyze("더미 함수")[0]
    assert [t.tag for t in first[0]][:2] == ["MAG", "NNG"]  # the split this test is about
    assert korean.word_penalty("더미 함수", first[0]) > 0
    (score,) = kiwi.score(["더미 함수"])
    assert score >= first[1] - 1.0


def test_costs_apply_to_each_analysis_of_plain_text() -> None:
    class Tok:
        def __init__(self, form: str, tag: str, start: int, id_: int = 500) -> None:
            self.form, self.tag, self.start, self.id = form, tag, start, id_

    glued = [Tok("관리", "NNG", 0), Tok("또는", "MAG", 2)]
    spaced = [Tok("관리", "NNG", 0), Tok("또는", "MAG", 3)]
    unknown = [Tok("판트", "NNG", 0, 2)]
    assert korean.word_penalty("관리또는", glued) == korean.GLUED_ADVERB
    assert korean.word_penalty("관리 또는", spaced) == 0
    assert korean.word_penalty("판트", unknown) == korean.UNKNOWN_WORD
    interjection = [Tok("에", "IC", 0), Tok("설계", "NNG", 1)]
    assert korean.word_penalty("에설계", interjection) == korean.GLUED_ADVERB
    alone = [Tok("에", "IC", 0), Tok("설계", "NNG", 2)]
    assert korean.word_penalty("에 설계", alone) == 0


def test_glued_adverb_repair_is_written(kiwi: korean.Model) -> None:
    """``관리되는`` lost a byte of 되 (EB 90 98, read as ``ë˜`` like 또 EB 98 90): written now,
    it was left uncertain at 0.75 before."""
    text = (
        "관리자 에이전트의 시스템 프롬프트에 포함되어 관리되는 에이전트를 호출하는 방법을 알려줍니다.\n"
        "그런 다음 관리자 에이전트를 초기화할 때 이 관리되는 에이전트를 전달할 수 있습니다.\n"
    )
    res = repair_text(damage(text, "cp1254"), model=kiwi)
    assert res.text == text
    assert repair_text(res.text, model=kiwi).text == text  # idempotent
