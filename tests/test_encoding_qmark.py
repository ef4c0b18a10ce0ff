"""UTF-8 read as CP949 with invalid pairs written as ``?`` (Windows): the search over the readings
of each damaged word (``curriculum_tools/encoding/qmark.py``), built on the damage simulator."""

from __future__ import annotations

import pytest

from curriculum_tools.encoding import qmark
from curriculum_tools.fix_encoding import repair_text
from tests.encoding_damage import damage_korean

# words whose damage has several readings, or whose syllables lose two or three bytes: the
# first reading that parsed (the old way) or the 24 most frequent candidates missed each of them
HARD = ["가장", "된장찌개는", "끓이는", "살리는", "감자와", "머리와"]


def _segment(word: str) -> tuple[str, int]:
    damaged = damage_korean(word + " ", "utf8-cp949-qmark")[:-1]
    assert "?" in damaged
    return damaged, 0x20


@pytest.mark.parametrize("word", HARD)
def test_some_reading_holds_the_word(word: str) -> None:
    """Pure structure (no model): one of the readings explains the damaged word as the original,
    every syllable either read whole or among its hole's candidates."""
    damaged, after = _segment(word)
    found = qmark.readings(damaged, after)
    assert any(
        len(r) == len(word)
        and all(
            p.char == c if not p.candidates else c in p.candidates
            for p, c in zip(r, word, strict=False)
        )
        for r in found
    ), [[(p.char, len(p.candidates)) for p in r] for r in found]


def test_segments_split_at_visible_ascii() -> None:
    assert qmark.split("ab ?쒓? (x) ??") == [(3, 6), (11, 13)]
    assert qmark.split("plain ascii?") == []
    assert qmark.split("emoji 🙂?") is None  # not CP949: not this family


def test_one_byte_question_mark_inside_a_word_is_0x80() -> None:
    """Inside a segment every byte is high, so a ``?`` standing for one byte is 0x80 (no lead):
    가 (EA B0 80) before 나 is then the only candidate."""
    damaged = damage_korean("가나 ", "utf8-cp949-qmark")[:-1]
    found = qmark.readings(damaged, 0x20)
    assert any(p.before == "媛?" and p.candidates == ("가",) for r in found for p in r)
    assert any(r[-1].candidates and "나" in r[-1].candidates for r in found)


def test_real_question_marks_stay() -> None:
    """In a damaged Korean document, question marks of the text are not taken for lost bytes
    when a reading as themselves fits better."""
    text = (
        "# 요리 안내\n\n된장찌개를 끓이는 방법을 설명합니다. 재료는 무엇이 필요할까요?\n"
        "감자와 두부, 호박을 준비합니다. 어렵지 않습니다.\n"
    )
    res = repair_text(damage_korean(text, "utf8-cp949-qmark"))
    assert res.chain == ("utf-8 read as cp949 (?)",)
    written = [s for s in res.spots if s.kind == "replacement" and s.written]
    assert len(written) >= 10
    # everything written is right: uncertain syllables stay as found, never a wrong one
    for s in written:
        assert s.after in text


def test_repair_is_stable() -> None:
    """A second run changes nothing the first run wrote."""
    text = "# 된장찌개\n\n된장찌개는 한국 가정에서 가장 자주 먹는 국물 요리 가운데 하나다.\n"
    once = repair_text(damage_korean(text, "utf8-cp949-qmark")).text
    twice = repair_text(once).text
    assert twice == once


def test_a_syllable_before_a_lost_lead_keeps_only_last_bytes_some_lead_rejects() -> None:
    """``옮겨`` becomes ``??꺼``: the second ``?`` is the last byte of 옮 with the lead of 겨, a pair
    the decoder rejected.  A last byte that makes a valid pair with every lead (이 ends in B4, a
    Hangul row) would have shown, so 이 is no candidate, and the set is small."""
    damaged, after = _segment("옮겨")
    found = qmark.readings(damaged, after)
    first = [r[0] for r in found if r[0].before == "??"]
    assert first
    assert all("옮" in p.candidates and "이" not in p.candidates for p in first)
    assert all(len(p.candidates) < 64 for p in first)


