"""The clean fast path (issue 13: clean text must stay >= 100x cheaper than ftfy.fix_encoding):
clean text is proven clean by memchr over its UTF-8 bytes (and one scan of its question marks),
and the check still lets every damaged text through: it answers exactly as the character regex
it replaced (kept here as the reference) on every input.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum_tools import fix_encoding
from curriculum_tools.encoding.codepages import CODEPAGES, codepage, suspect_chars
from curriculum_tools.encoding.doublebyte import looks_rare, syllable_set
from curriculum_tools.encoding.fastpath import (
    _BYTE,
    PROSE_MARKS,
    _hops,
    has_latin1_pair,
    has_pair,
    has_rare_qmark,
    pair_chars,
    prose_only,
    rare_qmark,
    utf8,
    utf8_gate,
)
from curriculum_tools.encoding.segments import suspect
from curriculum_tools.text import HANGUL_SYLLABLE_RE
from tests.encoding_damage import KOREAN_FAMILIES, MODES, damage, damage_korean

from .conftest import ROOT

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


@cache
def reference_gate() -> re.Pattern[str]:
    """The gate as it was before it read bytes: one regex scan of the text, a pair class."""
    leads, conts = suspect_chars().split("\x00")
    first = "".join(sorted(set(leads) - set(map(chr, range(0x80, 0x100)))))
    second = "".join(sorted(set(conts) - set(map(chr, range(0x80, 0x100)))))
    return re.compile(
        f"[\u0080-\u009f\u00a1-\u00ff{re.escape(first)}][\u0080-\u00ff{re.escape(second)}]"
    )


def cp949_run_reference(text: str, at: int) -> bool:
    """UTF-8 read as CP949, simulated from ``text[at]`` on: a CP949 character made of a UTF-8
    lead E0-F4 and a continuation, then the characters after it read on as UTF-8 (continuations
    where the character needs them) until one is whole at a CP949 character boundary, or a byte
    inside a CP949 character starts a new one (a lead there is followed once more); a ``?``
    where a continuation is due stands for anything."""
    try:
        first = text[at].encode("cp949")
    except UnicodeEncodeError:
        return False
    if len(first) != 2 or not 0xE0 <= first[0] <= 0xF4 or not 0x80 <= first[1] <= 0xBF:
        return False
    need, followed = (1 if first[0] < 0xF0 else 2), False
    for ch in text[at + 1 :]:
        if ch == "?":
            return True
        try:
            data = ch.encode("cp949")
        except UnicodeEncodeError:
            return False
        for byte in data:
            if need:
                if not 0x80 <= byte <= 0xBF:
                    return False
                need -= 1
            elif byte < 0x80:
                return True
            elif 0xC2 <= byte <= 0xF4 and not followed:
                followed, need = True, 1 if byte < 0xE0 else 2 if byte < 0xF0 else 3
            else:
                return 0xC2 <= byte <= 0xF4
        if not need:
            return True
    return False


def reference_fast_path(text: str) -> bool | None:
    """The decision of fix_encoding._repair: None for clean."""
    if text.isascii():
        return None
    gated = reference_gate().search(text) is not None
    qmark = "?" in text and rare_qmark().search(text) is not None
    cp949 = any(cp949_run_reference(text, at) for at in range(len(text)))
    if not gated and "\ufffd" not in text and not qmark and not cp949:
        return None
    return gated


def test_gate_lets_every_suspect_pair_through() -> None:
    """Every lead + continuation pair the code pages can produce opens the gate (but for a
    no-break space first: MacRoman's lead 0xCA, left out on purpose for `tree` output)."""
    leads, conts = suspect_chars().split("\x00")
    for a in leads:
        for b in conts:
            if suspect().search(a + b) and a != "\xa0":
                assert has_pair(utf8(a + b)), (a, b)


def test_the_tree_indent_opens_no_gate() -> None:
    assert not has_pair(utf8("│\xa0\xa0 └── garden.rs")) and has_pair(utf8("\xa1\xa0"))


# Every character that can be half of a pair, the ones next to them in Unicode, and some that
# share their UTF-8 lead bytes (C2-C6, CB, CE, CF, D0-D2, E2, EF) without being in a code page.
_NEAR = [chr(c) for c in (0x7F, 0xA0, 0x100, 0x17F, 0x2C6, 0x3A9, 0x3C0, 0x400, 0x4FF, 0x2000)]
_NEAR += [chr(c) for c in (0x2012, 0x2015, 0x2025, 0x2122, 0x2500, 0x25CA, 0xFB00, 0xFB03)]
_NEAR += ["\ufeff", "\uff1f", "\ufffd", "\U0001f916", "a", "?", " ", "\n", "한", "中", "\ud83d"]


def test_every_pair_of_the_alphabet_answers_as_the_regex() -> None:
    """Exhaustive over pairs: the answer depends only on adjacent characters, and a character
    outside the alphabet is half of no pair in either check."""
    leads, conts = pair_chars()
    alphabet = sorted(leads | conts | set(map(chr, range(0x80, 0x100))) | set(_NEAR))
    gate = reference_gate()
    for a in alphabet:
        for b in alphabet:
            pair = a + b
            assert has_pair(utf8(pair)) == (gate.search(pair) is not None), (a, b)


@cache
def _alphabets() -> dict[str, list[str]]:
    common = sorted(syllable_set())
    rare = [chr(c) for c in range(0xAC00, 0xD7A4) if chr(c) not in syllable_set()]
    specials = sorted({ch for name in CODEPAGES for ch in codepage(name).to_byte if ch > "\xff"})
    return {
        "ascii": list("aZ09 ?!.,`#*\n\t-_"),
        "latin-1": [chr(c) for c in range(0x80, 0x100)],
        "cp1252/cp1254": sorted(set(codepage("cp1252").to_byte) | set(codepage("cp1254").to_byte)),
        "other pages": specials,
        "hangul": common[:300] + rare[:200],
        "hanja": [chr(c) for c in range(0x4E00, 0x4E00 + 200)] + ["中", "文", "字"],
        # what UTF-8 read as CP949 makes: Hanja of rows E0-F4 and the characters after them
        "cp949": [
            bytes([lead, 0xA1 + k % 31]).decode("cp949") for k, lead in enumerate(range(0xE0, 0xF2))
        ]
        + list("嫄곕━媛믩뱾湲곕줉ㅽ뻾ш컻뙣ぉ"),
        "near": _NEAR,
    }


def _texts() -> st.SearchStrategy[str]:
    pools = [st.sampled_from(chars) for chars in _alphabets().values()]
    return st.lists(st.one_of(*pools, st.characters()), max_size=40).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_texts())
