"""Staleness from git history alone (no lock file), on repositories built in the test."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

EN = """# Guide

Intro text for the whole guide, in English.

## 1. Setup

Install the tool with pip and check the version first.

## 2. Usage

Run the command on your folder and read the report carefully.
"""

KO = """# 안내서

안내서 전체에 대한 소개 글입니다.

## 1. 설치

pip 로 도구를 설치하고 먼저 버전을 확인하세요.

## 2. 사용법

폴더에 명령을 실행하고 보고서를 주의 깊게 읽으세요.
"""


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def commit(repo: Path, message: str, *, en: str | None = None, ko: str | None = None) -> str:
    """Write the guide's English and/or Korean text, commit everything, return the short id."""
    for lang, text in (("en", en), ("ko", ko)):
        if text is not None:
            (repo / "src" / lang / "guide.md").write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "--short=7", "HEAD").strip()


@pytest.fixture
def repo(chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # outside the project: a cache folder inside it is never used (its entries are pickles)
    monkeypatch.setenv("CTOOLS_CACHE_DIR", str(chdir_tmp.parent / f"{chdir_tmp.name}.cache"))
    (chdir_tmp / "ctools.yaml").write_text("source: src\n", encoding="utf-8")
    for lang in ("en", "ko"):
        (chdir_tmp / "src" / lang).mkdir(parents=True)
    git(chdir_tmp, "init", "-q")
    git(chdir_tmp, "config", "user.name", "Test")
    git(chdir_tmp, "config", "user.email", "test@example.com")
    (chdir_tmp / ".gitignore").write_text(".cache/\n", encoding="utf-8")
    commit(chdir_tmp, "first", en=EN, ko=KO)
    return chdir_tmp


def states() -> dict[str, str]:
    result = CliRunner().invoke(main, ["status", "--format", "json"], catch_exceptions=False)
    data = json.loads(result.output)
    guide = next(d for d in data["documents"] if d["id"] == "guide")
    return {s["key"]: s["state"] for s in guide["sections"]}


def lint_stale() -> list[dict[str, object]]:
    result = CliRunner().invoke(main, ["lint", "--format", "json"], catch_exceptions=False)
    return [f for f in json.loads(result.output)["findings"] if f["rule"] == "stale-translation"]


def test_english_only_change_is_stale_with_commit_and_date(repo: Path) -> None:
    assert states() == {"guide": "ok", "1": "ok", "2": "ok"}
    short = commit(repo, "usage", en=EN.replace("your folder", "any folder"))
    assert states() == {"guide": "ok", "1": "ok", "2": "stale"}
    found = lint_stale()
    assert [(f["path"], f["line"]) for f in found] == [(str(Path("src/ko/guide.md")), 9)]
    assert found[0]["counterpart"] == {"path": str(Path("src/en/guide.md")), "line": 9}
    date = git(repo, "log", "-1", "--format=%cs").strip()
    assert f"commit {short} ({date})" in str(found[0]["message"])
    text = CliRunner().invoke(main, ["status"]).output
    assert f"English changed in commit {short}" in text
    explained = CliRunner().invoke(main, ["status", "--explain"]).output
    assert "-Run the command on your folder" in explained
    assert "+Run the command on any folder" in explained


def test_translation_committed_later_is_a_sync(repo: Path) -> None:
    commit(repo, "usage", en=EN.replace("your folder", "any folder"))
    commit(repo, "translate", ko=KO.replace("폴더에", "아무 폴더에"))
    assert states() == {"guide": "ok", "1": "ok", "2": "ok"}
    assert lint_stale() == []


def test_one_commit_changing_both_sides_is_a_sync(repo: Path) -> None:
    commit(
        repo,
        "both",
        en=EN.replace("your folder", "any folder"),
        ko=KO.replace("폴더에", "아무 폴더에"),
    )
    assert states()["2"] == "ok"


def test_formatting_only_commits_do_not_make_stale(repo: Path) -> None:
    rewrapped = EN.replace(
        "Run the command on your folder and read the report carefully.",
        "Run the command on your folder\nand read the   report carefully.",
    )
    commit(repo, "rewrap", en=rewrapped)
    assert states()["2"] == "ok"
    migrated = rewrapped.replace("Install the tool", "**Install** the tool")
    commit(repo, "emphasis", en=migrated)
    assert states() == {"guide": "ok", "1": "ok", "2": "ok"}
    assert lint_stale() == []


def test_admonition_syntax_migration_is_formatting(repo: Path) -> None:
    en = EN.replace("first.\n", "first.\n\n> **Tip:** use a virtual environment.\n")
    ko = KO.replace("확인하세요.\n", "확인하세요.\n\n> **팁:** 가상 환경을 쓰세요.\n")
    commit(repo, "tips", en=en, ko=ko)
    migrated = en.replace("> **Tip:** use", "> [!TIP]\n> Use")
    commit(repo, "English to GitHub admonitions", en=migrated)  # after the Korean changed
    assert states() == {"guide": "ok", "1": "ok", "2": "ok"}
    commit(repo, "a real edit", en=migrated.replace("virtual environment", "fresh venv"))
    assert states()["1"] == "stale"


def test_formatting_commit_does_not_hide_an_earlier_real_change(repo: Path) -> None:
    """A syntax migration touching both languages is not a sync of a stale section."""
    en = EN.replace("your folder", "any folder")
    commit(repo, "usage", en=en)
    commit(
        repo,
        "migrate",
        en=en.replace("read the report", "read the *report*"),
        ko=KO.replace("보고서를", "**보고서**를"),
    )
    assert states()["2"] == "stale"


def test_uncommitted_english_edit_is_stale(repo: Path) -> None:
    (repo / "src" / "en" / "guide.md").write_text(EN.replace("pip", "pipx"), encoding="utf-8")
    assert states() == {"guide": "ok", "1": "stale", "2": "ok"}
    found = lint_stale()
    assert len(found) == 1 and "uncommitted changes" in str(found[0]["message"])


def test_lock_file_wins_when_present(repo: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["status", "--mark-synced"]).exit_code == 0
    commit(repo, "usage", en=EN.replace("your folder", "any folder"))
    commit(repo, "translate", ko=KO.replace("폴더에", "아무 폴더에"))
    # git says synced (the Korean side changed later), the lock says stale: the lock wins
    assert states()["2"] == "stale"
    assert "marked synced" in str(lint_stale()[0]["message"])


def test_cache_is_reused_and_gives_the_same_answer(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curriculum_tools.status import history

    commit(repo, "usage", en=EN.replace("your folder", "any folder"))
    first = states()
    history._LOGS.clear()
    # a real process: its cache file is written at exit (and only the real history's)
    cmd = [sys.executable, "-m", "curriculum_tools", "status", "--format", "json"]
    out = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True).stdout
    (cached,) = (repo.parent / f"{repo.name}.cache").rglob("*.json")
    again = subprocess.run(cmd, cwd=repo, capture_output=True, text=True, check=True).stdout
    assert again == out and '"state": "stale"' in out
    assert '"head"' in cached.read_text("utf-8")
    calls: list[str] = []
    real_git = history.git

    def recording(args: list[str], cwd: Path) -> str | None:
        calls.append(" ".join(args))
        return real_git(args, cwd)

    monkeypatch.setattr(history, "git", recording)
    assert states() == first
    assert not any(" log " in f" {c} " for c in calls), calls  # the log came from the cache
    history._LOGS.clear()
    commit(repo, "more", en=EN.replace("pip", "pipx"))  # a new HEAD: read again
    assert states() == {"guide": "ok", "1": "stale", "2": "stale"}
    assert any(" log " in f" {c} " for c in calls)


def test_outside_git_everything_translated_is_ok_and_unsynced(chdir_tmp: Path) -> None:
    (chdir_tmp / "ctools.yaml").write_text("source: src\n", encoding="utf-8")
    for lang, text in (("en", EN), ("ko", KO)):
        (chdir_tmp / "src" / lang).mkdir(parents=True)
        (chdir_tmp / "src" / lang / "guide.md").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["status", "--format", "json"], catch_exceptions=False)
    guide = json.loads(result.output)["documents"][0]
    assert {s["state"] for s in guide["sections"]} == {"ok"}
    assert all(s["unsynced"] for s in guide["sections"])


def test_blob_id_is_gits(tmp_path: Path) -> None:
    from curriculum_tools.status.history import blob_id

    text = "# 제목\r\n\r\nText ✓\n"
    (tmp_path / "x.md").write_bytes(text.encode("utf-8"))
    expected = subprocess.run(
        ["git", "hash-object", "x.md"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert blob_id(text) == expected


def test_untracked_translation_of_a_tracked_source_is_not_stale(repo: Path) -> None:
    """A Korean file that is not committed yet changed "now": nothing can be newer."""
    (repo / "src" / "en" / "new.md").write_text(EN, "utf-8")
    commit(repo, "new English page", en=EN)
    (repo / "src" / "ko" / "new.md").write_text(KO, "utf-8")
    result = CliRunner().invoke(main, ["status", "--format", "json"], catch_exceptions=False)
    data = json.loads(result.output)
    new = next(d for d in data["documents"] if d["id"] == "new")
    assert {s["state"] for s in new["sections"]} == {"ok"}
