"""Lint on the shapes of a real MDX course with a Korean edition and a library's doc-builder docs
(issue 16, agentscheck: tests/labels/agents-course.jsonl, tests/labels/transformers-docs.jsonl;
widediff: tests/labels/diffusers-wide.jsonl).

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
    found = lint_case(tmp_path / "b", EN_NOTE_LAST, dropped)[1]
    found = [x for x in found if "admonition-mismatch" in x or "paragraph-" in x]
    # a dropped note is one finding, the box's (its text is not reported again)
    assert len(found) == 1 and "admonition-mismatch" in found[0], found


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


# --- widediff: a wider sample of a diffusion library's docs (tests/labels/diffusers-wide.jsonl)

EN_TWO_MODES = """# Runner

The runner speeds up models on many chips. See the [device list](https://example.com/devices).

## Fast mode

Load and run with [`FastPipe`]; to convert a model on the fly set `convert=True`:

```python
from runner import FastPipe

pipe = FastPipe.load("org/model-a", convert=True)
image = pipe("a ship in a storm").images[0]
```

To speed it up further, fix the shapes of the model before you run it:

```python
pipe.reshape(1, 512, 512)
pipe.compile()
```

<img src="https://example.com/ship.png">

More examples are in the [docs](https://example.com/docs#fast).

## Fast mode XL

Use [`FastPipeXL`] for the large model:

```python
from runner import FastPipeXL

pipe = FastPipeXL.load("org/model-xl")
image = pipe("a ship in a storm").images[0]
```

The large model supports two tasks, see the [docs](https://example.com/docs#fast-xl).
"""

KO_ONE_MODE = """# 러너 사용 방법

러너는 여러 칩에서 모델을 빠르게 실행합니다. [장치 목록](https://example.com/devices)을 확인하세요.

## 설치

다음 명령어로 설치합니다:

```sh
pip install runner
```

## Fast mode 추론

`SlowPipe` 대신 `FastPipe`를 사용하고, 모델을 바로 변환하려면 `convert=True`로 설정합니다.

```python
from runner import FastPipe

pipe = FastPipe.load("org/model-b", convert=True)
images = pipe("a photo of a cat").images[0]
```

[문서](https://example.com/docs#convert)에서 더 많은 예시를 볼 수 있습니다.
"""


def test_words_of_a_title_do_not_outweigh_the_code_a_section_shares(tmp_path: Path) -> None:
    """`Fast mode 추론` shares the class and flag of `Fast mode` and only title words with
    `Fast mode XL`, the last section as it is itself: it pairs with `Fast mode`."""
    found = lint_case(tmp_path, EN_TWO_MODES, KO_ONE_MODE)[1]
    rules = _rules(found)
    assert "section-rewritten" not in rules, found
    missing = [line for line in found if "section-missing" in line]
    assert len(missing) == 1 and "`Fast mode XL`" in missing[0], found
    assert any("inline code `SlowPipe` is not in the source" in line for line in found), found


EN_MERGED_SETUP = """# Setup

Tool runs on Python 3.9+. Create an environment and install it with one of the methods below.

```bash
uv pip install tool-core
```

A source install gives the newest code; it may break. Open an [issue](https://example.com/issues) if it does.

```bash
uv pip install git+https://example.com/tool
```

## Editable install

An editable install is for the `main` version of `tool`: it links the clone to the library path, so changes apply without a reinstall.

```bash
git clone https://example.com/toolkit-ml.git
cd toolkit-ml
uv pip install -e ".[full]"
```

Update the clone with the command below.

```bash
cd ~/toolkit-ml/
git pull
```

## Cache

Files are cached in your home folder; set `TOOL_HOME` to move them.

```bash
export TOOL_HOME="/path/to/cache"
```

## Telemetry

Turn telemetry off with `TOOL_NO_TELEMETRY`.

```bash
export TOOL_NO_TELEMETRY=1
```
"""

KO_SPLIT_SETUP = """# 설정

Tool은 Python 3.9+에서 동작합니다.

## pip 설치

가상 환경을 만들고 다음 명령어로 설치하세요:

```bash
python -m venv .env
source .env/bin/activate
pip install tool-core
```

## 소스로부터 설치

소스에서 `tool`을 설치하기 전에 `git`이 있는지 확인하세요.

```bash
pip install git+https://example.com/tool
```

이 명령어는 최신 `main` 버전을 설치합니다. 문제가 생기면 [이슈](https://example.com/issues)를 열어 주세요.

## 편집 가능한 설치

소스 코드의 `main` 버전을 쓰거나 기여하려면 편집 가능한 설치가 필요합니다. 저장소를 복제하세요:

```bash
git clone https://example.com/toolkit-ml.git
cd toolkit-ml
```

```bash
pip install -e ".[full]"
```

이 명령어는 복제한 폴더를 라이브러리 경로에 연결합니다. 예를 들어 패키지가 `~/env/lib/python3.10/site-packages/`에 있으면 `~/toolkit-ml/`도 검색합니다.

다음 명령어로 최신 버전으로 업데이트합니다:

```bash
cd ~/toolkit-ml/
git pull
```

## 텔레메트리

`TOOL_NO_TELEMETRY` 환경 변수로 텔레메트리를 끌 수 있습니다.

```bash
export TOOL_NO_TELEMETRY=1
```
"""


def test_a_section_whose_code_changed_a_little_keeps_its_counterpart(tmp_path: Path) -> None:
    """`편집 가능한 설치` keeps the clone and the update commands of `Editable install` (the
    English now installs with `uv pip` in one block): it pairs with it, not with the source
    install section before it, which the English merged into its first section."""
    found = lint_case(tmp_path, EN_MERGED_SETUP, KO_SPLIT_SETUP)[1]
    extra = [line for line in found if "section-extra" in line]
    assert not any("편집 가능한 설치" in line for line in extra), found
    assert any("`소스로부터 설치`" in line for line in extra), found
    assert any("section `Cache`" in line for line in found), found


EN_ABSTRACT = """# Wave Model

<div class="flex">
  <img alt="LoRA" src="https://example.com/badge-lora.svg"/>
</div>

Wave Model was proposed in [Waves for Images](https://arxiv.org/abs/2401.01234) by Ann Lee and Bo Kim.

The abstract from the paper is:

*We present a wave model for image synthesis. Compared to earlier models, it uses a larger backbone with more attention blocks and a second text encoder. We design several conditioning schemes and train the model on many aspect ratios. We also introduce a refiner that improves the visual fidelity of its samples with an image-to-image step. The model shows much better results than its predecessors and competes with closed image generators.*

## Tips

- The model works best at 1024x1024; 512x512 is supported but worse.
- Pass a second prompt with `prompt_2` to the second text encoder.

## WavePipeline

[[autodoc]] WavePipeline
"""

KO_ABSTRACT_USAGE = """# 웨이브 모델

웨이브 모델은 Ann Lee, Bo Kim이 [Waves for Images](https://arxiv.org/abs/2401.01234)에서 제안했습니다.

논문 초록은 다음과 같습니다:

*이미지 합성을 위한 웨이브 모델을 소개합니다. 이전 모델보다 더 큰 백본과 두 번째 텍스트 인코더를 사용합니다. 여러 조건화 방법을 설계하고 다양한 종횡비로 학습했습니다. 또한 image-to-image 단계로 품질을 높이는 정제 모델을 소개합니다.*

## 팁

- 이 모델은 1024x1024에서 가장 잘 작동합니다.
- `prompt_2`로 두 번째 텍스트 인코더에 다른 프롬프트를 전달할 수 있습니다.

## 사용 방법

{extra}## WavePipeline

[[autodoc]] WavePipeline
"""


def _ko_abstract_usage(sections: int) -> str:
    extra = "".join(
        f"""### 사용 예시 {k}

다음과 같이 사용합니다:

이 예시에서는 웨이브 모델을 사용하여 이미지를 생성하는 방법을 자세히 설명합니다. 먼저 파이프라인을 불러오고 장치로 옮긴 다음 프롬프트를 전달합니다. 결과 이미지는 기본적으로 PIL 객체로 반환되며 원하는 경로에 저장할 수 있습니다. 메모리가 부족하면 오프로딩을 사용하세요.

```py
pipe = WavePipeline.from_pretrained("org/wave-{k}")
image = pipe(prompt="example {k}").images[0]
```

"""
        for k in range(1, sections + 1)
    )
    return KO_ABSTRACT_USAGE.format(extra=extra)


def test_own_paragraphs_face_each_other_past_a_bulk_of_folded_subsections(
    tmp_path: Path,
) -> None:
    """The Korean keeps twenty usage subsections the English moved away (they fold into the
    page's first section): its translated abstract still pairs with the English abstract."""
    found = lint_case(tmp_path, EN_ABSTRACT, _ko_abstract_usage(20))[1]
    rules = _rules(found)
    assert "paragraph-missing" not in rules and "paragraph-extra" not in rules, found
    assert "image-mismatch" in rules, found  # the badge the Korean lacks
    text = _ko_abstract_usage(20)
    dropped = text.split("*이미지 합성을")[0] + "## 팁" + text.split("## 팁", 1)[1]
    found = _rules(lint_case(tmp_path / "b", EN_ABSTRACT, dropped, "paragraph-missing")[1])
    assert "paragraph-missing" in found, found


EN_ONE_LONG = """# Examples

## Community

We also provide community examples, which are added and kept up to date by the people of our community.
Community examples can hold both training examples and inference pipelines of every kind and size.
For such examples we are more lenient about the rules defined above, and we cannot promise to fix every issue.
Examples that are useful to the community but not yet popular, or that do not follow our rules yet, go in the [community folder](https://example.com/community), which holds scripts and pipelines alike.
**Note**: community examples can be a [great first contribution](https://example.com/good-first) that shows the community how you like to use the library.

## Next

Read the guide next.
"""

KO_SPLIT_IN_THREE = """# 예제

## 커뮤니티

공식 예제 외에도 커뮤니티 예제도 제공합니다. 이 예제들은 커뮤니티가 관리합니다. 커뮤니티 예제는 학습 예제나 추론 파이프라인으로 이루어질 수 있습니다. 이런 예제에는 위의 규칙을 더 너그럽게 적용하며, 모든 이슈의 유지보수를 약속할 수는 없습니다.

유용하지만 아직 널리 쓰이지 않거나 규칙을 따르지 않는 예제는 [커뮤니티 폴더](https://example.com/community)에 들어갑니다.

**Note**: 커뮤니티 예제는 라이브러리를 어떻게 쓰는지 보여 주는 [좋은 첫 기여](https://example.com/good-first)가 될 수 있습니다.

## 다음

다음으로 가이드를 읽어 보세요.
"""


def test_one_paragraph_split_in_three_is_one_match(tmp_path: Path) -> None:
    """The Korean split one long English paragraph into three (the programme joins two at
    most): the first part is not extra; a paragraph the Korean adds there still is."""
    assert lint_case(tmp_path, EN_ONE_LONG, KO_SPLIT_IN_THREE)[1] == []
    added = KO_SPLIT_IN_THREE.replace(
        "## 다음", "이 절에는 원문에 없는 설명을 덧붙였습니다. 번역자가 더한 문단입니다.\n\n## 다음"
    )
    found = _rules(lint_case(tmp_path / "b", EN_ONE_LONG, added, "paragraph-extra")[1])
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


EN_ASSIGN = """# Run

## Processes

Create the group with the backend, the `rank` of the process and the number of processes
taking part (for example, two devices would be `world_size=2`).
"""

KO_ASSIGN = """# 실행

## 프로세스

백엔드, 프로세스의 `rank`, 참여하는 프로세스 수로 그룹을 만듭니다.

두 개의 장치에서 실행하는 경우 `world_size`는 2입니다.
"""


def test_a_name_value_span_said_in_words_is_not_missing(tmp_path: Path) -> None:
    assert lint_case(tmp_path, EN_ASSIGN, KO_ASSIGN, "code-mismatch")[1] == []
    wrong = KO_ASSIGN.replace("`world_size`는 2", "`world_size`는 4")
    found = lint_case(tmp_path / "b", EN_ASSIGN, wrong, "code-mismatch")[1]
    assert found and "`world_size=2`" in found[0], found


def test_a_number_before_the_particle_only_is_that_number(tmp_path: Path) -> None:
    en = "# Notes\n\n## Batches\n\nWe used a batch size above 1 in the first stage only.\n"
    ko = "# 참고\n\n## 배치\n\n첫 번째 단계에서만 배치 크기 > 1만 사용했습니다.\n"
    assert lint_case(tmp_path, en, ko, "number-mismatch")[1] == []
    wrong = ko.replace("> 1만", "> 2만")
    found = lint_case(tmp_path / "b", en, wrong, "number-mismatch")[1]
    assert found and "`2만`" in found[0], found


def test_a_doc_builder_anchor_without_the_underscores_of_a_heading_is_found(
    tmp_path: Path,
) -> None:
    # doc-builder keeps only letters, digits and hyphens: `## MY_VAR` is `#myvar` there
    en = "# G\n\nSee [it](#my_var) and [this](#myvar).\n\n## MY_VAR\n\nText.\n"
    ko = "# 안내\n\n[그것](#my_var)과 [이것](#myvar)을 보세요.\n\n## MY_VAR\n\n글.\n"
    assert lint_case(tmp_path, en, ko)[1] == []
    other = ko.replace("(#myvar)", "(#othervar)")
    assert "broken-anchor" in _rules(lint_case(tmp_path / "b", en, other)[1])


EN_ALIAS = (
    "# Guide\n\n## Install\n\nRun `pip install tool` first.\n\n"
    '<a id="setup"></a> <!-- old anchor -->\n\n'
    "## Configuration\n\nMake [an account](https://example.com/join), then get "
    "[a token](https://example.com/tokens).\n\n> [!TIP]\n> A token is `read` or `write`.\n\n"
    "### Command\n\n```bash\ntool login\n```\n\n"
    "If logged in, `tool login --force` logs in again and saves it in `TOOL_HOME`.\n\n"
    "```py\n>>> from tool import login\n>>> login()\n```\n\n"
    "You can be logged in to one account only. Run `tool whoami` to see who you are.\n\n"
    "### Variables\n\nSet `TOKEN` or `TOOL_SECRET` in [a secret](https://example.com/secrets).\n\n"
    "### Parameters\n\n```py\nwhoami(token=...)\n```\n\n"
    "## Upload\n\nCall `upload()` with a path.\n\n## Next\n\nRead [the guides](https://example.com/g).\n"
)
KO_ALIAS = (
    "# 안내\n\n## 설치\n\n먼저 `pip install tool`을 실행하세요.\n\n"
    "## 설정 [[setup]]\n\n[계정](https://example.com/join)을 만들고 "
    "[토큰](https://example.com/tokens)을 받으세요.\n\n"
    "```bash\ntool login\n# or with a variable\ntool login --token $TOKEN\n```\n\n"
    "또는 노트북에서 로그인하세요:\n\n```py\n>>> from tool import login\n>>> login()\n```\n\n"
    "한 번에 한 계정에만 로그인할 수 있습니다. `tool whoami`로 확인하세요.\n\n"
    "## 업로드\n\n경로와 함께 `upload()`를 부르세요.\n\n"
    "## 다음\n\n[가이드](https://example.com/g)를 읽으세요.\n"
)


def test_an_html_anchor_just_above_a_heading_is_an_id_of_that_heading(tmp_path: Path) -> None:
    # the source renamed a heading, split it into subsections and kept its old anchor in an
    # `<a id>` above it: the translation's `[[setup]]` names that heading, not the subsection
    # sharing most of its code
    rules = _rules(lint_case(tmp_path, EN_ALIAS, KO_ALIAS)[1])
    assert "heading-level-mismatch" not in rules, rules
    assert "url-mismatch" not in rules, rules
    assert rules.count("section-missing") == 3, rules  # the new subsections
    deeper = KO_ALIAS.replace("## 설정", "### 설정")
    assert "heading-level-mismatch" in _rules(lint_case(tmp_path / "b", EN_ALIAS, deeper)[1])


def test_a_link_in_a_heading_is_checked(tmp_path: Path) -> None:
    # a translator wrote the heading's id as a link target: `## [Tool](Tool도구)`
    en = "# G\n\n## [Tool](doc.md)\n\nText.\n"
    ko = "# 안내\n\n## [Tool](doc.md)\n\n글.\n"
    assert lint_case(tmp_path, en, ko, "broken-link")[1] == []
    wrong = ko.replace("(doc.md)", "(Tool도구)")
    found = lint_case(tmp_path / "b", en, wrong, "broken-link")[1]
    assert found and "`Tool도구`" in found[0], found


EN_NAMES = """# Models

## Supported

The task works with the following models:

[Alpha](a.md), [Beta net](b.md), [mGamma](c.md), [Delta-X](d.md), [Eps](e.md), [Zeta Two](f.md)
"""


def test_a_list_of_names_is_not_prose_left_in_english(tmp_path: Path) -> None:
    ko = EN_NAMES.replace("# Models\n\n## Supported", "# 모델\n\n## 지원").replace(
        "The task works with the following models:", "이 작업은 다음 모델에서 작동합니다:"
    )
    assert lint_case(tmp_path, EN_NAMES, ko, "untranslated")[1] == []
    left = ko + "\nTrain the model on your data, then check the results of it.\n"
    found = lint_case(tmp_path / "b", EN_NAMES, left, "untranslated")[1]
    assert found and ":9:" in found[0], found


EN_VARIANTS = """# Train

## Load

With PyTorch, load the model:

```py
>>> from lib import AutoModelForTask, Args

>>> model = AutoModelForTask.from_pretrained(
...     "org-base-uncased", num_labels=2, id2label=id2label, label2id=label2id
... )
```

With TensorFlow, load the model:

```py
>>> from lib import TFAutoModelForTask

>>> model = TFAutoModelForTask.from_pretrained(
...     "org-base-uncased", num_labels=2, id2label=id2label, label2id=label2id
... )
```
"""


def test_a_block_whose_string_changed_keeps_its_variant_not_its_sibling(tmp_path: Path) -> None:
    ko = (
        EN_VARIANTS.replace("# Train\n\n## Load", "# 훈련\n\n## 로드")
        .replace("With PyTorch, load the model:", "PyTorch에서 모델을 로드하세요:")
        .replace("With TensorFlow, load the model:", "TensorFlow에서 모델을 로드하세요:")
        .replace('"org-base-uncased"', '"org/org-base-uncased"')
    )
    assert lint_case(tmp_path, EN_VARIANTS, ko, "code-mismatch")[1] == []
    changed = ko.replace("num_labels=2, id2label", "num_labels=3, id2label", 1)
    found = lint_case(tmp_path / "b", EN_VARIANTS, changed, "code-mismatch")[1]
    assert len(found) == 1 and ":11:" in found[0], found


EN_MOVED = """# Guide

## Alpha

Alpha splits the text on spaces and counts each word.

## Beta

Beta merges the most frequent pair, again and again.

## Gamma

Gamma starts big and removes the pieces that matter least.

## Delta

Delta picks the pair that raises the likelihood most.
"""

KO_MOVED = """# 가이드[[guide]]

## 알파[[alpha]]

알파는 텍스트를 공백으로 나누고 각 단어를 셉니다.

## 델타[[delta]]

델타는 우도를 가장 많이 높이는 쌍을 고릅니다.

## 베타[[beta]]

베타는 가장 자주 나오는 쌍을 계속 병합합니다.

## 감마[[gamma]]

감마는 크게 시작해 가장 덜 중요한 조각을 제거합니다.
"""


def test_a_section_moved_with_the_source_anchor_as_its_id_is_not_missing(tmp_path: Path) -> None:
    # the source moved `Delta` to the end; the translation keeps it second, with the source's
    # anchor as its explicit id: one section moved, not one missing and one extra
    for k, rule in enumerate(("section-missing", "section-extra")):
        assert lint_case(tmp_path / str(k), EN_MOVED, KO_MOVED, rule)[1] == []
    # without the id, nothing says the two are one section
    plain = KO_MOVED.replace("## 델타[[delta]]", "## 델타")
    found = lint_case(tmp_path / "b", EN_MOVED, plain, "section-missing")[1]
    assert len(found) == 1 and "Delta" in found[0], found
