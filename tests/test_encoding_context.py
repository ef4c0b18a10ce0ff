"""The context a damaged word is read in (issue 13, section 3): the words next to it across a
soft line break of its paragraph, and inline code before a particle read as a noun.

Both built from our own sentences damaged by tests/encoding_damage.py (UTF-8 read as cp1254,
undefined bytes dropped: every 을, 의, 이 loses its 0x9D byte and may be 임, 잘, ...).
"""

from __future__ import annotations

import re

import pytest

from curriculum_tools.encoding import context
from curriculum_tools.encoding.context import Paragraphs, neighbours
from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage


def _around(text: str, word: str) -> tuple[str, str]:
    at = text.index(word)
    return neighbours(text, at, at + len(word))


def test_a_soft_line_break_is_a_space() -> None:
    text = "자주 쓰이는 설정 방법을\n설명합니다.\n"
    assert _around(text, "방법을") == ("설정", "설명합니다.")
    assert _around(text, "설명합니다.") == ("방법을", "")


@pytest.mark.parametrize(
    "text",
    [
        "설정 방법을\n\n설명합니다.",  # a blank line ends the paragraph
        "설정 방법을\n# 설명합니다",  # a heading
        "설정 방법을\n- 설명합니다",  # a list item
        "설정 방법을\n1. 설명합니다",
        "설정 방법을\n| 설명합니다 |",  # a table row
        "설정 방법을\n```\n설명합니다\n```",  # a fence
        "# 설정 방법을\n설명합니다.",  # a heading is a line of its own
        "```\n설정 방법을\n설명합니다\n```",  # code lines are not prose
    ],
)
def test_a_block_boundary_is_not_crossed(text: str) -> None:
    assert _around(text, "방법을")[1] == ""


def test_quotes_and_list_continuations_are_followed() -> None:
    quote = "> 참조자는 정의된 지점부터\n> 시작합니다."
    assert _around(quote, "지점부터") == ("정의된", "시작합니다.")
    item = "- 목록의 첫 항목을\n  이어서 씁니다.\n- 다음 항목"
    assert _around(item, "항목을")[1] == "이어서"
    assert _around(item, "이어서")[0] == "항목을"
    assert _around(item, "다음")[0] == "-"  # a new item does not read the line before


def test_width_reads_more_words() -> None:
    text = "하나 둘 셋\n넷 다섯"
    assert Paragraphs(text).neighbours(text.index("셋"), text.index("셋") + 1, 2) == (
        "하나 둘",
        "넷 다섯",
    )


def test_a_particle_at_the_end_of_a_line_is_decided_by_the_next_line() -> None:
    """``방법ì„`` is 방법을 or 방법임; the verb that decides is on the next line.  Left uncertain
    (not written) when the line alone was read."""
    pytest.importorskip("kiwipiepy")
    text = "이 절에서는 자주 쓰이는 설정 방법을\n설명합니다. 나머지 세부 사항을\n뒤에서 다룹니다.\n"
    res = repair_text(damage(text, "cp1254"))
    assert res.text == text
    assert repair_text(res.text).text == text  # idempotent


def test_inline_code_before_a_particle_reads_as_a_noun() -> None:
    assert context.normalize("호출해 `Mutex<T>`의 락을") == "호출해 MutexT의 락을"
    assert context.normalize("`0`을 넣고") == "code을 넣고"  # no letters: a placeholder
    assert context.normalize("`let x = 5`를") == "letx를"
    assert context.normalize("5`를 쓰면") == "code를 쓰면"  # the end of a span cut at a space
    assert context.normalize("`Screen` 다음") == "Screen  다음"  # no particle: as before


def test_a_particle_after_inline_code_is_restored() -> None:
    """``Mutex<T>ì˜``: without the code read as a noun the model saw ``Mutex<T 의`` (the ``>``
    is Markdown punctuation to it), a particle standing alone, and could not tell 의 from 잘."""
    pytest.importorskip("kiwipiepy")
    text = "스레드는 `lock`을 호출해 `Mutex<T>`의 락을 얻습니다.\n"
    res = repair_text(damage(text, "cp1254"))
    assert res.text == text
    assert repair_text(res.text).text == text


def test_without_the_code_noun_the_particle_is_not_restored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The mechanism the test above holds: with inline code left as Markdown the same damage is
    not repaired (so the test above fails if the code noun is taken out)."""
    pytest.importorskip("kiwipiepy")
    monkeypatch.setattr(context, "_CODE_BEFORE", re.compile("(?!)"))
    text = "스레드는 `lock`을 호출해 `Mutex<T>`의 락을 얻습니다.\n"
    assert repair_text(damage(text, "cp1254")).text != text
