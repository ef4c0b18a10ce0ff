"""Tests of curriculum_tools.fix_encoding (data in tests/fixtures/encoding, see its README.md)."""

from __future__ import annotations

import codecs
import itertools
import json
import re
import subprocess
import sys
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from curriculum_tools.fix_encoding import (
    EncodingError,
    Repair,
    find_mojibake,
    repair_bytes,
    repair_text,
)
from tests.encoding_damage import damage, lost_positions, measure

FIXTURES = Path(__file__).parent / "fixtures"
ENC = FIXTURES / "encoding"
KOREAN = sorted((ENC / "korean").glob("*.md"))
SEED = FIXTURES / "seeds" / "002_fde0fcc6ce5901db.txt"


def _cases(name: str) -> list[Any]:
    data: list[dict[str, Any]] = json.loads((ENC / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["label"]) for c in data]


def _needs_kiwi() -> None:
    """Skip unless the default Korean model is kiwipiepy (the levels below were measured with it)."""
    from curriculum_tools.encoding.korean import default_model

    if default_model().name != "kiwipiepy":
        pytest.skip("kiwipiepy is not the Korean model here")


@cache
def _repair(text: str) -> Repair:
    """Repairs are pure: share them between tests (the Korean model loads once per session)."""
    return repair_text(text)


# --- lossless -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", _cases("synthetic.json"))
def test_synthetic(case: dict[str, Any]) -> None:
    res = _repair(case["original"])
    assert res.text == case["fixed"]
    # the reported chain reproduces the damage (code pages that agree on these bytes are equal)
    redone = case["fixed"]
    for page in res.chain:
        redone = damage(redone, page, mode="sloppy", drop_soft_hyphen=False)
    assert redone == case["original"]
    assert len(res.chain) == len(case["chain"])
    assert res.spots and all(s.kind == "lossless" and s.confidence == 1.0 for s in res.spots)


@pytest.mark.parametrize("case", _cases("known-failures.json"))
@pytest.mark.xfail(strict=True, reason="known failure, see tests/fixtures/encoding/README.md")
def test_known_failures(case: dict[str, Any]) -> None:
    assert repair_text(case["original"]).text == case["fixed"]


def test_ftfy_agrees_on_lossless() -> None:
    ftfy = pytest.importorskip("ftfy")
    for case in json.loads((ENC / "synthetic.json").read_text(encoding="utf-8")):
        if not case["label"].startswith("double"):
            assert repair_text(case["original"]).text == ftfy.fix_encoding(case["original"]), case[
                "label"
            ]


# --- never touch correct text ---------------------------------------------------------------


@pytest.mark.parametrize("case", _cases("negative.json"))
def test_negative(case: dict[str, Any]) -> None:
    res = repair_text(case["original"])
    assert res.text == case["original"]
    assert not res.changed and not res.spots and res.chain == ()
    assert find_mojibake(case["original"]) == []
    data = case["original"].encode("utf-8")
    assert repair_bytes(data).text.encode("utf-8") == data


@pytest.mark.parametrize("path", KOREAN, ids=lambda p: p.name)
def test_clean_korean_documents_unchanged(path: Path) -> None:
    data = path.read_bytes()
    res = repair_bytes(data)
    assert not res.changed and res.text.encode("utf-8") == data


def test_half_clean_half_damaged() -> None:
    clean = "Encodings: `Ã©` is é read as cp1252, and `ì•ˆë…•` is 안녕.\n\n```\nÃ©tÃ©\n```\n"
    original = "## 요약\n\n트랜스포머는 입력을 처리한다.\n"
    res = repair_text(clean + damage(original, "cp1254"))
    assert res.text.startswith(clean)
    assert res.chain == ("cp1254",)
    _needs_kiwi()
    assert res.text == clean + original


