"""False-finding classes of a second, held-out MDN Web Docs sample (tests/labels/mdn-docs2.jsonl).

Each case is a minimal pair written for the test (never text of the pages), with a failing
shape and the shape that must still be reported.
"""

from __future__ import annotations

from pathlib import Path

from .rule_cases import lint_case

MDN_FM = "---\ntitle: T\nslug: Web/T\npage-type: guide\n---\n\n"
KO_FM = "---\ntitle: T\nslug: Web/T\n---\n\n"


# --- Korean number words ------------------------------------------------------------------


def test_korean_base_and_one_unit_words_are_not_numbers(tmp_path: Path) -> None:
    en = "# T\n\nThe server stores a hexadecimal digest and reads up to a megabyte.\n"
    ko = "# T\n\n서버는 16진수 요약을 저장하고 최대 1메가바이트를 읽습니다.\n"
    _, lines = lint_case(tmp_path, en, ko, "number-mismatch")
    assert lines == []


def test_a_wrong_base_or_count_is_still_reported(tmp_path: Path) -> None:
    en = "# T\n\nThe server stores a hexadecimal digest and reads up to 5 megabytes.\n"
    ko = "# T\n\n서버는 8진수 요약을 저장하고 최대 1메가바이트를 읽습니다.\n"
    _, lines = lint_case(tmp_path, en, ko, "number-mismatch")
    text = "\n".join(lines)
    assert "`8`" in text and "`5`" in text, lines


# --- a grouping heading the source inserted -------------------------------------------------

EN_WRAPPED = (
    MDN_FM + "# T\n\n## Examples\n\n### First demo\n\nThis demo shows a box.\n\n"
    "#### HTML\n\n```html\n<p>Box</p>\n```\n\n#### CSS\n\n```css\np { color: red; }\n```\n"
)


def test_a_grouping_heading_the_translation_lacks_is_not_missing(tmp_path: Path) -> None:
    ko = (
        KO_FM + "# T\n\n## 예제\n\n이 예제는 상자를 보입니다.\n\n"
        "### HTML\n\n```html\n<p>Box</p>\n```\n\n### CSS\n\n```css\np { color: red; }\n```\n"
    )
    for rule in ("section-missing", "heading-level-mismatch"):
        _, lines = lint_case(tmp_path, EN_WRAPPED, ko, rule)
        assert lines == [], (rule, lines)


def test_a_missing_subsection_under_the_grouping_heading_is_still_reported(
    tmp_path: Path,
) -> None:
    ko = (
        KO_FM
        + "# T\n\n## 예제\n\n이 예제는 상자를 보입니다.\n\n### HTML\n\n```html\n<p>Box</p>\n```\n"
    )
    _, lines = lint_case(tmp_path, EN_WRAPPED, ko, "section-missing")
    assert any("First demo" in line for line in lines), lines


# --- list items tied by cross-reference macros ------------------------------------------------

EN_LIST = (
    MDN_FM + "# T\n\n## Rules\n\n- Names\n  - : Names use [quotes](/en-US/docs/Web/Q).\n"
    "- Values\n  - : Leading zeros are not allowed. `NaN` and `Infinity` are not values.\n"
)


def test_an_item_whose_code_is_a_macro_pairs_with_the_backticked_item(tmp_path: Path) -> None:
    ko = (
        KO_FM + "# T\n\n## 규칙\n\n- 이름\n  - : 이름은 [따옴표](/ko/docs/Web/Q)를 씁니다.\n"
        '- 값\n  - : 선행 0은 안 됩니다. {{jsxref("NaN")}}과 {{jsxref("Infinity")}}는 값이 아닙니다.\n'
        "- 예외\n  - : 오래된 엔진에서는 `U+2028`이 오류입니다.\n"
    )
    _, lines = lint_case(tmp_path, EN_LIST, ko, "list-count-mismatch")
    assert len(lines) == 1 and "예외" in lines[0], lines


def test_a_dropped_item_is_still_reported_with_macros(tmp_path: Path) -> None:
    ko = (
        KO_FM + "# T\n\n## 규칙\n\n"
        '- 값\n  - : 선행 0은 안 됩니다. {{jsxref("NaN")}}과 {{jsxref("Infinity")}}는 값이 아닙니다.\n'
    )
    _, lines = lint_case(tmp_path, EN_LIST, ko, "list-count-mismatch")
    assert len(lines) == 1 and "Names" in lines[0], lines


# --- code marks on a word the source writes plain ---------------------------------------------


def test_code_marks_on_a_plural_plain_word_are_not_new_code(tmp_path: Path) -> None:
    en = "# T\n\nThe chunks are Uint8Arrays, not strings.\n"
    ko = "# T\n\n청크는 문자열이 아니라 `Uint8Array`입니다.\n"
    _, lines = lint_case(tmp_path, en, ko, "code-mismatch")
    assert lines == []


def test_code_the_source_does_not_name_is_still_reported(tmp_path: Path) -> None:
    en = "# T\n\nThe chunks are Uint8Arrays, not strings.\n"
    ko = "# T\n\n청크는 문자열이 아니라 `Float32Array`입니다.\n"
    _, lines = lint_case(tmp_path, en, ko, "code-mismatch")
    assert any("Float32Array" in line for line in lines), lines
