"""`ctools glossary`: terms learned from glosses, headings and bold terms; formats; --check."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools import glossary
from curriculum_tools.cli import main
from curriculum_tools.config import Config
from curriculum_tools.glossary.extract import glosses_in
from curriculum_tools.glossary.match import find_rendering, spacing_variant, term_words
from curriculum_tools.project import load_corpus

from .conftest import ROOT, SOURCE

EN = """# Guide

## Tokenization

Tokenization splits text into tokens.

## Attention

- Attention weighs every token.
- Attention is computed per head.
- Self-attention relates tokens.
"""
KO = """# 안내서

## 토큰화 (Tokenization)

토큰화는 텍스트를 토큰으로 나눕니다.

## 어텐션 (Attention)

- 어텐션은 모든 토큰에 가중치를 줍니다.
- 어텐션을 헤드마다 계산합니다.
- 셀프 어텐션(self-attention)은 토큰을 잇습니다.
"""


def project(tmp_path: Path, en: str = EN, ko: str = KO) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "ctools.yaml").write_text("source: src\n", "utf-8")
    for lang, text in (("en", en), ("ko", ko)):
        (tmp_path / "src" / lang).mkdir(parents=True)
        (tmp_path / "src" / lang / "doc.md").write_text(text, "utf-8")
    return tmp_path


def invoke(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["glossary", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


# --- extraction --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("토큰화 (Tokenization): 텍스트를 나눕니다", [("Tokenization", "토큰화")]),
        ("셀프 어텐션 (Self-Attention)", [("Self-Attention", "셀프 어텐션")]),
        ("Tokenization(토큰화)은 첫 단계", [("Tokenization", "토큰화")]),
        ("Self-Attention (셀프 어텐션) is", [("Self-Attention", "셀프 어텐션")]),
        ("모델의 순환 신경망(RNN)", [("RNN", "순환 신경망")]),
        ("일치하지 않는 타입 (mismatched types)", []),  # the Korean side is uncertain
        ("값이 유효한지(True) 확인", []),  # a verb form, not a term
        ("매개변수(파라미터)", []),  # Korean glossed by Korean
    ],
)
def test_glosses_in_either_direction(line: str, expected: list[tuple[str, str]]) -> None:
    assert [(en, ko) for en, ko, _ in glosses_in(line)] == expected


def test_english_inflections_are_one_term() -> None:
    assert term_words("tokens") == term_words("Token")
    assert term_words("embedding") == term_words("embed") == term_words("embedded")
    assert term_words("fine-tuned") == term_words("Fine-tuning")
    assert term_words("LLMs") == ("LLM",)
    assert term_words("llm") != ("LLM",)  # acronyms keep their case


def test_korean_particles_attach_and_spacing_varies() -> None:
    for text in ("어텐션은", "어텐션을", "어텐션의", "어텐션이", "(어텐션)"):
        assert find_rendering(text, "어텐션") is not None, text
    assert find_rendering("셀프어텐션", "어텐션") is None  # the tail of another word
    assert spacing_variant("셀프어텐션이 핵심", "셀프 어텐션") == "셀프어텐션"
    assert spacing_variant("셀프 어텐션이", "셀프어텐션") == "셀프 어텐션"
    assert spacing_variant("셀프 어텐션이", "셀프 어텐션") is None


def test_build_learns_glosses_headings_and_bold_terms(tmp_path: Path) -> None:
    en = EN + "\n## Metrics\n\n**Overview**: how we measure.\n\n**Recall**: found positives.\n"
    ko = KO + "\n## 지표\n\n**개요**: 측정 방법.\n\n**재현율**: 찾아낸 양성.\n"
    root = project(tmp_path, en, ko)
    terms = glossary.build(load_corpus([root / "src"], Config(root=root)))
    found = {t.display: ([r.text for r in t.ranked()], t.sources) for t in terms}
    assert found["Tokenization"] == (["토큰화"], {"gloss", "heading"})
    assert found["self-attention"][0] == ["셀프 어텐션"]
    assert found["Overview"] == (["개요"], {"bold"})
    assert found["Recall"] == (["재현율"], {"bold"})
    assert found["Metrics"] == (["지표"], {"heading"})
    attention = terms.get("attention")
    assert attention is not None
    best = terms.accepted(attention)
    assert best is not None and best.text == "어텐션" and best.count == 3  # heading + 2 items
    lines = sorted(loc.line for loc in best.locations.values())
    assert lines == [7, 9, 10]


def test_bundled_source_lists_the_glossed_terms() -> None:
    terms = glossary.build(load_corpus([SOURCE], Config(root=ROOT)))
    glossed = {t.display: [r.text for r in t.ranked()] for t in terms if "gloss" in t.sources}
    assert len(glossed) >= 20, sorted(glossed)
    expected = {
        "Tokenization": "토큰화",
        "Embedding": "임베딩",
        "Self-Attention": "셀프 어텐션",
        "Feed-Forward Network": "피드 포워드 네트워크",
        "Stacking Layers": "층 쌓기",
        "Output Generation": "출력 생성",
        "Full Fine-tuning": "전체 파인 튜닝",
        "Partial Fine-tuning": "부분 파인 튜닝",
        "Adapter Tuning": "어댑터 튜닝",
        "Prompt Tuning": "프롬프트 튜닝",
        "Accuracy": "정확도",
        "Precision": "정밀도",
        "Recall": "재현율",
        "Confusion Matrix": "혼동 행렬",
        "False Positive": "거짓 양성",
        "False Negative": "거짓 음성",
        "few-shot learning": "퓨샷 학습",
        "emergence": "창발",
        "Large Language Model": "대규모 언어 모델",
        "RNN": "순환 신경망",
        "LSTM": "장단기 메모리",
        "NLP": "자연어 처리",
    }
    for en, ko in expected.items():
        assert glossed.get(en, [None])[0] == ko, (en, glossed.get(en))


# --- the command ---------------------------------------------------------------------------------


def test_text_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    code, out = invoke(root, monkeypatch=monkeypatch)
    assert code == 0
    assert "* 어텐션  3x" in out and "src/ko/doc.md:7" in out
    code, out = invoke(root, "--format", "json", monkeypatch=monkeypatch)
    data = json.loads(out)
    entry = next(t for t in data["terms"] if t["en"] == "Attention")
    assert entry["accepted"] == "어텐션"
    assert entry["renderings"][0]["count"] == 3
    assert entry["renderings"][0]["locations"][0] == "src/ko/doc.md:7"
    assert data["summary"]["terms"] == len(data["terms"])


def test_csv_reads_back_as_a_user_glossary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    code, out = invoke(root, "--format", "csv", monkeypatch=monkeypatch)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and {"en", "ko", "forbidden", "note"} <= set(rows[0])
    assert any(r["en"] == "Attention" and r["ko"] == "어텐션" for r in rows)
    (root / "glossary.csv").write_text(out, "utf-8")
    code, again = invoke(root, "--format", "json", monkeypatch=monkeypatch)
    data = json.loads(again)
    assert data["user_glossary"].endswith("glossary.csv")


def test_tbx_is_valid_xml_and_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    user = "terms:\n  - {en: attention, ko: 어텐션, forbidden: [주의 집중], note: loanword}\n"
    (root / "glossary.yaml").write_text(user, "utf-8")
    code, out = invoke(root, "--format", "tbx", monkeypatch=monkeypatch)
    assert code == 0
    tree = ET.fromstring(out)
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert tree.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and tree.get("type") == "TBX-Basic"
    entries = tree.findall(".//t:conceptEntry", ns)
    assert entries and all(e.findall("t:langSec", ns) for e in entries)
    assert all(e.findall("t:langSec/t:termSec/t:term", ns) for e in entries)
    before = json.loads(invoke(root, "--format", "json", monkeypatch=monkeypatch)[1])
    (root / "glossary.yaml").unlink()
    (root / "glossary.tbx").write_text(out, "utf-8")
    after = json.loads(invoke(root, "--format", "json", monkeypatch=monkeypatch)[1])
    pick = {
        t["en"].casefold(): (t["accepted"], t["forbidden"], t.get("note")) for t in before["terms"]
    }
    back = {
        t["en"].casefold(): (t["accepted"], t["forbidden"], t.get("note")) for t in after["terms"]
    }
    assert back == pick
    assert back["attention"] == ("어텐션", ["주의 집중"], "loanword")


def test_tbx_2008_martif_imports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    (root / "glossary.tbx").write_text(
        '<?xml version="1.0"?><martif type="TBX" xml:lang="en"><text><body>'
        '<termEntry id="1"><langSet xml:lang="en"><tig><term>token</term></tig></langSet>'
        '<langSet xml:lang="ko"><tig><term>토큰</term></tig></langSet></termEntry>'
        "</body></text></martif>",
        "utf-8",
    )
    data = json.loads(invoke(root, "--format", "json", monkeypatch=monkeypatch)[1])
    token = next(t for t in data["terms"] if t["en"] == "token")
    assert token["accepted"] == "토큰" and token["sources"] == ["user"]


def test_tbx_with_a_doctype_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Security: no entity of a user's TBX is ever expanded (billion laughs, external files)."""
    root = project(tmp_path)
    (root / "glossary.tbx").write_text(
        '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaa">]><tbx>&a;</tbx>', "utf-8"
    )
    code, out = invoke(root, monkeypatch=monkeypatch)
    assert code == 2 and "glossary.tbx" in out and "document type declaration" in out


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "glossary.yaml",
            "terms:\n  - en: attention\n    kor: 어텐션\n",
            "glossary.yaml:2: unknown key",
        ),
        ("glossary.yaml", "terms:\n  - en: attention\n", "glossary.yaml:2: `attention` needs"),
        ("glossary.yaml", "terms: [\n", "glossary.yaml"),
        ("glossary.csv", "english,korean\nx,y\n", "glossary.csv:1: CSV header"),
        ("glossary.csv", "en,ko\n,어텐션\n", "glossary.csv:2: a row needs"),
        ("glossary.tbx", "<tbx><text>", "glossary.tbx:1: not well-formed"),
    ],
)
def test_bad_user_glossary_is_an_input_error(
    name: str, text: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    (root / name).write_text(text, "utf-8")
    code, out = invoke(root, monkeypatch=monkeypatch)
    assert code == 2, out
    assert message in out and "Traceback" not in out


def test_check_lists_terms_translated_two_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    code, out = invoke(root, "--check", monkeypatch=monkeypatch)
    assert code == 0 and "0 translated more than one way" in out
    mixed = KO.replace("- 어텐션을 헤드마다", "- 주의 집중(attention)을 헤드마다")
    root2 = project(tmp_path / "mixed", EN, mixed)
    code, out = invoke(root2, "--check", monkeypatch=monkeypatch)
    assert code == 1
    assert "Attention" in out and "어텐션  2x" in out and "주의 집중  1x" in out
    assert "Tokenization" not in out  # consistent terms are not listed


def test_user_file_option_and_missing_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    other = root / "terms.yaml"
    other.write_text("attention: 주목\n", "utf-8")
    data = json.loads(
        invoke(root, "--user", str(other), "--format", "json", monkeypatch=monkeypatch)[1]
    )
    attention = next(t for t in data["terms"] if t["en"].casefold() == "attention")
    assert attention["accepted"] == "주목" and data["user_glossary"].endswith("terms.yaml")
    code, out = invoke(root, "nowhere/", monkeypatch=monkeypatch)
    assert code == 2 and "nowhere" in out


def test_min_uses_comes_from_the_rule_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    code, out = invoke(root, "--format", "json", monkeypatch=monkeypatch)
    accepted = {t["en"]: t["accepted"] for t in json.loads(out)["terms"]}
    assert code == 0 and accepted["Attention"] == "어텐션" and accepted["Tokenization"] is None
    (root / "ctools.yaml").write_text(
        "source: src\nrules:\n  term-consistency: {min-uses: 1}\n", "utf-8"
    )
    out = invoke(root, "--format", "json", monkeypatch=monkeypatch)[1]
    assert {t["en"]: t["accepted"] for t in json.loads(out)["terms"]}["Tokenization"] == "토큰화"
    out = invoke(root, "--format", "json", "--min-uses", "5", monkeypatch=monkeypatch)[1]
    assert {t["en"]: t["accepted"] for t in json.loads(out)["terms"]}["Attention"] is None
