"""``ctools status``: section states, the lock file, git explanations, the stale rule's data."""

from __future__ import annotations

import doctest
import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from curriculum_tools import language
from curriculum_tools import status as status_mod
from curriculum_tools.align import align_pair
from curriculum_tools.cli import main
from curriculum_tools.language import prose_language
from curriculum_tools.model import DocumentPair
from curriculum_tools.order import CourseOrder
from curriculum_tools.parse import parse_text
from curriculum_tools.status import (
    Lock,
    LockEntry,
    dump_lock,
    fingerprint_text,
    mark_synced,
    parse_lock,
    section_states,
)

from .conftest import SOURCE, require_tool

EN = """---
id: guide
title: Guide
---

# Guide

Intro text for the whole guide, in English.

## 1. Setup

Install the tool with `pip install ctools` and check the version 2.0 first.

## 2. Usage

Run the command on your folder and read the report carefully.

### 2.1. Options

Every option has a default value that works for most people.

## 3. Limits

The tool only knows English and Korean at this time.
"""

KO = """---
id: guide
title: 안내서
---

# 안내서

안내서 전체에 대한 소개 글입니다.

## 1. 설치

`pip install ctools` 로 도구를 설치하고 먼저 버전 2.0 을 확인하세요.

## 2. 사용법

폴더에 명령을 실행하고 보고서를 주의 깊게 읽으세요.

### 2.1. 옵션

모든 옵션에는 대부분의 사람에게 맞는 기본값이 있습니다.

## 3. 한계

이 도구는 현재 영어와 한국어만 압니다.
"""


def pair_of(en: str, ko: str) -> DocumentPair:
    return align_pair(
        DocumentPair(
            parse_text(en, "en/guide.md", "en", "guide.md"),
            parse_text(ko, "ko/guide.md", "ko", "guide.md"),
        )
    )


def states(pair: DocumentPair, lock: Lock | None = None) -> dict[str, str]:
    return {st.key: st.state for st in section_states(pair, lock or Lock())}


# --- the language function ------------------------------------------------------------------


def test_language_doctests() -> None:
    assert doctest.testmod(language).failed == 0
    assert doctest.testmod(status_mod).failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The model predicts the next word.", "en"),
        ("모델은 다음 단어를 예측합니다.", "ko"),
        ("토큰화 (Tokenization) 는 중요합니다.", "ko"),
        ("**모델 예시**: BERT(Google), GPT(OpenAI)", "ko"),
        ("`transformers.AutoModel.from_pretrained(name)` 를 호출합니다", "ko"),
        ("자세한 내용은 https://huggingface.co/docs/transformers/index 참고", "ko"),
        ("Transformer 아키텍처", "ko"),
        ("**Models**: BERT (Google), GPT-4 (OpenAI)", "en"),
        ("LLM과 NLP 모델입니다", "ko"),
        ("LLMs과 GPT-4는 BERT와 다릅니다 in many ways", "ko"),
        ("LLMs과 GPT-4는 in many different ways", "en"),
        ("See [the documentation](https://example.com/a/very/long/path) 문서", "en"),
        ("```python\nprint('hello world')\n```", None),
        ("$E = mc^2$ 2024", None),
        ("GPT", None),
        ("", None),
    ],
)
def test_prose_language(text: str, expected: str | None) -> None:
    assert prose_language(text) == expected


# --- states (the pure function the stale-translation rule calls) -----------------------------


def test_all_ok_and_unsynced_without_lock() -> None:
    pair = pair_of(EN, KO)
    sts = section_states(pair, Lock())
    assert {st.state for st in sts} == {"ok"}
    assert all(st.unsynced for st in sts)
    assert [st.key for st in sts] == ["guide", "1", "2", "2.1", "3"]


