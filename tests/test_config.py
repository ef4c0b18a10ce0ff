"""ctools.yaml validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum_tools.config import load_config
from curriculum_tools.errors import CtoolsError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ctools.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_file(tmp_path: Path) -> None:
    cfg = load_config(start=tmp_path)
    assert cfg.path is None and cfg.languages == ("en", "ko") and cfg.source == Path("source")


def test_full_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "source: docs\nlanguages: [en, ko]\nignore: ['drafts/**']\n"
        "rules:\n  length-ratio: off\n  untranslated: {severity: warning, min-words: 6}\n"
        "export:\n  out: site\n  anki: {lang: both}\n",
    )
    cfg = load_config(path=path)
    assert cfg.source == Path("docs") and cfg.ignore == ("drafts/**",)
    assert cfg.rules["length-ratio"].severity == "off"
    assert cfg.rules["untranslated"].severity == "warning"
    assert cfg.rules["untranslated"].options == {"min-words": 6}
    assert cfg.rules["untranslated"].line == 6
    assert cfg.export["anki"] == {"lang": "both"}


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("source: docs\nsourse: x\n", 2, "unknown key `sourse`"),
        ("export:\n  out: b\n  htlm: {}\n", 3, "unknown key `export.htlm`"),
        ("languages: en\n", 1, "must be a list"),
        ("rules:\n  x: loud\n", 2, "severity must be one of"),
        ("source: [unclosed\n", 1, "invalid YAML"),  # where the bracket opens
        ("languages: [en]\n", 1, "at least two"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CtoolsError) as info:
        load_config(path=path)
    assert f"ctools.yaml:{line}:" in info.value.message
    assert words in info.value.message
