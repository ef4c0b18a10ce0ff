"""Reliability: nothing raises on odd input; bad files get clean messages within bounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from curriculum_tools.align import align_sections
from curriculum_tools.parse import parse_text
from curriculum_tools.views import align_dict, align_text, tree_dict, tree_text

from .strategies import markdown_documents

FUZZ_EXAMPLES = int(os.environ.get("CTOOLS_FUZZ_EXAMPLES", "150"))
SPEC = json.loads(
    (Path(__file__).parent / "fixtures" / "commonmark" / "spec.json").read_text("utf-8")
)


def _model_round(en_text: str, ko_text: str) -> None:
    en = parse_text(en_text, "en/x.md", "en", "x.md")
    ko = parse_text(ko_text, "ko/x.md", "ko", "x.md")
    json.dumps(tree_dict(en), ensure_ascii=False)
    tree_text(ko)
    from curriculum_tools.model import DocumentPair

    pair = DocumentPair(en, ko, align_sections(en, ko), how="path")
    json.dumps(align_dict([pair], []))
    align_text([pair], [])
    for section in en.walk():
        assert 1 <= section.line <= section.end_line
        for block in section.blocks:
            assert section.line < block.line <= block.end_line


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(en=markdown_documents, ko=markdown_documents)
def test_parse_and_align_never_raise(en: str, ko: str) -> None:
    _model_round(en, ko)


@pytest.mark.parametrize("chunk", range(0, len(SPEC), 50))
def test_commonmark_spec_examples_go_through(chunk: int) -> None:
    examples = SPEC[chunk : chunk + 50]
    for i, example in enumerate(examples):
        other = examples[(i + 1) % len(examples)]["markdown"]
        _model_round(example["markdown"], other)


def _cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ctools with an address-space cap of 2 GiB (the memory bound of these tests)."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "curriculum_tools", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
    )


BAD_FILES: dict[str, bytes] = {
    "empty.md": b"",
    "binary.md": bytes(range(256)) * 4,
    "invalid-utf8.md": "# 제목\n\n본문\n".encode("cp949"),
    "utf16-no-bom.md": "# Title\n\ntext\n".encode("utf-16-le"),
    "utf16-bom.md": "# Title\n\ntext\n".encode("utf-16"),
    "one-line.md": b"word " * 200_000,
    "headings.md": "".join(f"## {i}. H{i}\n\ntext {i}\n\n" for i in range(10_000)).encode(),
    "deep-list.md": "".join("  " * i + "- item\n" for i in range(1000)).encode(),
    "deep-quote.md": b">" * 1000 + b" deep\n",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["tree", "align"])
def test_bad_files_give_clean_messages(tmp_path: Path, name: str, command: str) -> None:
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    result = _cli(command, str(path), cwd=tmp_path, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2), (result.returncode, result.stderr)
    if result.returncode == 2:
        assert name in result.stderr


def test_twenty_megabyte_file_parses_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    chunk = "## Section\n\n" + "Some words here, 42 of them. " * 30 + "\n\n"
    path.write_text(chunk * (20_000_000 // len(chunk) + 1), encoding="utf-8")
    result = _cli("tree", "--format", "json", str(path), cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert len(json.loads(result.stdout)["sections"]) > 20_000