def test_stale_after_english_change_and_ok_after_marking() -> None:
    pair = pair_of(EN, KO)
    lock = Lock()
    result = mark_synced([pair], lock)
    assert len(result.marked) == 5 and not result.skipped
    assert states(pair, lock) == dict.fromkeys(["guide", "1", "2", "2.1", "3"], "ok")
    # whitespace-only edits and edits of a subsection do not make the parent stale
    changed = EN.replace("Run the command on your folder", "Run  the command\non your folder")
    changed = changed.replace("works for most people", "works for nearly everyone")
    pair2 = pair_of(changed, KO)
    assert states(pair2, lock) == {
        "guide": "ok",
        "1": "ok",
        "2": "ok",
        "2.1": "stale",
        "3": "ok",
    }
    st = next(s for s in section_states(pair2, lock) if s.state == "stale")
    assert st.recorded != st.fingerprint and not st.unsynced
    mark_synced([pair2], lock, "2.1.")
    assert set(states(pair2, lock).values()) == {"ok"}


def test_missing_orphan_untranslated() -> None:
    en = EN + "\n## 4. Roadmap\n\nVersion 3.5 will add `ja` in 2027.\n"
    ko = KO.replace(
        "이 도구는 현재 영어와 한국어만 압니다.",
        "The tool only knows English and Korean at this time.",
    ).replace("## 3. 한계", "## 3. Limits")
    ko = ko.replace(
        "## 2. 사용법", "## 번역자 노트\n\n이 절은 한국어판에만 있습니다.\n\n## 2. 사용법"
    )
    pair = pair_of(en, ko)
    got = [(st.state, st.section.line, st.section.title) for st in section_states(pair, Lock())]
    assert ("untranslated", 22, "Limits") in got
    assert ("missing", 26, "Roadmap") in got
    assert ("orphan", 14, "번역자 노트") in got
    assert [s for s, *_ in got].count("ok") == 4
    # marking everything skips what is missing or untranslated
    result = mark_synced([pair], Lock())
    assert {(k, why) for _, k, why in result.skipped} == {
        ("3", "not translated yet"),
        ("4", "missing in the translation"),
    }


def test_one_sided_and_no_translation_pairs() -> None:
    en = parse_text(EN, "en/guide.md", "en", "guide.md")
    assert {st.state for st in section_states(DocumentPair(en, None), Lock())} == {"missing"}
    ko = parse_text(KO, "ko/guide.md", "ko", "guide.md")
    assert {st.state for st in section_states(DocumentPair(None, ko), Lock())} == {"orphan"}
    none = parse_text(EN.replace("title: Guide", "title: Guide\ntranslation: none"), "en/x.md")
    assert section_states(DocumentPair(none, None), Lock()) == []


def test_fingerprint_normalises_whitespace_only() -> None:
    assert fingerprint_text("a  b\n\n c\n") == fingerprint_text("a b\nc")
    assert fingerprint_text("a b c") != fingerprint_text("a b d")
    assert len(fingerprint_text("x")) == 16


# --- the lock file --------------------------------------------------------------------------


def test_lock_round_trip_sorted_one_line_per_section() -> None:
    lock = Lock(
        {
            "guide": {
                "1.10": LockEntry("0123456789012345", 'Ten "quoted"'),
                "1.2": LockEntry("abcdefabcdefabcd", "Two: 안내"),
                "intro": LockEntry("ffffffffffffffff", ""),
            },
            "a-doc": {"1": LockEntry("1111111111111111", "One")},
        }
    )
    text = dump_lock(lock)
    assert text.splitlines()[2:] == [
        "version: 1",
        "documents:",
        '  "a-doc":',
        '    "1": {fingerprint: "1111111111111111", title: "One"}',
        '  "guide":',
        '    "1.2": {fingerprint: "abcdefabcdefabcd", title: "Two: 안내"}',
        '    "1.10": {fingerprint: "0123456789012345", title: "Ten \\"quoted\\""}',
        '    "intro": {fingerprint: "ffffffffffffffff", title: ""}',
    ]
    again = parse_lock(text)
    assert again.documents == lock.documents
    assert dump_lock(again) == text
    assert dump_lock(Lock()).endswith("documents: {}\n")
    assert parse_lock(dump_lock(Lock())).documents == {}


@pytest.mark.parametrize(
    "text", ["documents: [1, 2]", "documents:\n  x: {a: {title: t}}", "version: 9", "a: [b"]
)
def test_bad_lock_is_a_clear_error(text: str) -> None:
    with pytest.raises(Exception, match="lock file"):
        parse_lock(text, "ctools.lock.yaml")


