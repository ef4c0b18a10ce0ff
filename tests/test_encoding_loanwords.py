"""Loanwords spelled in Hangul are matched to the English words of the same document by their
consonant skeletons (issue 13, section 3: ``크`` always loses its byte in cp1252/cp1254 and Kiwi
often prefers ``포``: ``청포`` is a word too, ``토포나이저`` as unknown to it as ``토크나이저``)."""

from __future__ import annotations

import pytest

from curriculum_tools.encoding import korean
from curriculum_tools.encoding.lexicon import known_words
from curriculum_tools.encoding.loanwords import english_skeletons, hangul_skeletons, spells_english
from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage


@pytest.mark.parametrize(
    ("hangul", "english"),
    [
        ("청크", "chunk"),
        ("마크다운", "markdown"),  # r before a consonant is not written in Hangul
        ("토크나이저", "tokenizer"),
        ("체크포인트", "checkpoint"),  # ck once
        ("폴백", "fallback"),  # f as ㅍ, doubled l once
        ("클래스", "class"),  # ㄹㄹ for one l
        ("인덱스", "index"),  # x as ks
        ("파이썬", "python"),  # th as ㅅ/ㅆ
        ("허깅페이스", "HuggingFace"),
        ("댕글링", "dangling"),  # ng before l: Korean writes the g too
        ("싱글", "single"),
    ],
)
def test_loanword_matches_its_english_word(hangul: str, english: str) -> None:
    assert hangul_skeletons(hangul) & english_skeletons(english)


@pytest.mark.parametrize(
    ("hangul", "english"),
    [
        ("청포", "chunk"),  # the wrong reconstruction
        ("마포다운", "markdown"),
        ("토포나이저", "tokenizer"),
        ("큐", "queue"),  # too short to count: one consonant
        ("상태", "state"),
        ("메모리역", "Morocco"),  # only ㄹ is written twice for one letter
    ],
)
def test_other_words_do_not_match(hangul: str, english: str) -> None:
    assert not hangul_skeletons(hangul) & english_skeletons(english)


def test_identifiers_are_split_and_a_particle_is_allowed() -> None:
    known = english_skeletons("Set `chunk_size` and the `TextSplitter`.")
    assert spells_english("청크로", known)  # 청크 + 로
    assert spells_english("스플리터", known)
    assert not spells_english("청포로", known)


def test_english_word_in_the_document_decides_a_lost_syllable() -> None:
    """Every 크 (ED 81 AC) loses its byte in cp1254 and reads like 포 (ED 8F AC); Kiwi knows 청포
    (mung bean jelly) as well as 청크.  With `chunk` in the document the loanword wins."""
    pytest.importorskip("kiwipiepy")
    text = (
        "문서를 작은 청크로 나눕니다 (`chunk_size=500`).\n"
        "청크당 문자 수를 정하고, 인접한 청크 간 중첩을 둡니다.\n"
    )
    res = repair_text(damage(text, "cp1254"))
    assert res.text == text
    assert repair_text(res.text).text == text  # idempotent


def test_the_documents_english_word_outranks_a_listed_name() -> None:
    """``글ë¡`` is 글롭 (glob, in the page) or 글록 (Glock, a name the general lists know): the
    document's own English word wins (the loanword bonus exceeds a list's say)."""
    pytest.importorskip("kiwipiepy")
    text = "경로에 글롭 연산자를 쓰면 (`*`, glob 패턴) 모든 공개 항목을 가져옵니다.\n"
    res = repair_text(damage(text, "cp1254"))
    assert res.text == text


# --- general word lists (encoding/lexicon.py): loanwords with no English word in the page ----


def test_the_general_lists_know_loanwords_and_not_their_damaged_readings() -> None:
    pytest.importorskip("kiwipiepy_model")
    words = known_words()
    assert {"크레이트", "클로저", "클러스터", "크래시"} <= words
    assert not {"포레이트", "폴로저", "글뢰", "마스포"} & words


class _Tok:
    def __init__(self, form: str, tag: str, id_: int) -> None:
        self.form, self.tag, self.start, self.id = form, tag, 0, id_


@pytest.mark.parametrize(
    ("token", "cost"),
    [
        (_Tok("크레이트", "NNG", 2), 0.0),  # unknown to Kiwi, listed
        (_Tok("포레이트", "NNG", 2), korean.UNLISTED_WORD),  # unknown and in no list
        (_Tok("폴로저", "NNP", 36901), korean.RARE_NAME),  # a proper noun of Kiwi's no list has
        (_Tok("클로저", "NNP", 3), 0.0),
        (_Tok("서울", "NNP", 900), 0.0),  # a proper noun the lists know
        (_Tok("사용", "NNG", 381), 0.0),  # Kiwi's common words are not looked up
    ],
)
def test_word_costs_with_the_lists(token: _Tok, cost: float) -> None:
    known = frozenset({"크레이트", "클로저", "서울"})
    assert korean.word_penalty(token.form, [token], known) == cost
    without = korean.UNKNOWN_WORD if token.id < 20 else 0.0  # no lists: as before
    assert korean.word_penalty(token.form, [token]) == without


@pytest.mark.parametrize(
    "text",
    [
        # 크 (ED 81 AC) reads as 포 (ED 8F AC): 포레이트 scored better by Kiwi's unknown-word model
        "의존성으로 추가한 크레이트는 빌드할 때 함께 컴파일됩니다.\n",
        # 클 (ED 81 B4) reads as 폴: 폴로저 is a rare proper noun Kiwi knows, 클로저 unknown to it
        "함수는 주변 변수를 캡처하는 클로저를 인자로 받습니다.\n",
    ],
)
def test_a_loanword_without_its_english_word_in_the_page(text: str) -> None:
    """Neither *crate* nor *closure* is in the document: the general word lists decide."""
    pytest.importorskip("kiwipiepy")
    res = repair_text(damage(text, "cp1254"))
    assert res.text == text
    assert repair_text(res.text).text == text  # idempotent


def test_the_qmark_family_keeps_the_costs_it_was_tuned_with() -> None:
    """The ``?`` family scores with Kiwi without the lists (korean.without_lists): an unknown,
    unlisted word costs UNKNOWN_WORD there and UNLISTED_WORD in the lossy family."""
    pytest.importorskip("kiwipiepy")
    model = korean.model_named("kiwipiepy")
    plain = korean.without_lists(model)
    assert plain is korean.without_lists(model)  # one per model: its cache is kept
    (with_lists,) = model.score(["포레이트"])
    (without,) = plain.score(["포레이트"])
    assert without - with_lists == pytest.approx(korean.UNLISTED_WORD - korean.UNKNOWN_WORD)
    (listed,) = model.score(["크레이트"])
    (listed_plain,) = plain.score(["크레이트"])
    assert listed - listed_plain == pytest.approx(korean.UNKNOWN_WORD)
