"""Lint, parse and export on the shapes of Astro docs pages (Starlight, MDX; issue 16).

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/astro-docs.jsonl): colon asides with translated titles, MDX ``import``
lines, Starlight components, the Astro docs' front matter.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.parse import tokenize

from .rule_cases import lint_case

EN_FM = "---\ntitle: T\ndescription: D\ni18nReady: true\n---\n"
KO_FM = "---\ntitle: 티\ndescription: 디\ni18nReady: true\n---\n"


def _components(text: str) -> list[tuple[str, object]]:
    return [
        (t.type, (t.meta or {}).get("attrs"))
        for t in tokenize(text)[0]
        if t.type.startswith("component")
    ]


# --- front matter -------------------------------------------------------------------------


def test_starlight_front_matter_keys_are_known(tmp_path: Path) -> None:
    en = EN_FM.replace("---\n", "---\ntableOfContents: false\nunitTitle: Hi\n", 1)
    _, lines = lint_case(
        tmp_path, en + "\n# T\n\nText.\n", KO_FM + "\n# T\n\n글.\n", "front-matter"
    )
    assert lines == []


def test_a_front_matter_typo_is_still_reported(tmp_path: Path) -> None:
    en = "---\ntitle: T\ni18nReadyy: true\n---\n\n# T\n\nText.\n"
    _, lines = lint_case(tmp_path, en, "", "front-matter")
    assert any("i18nReadyy" in line for line in lines), lines


# --- asides -------------------------------------------------------------------------------


def test_an_aside_is_an_admonition_with_its_title() -> None:
    assert _components(":::tip[Be quick]\nText.\n:::\n") == [
        ("component_open", {"type": "tip", "title": "Be quick"}),
        ("component_close", {"type": "tip", "title": "Be quick"}),
    ]
    assert _components("::: danger Careful\nText.\n:::\n")[0] == (
        "component_open",
        {"type": "caution", "title": "Careful"},
    )
    assert _components("::: details More\nText.\n:::\n")[0][0] == "component_open"


def test_an_aside_in_a_list_item_and_a_nested_one() -> None:
    text = "1. Step.\n\n    :::note\n    Inside.\n    :::\n\n2. Next.\n"
    assert [t for t, _ in _components(text)] == ["component_open", "component_close"]
    nested = "::::note\nOut.\n:::tip\nIn.\n:::\n::::\n"
    assert len(_components(nested)) == 4


def test_an_aside_with_blank_lines_in_a_list_item() -> None:
    text = (
        "1. Set it.\n\n    :::caution[Mind `base`]   \n    Prefix the links:\n\n"
        '      ```astro\n      <a href="/r/about">About</a>\n      ```\n\n'
        "    See more.\n    :::\n\n2. Next.\n"
    )
    assert _components(text) == [
        ("component_open", {"type": "caution", "title": "Mind `base`"}),
        ("component_close", {"type": "caution", "title": "Mind `base`"}),
    ]


def test_an_unclosed_colon_line_stays_text() -> None:
    assert _components(":::note\nNo end.\n") == []
    assert _components("::: \nText.\n:::\n") == []


def test_a_translated_aside_title_is_not_a_difference(tmp_path: Path) -> None:
    en = "# T\n\n:::tip[Use the editor]\nThis tutorial uses **VS Code**.\n:::\n"
    ko = "# T\n\n:::tip[편집기 사용하기]\n이 튜토리얼은 **VS Code**를 사용합니다.\n:::\n"
    _, lines = lint_case(tmp_path, en, ko)
    assert lines == []


def test_an_aside_the_translation_dropped_is_reported(tmp_path: Path) -> None:
    en = EN_FM + "\n# T\n\nFirst paragraph here.\n\n:::caution\nMind the `base` value.\n:::\n"
    ko = KO_FM + "\n# T\n\n첫 번째 문단입니다.\n\n`base` 값에 주의하세요.\n"
    _, lines = lint_case(tmp_path, en, ko, "admonition-mismatch")
    assert len(lines) == 1 and "caution" in lines[0], lines


# --- MDX imports --------------------------------------------------------------------------


def test_mdx_import_lines_are_not_text(tmp_path: Path) -> None:
    en = EN_FM + "import A from '~/components/A.astro';\n\n# T\n\nText here.\n"
    ko = (
        KO_FM + "import A from '~/components/A.astro';\n"
        "import { Steps } from '@astrojs/starlight/components';\n"
        'import B from "~/components/B.astro"\n\n# T\n\n여기 글.\n'
    )
    assert not any(t.type == "paragraph_open" for t in tokenize(ko.split("# T")[0])[0])
    _, lines = lint_case(tmp_path, en, ko)
    assert lines == []


def test_a_sentence_starting_with_import_is_a_paragraph() -> None:
    tokens, _ = tokenize("Import the module first.\n\nimport it from the shell:\n")
    assert [t.type for t in tokens].count("paragraph_open") == 2


def test_an_import_inside_a_list_stays_text() -> None:
    tokens, _ = tokenize("- import A from 'a'\n")
    assert any(t.type == "inline" and "import A" in t.content for t in tokens)


# --- export -------------------------------------------------------------------------------

PAGE = (
    EN_FM + "import { Steps } from '@astrojs/starlight/components';\n\n# T\n\n"
    ":::tip[Set it up]\nA custom domain.\n:::\n\n<Steps>\n1. Install.\n2. Run.\n</Steps>\n"
)


def test_the_html_export_shows_asides_not_colons_or_imports(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "doc.mdx").write_text(PAGE, encoding="utf-8")
    out = tmp_path / "build"
    result = CliRunner().invoke(
        main, ["export", "-f", "html", "--out", str(out), str(tmp_path / "en")]
    )
    assert result.exit_code == 0, result.output
    assert "unknown component" not in result.output
    page = (out / "html" / "en" / "doc.html").read_text(encoding="utf-8")
    body = page[page.index("<main") :]
    assert ":::" not in body and "import {" not in body
    assert "admonition-tip" in body and "Set it up" in body and "<ol>" in body


# --- sections -------------------------------------------------------------------------------


def test_a_moved_section_with_the_same_code_title_is_a_move(tmp_path: Path) -> None:
    en = (
        EN_FM + "\n# T\n\n## `src/`\n\nMost code lives here.\n\n"
        "## `src/parts`\n\nParts are reusable units of the pages.\n\n"
        "## `src/data`\n\nThe `src/data/` folder holds [collections](/en/c/) only.\n\n"
        "## `src/frames`\n\nFrames wrap the pages.\n\n"
        "## `src/pages`\n\n[Pages](/en/p/) make the routes of the site.\n\n"
        ":::caution\n`src/pages` is **required**.\n:::\n\n"
        "## `src/looks`\n\nStyles live here by habit.\n"
    )
    ko = (
        KO_FM + "\n# T\n\n## `src/`\n\n대부분의 코드가 여기 있습니다.\n\n"
        "## `src/pages`\n\n경로는 이 폴더에 [지원되는 파일](/ko/p/#files)을 더해 만듭니다.\n\n"
        ":::caution\n`src/pages`는 **필수**입니다.\n:::\n\n"
        "## `src/parts`\n\n파트는 페이지의 재사용 단위입니다.\n\n"
        "## `src/frames`\n\n프레임은 페이지를 감쌉니다.\n\n"
        "## `src/looks`\n\n스타일은 관례상 여기 있습니다.\n"
    )
    result, _ = lint_case(tmp_path, en, ko)
    found = {(f.rule, f.message.split("`")[1]) for f in result.findings if "section" in f.rule}
    assert ("section-order", "src/pages") in found, found
    assert ("section-missing", "src/pages") not in found, found
    assert ("section-missing", "src/data") in found, found


def test_a_repeated_title_does_not_pair_by_title_alone(tmp_path: Path) -> None:
    en = (
        EN_FM + "\n# T\n\n## Setup\n\nOne part.\n\n## Usage\n\nUse `run()` with "
        "`--fast` and `--quiet` here.\n\n## Example\n\n## Example\n\nMore text.\n"
    )
    ko = KO_FM + "\n# T\n\n## 설정\n\n한 부분.\n\n## Example\n\n예시.\n"
    result, _ = lint_case(tmp_path, en, ko)
    missing = [f for f in result.findings if f.rule == "section-missing"]
    assert missing, [f.rule for f in result.findings]