# --- the command, in a git repository -------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["status", *args], catch_exceptions=False)


@pytest.fixture
def repo(chdir_tmp: Path) -> Path:
    (chdir_tmp / "ctools.yaml").write_text("source: src\n", encoding="utf-8")
    for lang, text in (("en", EN), ("ko", KO)):
        (chdir_tmp / "src" / lang).mkdir(parents=True)
        (chdir_tmp / "src" / lang / "guide.md").write_text(text, encoding="utf-8")
    notes = chdir_tmp / "src" / "en" / "notes.md"
    notes.write_text("---\ntranslation: none\n---\n# Notes\n\nJust notes.\n", encoding="utf-8")
    require_tool("git")
    git(chdir_tmp, "init", "-q")
    git(chdir_tmp, "config", "user.name", "Test")
    git(chdir_tmp, "config", "user.email", "test@example.com")
    git(chdir_tmp, "add", "-A")
    git(chdir_tmp, "commit", "-qm", "first")
    return chdir_tmp


def test_status_in_git_repo_stale_explain_and_resync(repo: Path) -> None:
    result = invoke("--mark-synced", "src")
    assert result.exit_code == 0 and "marked 5 sections synced" in result.output
    lock_text = (repo / "ctools.lock.yaml").read_text(encoding="utf-8")
    assert '    "2.1": {fingerprint: "' in lock_text
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "lock")

    en = repo / "src" / "en" / "guide.md"
    en.write_text(
        EN.replace("Run the command on your folder", "Run the command on any folder"),
        encoding="utf-8",
    )
    git(repo, "commit", "-qam", "edit usage")

    data = json.loads(invoke("--format", "json").output)
    guide = next(d for d in data["documents"] if d["id"] == "guide")
    assert {s["key"]: s["state"] for s in guide["sections"]} == {
        "guide": "ok",
        "1": "ok",
        "2": "stale",
        "2.1": "ok",
        "3": "ok",
    }
    assert guide["summary"]["stale"] == 1 and guide["summary"]["percent_up_to_date"] == 80.0

    text = invoke("--explain").output
    assert "stale" in text and "Usage" in text
    assert "-Run the command on your folder" in text
    assert "+Run the command on any folder" in text
    assert "(synced)" in text

    assert invoke("--fail-on", "stale,missing").exit_code == 1
    assert invoke("--fail-on", "missing").exit_code == 0
    assert invoke().exit_code == 0

    assert invoke("--mark-synced", "src/en/guide.md", "--section", "2").exit_code == 0
    data = json.loads(invoke("--format", "json").output)
    guide = next(d for d in data["documents"] if d["id"] == "guide")
    assert {s["state"] for s in guide["sections"]} == {"ok"}
    assert invoke("--fail-on", "stale").exit_code == 0


def test_status_json_shape_and_translation_none(repo: Path) -> None:
    ko = repo / "src" / "ko" / "guide.md"
    ko.write_text(KO.replace("## 3. 한계\n\n이 도구는 현재 영어와 한국어만 압니다.\n", ""), "utf-8")
    (repo / "src" / "ko" / "extra.md").write_text("# 추가\n\n한국어만 있는 문서입니다.\n", "utf-8")
    result = invoke("--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    by_path = {d["en"] or d["ko"]: d for d in data["documents"]}
    guide = by_path[str(Path("src/en/guide.md"))]
    assert set(guide) >= {"en", "ko", "sections", "summary"}
    for row in guide["sections"]:
        assert set(row) >= {"number", "title", "line", "state"}
    assert guide["sections"][-1] == {
        "number": "3.",
        "title": "Limits",
        "line": 22,
        "state": "missing",
        "key": "3",
        "unsynced": False,
        "en": {"number": "3.", "title": "Limits", "line": 22},
        "ko": None,
    }
    assert guide["summary"]["missing"] == 1 and guide["summary"]["percent_translated"] == 80.0
    notes = by_path[str(Path("src/en/notes.md"))]
    assert notes["translation"] == "none" and notes["sections"] == []
    extra = by_path[str(Path("src/ko/extra.md"))]
    assert extra["en"] is None and [s["state"] for s in extra["sections"]] == ["orphan"]
    assert data["summary"]["documents"] == 3 and data["summary"]["no_translation"] == 1

    text = invoke().output
    assert "translation: none" in text and "missing" in text and "\x1b[" not in text
    assert "notes.md: no counterpart" not in text


def test_explain_without_git(chdir_tmp: Path) -> None:
    for lang, text in (("en", EN), ("ko", KO)):
        (chdir_tmp / "source" / lang).mkdir(parents=True)
        (chdir_tmp / "source" / lang / "guide.md").write_text(text, encoding="utf-8")
    assert invoke("--mark-synced").exit_code == 0
    (chdir_tmp / "source" / "en" / "guide.md").write_text(EN.replace("2.0", "3.0"), "utf-8")
    out = invoke("--explain").output
    (row,) = [line for line in out.splitlines() if line.strip().startswith("stale")]
    assert "Setup" in row
    assert "(no git history here: cannot show what changed since the section was synced)" in out


def test_mark_unknown_section_is_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(main, ["status", "--mark-synced", "--section", "7.7"])
    assert result.exit_code == 2 and "no section `7.7`" in result.output
    result = CliRunner().invoke(main, ["status", "--section", "1"])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["status", "--fail-on", "bogus"])
    assert result.exit_code == 2 and "unknown state" in result.output


