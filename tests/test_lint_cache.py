"""The lint result cache: every input that can change a finding changes it on a warm run, a
pair's stored findings are reused only while what it read is unchanged, and linting in worker
processes gives byte-identical output.

Each scenario lints twice per step, with the cache (warm) and without (``CTOOLS_NO_CACHE``),
and asserts both outputs are equal and that the step changed the findings: a stale entry
would show as a difference.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools import lint_units
from curriculum_tools.cli import main
from curriculum_tools.config import Config
from curriculum_tools.lint import check
from curriculum_tools.project import load_corpus

EN_A = """# Guide

See [the setup](b.md#setup) and the logo: ![logo](img/logo.png)

## Numbers

The limit is 42 items per page.
"""

KO_A = """# 안내서

[설정](b.md#setup)과 로고를 보세요: ![로고](img/logo.png)

## 숫자

한도는 페이지마다 42개 항목입니다.
"""

EN_B = """# Setup guide

## Setup

Install the tool with pip.
"""

KO_B = """# 설정 안내

## 설정 {#setup}

pip 로 도구를 설치하세요.
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(chdir_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CTOOLS_CACHE_DIR", str(chdir_tmp.parent / (chdir_tmp.name + "-cache")))
    monkeypatch.delenv("CTOOLS_NO_CACHE", raising=False)
    write(chdir_tmp, "ctools.yaml", "source: src\n")
    for rel, text in (("en/a.md", EN_A), ("ko/a.md", KO_A), ("en/b.md", EN_B), ("ko/b.md", KO_B)):
        write(chdir_tmp, "src/" + rel, text)
    return chdir_tmp


def lint(*args: str, cache: bool = True) -> str:
    env = {"CTOOLS_NO_CACHE": None if cache else "1"}
    result = CliRunner().invoke(main, ["lint", "--format", "json", *args], env=env)
    assert result.exit_code in (0, 1), result.output
    return result.output


def findings(output: str) -> set[tuple[str, str, int]]:
    return {(f["rule"], f["path"], f["line"]) for f in json.loads(output)["findings"]}


def warm(*args: str) -> set[tuple[str, str, int]]:
    """Lint twice with the cache (the second run answered from it) and once without; all
    three must agree."""
    first, second, fresh = lint(*args), lint(*args), lint(*args, cache=False)
    assert first == fresh and second == fresh
    return findings(fresh)


def rules_of(found: set[tuple[str, str, int]]) -> set[str]:
    return {rule for rule, _, _ in found}


def test_editing_a_file_changes_its_findings(project: Path) -> None:
    before = warm("src")
    write(project, "src/ko/a.md", KO_A.replace("42개", "43개"))
    after = warm("src")
    assert ("number-mismatch", str(Path("src/ko/a.md")), 7) in after - before


def test_a_linked_file_decides_the_anchor_of_an_unchanged_pair(project: Path) -> None:
    before = warm("src")
    assert "broken-anchor" not in rules_of(before)
    write(project, "src/en/b.md", EN_B.replace("## Setup", "## Installation"))
    after = warm("src")
    assert ("broken-anchor", str(Path("src/en/a.md")), 3) in after
    write(project, "src/en/b.md", EN_B)
    assert warm("src") == before


def test_a_linked_file_counts_when_only_one_file_is_linted(project: Path) -> None:
    before = warm("src/en/a.md")
    write(project, "src/en/b.md", EN_B.replace("## Setup", "## Installation"))
    assert warm("src/en/a.md") - before == {("broken-anchor", str(Path("src/en/a.md")), 3)}


def test_an_image_appearing_is_seen_though_no_markdown_changed(project: Path) -> None:
    before = warm("src")
    assert ("missing-image", str(Path("src/en/a.md")), 3) in before
    (project / "src/en/img").mkdir()
    (project / "src/en/img/logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    after = warm("src")
    assert "missing-image" not in rules_of(after)
    (project / "src/en/img/logo.png").unlink()
    assert warm("src") == before


def test_the_configuration_changes_findings(project: Path) -> None:
    write(project, "src/ko/a.md", KO_A.replace("42개", "43개"))
    assert "number-mismatch" in rules_of(warm("src"))
    write(project, "ctools.yaml", "source: src\nrules:\n  number-mismatch: off\n")
    assert "number-mismatch" not in rules_of(warm("src"))


@pytest.mark.parametrize("args", [("src",), ()], ids=["folder", "no-path"])
def test_a_new_file_changes_corpus_findings(project: Path, args: tuple[str, ...]) -> None:
    assert "missing-translation" not in rules_of(warm(*args))
    write(project, "src/en/c.md", "# Extra\n\nA page without a translation yet.\n")
    assert ("missing-translation", str(Path("src/en/c.md")), 1) in warm(*args)


def test_the_user_glossary_changes_term_findings(project: Path) -> None:
    from .test_terms_rule import EN, KO

    write(project, "src/en/t.md", EN)
    write(project, "src/ko/t.md", KO)
    before = {f for f in warm("src") if f[0] == "term-consistency"}
    assert before == {("term-consistency", str(Path("src/ko/t.md")), 9)}
    write(project, "glossary.yaml", "attention: 주의 집중\n")
    after = {f for f in warm("src") if f[0] == "term-consistency"}
    assert len(after) == 4 and not after & before


def test_the_lock_file_changes_stale_findings(project: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["status", "--mark-synced"]).exit_code == 0
    assert "stale-translation" not in rules_of(warm("src"))
    write(project, "src/en/b.md", EN_B.replace("with pip", "with uv"))
    assert "stale-translation" in rules_of(warm("src"))
    assert runner.invoke(main, ["status", "--mark-synced"]).exit_code == 0  # only the lock
    assert "stale-translation" not in rules_of(warm("src"))


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_history_changes_stale_findings_with_identical_files(project: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    git("init", "-q")
    git("config", "user.name", "Test")
    git("config", "user.email", "test@example.com")
    write(project, ".gitignore", "*-cache/\n")
    git("add", "-A")
    git("commit", "-qm", "first")
    write(project, "src/en/b.md", EN_B.replace("with pip", "with uv"))
    git("commit", "-qam", "English only")
    assert "stale-translation" in rules_of(warm("src"))
    # the same files, but one commit that made both sides: the translation is in sync
    git("update-ref", "-d", "HEAD")  # forget the history, keep the files and the index
    git("commit", "-qm", "both at once")
    assert "stale-translation" not in rules_of(warm("src"))


def test_unchanged_pairs_are_not_linted_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lint("src")
    write(project, "src/ko/a.md", KO_A.replace("42개", "43개"))
    linted: list[str] = []
    original = lint_units.lint_unit

    def spy(unit: lint_units.Unit, plan: lint_units.Plan) -> tuple[lint_units.Raw, set[str]]:
        linted.extend(str(d.path) for d in unit.docs if d is not None)
        return original(unit, plan)

    monkeypatch.setattr(lint_units, "lint_unit", spy)
    lint("src")
    assert sorted(linted) == [str(Path("src/en/a.md")), str(Path("src/ko/a.md"))]
    linted.clear()
    lint("src")
    assert linted == []  # the whole run is answered from the cache


def test_worker_processes_give_identical_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CTOOLS_NO_CACHE", "1")
    for n in range(30):
        write(tmp_path, f"en/p{n:02}.md", EN_A.replace("42", str(n)) + EN_B)
        ko = KO_A.replace("42", str(n + n % 3)) + (KO_B if n % 4 else "")
        write(tmp_path, f"ko/p{n:02}.md", ko)
    config = Config(root=tmp_path)
    serial = check(load_corpus([tmp_path], config), config)
    pools: list[int] = []
    original = lint_units._can_fork

    def forking() -> bool:
        pools.append(1)
        return original()

    monkeypatch.setattr(lint_units, "PARALLEL_FROM", 2)
    monkeypatch.setattr(lint_units, "_can_fork", forking)
    monkeypatch.setattr(lint_units.os, "sched_getaffinity", lambda _: {0, 1}, raising=False)
    parallel = check(load_corpus([tmp_path], config), config)
    assert pools == [1]
    assert serial.findings and parallel.findings == serial.findings


def test_damaged_entries_are_misses(project: Path) -> None:
    from curriculum_tools.lint_cache import cache_folder

    before = warm("src")
    folder = cache_folder()
    assert folder is not None
    entries = [p for p in folder.rglob("*") if p.is_file()]
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    assert findings(lint("src")) == before


def test_no_lint_cache_runs_every_rule_again(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lint("src")
    calls: list[int] = []
    original = lint_units.lint_unit

    def spy(unit: lint_units.Unit, plan: lint_units.Plan) -> tuple[lint_units.Raw, set[str]]:
        calls.append(1)
        return original(unit, plan)

    monkeypatch.setattr(lint_units, "lint_unit", spy)
    monkeypatch.setenv("CTOOLS_NO_LINT_CACHE", "1")
    lint("src")
    assert len(calls) == 2  # both pairs, though the parse cache is warm


def test_a_cached_link_verdict_still_records_the_paths_it_depended_on(tmp_path: Path) -> None:
    """The resolver answers a link once per document and index; a second pair (or rule) that
    asks again inside its own recording must still record the paths behind the verdict, or
    its cache entry would survive the image appearing."""
    from curriculum_tools.assets import LinkIndex, recording, resolve
    from curriculum_tools.parse import parse_text

    (tmp_path / "en").mkdir()
    page = tmp_path / "en" / "a.md"
    page.write_text("# A\n\n![x](img/x.png)\n", "utf-8")
    doc = parse_text(page.read_text("utf-8"), page, "en", "a.md")
    index = LinkIndex([doc], tmp_path)
    with recording() as first:
        assert resolve("img/x.png", doc, index).kind == "missing"
    with recording() as second:
        assert resolve("img/x.png", doc, index).kind == "missing"
    assert first and second == first
    assert str(tmp_path / "en" / "img") in second


def _html_pages(out: str, cache: bool) -> dict[str, str]:
    env = {"CTOOLS_NO_CACHE": None if cache else "1"}
    result = CliRunner().invoke(main, ["export", "-f", "html", "--out", out, "src"], env=env)
    assert result.exit_code in (0, 1), result.output
    root = Path(out) / "html"
    return {str(p.relative_to(root)): p.read_text() for p in root.rglob("*.html")}


def test_html_export_takes_unchanged_pairs_from_the_lint_cache(project: Path) -> None:
    """The HTML export shows lint findings (side-by-side and status pages): after a
    ``ctools lint`` its pairs come from the lint cache, and its pages equal those of an
    export without the cache, before and after a file changes."""
    warm("src")
    lint_cache = next(Path(os.environ["CTOOLS_CACHE_DIR"]).glob("lint-*"))
    entries = {p for p in lint_cache.rglob("*") if p.is_file()}
    assert _html_pages("cached", True) == _html_pages("fresh", False)
    write(project, "src/ko/a.md", KO_A.replace("42개", "43개"))
    cached, fresh = _html_pages("cached", True), _html_pages("fresh", False)
    assert cached == fresh
    assert "number-mismatch" in cached["en-ko/a.html"]
    assert {p for p in lint_cache.rglob("*") if p.is_file()} > entries  # it stored the new pair