def test_code_next_to_damaged_prose_is_repaired() -> None:
    original = "설명: `변수 = 1` 이다.\n\n```python\n# 주석입니다\nx = 1\n```\n문서의 끝입니다.\n"
    res = repair_text(damage(original, "cp1252"))
    assert "\u00ec" not in res.text  # nothing left as mojibake, code included
    _needs_kiwi()
    assert "`변수 = 1`" in res.text and "# 주석입니다\n" in res.text
    assert not any(s.confidence < 0.5 for s in res.spots)


def test_crlf_and_untouched_bytes_preserved() -> None:
    original = "제목\r\n\r\nEnglish stays (as is).\r\n본문은 한국어 텍스트입니다 — 예시.\r\n"
    damaged = damage(original, "cp1254")
    res = repair_text(damaged)
    assert res.text.count("\r\n") == 4
    assert damaged.split("\r\n")[2] == res.text.split("\r\n")[2] == "English stays (as is)."
    _needs_kiwi()
    assert res.text == original


# --- lossy (dropped bytes) ------------------------------------------------------------------


@cache
def _lossy_scores(
    page: str, soft_hyphen: bool, mode: str = "drop"
) -> tuple[int, int, int, int, float]:
    lost = restored = chars = same = 0
    worst = 1.0
    for path in KOREAN:
        original = path.read_text(encoding="utf-8")
        res = _repair(damage(original, page, drop_soft_hyphen=soft_hyphen, mode=mode))
        score = measure(
            original, res.text, lost_positions(original, page, drop_soft_hyphen=soft_hyphen)
        )
        lost += score.lost_hangul
        restored += score.restored_hangul
        chars += len(original)
        same += round(score.char_accuracy * len(original))
        worst = min(worst, score.char_accuracy)
    return lost, restored, chars, same, worst


# Measured with kiwipiepy 0.24 ("cong-global" model) on these 9 documents (Hangul restored /
# character accuracy), writing only reconstructions at confidence >= 0.9 (issue 13: the rest is
# reported as uncertain and left as found), two passes (sure repairs teach the second), a word
# in context scored once (not alone and in context: see tests/test_encoding_calibration.py;
# that cost 0.3-0.5 points here, the price of confidences that mean what they say):
#   cp1254 98.87 % (soft hyphens dropped), 99.10 % (kept); cp1252 99.01 %, 99.28 %;
#   "?" 99.19 %; U+FFFD 98.96 %.
# The misses are words the model cannot tell apart (식년시/십년시, 팁/판), spots left uncertain
# (쌍/음, 포/크) and emoji, whose lost bytes leave several pictographs that only their meaning
# tells apart (🐍/🎁).  bench/bench_encoding.py measures text nobody here tuned on.
LOSSY = {
    ("cp1254", True, "drop"): (0.987, 0.9975),
    ("cp1254", False, "drop"): (0.990, 0.998),
    ("cp1252", True, "drop"): (0.989, 0.998),
    ("cp1252", False, "drop"): (0.992, 0.9985),
    ("cp1254", False, "qmark"): (0.991, 0.998),
    ("cp1254", True, "fffd"): (0.988, 0.998),
}


@pytest.mark.parametrize(("page", "soft_hyphen", "mode"), list(LOSSY), ids=lambda v: str(v))
def test_lossy_recovery(page: str, soft_hyphen: bool, mode: str) -> None:
    _needs_kiwi()
    lost, restored, chars, same, worst = _lossy_scores(page, soft_hyphen, mode)
    assert lost > 900  # the corpus really lost about one Hangul syllable in five
    recovery, accuracy = LOSSY[page, soft_hyphen, mode]
    assert restored / lost >= recovery
    assert same / chars >= accuracy
    assert worst >= 0.995