def test_status_on_bundled_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SOURCE.parent)
    data = json.loads(invoke("source", "--format", "json").output)
    curriculum = next(d for d in data["documents"] if d["id"] == "curriculum")
    assert curriculum["summary"]["sections"] == 46
    assert curriculum["summary"]["translated"] == 46
    assert curriculum["summary"]["missing"] == curriculum["summary"]["untranslated"] == 0
    assert data["summary"]["no_translation"] == 3


def test_stale_translation_rule_body(tmp_path: Path) -> None:
    """The lint rule reads the same lock and states as `ctools status`."""
    import types

    from curriculum_tools.config import Config
    from curriculum_tools.rules import stale

    config = Config(root=tmp_path)
    lock = Lock()
    mark_synced([pair_of(EN, KO)], lock)
    status_mod.write_lock(lock, tmp_path / "ctools.lock.yaml")
    pair = pair_of(EN.replace("2.0 first", "2.1 first"), KO)
    from curriculum_tools.lint import _services

    ctx = types.SimpleNamespace(config=config, corpus=None, services=_services())
    found = list(stale.stale_translation(pair, ctx))
    # the runner stamps the rule name; called directly, the rule leaves it empty
    assert [(f.line, f.counterpart[1]) for f in found] == [(10, 10)]
    assert "1. Setup" in found[0].message and str(found[0].path) == "ko/guide.md"


def test_text_table_colour_only_when_asked_and_wide_titles_fit() -> None:
    from curriculum_tools.status import status_text
    from curriculum_tools.views import width

    pair = pair_of(EN, KO.replace("## 1. 설치", "## 1. 설치 " + "아주 " * 40))
    corpus = type("C", (), {})()  # only what status_report reads
    corpus.pairs, corpus.unpaired = [pair], []
    corpus.config = type("Cfg", (), {"languages": ("en", "ko")})()
    corpus.order = CourseOrder()  # no course order: by path
    report = status_mod.status_report(corpus, Lock())  # type: ignore[arg-type]
    report["documents"][0]["sections"][1]["state"] = "stale"
    report["documents"][0]["sections"][1]["title"] = "설치 " * 60
    plain = status_text(report, columns=80)
    assert "\x1b[" not in plain and "stale" in plain
    assert all(width(line) <= 80 for line in plain.splitlines())
    assert "\x1b[" in status_text(report, color=True, columns=80)


def test_a_korean_document_without_counterpart_on_purpose_is_not_orphaned() -> None:
    from curriculum_tools.config import Config
    from curriculum_tools.project import load_corpus
    from curriculum_tools.status import Lock, status_report

    from .conftest import ROOT, SOURCE

    report = status_report(load_corpus([SOURCE], Config(root=ROOT)), Lock(path=ROOT / "x.lock"))
    notes = next(d for d in report["documents"] if (d["ko"] or "").endswith("build-llm-ch1.md"))
    assert notes["translation"] == "none" and notes["sections"] == []
