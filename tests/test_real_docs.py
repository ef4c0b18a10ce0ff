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


def test_a_hugging_face_docs_page_and_its_main_build_are_the_same_link(tmp_path: Path) -> None:
    en = "# G\n\n## S\n\nRead [the guide](https://huggingface.co/docs/lib/main/en/guide#use).\n"
    ko = "# 안내\n\n## 에스\n\n[가이드](https://huggingface.co/docs/lib/en/guide#use)를 읽으세요.\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    numbered = ko.replace("/docs/lib/en/", "/docs/lib/v4.40.0/en/")
    assert lint_case(tmp_path / "v", en, numbered)[1] == []
    other = ko.replace("/docs/lib/en/guide", "/docs/lib/en/tour")
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


EN_NOTE_LAST = """# Devices

## Export

Set the variable on the command line of each run, in front of the command.

```bash
RUN_ON=0 job
```

Two devices are listed with a comma between them, in the order you want them used.

```bash
RUN_ON=1,0 job
```

To run on no device at all, leave the value empty.

```bash
RUN_ON= job
```

> [!WARNING]
> Exporting the variable for the whole shell is not recommended: you forget it, and the next job runs on the wrong device.
"""

KO_NOTE_FIRST = """# 장치

## 내보내기

실행할 때마다 명령 앞, 명령줄에서 변수를 설정하세요.

```bash
RUN_ON=0 job
```

> [!WARNING]
> 셸 전체에 변수를 내보내는 것은 권장하지 않습니다. 잊어버리면 다음 작업이 엉뚱한 장치에서 실행됩니다.

장치 두 개는 쉼표로 구분하며, 사용할 순서대로 적습니다.

```bash
RUN_ON=1,0 job
```

장치 없이 실행하려면 값을 비워 두세요.

```bash
RUN_ON= job
```
"""


def test_the_one_admonition_moved_within_its_section_is_not_extra(tmp_path: Path) -> None:
    found = _rules(lint_case(tmp_path, EN_NOTE_LAST, KO_NOTE_FIRST)[1])
    assert "paragraph-extra" not in found and "paragraph-missing" not in found, found
    head, tail = KO_NOTE_FIRST.split("> [!WARNING]")
    dropped = head + tail.split("\n\n", 1)[1]  # the note dropped, not moved
    found = lint_case(tmp_path / "b", EN_NOTE_LAST, dropped, "paragraph-missing")[1]
    assert len(found) == 1 and "Exporting the variable" in found[0], found


EN_ADDED_STEP = """# Start

## Step 1: Account

Create an account on the site if you do not have one yet.

## Step 2: Local models

Install the local runner, then pull a small model to try the examples offline.

```bash
runner pull small
```

Well done! You have finished the whole setup, and you are now ready to start the first unit.
"""

KO_OLD_END = """# 시작

## 1단계: 계정

아직 계정이 없다면 사이트에서 계정을 만드세요.

잘했습니다! 설정을 모두 마쳤으니 이제 첫 번째 단원을 시작할 준비가 되었습니다.
"""


def test_closing_words_the_source_moved_below_a_new_section_are_not_extra(
    tmp_path: Path,
) -> None:
    found = _rules(lint_case(tmp_path, EN_ADDED_STEP, KO_OLD_END)[1])
    assert found == ["section-missing"], found
    no_step = EN_ADDED_STEP.split("## Step 2")[0]
    found = _rules(lint_case(tmp_path / "b", no_step, KO_OLD_END, "paragraph-extra")[1])
    assert found == ["paragraph-extra"], found
