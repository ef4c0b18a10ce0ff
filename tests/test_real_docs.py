"""Lint on the shapes of a real MDX course with a Korean edition and a library's doc-builder docs
(issue 16, agentscheck: tests/labels/agents-course.jsonl, tests/labels/transformers-docs.jsonl).

Every case is a minimal pair written for the test, of the same shape as what the hand-labelled
real pages showed; each false finding class has a passing case (silent) and a failing one (the
real defect next to it is still reported).
"""

from __future__ import annotations

from pathlib import Path

from .rule_cases import lint_case


def _rules(lines: list[str]) -> list[str]:
    return [line.split()[2] for line in lines]


def test_hf_co_is_the_same_host_as_huggingface_co(tmp_path: Path) -> None:
    en = "# G\n\n## S\n\nSee [the table](https://hf.co/docs/hub/gguf#types) first.\n"
    ko = "# 안내\n\n## 에스\n\n먼저 [표](https://huggingface.co/docs/hub/gguf#types)를 보세요.\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    www = ko.replace("https://huggingface.co", "https://www.huggingface.co")
    assert lint_case(tmp_path / "w", en, www)[1] == []
    other = ko.replace("huggingface.co/docs", "hf.company.com/docs")
    assert "url-mismatch" in _rules(lint_case(tmp_path / "b", en, other)[1])


def test_a_number_glued_to_the_word_before_it_is_present(tmp_path: Path) -> None:
    en = "# Contents\n\n## Where\n\nYou can open Unit 1 on the course site today.\n"
    ko = "# 목차\n\n## 위치\n\n강좌 사이트에서 Unit1을 열 수 있습니다.\n"
    assert lint_case(tmp_path, en, ko, "number-mismatch")[1] == []
    wrong = ko.replace("Unit1", "Unit2")
    found = lint_case(tmp_path / "b", en, wrong, "number-mismatch")[1]
    assert found and "`1`" in found[0], found


def test_inline_code_the_source_writes_in_its_code_blocks_is_in_the_source(
    tmp_path: Path,
) -> None:
    en = (
        "# Devices\n\n## Order\n\nPick the devices to use with the variable below.\n\n"
        "```bash\nSHOW_DEVICES=0,2 run-job ...\n```\n"
    )
    ko = (
        "# 장치\n\n## 순서\n\n`SHOW_DEVICES` 환경 변수로 사용할 장치를 고르세요.\n\n"
        "```bash\nSHOW_DEVICES=0,2 run-job ...\n```\n"
    )
    assert lint_case(tmp_path, en, ko, "code-mismatch")[1] == []
    other = ko.replace("`SHOW_DEVICES`", "`HIDE_DEVICES`")
    found = lint_case(tmp_path / "b", en, other, "code-mismatch")[1]
    assert found and "`HIDE_DEVICES` is not in the source" in found[0], found


EN_NESTED = """# Devices

## Order

You can also choose the order of the devices:

- Order by bus number:

    ```bash
    export DEVICE_ORDER=BUS_ID
    ```

- Order by speed, fastest first:

    ```bash
    export DEVICE_ORDER=FASTEST_FIRST
    ```
"""

KO_UNINDENTED = """# 장치

## 순서

장치의 순서도 고를 수 있습니다:

1. 버스 번호 순서로 장치를 정렬합니다:

```bash
export DEVICE_ORDER=BUS_ID
```

2. 가장 빠른 장치부터 차례로 정렬합니다:

```bash
export DEVICE_ORDER=FASTEST_FIRST
```
"""


def test_code_a_translation_moved_out_of_its_list_items_is_the_same_code(
    tmp_path: Path,
) -> None:
    assert lint_case(tmp_path, EN_NESTED, KO_UNINDENTED)[1] == []
    changed = KO_UNINDENTED.replace("=FASTEST_FIRST", "=SLOWEST_FIRST")
    found = lint_case(tmp_path / "b", EN_NESTED, changed, "code-mismatch")[1]
    assert len(found) == 1 and "code block differs" in found[0], found
    dropped = KO_UNINDENTED.split("2. ")[0]
    found = lint_case(tmp_path / "c", EN_NESTED, dropped)[1]
    assert _rules(found) == ["list-count-mismatch"], found  # one finding for the lost item


def test_a_list_restarted_at_one_after_code_is_not_the_same_list(tmp_path: Path) -> None:
    restarted = KO_UNINDENTED.replace("2. 가장", "1. 가장")
    assert lint_case(tmp_path / "a", EN_NESTED, KO_UNINDENTED, "list-count-mismatch")[1] == []
    found = _rules(lint_case(tmp_path, EN_NESTED, restarted, "list-count-mismatch")[1])
    assert found == ["list-count-mismatch"], found
