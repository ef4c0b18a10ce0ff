"""Every rule: documented, with failing and passing fixtures that match; fixes idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from curriculum_tools.config import Config
from curriculum_tools.lint import REGISTRY, apply_fixes, check, registry
from curriculum_tools.project import load_corpus

from .conftest import FIXTURES, read_cases, seed
from .injections import INJECTORS
from .rule_cases import lint_case

RULES = sorted(registry())
RULE_FIXTURES = FIXTURES / "rules"
CLEAN = FIXTURES / "clean"
NEEDS = {"mojibake": "curriculum_tools.fix_encoding"}
"""Rules whose engine is built elsewhere: their cases run once the module exists."""


def _cases() -> list[tuple[str, str, list[str]]]:
    out = []
    for path in sorted(RULE_FIXTURES.glob("*.md")):
        for title, parts in read_cases(path, 3):
            out.append((path.stem, title, parts))
    return out


def test_contract_rule_names_are_registered() -> None:
    contract = [
        "section-missing",
        "section-extra",
        "section-order",
        "heading-level-mismatch",
        "heading-number-mismatch",
        "heading-numbering",
        "empty-section",
        "number-mismatch",
        "code-mismatch",
        "formula-mismatch",
        "url-mismatch",
        "image-mismatch",
        "list-count-mismatch",
        "table-shape-mismatch",
        "untranslated",
        "wrong-language",
        "length-ratio",
        "mojibake",
        "replacement-char",
        "broken-anchor",
        "missing-image",
        "front-matter",
        "missing-translation",
    ]
    assert set(contract) <= set(REGISTRY)


@pytest.mark.parametrize("name", RULES)
def test_rule_is_documented_and_has_fixtures(name: str) -> None:
    spec = REGISTRY[name]
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in spec.doc, f"{name}: docstring lacks {heading!r}"
    assert spec.summary and spec.name == name and name == name.lower()
    assert spec.func.__name__ == name.replace("-", "_")
    path = RULE_FIXTURES / f"{name}.md"
    assert path.is_file(), f"no fixture file {path}"
    cases = read_cases(path, 3)
    assert any(parts[2].strip() for _, parts in cases), f"{name}: no failing case"
    assert any(not parts[2].strip() for _, parts in cases), f"{name}: no passing case"


def test_every_fixture_file_names_a_rule() -> None:
    assert {p.stem for p in RULE_FIXTURES.glob("*.md")} <= set(REGISTRY)


@pytest.mark.parametrize(("name", "title", "parts"), _cases(), ids=lambda x: str(x)[:60])
def test_rule_case(name: str, title: str, parts: list[str], tmp_path: Path) -> None:
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])
    en, ko, expected = parts
    _, lines = lint_case(tmp_path, en, ko, name)
    assert lines == [line for line in expected.splitlines() if line.strip()], title


@pytest.mark.parametrize("path", sorted((FIXTURES / "fixes").glob("*.md")), ids=lambda p: p.stem)
def test_fix_cases_are_idempotent(path: Path, tmp_path: Path) -> None:
    name = path.stem
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])
    assert REGISTRY[name].fixable
    for i, (title, (en, ko, fixed_en, fixed_ko)) in enumerate(read_cases(path, 4)):
        root = tmp_path / str(i)
        result, _ = lint_case(root, en, ko, name)
        assert result.findings, title
        texts = {}
        for side, text in (("en", en), ("ko", ko)):
            fixes = [f.fix for f in result.findings if f.fix and f.path.parent.name == side]
            texts[side] = apply_fixes(text, fixes) if fixes else text
        assert (texts["en"], texts["ko"]) == (fixed_en, fixed_ko), title
        _again, lines = lint_case(tmp_path / f"{i}-again", texts["en"], texts["ko"], name)
        assert lines == [], f"{title}: fixing twice would change more"


# --- the clean pair, and defects injected into it ------------------------------------------------


def _copy_clean(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(CLEAN, root)
    return root


def _lint(root: Path) -> list[tuple[str, str, int]]:
    config = Config(root=root)
    result = check(load_corpus([root], config), config)
    return [(f.rule, f.path.parent.name, f.line) for f in result.findings]


def test_clean_pair_has_no_findings(tmp_path: Path) -> None:
    assert _lint(_copy_clean(tmp_path)) == []


@pytest.mark.parametrize("injector", sorted(INJECTORS))
def test_injected_defect_is_found_at_its_line(injector: str, tmp_path: Path) -> None:
    root = _copy_clean(tmp_path)
    en_path, ko_path = root / "en" / "guide.md", root / "ko" / "guide.md"
    injected = INJECTORS[injector](en_path.read_text("utf-8"), ko_path.read_text("utf-8"))
    assert injected is not None, f"{injector} does not apply to the clean pair"
    en, ko, expected = injected
    en_path.write_text(en, "utf-8")
    ko_path.write_text(ko, "utf-8")
    found = _lint(root)
    for item in expected:
        assert item in found, f"{injector}: expected {item}, found {found}"


def test_missing_translation_when_a_side_is_deleted(tmp_path: Path) -> None:
    root = _copy_clean(tmp_path)
    (root / "ko" / "guide.md").unlink()
    assert ("missing-translation", "en", 1) in _lint(root)


# --- the user's seeds: the defects a reviewer reported --------------------------------------------


def test_seed_pair_defects(tmp_path: Path) -> None:
    root = tmp_path / "src"
    for lang, prefix in (("en", "000"), ("ko", "001")):
        (root / lang).mkdir(parents=True)
        shutil.copy(seed(prefix), root / lang / "curriculum.md")
    found = _lint(root)
    assert ("empty-section", "en", 215) in found  # 3.3. Fine-tuning Process (no front matter)
    assert ("empty-section", "ko", 235) in found
    assert ("formula-mismatch", "ko", 261) in found  # 2 _ (Precision _ Recall)
    assert ("list-count-mismatch", "ko", 7) in found  # the intro's four bullets as lines
    assert len(found) == 4, found


# --- segment alignment and equivalences (issue 16) ------------------------------------------------


def _found(tmp_path: Path, en: str, ko: str) -> list[str]:
    return lint_case(tmp_path, en, ko)[1]


def test_added_code_block_before_three_identical_ones_is_one_extra(tmp_path: Path) -> None:
    block = "```python\nagent.run(task)\n```\n\n"
    en = "# G\n\n## Run\n\nRun it three times:\n\n" + block * 3
    ko = "# 안내\n\n## 실행\n\n세 번 실행하세요:\n\n```python\nagent.setup()\n```\n\n" + block * 3
    found = _found(tmp_path, en, ko)
    assert found == ["ko.md:7:1: error code-mismatch code block is not in the source"]


def test_dropped_paragraph_is_reported_at_its_place_and_nothing_else(tmp_path: Path) -> None:
    en = (
        "# G\n\n## Setup\n\nInstall the package with pip; it takes a minute on most machines.\n\n"
        "Then set `HF_TOKEN` so that the agent can reach the models and datasets of the Hub"
        " (see https://hf.co/settings).\n\n"
        "Finally call `agent.run(2)` to check that everything works as it should.\n"
    )
    ko = (
        "# 안내\n\n## 설정\n\npip로 패키지를 설치하세요. 대부분 몇 분이면 됩니다.\n\n"
        "마지막으로 `agent.run(2)`를 불러 모든 것이 제대로 동작하는지 확인하세요.\n"
    )
    found = _found(tmp_path, en, ko)
    assert [f.split(" ")[2] for f in found] == ["paragraph-missing"], found
    assert found[0].startswith("ko.md:7:")


def test_rewritten_section_is_one_finding_instead_of_many(tmp_path: Path) -> None:
    case = next(p for t, p in read_cases(RULE_FIXTURES / "section-rewritten.md", 3) if "one" in t)
    found = _found(tmp_path, case[0], case[1])
    assert [f.split(" ")[2] for f in found] == ["section-rewritten"]


def test_rewritten_code_is_one_finding_and_one_changed_block_stays_detailed(
    tmp_path: Path,
) -> None:
    cases = dict(read_cases(RULE_FIXTURES / "section-rewritten.md", 3))
    rewritten = next(p for t, p in cases.items() if t.startswith("Code rewritten"))
    found = _found(tmp_path / "a", rewritten[0], rewritten[1])
    assert [f.split(" ")[2] for f in found] == ["section-rewritten"], found
    assert found[0].startswith("ko.md:3:1: ")  # at the heading (the source's is line 3 too)
    one = next(p for t, p in cases.items() if t.startswith("passing: one code block"))
    found = _found(tmp_path / "b", one[0], one[1])
    assert found == [
        "ko.md:22:1: error code-mismatch code block differs from the source's"
        " (comments and strings aside)"
    ], found


def test_half_of_the_code_changed_stays_detailed(tmp_path: Path) -> None:
    """Four changed code blocks of eight: drift to patch, not a section to re-translate."""
    same = "".join(f"```python\nstep_{i}(data)\n```\n\n" for i in range(4))
    en_changed = "".join(f"```python\nrun_{i}(data, fast=True)\n```\n\n" for i in range(4))
    ko_changed = "".join(f"```python\nrun_{i}(data)\n```\n\n" for i in range(4))
    en = "# G\n\n## Steps\n\nRun every step.\n\n" + same + en_changed
    ko = "# 안내\n\n## 단계\n\n모든 단계를 실행하세요.\n\n" + same + ko_changed
    found = _found(tmp_path, en, ko)
    assert [f.split(" ")[2] for f in found] == ["code-mismatch"] * 4, found


def test_comment_inside_a_continued_command_is_an_error(tmp_path: Path) -> None:
    en = "# G\n\n## Run\n\n```bash\npython train.py \\\n  --epochs 3\n```\n"
    ko = "# 안내\n\n## 실행\n\n```bash\npython train.py \\\n  # 에폭 수\n  --epochs 3\n```\n"
    found = _found(tmp_path, en, ko)
    assert (
        "ko.md:7:1: error code-mismatch comment inside a backslash-continued command:"
        in (
            found[0][
                : len(
                    "ko.md:7:1: error code-mismatch comment inside a backslash-continued command:"
                )
            ]
        )
    )


def test_identifier_translated_inside_inline_code_is_an_error(tmp_path: Path) -> None:
    en = "# G\n\n## Data\n\nThe `image` column holds the pictures.\n\n```python\nds['image']\n```\n"
    ko = "# 안내\n\n## 데이터\n\n`이미지` 열에 그림이 있습니다.\n\n```python\nds['image']\n```\n"
    found = _found(tmp_path, en, ko)
    assert found == [
        "ko.md:5:1: error code-mismatch identifier `image` translated inside inline code"
        " (`이미지`): code must stay as is"
    ]


@pytest.mark.parametrize(
    ("en_text", "ko_text"),
    [
        ("Releases come every six weeks.", "릴리스는 6주마다 나옵니다."),
        ("It has three parts.", "세 부분이 있습니다."),
        ("About 1,000 users.", "약 1000명의 사용자."),
        ("Accuracy was 0.853.", "정확도는 0.85였습니다."),
        ("65 million parameters.", "6500만 개의 파라미터."),
        (
            "See [docs](../std/macro.dbg.html).",
            "[문서](https://doc.rust-lang.org/std/macro.dbg.html) 참고.",
        ),
        ("See [docs](https://a.example/guide/).", "[문서](https://a.example/guide) 참고."),
    ],
)
def test_same_fact_written_differently_is_not_reported(
    en_text: str, ko_text: str, tmp_path: Path
) -> None:
    en = f"# G\n\n## S\n\n{en_text}\n"
    ko = f"# 안내\n\n## 에스\n\n{ko_text}\n"
    assert _found(tmp_path, en, ko) == []


def test_fixable_rules_emit_fixes_and_the_others_do_not(tmp_path: Path) -> None:
    """A rule marked fixable carries a fix on its findings over the fixtures; no other does."""
    fixes: dict[str, bool] = {}
    for k, (name, _title, parts) in enumerate(_cases()):
        if name in NEEDS or len(parts) < 3:
            continue
        result, _ = lint_case(tmp_path / str(k), parts[0], parts[1], only=name)
        for finding in result.findings:
            fixes[name] = fixes.get(name, False) or finding.fix is not None
    for name, has_fix in fixes.items():
        assert has_fix == REGISTRY[name].fixable, name
    assert all(fixes.get(n) for n, r in REGISTRY.items() if r.fixable and n not in NEEDS)


def test_rules_are_pure_and_the_registry_has_no_cycle() -> None:
    """Rules import the registry and the model, never the layers above them (project, status,
    lint, click); the registry imports no rule."""
    import ast

    import curriculum_tools

    package = Path(curriculum_tools.__file__).parent
    forbidden = {"project", "status", "lint", "cli", "click", "report", "export"}
    for path in sorted((package / "rules").glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in typing_only:
                continue  # annotations only: nothing imported at run time
            if isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]} | {a.name for a in node.names}
            elif isinstance(node, ast.Import):
                names = {a.name.split(".")[0] for a in node.names}
            else:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                names = {node.module.split(".")[0]}
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                continue  # a sibling rules module
            assert not names & forbidden, f"{path.name} imports {names & forbidden}"
    for node in ast.walk(ast.parse((package / "registry.py").read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.module not in ("rules", "lint"), "the registry imports no rule"


def test_option_defaults_are_rendered_in_the_rule_documentation() -> None:
    spec = REGISTRY["length-ratio"]
    assert "## Options" in spec.doc
    for key, option in spec.options.items():
        assert f"`{key}` ({option.type_name}, default `{option.default!r}`)" in spec.doc


def test_broken_anchor_index_lives_for_one_run_only(tmp_path: Path) -> None:
    """After the target heading is repaired, the next run does not report the stale anchor."""
    en = "# G\n\n## Setup\n\nSee [intro](doc.md#setup).\n"
    ko = "# 안내\n\n## 설정\n\n[소개](doc.md#setup)를 보세요.\n"
    _, first = lint_case(tmp_path, en, ko, only="broken-anchor")
    assert first and "broken-anchor" in first[0]
    fixed_ko = ko.replace("## 설정", "## 설정 {#setup}")
    _, second = lint_case(tmp_path, en, fixed_ko, only="broken-anchor")
    assert second == []
