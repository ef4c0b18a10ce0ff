"""Loanwords spelled in Hangul are matched to the English words of the same document by their
consonant skeletons (issue 13, section 3: ``크`` always loses its byte in cp1252/cp1254 and Kiwi
often prefers ``포``: ``청포`` is a word too, ``토포나이저`` as unknown to it as ``토크나이저``)."""

from __future__ import annotations

import pytest

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
