"""fix-encoding never changes correct text (issue 13, section 1): 0 changes, byte for byte.

The negative corpus: every page of ``shared/corpora/*`` when it is there, the compact corpus in
``tests/fixtures/encoding/negative`` (a sample of those pages plus typography and scripts they
lack, and articles that quote mojibake on purpose), the examples of the issue, and a Hypothesis
property over random clean text in many scripts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from curriculum_tools.fix_encoding import find_mojibake, repair_bytes, repair_text

ROOT = Path(__file__).resolve().parent.parent
NEGATIVE = sorted((ROOT / "tests" / "fixtures" / "encoding" / "negative").glob("*.md"))
SHARED = next(
    (p / "corpora" for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    None,
)
SHARED_PAGES = sorted(SHARED.rglob("*.md")) if SHARED else []


def assert_untouched(data: bytes, name: str) -> None:
    """Nothing to repair, nothing reported, same bytes (BOM included), and a fixed point."""
    res = repair_bytes(data)
    assert not res.changed, f"{name}: {res.describe()}"
    assert res.data == data, name
    assert res.spots == () and res.chain == ()
    assert find_mojibake(res.text) == []
    assert repair_text(res.text).text == res.text


ISSUE_EXAMPLES = [
    "He wrote “Über” and “x”.",
    "Je pense qu’à l’école il faut d’abord l’écouter.",
    "café",
    "naïve",
    "“é” → “Ã©”",
    "MÃE",
    "SÃO PAULO",
    "A mãe de SÃO PAULO: MÃE, IRMÃ, NÃO.",
    'An English page on why "é" turns into "Ã©" when UTF-8 is read as cp1252.',
    'UTF-8로 저장한 "대규모"를 cp1252로 읽으면 "ëŒ€ê·œëª¨"처럼 보입니다.',
    "The word café becomes cafÃ© when read as Latin-1.",
    "\u201cé\u201d \u2192 \u201cÃ©\u201d, caf\u00e9, na\u00efve",
]


@pytest.mark.parametrize("text", ISSUE_EXAMPLES)
def test_issue_examples_are_left_alone(text: str) -> None:
    assert_untouched(text.encode("utf-8"), text)
    assert_untouched(b"\xef\xbb\xbf" + text.encode("utf-8"), "BOM " + text)
    # the same line inside a longer correct document
    page = f"# Notes\n\nSome text before.\n\n{text}\n\nAnd after — “done”.\n"
    assert_untouched(page.encode("utf-8"), "page " + text)


# A capital Latin-1 letter and the punctuation after it are one UTF-8 pair read through cp1252
# (``É’`` is C9 92): it decodes to a phonetic letter, a modifier, a sign of another script, or a
# small letter closing a capital word.  Each line alone (the document gives no evidence).
CAPITALS_BEFORE_PUNCTUATION = [
    "Sign up to receive ANDRÉ’s new arrivals.",  # ɒ
    "The band ZOË’s first single.",  # ˒
    "The word PARTÉ² is in the second footnote.",  # ɲ
    "Schreibe „ß“ statt „ss“.",  # NKo ߓ
    "Die Tasten „Ä“, „Ö“ und „Ü“.",  # Syriac, Hebrew
    "Ela disse “MINHA IRMÃ” e saiu.",  # Ô: the closing mark of the quotation
    "O cartaz dizia «MAÇÃ» e «AVELÃ».",  # û
    "Ekipli takip yapan KOBİ’ler ve İSKİ’ye.",  # cp1254: Arabic ݒ
    "The vowel of lot is ɒ; CHLOË’s and JOSÉ’s names keep their letters.",
]


@pytest.mark.parametrize("text", CAPITALS_BEFORE_PUNCTUATION)
def test_capitals_before_punctuation_are_left_alone(text: str) -> None:
    assert_untouched(text.encode("utf-8"), text)
    page = f"# Notes\n\nSome text before.\n\n{text}\n\nAnd after — “done”.\n"
    assert_untouched(page.encode("utf-8"), "page " + text)


# ... while the damage of the same shapes is still repaired
CAPITALS_DAMAGED = [
    ("L’ÉCOLE EST FERMÉE AUJOURD’HUI, DIT ANDRÉ.", "cp1252"),
    ("Charlotte Brontë’s novel and Zoë’s book are on the shelf.", "cp1252"),
    ("İSTANBUL ve İZMİR şehirleri çok güzel.", "cp1254"),
    ("Кожна віртуальна машина є компʼютером, а обʼєкт — її модель.", "cp1252"),
    ("The oven reads 180° and the Düsseldorf office is open.", "cp1252"),
    ("IPA: [ˈkʰæt] and [ˈkʰæts] for cat and cats.", "cp1252"),
]


@pytest.mark.parametrize(("text", "page"), CAPITALS_DAMAGED)
def test_capital_shapes_of_damage_are_still_repaired(text: str, page: str) -> None:
    damaged = text.encode("utf-8").decode(page)
    assert damaged != text
    assert repair_text(damaged).text == text


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.name)
def test_negative_fixture_corpus(path: Path) -> None:
    assert_untouched(path.read_bytes(), path.name)


def test_negative_fixture_corpus_is_large() -> None:
    lines = sum(p.read_text(encoding="utf-8-sig").count("\n") for p in NEGATIVE)
    assert lines > 2000


@pytest.mark.skipif(not SHARED_PAGES, reason="shared/corpora not found next to the checkout")
@pytest.mark.parametrize(
    "path", SHARED_PAGES, ids=lambda p: str(p.relative_to(SHARED)) if SHARED else str(p)
)
def test_every_shared_corpus_page(path: Path) -> None:
    data = path.read_bytes()
    assert_untouched(data, str(path))
    assert_untouched(b"\xef\xbb\xbf" + data.removeprefix(b"\xef\xbb\xbf"), str(path))


def test_bom_is_kept_byte_for_byte() -> None:
    data = b"\xef\xbb\xbf# \xed\x95\x9c\xea\xb8\x80\n"
    res = repair_bytes(data)
    assert res.encoding == "utf-8-sig" and not res.changed and res.data == data


# --- a property: random clean text in many scripts is a fixed point ---------------------------

_ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyz",
    "accent": "éèêëàâäáãåçñóòôöõøúùûüíìîïýÿœæßđğışł",
    "caps": "ÉÈÊÀÂÄÁÃÅÇÑÓÔÖÕØÚÙÛÜÍÎÏÝŒÆĐĞİŞŁ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
    "cyrillic": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяґєії",
    "hangul": "가나다라마바사아자차카타파하한글대규모언어텍스트크스링체포인",
    "cjk": "中文日本語漢字汉字学习模型",
    "kana": "あいうえおかきくけこアイウエオカキクケコー",
    "vietnamese": "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
}
_PUNCT = ["", ".", ",", ";", ":", "!", "?", "…", "—", "–", "·"]
_WRAP = [("", ""), ("“", "”"), ("‘", "’"), ("«", "»"), ("„", "“"), ("(", ")"), ("「", "」")]
_SYMBOLS = [
    "€5", "™", "©", "®", "°C", "±1", "×", "÷", "½", "→", "⇒", "∑", "∫", "≤", "≠", "√2", "∞",
    "─┼─", "│", "╔═╗", "▓▒░", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇰🇷", "❤️", "✅", "☕", "🐍", "1️⃣",
]  # fmt: skip


# a capital word ending in an accented capital, then a mark: ``ANDRÉ’s``, ``KOBİ’ler``, ``„Ü“``
# (not Â, which ends no word, nor Ã: ``IRMÃ…`` and ``TVÃ…``, Swedish TVÅ damaged, look the same)
_CAPS_END = "ÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞĞİŞ"
_CAPS_MARK = ["’s", "’", "”", "»", "…", "²", "³", "¹", "°", "®", "™", "·", "’ler", "’ye"]


@st.composite
def _word(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from([*_ALPHABETS, "symbol", "capsmark"]))
    if kind == "symbol":
        return draw(st.sampled_from(_SYMBOLS))
    if kind == "capsmark":
        stem = "".join(
            draw(st.lists(st.sampled_from(_ALPHABETS["latin"].upper()), min_size=2, max_size=6))
        )
        word = stem + draw(st.sampled_from(_CAPS_END)) + draw(st.sampled_from(_CAPS_MARK))
        left, right = draw(st.sampled_from([("", ""), ("„", "“"), ("«", "»"), ("“", "”")]))
        return left + word + right
    if kind in ("accent", "caps", "vietnamese"):
        # a real word: ASCII letters with at most two accented letters, one script
        base = _ALPHABETS["latin"] if kind != "caps" else _ALPHABETS["latin"].upper()
        letters = draw(st.lists(st.sampled_from(base), min_size=1, max_size=8))
        for _ in range(draw(st.integers(1, 2))):
            at = draw(st.integers(0, len(letters)))
            letters.insert(at, draw(st.sampled_from(_ALPHABETS[kind])))
        core = "".join(letters)
    else:
        core = "".join(draw(st.lists(st.sampled_from(_ALPHABETS[kind]), min_size=1, max_size=8)))
    left, right = draw(st.sampled_from(_WRAP))
    return left + core + right + draw(st.sampled_from(_PUNCT))


_clean_text = st.lists(
    st.lists(_word(), min_size=1, max_size=14).map(" ".join), min_size=1, max_size=6
).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_clean_text)
@example(text="a “a” “a” “aéé”")  # curly quotes around letters read as CP949: rare syllables
def test_random_clean_text_is_a_fixed_point(text: str) -> None:
    res = repair_text(text)
    assert res.text == text, res.describe()
    assert not res.spots


# --- an article on mojibake: a sequence shown beside its correct form is an example everywhere --


def test_sequences_shown_in_a_table_are_examples_in_prose_too() -> None:
    page = (
        "# Garbled text\n\n| Character | Shown as |\n| --- | --- |\n| é | Ã© |\n| ü | Ã¼ |\n\n"
        "If you see Ã© in a heading, the file was read as cp1252.\n\n"
        "Typical victims: GrÃ¼ÃŸe and dÃ©jÃ  vu.\n"
    )
    assert_untouched(page.encode("utf-8"), "table article")


def test_damage_beside_an_example_is_still_repaired() -> None:
    """Damaged as a whole, the example line shows ``Ã©`` beside ``ÃƒÂ©``: only that sequence
    becomes an example; the damaged Korean words around it are repaired."""
    text = (
        "# 인코딩 노트\n\n대규모 언어 모델은 텍스트를 토큰으로 나눕니다.\n\n"
        "예: é → Ã©\n\n모델은 문장의 다음 토큰을 예측합니다.\n"
    )
    damaged = text.encode("utf-8").decode("cp1252", errors="ignore")
    res = repair_text(damaged)
    assert "대규모 언어 모델은" in res.text
    assert "다음 토큰을 예측합니다" in res.text