@pytest.mark.parametrize("word", ["“전반", "목표였다”고"])
def test_curly_quotes_are_candidates(word: str) -> None:
    """A curly quote loses its lead E2 (and often its first continuation) into a ``?``: the
    segment has a reading with the quote among the candidates, not only Hangul in its place."""
    damaged, after = _segment(word)
    found = qmark.readings(damaged, after)
    quote = "“" if word.startswith("“") else "”"
    assert any(quote in p.candidates for r in found for p in r)


def test_a_line_with_one_unexplained_word_is_read() -> None:
    """One word no reading explains (a character outside the candidates) does not cost the whole
    line: it stays as found and the other words are read."""
    line = damage_korean(
        "감독은 인터뷰에서 전반에는 실점하지 않는 것이 목표였다고 말했다.", "utf8-cp949-qmark"
    )
    assert qmark.detect_line(line) is not None
    broken = line.replace("寃껋씠", "··")  # CP949 A1 A4 A1 A4: no UTF-8 reading
    assert any(
        not qmark.readings(broken[s:e], qmark._after(broken, e))
        for s, e in qmark.split(broken) or []
    )
    assert qmark.detect_line(broken) is not None


def test_candidates_do_not_depend_on_the_hash_seed() -> None:
    """Candidates that tie on frequency come in one order in every process: the union over the
    possible next leads is a set, whose order follows Python's per-process string hashing."""
    import os
    import subprocess
    import sys

    line = "?숈옉?섎굹???"  # a question from a smolagents page, as Windows wrote it
    code = (
        "import sys; from curriculum_tools.encoding import qmark\n"
        "for s, e in qmark.split(sys.argv[1]) or []:\n"
        "    for r in qmark.readings(sys.argv[1][s:e], 0x20):\n"
        "        print([p.candidates for p in r])\n"
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", code, line], env=env, capture_output=True, text=True, check=True
        )
        assert run.stdout.strip()
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_syllable_that_lost_all_its_bytes_is_told_apart() -> None:
    """``??`` alone (수: EC 88 | 98) lost its three bytes; a syllable that kept a byte did not."""
    from curriculum_tools.encoding import qline

    lost = qmark.readings("??", 0x20)[0][0]
    assert "수" in lost.candidates and qline._all_lost(lost)
    damaged, after = _segment("가장")  # 媛??? : 가 lost its last byte, 장 all three
    (truth,) = [
        r
        for r in qmark.readings(damaged, after)
        if len(r) == 2 and all(c in p.candidates for p, c in zip(r, "가장", strict=True))
    ]
    assert not qline._all_lost(truth[0]) and qline._all_lost(truth[1])


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("결과를 반환할 수 있습니다.", "결과를 반환할 수 있습니다."),
        # 도구는 comes out as 누구는 (the same bytes survive: a miss of the word, not the line)
        ("이 도구는 파일을 읽을 때 사용합니다.", "파일을 읽을 때 사용합니다."),
    ],
)
def test_the_damaged_words_of_a_line_are_decided_together(line: str, words: str) -> None:
    """``반환?? ??`` is 반환할 수 only together: 반환할 reads worse than 반환한 until 수 follows,
    and ``??`` alone (all three bytes lost) is an interjection to the model.  Word by word
    (each in the context of the others' guesses) it came out as 반환이 다, and 읽을 때 as
    약을 다."""
    from curriculum_tools.encoding import qrank
    from curriculum_tools.encoding.korean import default_model

    model = default_model()
    if model.name != "kiwipiepy":
        pytest.skip("kiwipiepy is not the Korean model here")
    rows = qrank.rank_lines({0: damage_korean(line, "utf8-cp949-qmark")}, model)
    chosen = "".join(p.char for p, _, _ in rows[0])
    assert chosen.endswith(words), chosen
