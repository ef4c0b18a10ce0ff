"""`term-consistency`: the user glossary, forbidden renderings, options, the bundled course and
the hand-checked findings on the shared corpora (tests/labels/terms.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.config import Config, load_config
from curriculum_tools.lint import check
from curriculum_tools.project import load_corpus
from curriculum_tools.report import text_line

from .conftest import ROOT, SOURCE
from .rule_cases import write_case

LABELS = Path(__file__).parent / "labels" / "terms.jsonl"
CORPORA = next(
    (p / "corpora" for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
    ROOT.parent / "shared" / "corpora",
)
"""The shared corpora: ``../shared`` next to a checkout, ``../../shared`` next to a worktree."""

EN = """# Guide

## Attention

Attention weighs every token.

## Uses

- Attention helps translation.
- Attention helps summaries.
- Attention is everywhere.
"""
KO = """# 안내서

## 어텐션 (Attention)

어텐션은 모든 토큰에 가중치를 줍니다.

## 쓰임

- 주의 집중(attention)은 번역을 돕습니다.
- 어텐션은 요약을 돕습니다.
- 어텐션은 어디에나 있습니다.
"""


def lint(root: Path, en: str, ko: str, user: str = "", name: str = "glossary.yaml") -> list[str]:
    write_case(root, en, ko)
    if user:
        (root / name).write_text(user, "utf-8")
    config = Config(root=root)
    result = check(load_corpus([root], config), config, ["term-consistency"])
    return [text_line(f, f.path.parent.name + "/" + f.path.name) for f in result.findings]


def test_the_course_majority_decides(tmp_path: Path) -> None:
    assert lint(tmp_path, EN, KO) == [
        'ko/doc.md:9:3: warning term-consistency "Attention" is "어텐션" in 4 places; '
        'here "주의 집중"'
    ]


def test_the_user_glossary_overrides_the_majority(tmp_path: Path) -> None:
    found = lint(tmp_path, EN, KO, "attention: 주의 집중\n")
    assert found == [
        'ko/doc.md:3:4: warning term-consistency "attention" is "주의 집중" in the glossary; '
        'here "어텐션"',
        'ko/doc.md:5:1: warning term-consistency "attention" is "주의 집중" in the glossary; '
        'here "어텐션"',
        'ko/doc.md:10:3: warning term-consistency "attention" is "주의 집중" in the glossary; '
        'here "어텐션"',
        'ko/doc.md:11:3: warning term-consistency "attention" is "주의 집중" in the glossary; '
        'here "어텐션"',
    ]


def test_a_forbidden_rendering_needs_no_gloss(tmp_path: Path) -> None:
    ko = KO.replace("주의 집중(attention)은", "어텐션은").replace(
        "- 어텐션은 요약", "- 주목은 요약"
    )
    assert lint(tmp_path / "a", EN, ko) == []  # 주목 is nowhere stated to render attention
    csv_text = "en,ko,forbidden\nattention,,주목;주의 집중\n"
    found = lint(tmp_path / "b", EN, ko, csv_text, "glossary.csv")
    assert found == [
        'ko/doc.md:10:3: warning term-consistency "attention" is "어텐션" in 4 places; '
        'here "주목", which the glossary forbids'
    ]


def test_min_uses_option_from_ctools_yaml(tmp_path: Path) -> None:
    write_case(tmp_path, EN, KO)
    (tmp_path / "ctools.yaml").write_text(
        "source: .\nrules:\n  term-consistency: {min-uses: 5}\n", "utf-8"
    )
    config = load_config(path=tmp_path / "ctools.yaml")
    result = check(load_corpus([tmp_path], config), config, ["term-consistency"])
    assert result.findings == []  # 4 uses are no longer a clear majority


def test_inline_disable_silences_the_line(tmp_path: Path) -> None:
    ko = KO.replace(
        "- 주의 집중", "<!-- ctools-disable-next-line term-consistency -->\n- 주의 집중"
    )
    assert lint(tmp_path, EN, ko) == []


def test_a_long_segment_with_the_accepted_rendering_is_not_reported(tmp_path: Path) -> None:
    en = EN + "\n## Notes\n\nAttention is cheap. We cache attention\nfor speed and reuse it.\n"
    ko = (
        KO
        + "\n## 메모\n\n어텐션은 저렴합니다. 속도를 위해 결과를 캐시하고\n주의 집중 없이 다시 씁니다.\n"
    )
    found = lint(tmp_path, en, ko)
    assert all(":16:" not in line and ":17:" not in line for line in found), found


def test_bundled_source_has_no_term_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(SOURCE)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [f for f in data["findings"] if f["rule"] == "term-consistency"] == []


def test_rule_documentation() -> None:
    result = CliRunner().invoke(main, ["rules", "term-consistency"])
    assert result.exit_code == 0
    assert "clear majority" in result.output and "glossary.yaml" in result.output


def _corpus_findings(name: str) -> list[dict[str, object]]:
    root = CORPORA / name
    config = Config(root=root)
    result = check(load_corpus([root], config), config, ["term-consistency"])
    return [
        {
            "corpus": name,
            "path": f.path.relative_to(root).as_posix(),
            "line": f.line,
            "message": f.message,
        }
        for f in result.findings
    ]


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")
@pytest.mark.parametrize("name", ["rust-book", "smolagents-docs"])
def test_findings_on_the_shared_corpora_are_the_hand_checked_ones(name: str) -> None:
    """The findings were labelled by hand in tests/labels/terms.jsonl (all right so far).

    Tolerant of small changes elsewhere (alignment, parsing): at least 80 % of the labelled
    findings are still found, precision over them stays >= 90 %, and at most one finding in
    ten is new (label it: run this test's ``_corpus_findings`` and check each by hand).
    """
    labels = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]
    mine = {
        (x["path"], x["line"], x["message"]): x["verdict"] for x in labels if x["corpus"] == name
    }
    found = {(x["path"], x["line"], x["message"]) for x in _corpus_findings(name)}
    still = [mine[k] for k in found if k in mine]
    assert len(still) >= 0.8 * len(mine), sorted(set(mine) - found)
    assert still.count("right") >= 0.9 * len(still)
    assert len(found - set(mine)) <= max(1, len(mine) // 10), sorted(found - set(mine))


def test_linting_one_file_judges_it_by_the_whole_course(tmp_path: Path) -> None:
    write_case(tmp_path, EN, KO)  # doc.md: attention is 어텐션 in 4 places
    (tmp_path / "en" / "other.md").write_text("# Other\n\nAttention again.\n", "utf-8")
    (tmp_path / "ko" / "other.md").write_text("# 다른 글\n\n주의 집중 다시.\n", "utf-8")
    config = Config(root=tmp_path)
    result = check(load_corpus([tmp_path / "ko" / "other.md"], config), config)
    found = [(f.rule, f.path.name, f.line) for f in result.findings]
    assert ("term-consistency", "other.md", 3) in found


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not available")
def test_injected_variants_in_the_rust_book_are_found(tmp_path: Path) -> None:
    """Recall on real text: 30 renderings replaced at random (spacing variants and a rendering
    the user glossary forbids); at least 80 % are found at their line, nothing else is new."""
    import random
    import shutil

    root = tmp_path / "rust-book"
    shutil.copytree(CORPORA / "rust-book", root, ignore=shutil.ignore_patterns(".*"))
    swaps = {"트레이트 객체": "트레이트객체", "라이프타임": "라이프 타임", "소유권": "소유 관계"}
    places = []
    for path in sorted((root / "ko").glob("*.md")):
        for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
            if line.startswith(("```", "    ")):
                continue
            places += [(path, number, old) for old in swaps if old in line]
    injected = set()
    for path, number, old in random.Random(7).sample(places, 30):
        lines = path.read_text("utf-8").split("\n")
        lines[number - 1] = lines[number - 1].replace(old, swaps[old])
        path.write_text("\n".join(lines), "utf-8")
        injected.add((path.name, number))
    (root / "glossary.yaml").write_text(
        "ownership: {ko: 소유권, forbidden: [소유 관계]}\n", "utf-8"
    )
    config = Config(root=root)
    result = check(load_corpus([root], config), config, ["term-consistency"])
    found = {(f.path.name, f.line) for f in result.findings}
    labelled = {
        (Path(x["path"]).name, x["line"])
        for x in map(json.loads, LABELS.read_text("utf-8").splitlines())
        if x["corpus"] == "rust-book"
    }
    assert len(found & injected) >= 0.8 * len(injected), sorted(injected - found)
    assert found - injected <= labelled


def test_a_forbidden_rendering_without_any_accepted_one(tmp_path: Path) -> None:
    en = "# Guide\n\n## Uses\n\n- Attention helps.\n"
    ko = "# 안내서\n\n## 쓰임\n\n- 주목이 돕습니다.\n"
    found = lint(tmp_path, en, ko, "terms:\n  - {en: attention, forbidden: [주목]}\n")
    assert found == [
        'ko/doc.md:5:3: warning term-consistency "attention" is not "주목", '
        "which the glossary forbids"
    ]


def test_a_malformed_user_glossary_stops_lint_with_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_case(tmp_path, EN, KO)
    (tmp_path / "ctools.yaml").write_text("source: .\n", "utf-8")
    (tmp_path / "glossary.yaml").write_text("terms:\n  - {en: attention, kor: x}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "."])
    assert result.exit_code == 2
    assert "glossary.yaml:2: unknown key `kor`" in result.output
    assert "Traceback" not in result.output