def test_fast_path_answers_as_the_regex_gate(text: str) -> None:
    """The prefilter never calls a text clean that the full regex gate finds a suspect pair,
    U+FFFD or a rare ``?`` in (and the reverse: it is the same decision), from a str (encoded,
    lone surrogates too) or from the bytes the text was decoded from."""
    expected = reference_fast_path(text)
    assert fix_encoding._fast_path(text) == expected
    assert fix_encoding._fast_path(text, utf8(text)) == expected
    assert has_pair(utf8(text)) == (reference_gate().search(text) is not None)


def _prose() -> st.SearchStrategy[str]:
    """English prose with its marks, and now and then anything else (Hangul, Latin-1, U+FFFD,
    ``?``, an emoji, a lone surrogate, the ``\\x01`` the check writes)."""
    others = [c for chars in _alphabets().values() for c in chars] + ["\x01", "다", "는"]
    pools = [
        st.sampled_from(list("The cat's tale: a?! \n`-")),
        st.sampled_from(list(PROSE_MARKS)),
        st.sampled_from(list(PROSE_MARKS)),
        st.sampled_from(others),
    ]
    return st.lists(st.one_of(*pools), max_size=30).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_prose(), _texts()))
def test_the_str_check_answers_as_the_bytes(text: str) -> None:
    """Issue 13 (clean fast path on a str >= 100x ftfy): a str proven clean without encoding it
    (:func:`prose_only`) is one the UTF-8 bytes call clean too, so a str and its bytes take the
    same decision, and it is the reference regex gate's."""
    data = utf8(text)
    from_bytes = fix_encoding._fast_path(text, data)
    if prose_only(text):
        assert from_bytes is None and not has_pair(data)
    assert fix_encoding._fast_path(text) == from_bytes == reference_fast_path(text)


