"""Living with a legacy tree: ``--baseline``, ``--update-baseline``, ``--select/--ignore``,
``--strict``, ``--max-warnings``, ``--summary`` and the counterpart in the text format."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from curriculum_tools.cli import main

EN = (
    "# Guide\n\n## 1. Setup\n\nInstall the package first.\n\n"
    "## 2. Usage\n\nRun the agent.\n\n## 3. Limits\n\nNone.\n"
)
KO = "# 안내서\n\n## 1. 설정\n\n먼저 패키지를 설치합니다. **(LoRA)**는 좋다.\n"


def make(root: Path, en: str = EN, ko: str = KO) -> None:
    for lang, text in (("en", en), ("ko", ko)):
        (root / "source" / lang).mkdir(parents=True, exist_ok=True)
        (root / "source" / lang / "x.md").write_text(text, "utf-8")


def lint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["lint", *args])
    return result.exit_code, result.output


def findings(*args: str) -> list[dict[str, object]]:
    code, out = lint("--format", "json", *args)
    assert code in (0, 1), out
    data: list[dict[str, object]] = json.loads(out)["findings"]
    return data


def test_baseline_hides_known_findings_and_reports_new_ones(chdir_tmp: Path) -> None:
    make(chdir_tmp)
    before = findings("source")
    assert {f["rule"] for f in before} == {"section-missing", "cjk-emphasis"}
    code, out = lint("--baseline", "lint-baseline.json", "--update-baseline", "source")
    assert code == 0 and out.startswith(f"wrote {len(before)} findings")
    data = json.loads((chdir_tmp / "lint-baseline.json").read_text("utf-8"))
    assert data["version"] == 1
    assert sum(e["count"] for e in data["findings"]) == len(before)
    assert {e["path"] for e in data["findings"]} == {"source/ko/x.md"}

    assert lint("--baseline", "lint-baseline.json", "source") == (0, "")
    # a new finding is reported; the old ones stay hidden
    make(chdir_tmp, ko=KO + "\n두 번째 **(QLoRA)**는 새 문제.\n")
    new = findings("--baseline", "lint-baseline.json", "source")
    assert [(f["rule"], f["line"]) for f in new] == [("cjk-emphasis", 7)]


def test_fingerprints_survive_line_shifts(chdir_tmp: Path) -> None:
    make(chdir_tmp)
    lint("--baseline", "b.json", "--update-baseline", "source")
    shifted_ko = KO.replace("# 안내서\n", "# 안내서\n\n소개 문단이 새로 생겼습니다.\n\n새 줄.\n")
    shifted_en = EN.replace("# Guide\n", "# Guide\n\nA new intro paragraph.\n\nA line.\n")
    make(chdir_tmp, shifted_en, shifted_ko)
    assert findings("source") != []  # the same problems, at other lines
    assert findings("--baseline", "b.json", "source") == []


def test_baseline_counts_equal_findings(chdir_tmp: Path) -> None:
    make(chdir_tmp, ko=KO + "\n먼저 패키지를 설치합니다. **(LoRA)**는 좋다.\n")
    lint("--baseline", "b.json", "--update-baseline", "source")
    three = KO + ("\n먼저 패키지를 설치합니다. **(LoRA)**는 좋다.\n" * 2)
    make(chdir_tmp, ko=three)
    left = findings("--baseline", "b.json", "source")
    assert [f["rule"] for f in left] == ["cjk-emphasis"]  # two were known, the third is new


def test_bad_or_missing_baseline_exits_2(chdir_tmp: Path) -> None:
    make(chdir_tmp)
    code, out = lint("--baseline", "nope.json", "source")
    assert code == 2 and "nope.json: baseline file not found" in out
    (chdir_tmp / "bad.json").write_text('{"version": 1,\n "findings": [', "utf-8")
    code, out = lint("--baseline", "bad.json", "source")
    assert code == 2 and "bad.json:" in out and "invalid baseline JSON" in out
    code, out = lint("--update-baseline", "source")
    assert code == 2 and "--update-baseline needs --baseline" in out


def test_select_and_ignore(chdir_tmp: Path) -> None:
    make(chdir_tmp)
    assert {f["rule"] for f in findings("--select", "cjk-emphasis", "source")} == {"cjk-emphasis"}
    assert {f["rule"] for f in findings("--ignore", "cjk-emphasis", "source")} == {
        "section-missing"
    }
    assert (
        findings(
            "--select", "cjk-emphasis,section-missing", "--ignore", "section-missing", "source"
        )
        != []
    )
    code, out = lint("--select", "cjk-emphasis, nope", "source")
    assert code == 2 and "unknown rule nope" in out


def test_strict_and_max_warnings(chdir_tmp: Path) -> None:
    make(chdir_tmp)
    assert lint("--select", "cjk-emphasis", "source")[0] == 0  # a warning alone passes
    assert lint("--select", "cjk-emphasis", "--strict", "source")[0] == 1
    assert lint("--select", "cjk-emphasis", "--max-warnings", "1", "source")[0] == 0
    assert lint("--select", "cjk-emphasis", "--max-warnings", "0", "source")[0] == 1
    assert lint("source")[0] == 1  # errors fail as before
    assert lint("--max-warnings", "-1", "source")[0] == 2


def test_text_format_shows_the_counterpart_and_summary(chdir_tmp: Path) -> None:
    make(chdir_tmp)
    code, out = lint("--summary", "source")
    lines = out.splitlines()
    assert code == 1
    (cjk,) = [x for x in lines if "cjk-emphasis" in x]
    assert cjk.startswith("source/ko/x.md:5:") and cjk.endswith("next to Hangul")  # one document
    missing = [x for x in lines if "section-missing" in x]
    assert len(missing) == 2 and missing[0].endswith("(source/en/x.md:7)")
    assert "source/ko/x.md" in lines[-2] and "2 errors" in lines[-2] and "1 warnings" in lines[-2]
    assert lines[-1] == "1 files with findings: 2 errors, 1 warnings, 0 infos"
    data = json.loads(lint("--summary", "--format", "json", "source")[1])
    assert data["files"] == [{"path": "source/ko/x.md", "errors": 2, "warnings": 1, "infos": 0}]
