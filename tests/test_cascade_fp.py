"""False finding classes of the labelled samples left after the wide samples (issue 16, lintfp:
tests/labels/README.md, "Cascades and split structures").

Every case is a minimal pair written for the test; each class has a silent case and one where
the real defect next to it is still reported.
"""

from __future__ import annotations

from pathlib import Path

from .rule_cases import lint_case


def _rules(lines: list[str]) -> list[str]:
    return [line.split()[2] for line in lines]


EN_DEMOTED = """# Setup

## Cache

Files are cached under `~/.cache/pkg` after the first download of a model.

### Offline mode

Download ahead with `snapshot_download`, set `PKG_OFFLINE=1` and pass `local_files_only=True`
to `from_pretrained`; `PKG_HOME` moves the cache and `PKG_TIMEOUT=30` bounds each request.

```py
snapshot_download(repo_id="org/model", revision="v2")
```

## Next

Read [the tour](https://example.com/tour) next.
"""

KO_DEMOTED = """# 설정

## 캐시

모델을 처음 내려받으면 파일이 `~/.cache/pkg`에 캐시됩니다.

## 오프라인 모드 [[offline-mode]]

`OLD_OFFLINE=1` 환경 변수와 `old_flag=False` 를 설정하면 `load_local` 만 사용하고 `OLD_DIR` 에서
읽으며 `OLD_RETRY=5` 번 다시 시도합니다.

```bash
OLD_OFFLINE=1 python run.py --model org/model --retry 5
```

## 다음

다음으로 [둘러보기](https://example.com/tour)를 읽으세요.
"""


def test_a_rewritten_section_at_another_level_is_one_finding(tmp_path: Path) -> None:
    rules = _rules(lint_case(tmp_path, EN_DEMOTED, KO_DEMOTED)[1])
    assert "section-rewritten" in rules, rules
    assert "heading-level-mismatch" not in rules, rules
    kept = KO_DEMOTED.replace("## 오프라인 모드", "### 오프라인 모드")
    assert "heading-level-mismatch" not in _rules(lint_case(tmp_path / "k", EN_DEMOTED, kept)[1])
    close = EN_DEMOTED.split("### Offline mode")[0] + (
        "### Offline mode\n\nSet `OLD_OFFLINE=1` and the model loads with `load_local` only.\n\n"
        "## Next\n\nRead [the tour](https://example.com/tour) next.\n"
    )
    ko_close = KO_DEMOTED.split("## 오프라인 모드")[0] + (
        "## 오프라인 모드 [[offline-mode]]\n\n`OLD_OFFLINE=1`을 설정하면 모델을 `load_local`로만"
        " 불러옵니다.\n\n## 다음\n\n다음으로 [둘러보기](https://example.com/tour)를 읽으세요.\n"
    )
    found = lint_case(tmp_path / "b", close, ko_close)[1]
    assert _rules(found) == ["heading-level-mismatch"], found


EN_NESTED = """# Convert

## Steps

1. Clone the repository that holds the checkpoint you want to convert to the new format.

```bash
git clone https://example.com/org/model
```

2. The conversion script takes several arguments, but the most important ones are:

    - `checkpoint_path`: the path to the `.ckpt` file to convert.
    - `config_file`: a YAML file that describes the architecture of the original model.
    - `dump_path`: the folder where the converted model is written.

        For example, take the `v15.yaml` file from the repository the checkpoint comes from.

3. Now run the script to convert the checkpoint and check the files it wrote in the folder.

```bash
python convert.py --checkpoint_path model.ckpt --config_file v15.yaml --dump_path ./out
```
"""

KO_NESTED = """# 변환

## 단계

1. 새 형식으로 변환하려는 체크포인트가 있는 리포지토리를 복제합니다.

```bash
git clone https://example.com/org/model
```

2. 변환 스크립트는 여러 인수를 받지만 가장 중요한 인수는 다음과 같습니다:

- `checkpoint_path`: 변환할 `.ckpt` 파일의 경로입니다.
- `config_file`: 원래 모델의 아키텍처를 설명하는 YAML 파일입니다.
- `dump_path`: 변환된 모델을 저장할 폴더입니다.

예를 들어, 체크포인트를 가져온 리포지토리에서 `v15.yaml` 파일을 가져오세요.

3. 이제 스크립트를 실행하여 체크포인트를 변환하고 폴더에 쓰인 파일을 확인합니다.

```bash
python convert.py --checkpoint_path model.ckpt --config_file v15.yaml --dump_path ./out
```
"""


def test_a_numbered_item_s_nested_list_written_at_top_level_is_the_same_list(
    tmp_path: Path,
) -> None:
    assert lint_case(tmp_path, EN_NESTED, KO_NESTED)[1] == []
    dropped = KO_NESTED.replace(
        "3. 이제 스크립트를 실행하여 체크포인트를 변환하고 폴더에 쓰인 파일을 확인합니다.\n\n", ""
    )
    found = lint_case(tmp_path / "b", EN_NESTED, dropped)[1]
    assert "paragraph-missing" in _rules(found) or "list-count-mismatch" in _rules(found), found
    extra = (
        "변환 스크립트는 오래된 체크포인트 형식도 읽을 수 있으며, 변환 중에 생기는 경고는 대부분 무시해도"
        " 괜찮습니다. 다만 메모리가 부족한 환경에서는 변환이 중간에 멈출 수 있으므로 충분한 메모리를 갖춘"
        " 장비에서 실행하는 것이 좋고, 변환 후에는 결과 폴더의 파일 크기를 원래 체크포인트와 비교해 보세요."
        " 크기가 크게 다르면 설정 파일이 맞지 않았을 가능성이 높으니 다른 설정 파일로 다시 시도해 보세요.\n\n"
    )
    added = KO_NESTED.replace("3. 이제", extra.replace("\n\n", " ") * 2 + "\n\n3. 이제")
    assert "paragraph-extra" in _rules(lint_case(tmp_path / "d", EN_NESTED, added)[1])
    renumbered = KO_NESTED.replace("3. 이제", "5. 이제")
    assert lint_case(tmp_path / "c", EN_NESTED, renumbered)[1] != []