def test_prose_marks_side_by_side_are_not_prose() -> None:
    """Every mark is half of a gate pair both ways, so two of them together leave the str check
    (to the bytes, which find the pair); apart they are English prose."""
    leads, conts = pair_chars()
    for a in PROSE_MARKS:
        assert a in leads and a in conts
        for b in PROSE_MARKS:
            assert not prose_only(f"x{a}{b}y") and has_pair(utf8(f"x{a}{b}y"))
            assert prose_only(f"It{a}s {b}so{a} said")
    assert not prose_only("x\x01’y") and prose_only("plain ASCII\x01 and ’ apart")
    assert not prose_only("다만 ’인용’") and not prose_only("café’s")


@settings(max_examples=2000, deadline=None)
@given(_texts())
def test_latin1_pairs_in_the_bytes_answer_as_the_character_regex(text: str) -> None:
    """CP949 read as Latin-1 is looked for in the UTF-8 bytes (memchr for C2 and C3), as the
    character class it replaced found it."""
    regex = re.compile("[\u0080-\u009f\u00a1-\u00ff][\u0080-\u00ff]")
    assert has_latin1_pair(utf8(text)) == (regex.search(text) is not None)


def test_occurrences_far_apart_are_tried_one_by_one() -> None:
    """A pair after many lone lead bytes far apart, or in a dense run, is found either way."""
    far = ("é" + "a" * 1500) * 5
    assert not has_pair(utf8(far)) and has_pair(utf8(far + "Ã©"))
    assert has_pair(utf8(far[:3000] + "Ã©" + far))
    dense = "é a " * 500
    assert not has_pair(utf8(dense)) and has_pair(utf8(dense + "Ã©" + dense))
    qmarks = ("? " + "a" * 2000) * 3
    assert not fix_encoding.has_rare_qmark(qmarks) and fix_encoding.has_rare_qmark(qmarks + "中?")


# Runs of characters that start with a lead byte of the gate, far apart or packed together; a
# pair after a run of its own lead byte (’’ after ─, Ã© after é, 中? after ?) tests the windows
_RUNS = ["─", "─" * 40, "’", "‘x’", "’’", "é", "é " * 30, "Ã©", "д”", "?", "? " * 30, "中?"]
_GAPS = st.one_of(st.integers(0, 300), st.integers(0, 5000))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_RUNS), _GAPS), max_size=25))
def test_hops_answer_as_one_scan(parts: list[tuple[str, int]]) -> None:
    """Issue 13: memchr hops over sparse occurrences, windows of one regex scan over dense ones
    (growing while the occurrences go on): the same answer as one scan of the whole text, for
    every lead byte of the gate and for the rare ``?``, wherever the match falls (inside a
    window, on its edge, after it)."""
    text = "".join(run + "a" * gap for run, gap in parts)
    data = utf8(text)
    for first, pattern in utf8_gate():
        assert _hops(data, _BYTE[first], pattern) == (pattern.search(data) is not None)
    assert has_rare_qmark(text) == (rare_qmark().search(text) is not None)


@pytest.mark.parametrize(
    ("dense", "pair"),
    [("─" * 100, "’’"), ("’a" * 300, "’’"), ("─ " * 2000, "’’"), ("éa" * 400, "Ã©")],
)
def test_a_pair_after_a_dense_run_is_found_wherever_it_falls(dense: str, pair: str) -> None:
    """At every offset across the edges of the first windows (256 bytes, 1 KB, 4 KB after an
    occurrence), and far after them."""
    for gap in (*range(0, 1300), *range(4000, 4400), 20000):
        clean = dense + "a" * gap
        assert has_pair(utf8(clean + pair)) and not has_pair(utf8(clean + pair[0])), gap