@pytest.mark.parametrize(("name", "level"), [("wordfreq", 0.88), ("none", 0.05)])
def test_lossy_recovery_fallback_models(name: str, level: float) -> None:
    """Without kiwipiepy, only reconstructions at confidence >= 0.9 are written: measured 88.6 %
    (wordfreq) and 8.0 % (document evidence and the built-in syllable table only: it is rarely
    sure, so it writes little) on cp1254 with soft hyphens dropped."""
    from curriculum_tools.encoding import korean

    if name != "none":
        pytest.importorskip(name)
    model = korean.model_named(name)
    lost = restored = 0
    for path in KOREAN:
        original = path.read_text(encoding="utf-8")
        res = repair_text(damage(original, "cp1254"), model=model)
        score = measure(original, res.text, lost_positions(original, "cp1254"))
        lost += score.lost_hangul
        restored += score.restored_hangul
        assert res.model == name
    assert restored / lost >= level


def test_spot_positions() -> None:
    original = (ENC / "korean" / "law.md").read_text(encoding="utf-8")
    damaged = damage(original, "cp1254")
    res = _repair(damaged)
    out_lines = res.text.split("\n")
    in_lines = damaged.split("\n")
    lossy = [s for s in res.spots if s.kind == "lossy"]
    assert len(lossy) == len(lost_positions(original, "cp1254"))
    for s in res.spots:
        assert out_lines[s.line - 1][s.column - 1 :].startswith(s.after)
        assert 0.0 <= s.confidence <= 1.0
    for s in find_mojibake(damaged):
        assert in_lines[s.line - 1][s.column - 1 :].startswith(s.before)
    for s in res.uncertain:
        assert s.candidates and s.candidates[0] == s.after


def test_double_mojibake_positions() -> None:
    original = "제목\nLe café — très bon.\n한국어 문장.\n"
    damaged = damage(original, "cp1252", mode="sloppy", drop_soft_hyphen=False, layers=2)
    res = repair_text(damaged)
    assert res.text == original and res.chain == ("cp1252", "cp1252")
    for s in res.spots:
        assert res.text.split("\n")[s.line - 1][s.column - 1 :].startswith(s.after)
    found = find_mojibake(damaged)
    assert [s.after for s in found] == [s.after for s in res.spots]
    for s in found:
        assert damaged.split("\n")[s.line - 1][s.column - 1 :].startswith(s.before)
        assert repair_text(s.before).text == s.after


# --- idempotence ----------------------------------------------------------------------------


def _idempotent_inputs() -> list[str]:
    out = [c["original"] for c in json.loads((ENC / "synthetic.json").read_text(encoding="utf-8"))]
    out += [c["original"] for c in json.loads((ENC / "negative.json").read_text(encoding="utf-8"))]
    out += [damage(p.read_text(encoding="utf-8"), "cp1254") for p in KOREAN[:3]]
    return out


def test_idempotent() -> None:
    for text in _idempotent_inputs():
        once = _repair(text).text
        twice = repair_text(once)
        assert twice.text == once and not twice.changed


# --- legacy encodings -----------------------------------------------------------------------

KO = (
    (ENC / "korean" / "music.md").read_text(encoding="utf-8").replace(" 🎶", "")
)  # CP949 has no emoji


def test_cp949() -> None:
    res = repair_bytes(KO.encode("cp949"))
    assert res.text == KO and res.encoding in ("cp949", "euc-kr") and res.changed
    extended = "똠방각하 쌰쌰 " * 4  # syllables outside EUC-KR's 2350
    assert repair_bytes(extended.encode("cp949")).encoding == "cp949"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF16_LE + KO.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + KO.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF8 + KO.encode("utf-8"), "utf-8-sig"),
    ],
    ids=["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom"],
)
def test_bom(data: bytes, encoding: str) -> None:
    res = repair_bytes(data)
    assert res.text == KO and res.encoding == encoding
    if encoding == "utf-8-sig":  # clean UTF-8 with a BOM: nothing to do, the BOM stays
        assert not res.changed and res.data == data
    else:
        assert res.changed and res.data == KO.encode("utf-8")


