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


# --- transformers docs, wider sample (issue 16, widetf: tests/labels/transformers-wide.jsonl)


def test_an_abbreviated_month_is_the_number_of_the_month(tmp_path: Path) -> None:
    en = "# Model\n\n## About\n\nThe model was proposed by the lab on 23 Oct, 2020 in a paper.\n"
    ko = "# 모델\n\n## 소개\n\n이 모델은 2020년 10월 23일 연구소가 논문에서 제안했습니다.\n"
    assert lint_case(tmp_path, en, ko, "number-mismatch")[1] == []
    wrong = ko.replace("10월", "11월")
    found = lint_case(tmp_path / "b", en, wrong, "number-mismatch")[1]
    assert found and "`11`" in found[0], found


EN_FIELDS = """# Data

## Load the dataset

Start by loading the `regular` configuration of the dataset, then look at one example:

```py
>>> data = load("swag", "regular")
>>> data["train"][0]
```

The fields are simple:

- `sent1` and `sent2`: how a sentence starts; together they give the `startphrase` field.
- `ending`: a possible ending, only one of them is right.
- `label`: which ending is right.
"""

KO_FIELDS = """# 데이터

## 데이터 세트 가져오기

먼저 데이터 세트의 '일반' 구성을 가져오고 예제 하나를 살펴봅니다:

```py
>>> data = load("swag", "regular")
>>> data["train"][0]
```

필드는 간단합니다:

- `sent1` 및 `sent2`: 문장의 시작이며, 둘을 합치면 `시작 구절(startphrase)` 필드가 됩니다.
- `종료 구절(ending)`: 가능한 끝맺음이며, 그중 하나만 정답입니다.
- `레이블(label)`: 어느 끝맺음이 정답인지 나타냅니다.
"""


def test_inline_code_glossed_in_korean_keeps_its_identifier(tmp_path: Path) -> None:
    found = _rules(lint_case(tmp_path, EN_FIELDS, KO_FIELDS)[1])
    assert "section-rewritten" not in found, found
    other = KO_FIELDS.replace("(startphrase)", "(opening)").replace("(ending)", "(close)")
    other = other.replace("(label)", "(answer)").replace("`sent1` 및 `sent2`", "`first`")
    found = _rules(lint_case(tmp_path / "b", EN_FIELDS, other)[1])
    assert "section-rewritten" in found, found


EN_UNDER_PARENT = """# Install

## Python

Install the package with the installer of your choice in the new environment.

```bash
uv pip install thepackage
```

### Source install

Installing from source gives the latest version rather than the stable one, useful to try a fix
that is not released yet. Please open an [issue](https://example.com/pkg/issues) if it breaks.

```bash
pip install git+https://example.com/pkg
```

## Cache

Downloaded files are kept under `~/.cache/pkg` unless `PKG_CACHE` says otherwise.
"""

KO_OWN_H2 = """# 설치

## 소스에서 설치

소스에서 설치하면 안정 버전이 아닌 최신 버전을 얻으며, 아직 릴리스되지 않은 수정을 시험할 때
유용합니다. 문제가 생기면 [이슈](https://example.com/pkg/issues)를 열어 주세요.

```bash
pip install git+https://example.com/pkg
```

## 캐시

내려받은 파일은 `PKG_CACHE`가 다르게 정하지 않는 한 `~/.cache/pkg`에 보관됩니다.
"""


def test_a_section_the_source_nested_under_a_new_parent_keeps_its_pair(tmp_path: Path) -> None:
    found = lint_case(tmp_path, EN_UNDER_PARENT, KO_OWN_H2)[1]
    rules = _rules(found)
    assert "section-missing" in rules and "`Python`" in found[rules.index("section-missing")]
    assert not [f for f in found if "section-missing" in f and "`Source install`" in f], found
    assert "heading-level-mismatch" in rules, found  # the source made it an H3: true
    assert "paragraph-extra" not in rules, found


EN_OFFLINE = """# Setup

## Cache

Files are cached under `~/.cache/pkg` after the first download of a model.

### Offline mode

Download a repository ahead of time with `snapshot_download`, then set `PKG_OFFLINE=1`.

```py
snapshot_download(repo_id="org/model")
```

## Next

Read [the tour](https://example.com/tour) next.
"""

KO_OFFLINE = """# 설정

## 캐시

모델을 처음 내려받으면 파일이 `~/.cache/pkg`에 캐시됩니다.

## 오프라인 모드 [[offline-mode]]

`OLD_OFFLINE=1` 환경 변수를 설정하면 로컬 파일만 사용합니다.

```bash
OLD_OFFLINE=1 python run.py --model org/model
```

### 미리 내려받기

Hub 화면에서 파일을 내려받거나 `save_pretrained`로 저장해 두세요.

## 다음

다음으로 [둘러보기](https://example.com/tour)를 읽으세요.
"""


def test_a_korean_id_equal_to_the_source_heading_anchor_pairs_a_rewritten_section(
    tmp_path: Path,
) -> None:
    found = lint_case(tmp_path, EN_OFFLINE, KO_OFFLINE)[1]
    assert "section-missing" not in _rules(found), found
    assert not [f for f in found if "`오프라인 모드`" in f], found
    assert "code-mismatch" in _rules(found), found  # paired: the changed code is reported
    other = KO_OFFLINE.replace("[[offline-mode]]", "[[local-files]]")
    found = lint_case(tmp_path / "b", EN_OFFLINE, other)[1]
    assert "section-missing" in _rules(found), found
    assert [f for f in found if "section-extra" in f and "`오프라인 모드`" in f], found
