"""Lost syllables that one word of context cannot decide (issue 13, section 3).

Two general mechanisms of :mod:`curriculum_tools.encoding.resolve`, each held by a test that
fails when it is switched off:

- a damaged word still unsure after its group was read with one word on each side is read again
  with :data:`~curriculum_tools.encoding.resolve.WIDE_CONTEXT` words, its damaged neighbours as
  the first decisions filled them (``동적 크기``: ``크`` lost a byte and ``동적 포기`` reads as
  well as ``동적 크기`` until ``타입을`` follows);
- a damaged one-syllable word (``ê°`` between spaces: 각, 감, 갑...) gets the syllable that every
  sure repair of the same damaged word elsewhere in the document chose
  (:data:`~curriculum_tools.encoding.resolve.LONE_BONUS`): it has no intact piece for the
  document's evidence to match.

Built from our own sentences damaged by tests/encoding_damage.py (UTF-8 read as cp1254, undefined
bytes dropped), never from a measured page.  Nothing below the confidence threshold is written
either way: switched off, the syllables are left as found, not written wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum_tools.encoding import resolve
from curriculum_tools.encoding.choice import Choice
from curriculum_tools.encoding.codepages import LossySpot
from curriculum_tools.encoding.resolve import _lone_words
from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage

WIDE = "이 장에서는 동적 크기 타입을 다루는 방법을 살펴봅니다.\n"
LONE = (
    "목록의 각 항목은 이름과 값을 가집니다. 각 항목을 차례로 읽어 결과에 더합니다.\n\n"
    "그다음 풀의 각 스레드에 대해 `join`을 호출하고, 그저 각 컴포넌트의 `draw` 메서드를 부릅니다.\n"
)


def _restored(text: str) -> bool:
    res = repair_text(damage(text, "cp1254"))
    assert all(s.after not in "감갑" for s in res.spots if s.written), "written wrong"
    return res.text == text


def test_a_word_unsure_in_one_word_of_context_is_read_in_a_wider_one() -> None:
    pytest.importorskip("kiwipiepy")
    res = repair_text(damage(WIDE, "cp1254"))
    assert res.text == WIDE
    assert repair_text(res.text).text == WIDE  # idempotent


def test_without_the_wider_context_the_syllable_is_left_as_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("kiwipiepy")
    monkeypatch.setattr(resolve, "WIDE_CONTEXT", 1)
    res = repair_text(damage(WIDE, "cp1254"))
    assert res.text != WIDE
    assert [s.after for s in res.spots if not s.written] == ["크"]  # reported, not written


def test_a_one_syllable_word_follows_its_sure_repairs_in_the_document() -> None:
    pytest.importorskip("kiwipiepy")
    assert _restored(LONE)
    assert repair_text(repair_text(damage(LONE, "cp1254")).text).text == LONE  # idempotent


def test_without_the_document_evidence_the_lone_words_stay_unsure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With one word of context (the wider reading off) the document evidence alone decides
    ``풀의 각 스레드`` (감 at 0.51 without it); switched off too, it is left as found."""
    pytest.importorskip("kiwipiepy")
    monkeypatch.setattr(resolve, "WIDE_CONTEXT", 1)
    assert _restored(LONE)
    monkeypatch.setattr(resolve, "LONE_BONUS", 0.0)
    assert not _restored(LONE)


def _spot(before: str) -> LossySpot:
    return LossySpot(before, 0, ("각", "감"))


def test_lone_words_need_agreeing_sure_repairs() -> None:
    sure, unsure, other = Choice("각", 0.995, ()), Choice("각", 0.6, ()), Choice("감", 0.999, ())
    pieces: list[str | LossySpot] = ["목록의 ", _spot("ê°"), " 항목, ", _spot("ê°"), " 값"]
    assert _lone_words(pieces, [sure, unsure]) == {"ê°": "각"}
    assert _lone_words(pieces, [unsure, unsure]) == {}  # nothing sure: no evidence
    assert _lone_words(pieces, [sure, other]) == {}  # sure repairs that disagree: none
    glued: list[str | LossySpot] = ["목록", _spot("ê°"), " 항목"]  # part of a longer word
    assert _lone_words(glued, [sure]) == {}
    next_spot: list[str | LossySpot] = [" ", _spot("ê°"), _spot("ê°"), " "]
    assert _lone_words(next_spot, [sure, sure]) == {}


def test_the_wide_reading_does_not_repeat_its_own_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    """A link text, its slug and the heading they point to hold the same damaged word.  Read
    wide, each is the neighbour of another: filled with the first decision (득이는 for 끓이는,
    0.92 for the link text), the slug read as certain (0.999) and the second pass learned the
    wrong word.  The word's own other occurrences are left out of its wide context (read as
    the candidate instead, they counted its likelihood twice: 폴로저 beat 클로저 at 0.995)."""
    pytest.importorskip("kiwipiepy")
    from curriculum_tools.encoding import layer

    monkeypatch.setattr(layer, "CONFIDENCE_THRESHOLD", 0.0)  # everything written: compare
    doc = (Path(__file__).parent / "fixtures" / "encoding" / "korean" / "cooking.md").read_text(
        encoding="utf-8"
    )
    res = repair_text(damage(doc, "cp1254"))
    assert len(res.text) == len(doc)
    for s in res.spots:
        if s.after == "득":
            assert s.confidence < 0.9 or "득" in doc.split("\n")[s.line - 1]
    assert "끓이는 순서" in res.text