def test_utf16_without_bom_only_when_unambiguous() -> None:
    text = "# Notes\n\nPlain English text with some words.\n"
    assert repair_bytes(text.encode("utf-16-le")).encoding == "utf-16-le"
    with pytest.raises(EncodingError, match="NUL"):
        repair_bytes(b"\x00\x01\x02binary\x00data" * 4)


def test_tiny_legacy_input_is_not_guessed() -> None:
    with pytest.raises(EncodingError, match="too few"):
        repair_bytes("한글".encode("cp949"))
    with pytest.raises(EncodingError):
        repair_bytes(bytes(range(0x80, 0xFF)))  # not Korean text in any sense


def test_utf8_is_plain() -> None:
    res = repair_bytes(KO.encode("utf-8"))
    assert res.encoding == "utf-8" and not res.changed


@pytest.mark.parametrize("page", ["cp1254", "cp1252"])
@pytest.mark.parametrize(
    "text",
    [
        # 👁 = F0 9F 91 81 and its VS16 = EF B8 8F both lose a byte: only a text-default emoji
        # takes U+FE0F, so the selector restored first decides the pictograph
        "한국어 문서입니다. 👁️ 눈으로 보세요.",
        # box drawing joins lines of one weight (not ╁, not ═)
        "결과:\n╭──────╮\n│ 안녕 │\n╰──────╯",
        "실행 결과를 보여 줍니다.\n━━━━ ╭─ Executing ─╮",
        # the frequency prior over emoji: 🎁 and 👍, not 🍁/🍎 and 🍑
        "선물 🎁 받았어요, 좋아요 👍 정말요.",
        "👩\u200d💻 개발자 문서입니다.",
    ],
)
def test_lossy_symbols(text: str, page: str) -> None:
    """Restored, or left as found and reported uncertain with the right answer among the
    candidates (never a wrong symbol written)."""
    _needs_kiwi()
    res = repair_text(damage(text, page))
    options = [[(s.before, c) for c in s.candidates] for s in res.uncertain]
    assert any(_apply(res.text, combo) == text for combo in itertools.product(*options))


def _apply(text: str, replacements: tuple[tuple[str, str], ...]) -> str:
    pos = 0
    for before, after in replacements:
        at = text.index(before, pos)
        text = text[:at] + after + text[at + len(before) :]
        pos = at + len(after)
    return text


# --- the real damaged seed ------------------------------------------------------------------


def _github_slug(title: str) -> str:
    title = "".join(c for c in title.lower() if c in " -_" or unicodedata.category(c)[0] in "LNM")
    return title.replace(" ", "-")


def test_seed_002() -> None:
    _needs_kiwi()
    data = SEED.read_bytes()
    res = repair_bytes(data)  # its wall time (about 1 s, model loading included) is in make bench
    expected = (ENC / "seed002.expected.md").read_text(encoding="utf-8")
    assert res.chain == ("cp1254",)
    # "쌍으로" (pair-wise) twice: the model prefers the frequent noun 음, but not surely enough
    # to write it (0.986 before the calibration fix); both are reported uncertain, left as found
    for s in res.spots:
        if s.written and s.kind != "lossless":
            assert s.after in expected
    lossy = [s for s in res.spots if s.kind != "lossless"]
    assert len(lossy) == 148
    assert len(res.uncertain) <= 4
    assert sum("쌍" in s.candidates for s in res.uncertain) == 2
    # the table of contents links to the headings again
    headings = {_github_slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", expected, re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", expected)
    assert links and all(link in headings for link in links)
    assert "📖" in res.text and "\u00c3" not in res.text
    assert res.text.count("ì") == sum(s.before.count("ì") for s in res.uncertain)
    assert repair_text(res.text).text == res.text


# --- cost -----------------------------------------------------------------------------------


def test_import_is_light() -> None:
    code = (
        "import sys, curriculum_tools.fix_encoding as f; f.repair_text('plain text, café, 한국어');"
        "print(sorted(m for m in ('ftfy', 'kiwipiepy', 'wordfreq') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
