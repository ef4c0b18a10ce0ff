"""The command line: help, version, tree, align, errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools.cli import COMMANDS, main

from .conftest import SOURCE
from .conftest import run_ctools as run


def test_version_and_help() -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("ctools, version")
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_tree_text_and_json() -> None:
    result = run("tree", "source/en/curriculum.md")
    assert result.returncode == 0, result.stderr
    assert "46 sections" in result.stdout and "#11-early-language-models" in result.stdout
    data = json.loads(run("tree", "--format", "json", "source/ko/curriculum.md").stdout)
    assert data["lang"] == "ko" and data["front_matter"]["id"] == "curriculum"
    root = data["sections"][0]
    assert set(root) >= {
        "level",
        "number",
        "title",
        "slug",
        "ids",
        "line",
        "end_line",
        "blocks",
        "children",
    }
    assert root["children"][0]["number"] == "1."


def test_align_json_shape() -> None:
    data = json.loads(run("align", "--format", "json", "source").stdout)
    (pair,) = data["pairs"]
    assert pair["en"].endswith("en/curriculum.md") and pair["ko"].endswith("ko/curriculum.md")
    assert len(pair["sections"]) == 46
    row = pair["sections"][1]
    assert row["en"]["number"] == "1." and row["ko"]["line"] > 0 and row["match"] == "number"
    assert {u["path"].rsplit("/", 1)[-1] for u in data["unpaired"]} == {
        "generative-ai-with-llms.md",
        "llm-lectures.md",
        "build-llm-ch1.md",
    }
    assert all(u["translation"] == "none" for u in data["unpaired"])


def test_bad_input_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes("# 제목\n".encode("cp949"))
    result = run("tree", str(bad))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "bad.md:1" in result.stderr and "fix-encoding" in result.stderr

    binary = tmp_path / "bin.md"
    binary.write_bytes(b"\x00\x01\x02")
    result = run("align", str(binary))
    assert "Traceback" not in result.stderr and "binary" in result.stderr


def test_config_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "ctools.yaml").write_text("source: docs\nlanguages: [en, ko]\nbogus: 1\n")
    result = run("align", cwd=tmp_path)
    assert result.returncode == 2
    assert "ctools.yaml:3" in result.stderr and "bogus" in result.stderr
    assert "Traceback" not in result.stderr


def test_config_is_found_by_walking_up(tmp_path: Path) -> None:
    (tmp_path / "ctools.yaml").write_text("source: docs\n")
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "ko").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "a.md").write_text("# A\n\n## 1. One\n")
    (tmp_path / "docs" / "ko" / "a.md").write_text("# 가\n\n## 1. 하나\n")
    sub = tmp_path / "docs" / "en"
    data = json.loads(run("align", "--format", "json", cwd=sub).stdout)
    assert len(data["pairs"]) == 1 and len(data["pairs"][0]["sections"]) == 2


def test_source_exists() -> None:
    assert (SOURCE / "en" / "curriculum.md").is_file()
