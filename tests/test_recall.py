"""Recall details on the real corpora: defects the segment alignment used to absorb, and the
evidence the new checks rely on (sentence counts, item anchors)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.config import Config
from curriculum_tools.lint import check
from curriculum_tools.parse import parse_text
from curriculum_tools.project import load_corpus
from curriculum_tools.rules._items import item_gaps
from curriculum_tools.rules.sentences import _EN_END_RE, _KO_END_RE, sentences

from .test_terms_rule import CORPORA

RUST = CORPORA / "rust-book"


def _lint(root: Path, rule: str) -> list[tuple[str, int, str]]:
    config = Config(root=root)
    result = check(load_corpus([root], config), config, [rule])
    return [(f.path.relative_to(root).as_posix(), f.line, f.message) for f in result.findings]


@pytest.mark.skipif(not RUST.is_dir(), reason="shared corpus not present")
def test_a_list_that_lost_its_last_item_is_found_when_it_aligns_with_the_next_paragraph(
    tmp_path: Path,
) -> None:
    """ch12-04: the shorter Korean list aligns together with the short paragraph after it
    (a 1-2 match); its one list is still compared with the source's list."""
    name = "ch12-04-testing-the-librarys-functionality.md"
    for lang in ("en", "ko"):
        (tmp_path / lang).mkdir()
        shutil.copy(RUST / lang / name, tmp_path / lang / name)
    ko = tmp_path / "ko" / name
    lines = ko.read_text("utf-8").split("\n")
    assert lines[120].startswith("* ") and not lines[121].strip()
    del lines[120]
    ko.write_text("\n".join(lines), "utf-8")
    found = _lint(tmp_path, "list-count-mismatch")
    assert (f"ko/{name}", 117, "list of 4 items; the source's is a list of 5 items") in found


@pytest.mark.parametrize(
    ("text", "ends", "count"),
    [
        ("Use `a.b()` (e.g. 3.5 times) at https://x.y/z. It works. Done", _EN_END_RE, 3),
        ("Ownership is a set of rules.\nThe compiler checks them!", _EN_END_RE, 2),
        ("소유권은 규칙입니다. 컴파일러가 검사합니다.\n괜찮나요?", _KO_END_RE, 3),
        ("버전 3.2가 나왔습니다", _KO_END_RE, 1),
    ],
)
def test_sentences_are_counted_on_their_ends(text: str, ends: object, count: int) -> None:
    assert sentences(text, ends) == count  # type: ignore[arg-type]


def _lists(en: str, ko: str) -> tuple[object, ...]:
    a, b = parse_text(en, lang="en"), parse_text(ko, lang="ko")
    return (
        a,
        next(x for s in a.walk() for x in s.blocks if x.kind == "list"),
        b,
        next(x for s in b.walk() for x in s.blocks if x.kind == "list"),
    )


def test_item_gaps_need_evidence() -> None:
    en = "# T\n\n- `a` one\n- `b` two\n- `c` three\n"
    gaps = item_gaps(*_lists(en, "# 티\n\n- `a` 하나\n- `c` 셋\n"))  # type: ignore[arg-type]
    assert gaps is not None and [(g.missing, g.line, g.other_line) for g in gaps] == [(True, 4, 4)]
    # plain prose items: which one is missing is not known, the list is reported whole
    plain = "# T\n\n- one\n- two\n- three\n"
    assert item_gaps(*_lists(plain, "# 티\n\n- 하나\n- 셋\n")) is None  # type: ignore[arg-type]
    # lists that differ as a whole (most items changed) are not aligned item by item
    other = "# 티\n\n- `x` 하나\n- `y` 둘\n"
    assert item_gaps(*_lists(en, other)) is None  # type: ignore[arg-type]


def test_a_rule_off_by_default_is_a_disabled_sarif_rule_and_can_be_switched_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``code-text-translated`` is off by default: SARIF lists it disabled (no crash on the
    ``off`` level), and ``ctools.yaml`` switches it on."""
    for lang, text in (("en", 'print("Hello, world!")'), ("ko", 'print("안녕, 세상!")')):
        (tmp_path / "source" / lang).mkdir(parents=True)
        (tmp_path / "source" / lang / "x.md").write_text(
            f"# T\n\n## A\n\n```python\n{text}\n```\n", "utf-8"
        )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    sarif = json.loads(runner.invoke(main, ["lint", "--format", "sarif", "source"]).stdout)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    (entry,) = [r for r in rules if r["id"] == "code-text-translated"]
    assert entry["defaultConfiguration"] == {"enabled": False, "level": "none"}
    assert sarif["runs"][0]["results"] == []
    (tmp_path / "ctools.yaml").write_text("rules:\n  code-text-translated: info\n", "utf-8")
    out = runner.invoke(main, ["lint", "source"]).stdout
    assert "source/ko/x.md:6:1: info code-text-translated" in out, out