def test_a_rare_question_mark_after_a_dense_run_is_found_wherever_it_falls() -> None:
    for dense in ("? " * 200, "?a" * 3000):
        for gap in (*range(0, 1300), 20000):
            clean = dense + "a" * gap
            assert has_rare_qmark(clean + "中?") and not has_rare_qmark(clean + "中"), gap


@pytest.mark.parametrize("text", [*CLEAN, "Здравствуйте", "café", "x\ufffdy", "中?"])
def test_repair_bytes_takes_the_same_path_as_repair_text(text: str) -> None:
    data = text.encode("utf-8")
    for raw in (data, b"\xef\xbb\xbf" + data):
        from_bytes = fix_encoding.repair_bytes(raw)
        from_text = fix_encoding.repair_text(text)
        assert (from_bytes.text, from_bytes.chain, from_bytes.spots) == (
            from_text.text,
            from_text.chain,
            from_text.spots,
        )
        assert from_bytes.unrecoverable == from_text.unrecoverable
        assert from_bytes.encoding == ("utf-8" if raw == data else "utf-8-sig")


def test_the_unchanged_repair_equals_the_dataclass() -> None:
    """The fast path builds its Repair without the dataclass __init__: same fields, same object."""
    made = fix_encoding._unchanged("x é", "utf-8-sig", "why")
    built = fix_encoding.Repair("x é", "utf-8-sig", (), (), original="x é", unrecoverable="why")
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    for name in ("text", "encoding", "chain", "spots", "original", "model", "unrecoverable"):
        assert getattr(made, name) == getattr(built, name), name
    assert not made.changed and made.data == b"\xef\xbb\xbf" + "x é".encode()
    with pytest.raises(AttributeError):
        made.text = "y"  # type: ignore[misc]


def test_rare_question_mark_pattern_matches_the_per_character_test() -> None:
    pattern = rare_qmark()
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


def _documents() -> list[str]:
    """Lines of the Korean test documents (each one damaged alone: no help from the rest of the
    page), and English prose with its marks and a box drawing."""
    lines = [
        line
        for p in sorted(ROOT.glob("tests/fixtures/encoding/korean/*.md"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if len(HANGUL_SYLLABLE_RE.findall(line)) >= 4
    ]
    english = "It’s “quoted” — and… ‘so’ on. Café?\n```text\n├── src\n│\xa0\xa0 └── a.rs\n```\n"
    return [*lines[::4], english * 20]


@pytest.mark.parametrize("page", CODEPAGES)
@pytest.mark.parametrize("mode", [*MODES, "sloppy"])
def test_every_utf8_damage_family_leaves_the_fast_path(page: str, mode: str) -> None:
    """Issue 13: the fast path never lets damaged text through: UTF-8 read through every code
    page of the gate, each way of handling its undefined bytes, once and twice, from the str
    (English prose check, then UTF-8) and from the bytes (the CLI)."""
    for doc in _documents():
        for layers in (1, 2):
            damaged = damage(doc, page, mode=mode, layers=layers)
            assert damaged != doc
            assert fix_encoding._fast_path(damaged) is not None, (page, mode, layers, doc)
            assert fix_encoding._fast_path(damaged, utf8(damaged)) is not None
            assert not prose_only(damaged)


@pytest.mark.parametrize("family", KOREAN_FAMILIES)
def test_every_korean_damage_family_leaves_the_fast_path(family: str) -> None:
    """Whole documents: UTF-8 read as CP949 leaves a line whose words all have an even number
    of syllables valid CP949 (``for 거리, 값들 in 기록.items():`` becomes ``for 嫄곕━, 媛믩뱾
    in 湲곕줉.items():``, no U+FFFD, no ``?``), which the gate does not see; a page always holds
    an odd word somewhere."""
    for p in sorted(ROOT.glob("tests/fixtures/encoding/korean/*.md")):
        damaged = damage_korean(p.read_text(encoding="utf-8"), family)
        assert fix_encoding._fast_path(damaged) is not None, (family, p.name)
        assert fix_encoding._fast_path(damaged, utf8(damaged)) is not None
        assert not prose_only(damaged)