EN_SPLIT = """# Files

## Adapter files

[WebUI](https://example.com/webui) is a popular interface that supports sharing platforms like
[Hub](https://example.com/hub). Adapters trained with the low-rank technique are popular because
they train fast and their files are small. The library loads them with `loaders.Mixin.load`:

```py
pipe.load("path/to/adapter.safetensors")
```
"""

KO_SPLIT = """# 파일

## 어댑터 파일

[WebUI](https://example.com/webui)는 [Hub](https://example.com/hub) 같은 공유 플랫폼을 지원하는
인기 있는 인터페이스입니다. 저랭크 기법으로 학습한 어댑터는 학습이 빠르고 파일이 작아 인기가 높습니다.

이 라이브러리는 WebUI에서 학습한 어댑터 파일을 `loaders.NewMixin.load` 메서드로 바로 파이프라인에
불러오는 기능을 지원합니다:

```py
pipe.load("path/to/adapter.safetensors")
```
"""


def test_a_split_paragraph_whose_second_half_holds_a_renamed_api_is_not_extra(
    tmp_path: Path,
) -> None:
    found = lint_case(tmp_path, EN_SPLIT, KO_SPLIT)[1]
    assert "paragraph-extra" not in _rules(found), found
    assert "code-mismatch" in _rules(found), found  # the renamed API: true
    added = KO_SPLIT.replace("`loaders.NewMixin.load`", "`loaders.NewMixin.save`").replace(
        "저랭크 기법으로", "라이브러리는 `loaders.Mixin.load`로 불러옵니다. 저랭크 기법으로"
    )
    assert "paragraph-extra" in _rules(lint_case(tmp_path / "b", EN_SPLIT, added)[1])
    number = KO_SPLIT.replace("`loaders.NewMixin.load` 메서드로", "버전 4의 메서드로")
    assert "paragraph-extra" in _rules(lint_case(tmp_path / "c", EN_SPLIT, number)[1])


EN_OLD_ID = """# Algorithms

## Byte pair encoding (BPE)

BPE is the most popular tokenization algorithm, used by models like [Llama](https://example.com/llama)
and more: it merges the most frequent pair of symbols until the vocabulary reaches its size.

## Unigram

Unigram starts from a large vocabulary and removes symbols until it reaches the target size.
"""

KO_OLD_ID = """# 알고리즘

## 서브워드 토큰화[[subword-tokenization]]

서브워드 토큰화는 자주 쓰는 단어는 그대로 두고 드문 단어를 의미 있는 하위 단어로 나눕니다.

### 바이트 페어 인코딩(Byte-Pair Encoding, BPE)[[bytepair-encoding-bpe]]

BPE는 [희귀 단어의 번역](https://example.com/paper) 논문에서 소개되었으며, 훈련 데이터를 단어로
나누는 사전 토크나이저에 의존합니다.

### 유니그램[[unigram]]

유니그램은 큰 어휘에서 시작해 목표 크기가 될 때까지 기호를 제거합니다.
"""


def test_a_korean_id_from_the_older_anchor_convention_pairs_its_heading(tmp_path: Path) -> None:
    found = lint_case(tmp_path, EN_OLD_ID, KO_OLD_ID)[1]
    assert not [f for f in found if "section-extra" in f and "BPE" in f], found
    assert [f for f in found if "section-extra" in f and "`서브워드 토큰화`" in f], found
    other = KO_OLD_ID.replace("[[bytepair-encoding-bpe]]", "[[merges]]")
    found = lint_case(tmp_path / "b", EN_OLD_ID, other)[1]
    assert [f for f in found if "section-extra" in f and "BPE" in f], found


EN_MOVED = """# Collections

## Create a collection

Now that you know how to fetch a collection, let's create our own with `create_collection`
and a title and a description.

```py
collection = create_collection(title="Week", description="Highlights")
```

The call returns a collection with its metadata and an empty list of items; refer to it by
its `slug` from now on.

```py
collection.slug
```

To create it on an organization page, pass `namespace="my-org"` when you create it. You can
also create a private collection by passing `private=True`.
"""

KO_MOVED = """# 컬렉션

## 컬렉션 만들기

이제 컬렉션을 가져오는 방법을 알았으니 `create_collection`에 제목과 설명을 넘겨 우리만의 컬렉션을
만들어 봅시다. 조직 페이지에 만들려면 `namespace="my-org"`를 넘기고, `private=True`를 넘기면
비공개 컬렉션을 만들 수 있습니다.

```py
collection = create_collection(title="Week", description="Highlights")
```

이 호출은 메타데이터와 빈 항목 목록을 가진 컬렉션을 반환합니다. 이제 `slug`로 이 컬렉션을 참조할 수
있습니다.

```py
collection.slug
```
"""


def test_a_sentence_moved_into_an_earlier_paragraph_is_not_missing(tmp_path: Path) -> None:
    assert lint_case(tmp_path, EN_MOVED, KO_MOVED)[1] == []
    moved = KO_MOVED.split(" 조직 페이지에")[1].split("\n\n")[0]
    dropped = KO_MOVED.replace(" 조직 페이지에" + moved, "")
    assert dropped != KO_MOVED
    assert "paragraph-missing" in _rules(lint_case(tmp_path / "b", EN_MOVED, dropped)[1])
