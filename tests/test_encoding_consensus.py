"""One repair per damaged word form across the document (issue 13, section 3).

:func:`curriculum_tools.encoding.consensus.agree` sums the evidence of the word forms that share
a damaged stem (``샘플링하기`` and ``샘플링이``: ``링`` lost its byte in both, the endings differ,
so :mod:`.resolve` decided them apart).  Built from our own sentences damaged by
tests/encoding_damage.py (UTF-8 read as cp1254, undefined bytes dropped), never from a measured
page; switched off, the syllable is left as found, not written wrong.
"""

from __future__ import annotations

import pytest

from curriculum_tools.encoding import consensus
from curriculum_tools.encoding.choice import Choice
from curriculum_tools.encoding.codepages import LossySpot
from curriculum_tools.encoding.consensus import agree
from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage

FORMS = "분포에서 샘플링하기 전에 값을 조정합니다. 샘플링이 끝나면 결과를 출력합니다.\n"


def _spot(before: str = "ë§") -> LossySpot:
    return LossySpot(before, 0, ("링", "말", "망"))


def _choice(char: str, share: float) -> Choice:
    other = "말" if char == "링" else "링"
    return Choice(char, share, (char, other), (share, 1 - share))


def test_forms_of_one_stem_agree() -> None:
    pieces: list[str | LossySpot] = [
        "분포에서 샘플",
        _spot(),
        "하기 전, 샘플",
        _spot(),
        "이 끝나면",
    ]
    out = agree(pieces, [_choice("링", 0.85), _choice("링", 0.95)])
    assert [c.char for c in out] == ["링", "링"]
    # the unsure form rises to its surer one, no higher (the forms share evidence)
    assert [c.confidence for c in out] == [0.95, 0.95]


def test_an_unsure_form_follows_its_stem_and_a_sure_one_keeps_its_reading() -> None:
    pieces: list[str | LossySpot] = [
        "샘플",
        _spot(),
        "하기, 샘플",
        _spot(),
        "이, 샘플",
        _spot(),
        "을",
    ]
    out = agree(pieces, [_choice("말", 0.6), _choice("링", 0.97), _choice("링", 0.97)])
    assert out[0].char == "링" and out[0].confidence > 0.9
    sure = agree(pieces, [_choice("말", 0.95), _choice("링", 0.97), _choice("링", 0.97)])
    assert sure[0].char == "말"  # written anyway (>= UNSURE_BELOW): its own reading stays


def test_identical_forms_count_once() -> None:
    """Identical damaged words were decided together already: no new evidence."""
    pieces: list[str | LossySpot] = ["샘플", _spot(), "이, 샘플", _spot(), "이"]
    out = agree(pieces, [_choice("링", 0.8), _choice("링", 0.8)])
    assert [c.confidence for c in out] == [0.8, 0.8]


def test_no_stem_no_pooling() -> None:
    """A lone damaged syllable names no stem (``ë˜는``: 또는 or 되는), nor does a prefix whose
    damaged syllable reads as a particle (``것ì„``: 것을 and 것임을)."""
    lone: list[str | LossySpot] = [" ", _spot(), "는 ", _spot(), "고 "]
    choices = [_choice("링", 0.6), _choice("링", 0.97)]
    assert agree(lone, choices) == choices
    spot = LossySpot("ì„", 0, ("을", "임"))
    particle: list[str | LossySpot] = ["것", spot, "을 알고, 그것", spot, " 씁니다, 것", spot, ", "]
    picks = [
        Choice("을", 0.6, ("을", "임"), (0.6, 0.4)),
        *[Choice("을", 0.99, ("을",), (0.99,))] * 2,
    ]
    assert agree(particle, picks) == picks


def test_a_damaged_stem_is_repaired_from_its_other_forms() -> None:
    pytest.importorskip("kiwipiepy")
    res = repair_text(damage(FORMS, "cp1254"))
    assert res.text == FORMS
    assert repair_text(res.text).text == FORMS  # idempotent


def test_without_the_other_forms_the_syllable_is_left_as_found(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("kiwipiepy")
    monkeypatch.setattr(consensus, "MIN_PREFIX", 99)  # no prefix long enough: off
    res = repair_text(damage(FORMS, "cp1254"))
    assert res.text != FORMS
    assert [s.after for s in res.spots if not s.written] == ["링"]  # reported, not written
