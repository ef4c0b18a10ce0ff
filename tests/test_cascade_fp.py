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
