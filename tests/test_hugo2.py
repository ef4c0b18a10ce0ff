"""Hugo sites, second sample: the classes a held-out sample of the Kubernetes website showed.

Each case is a minimal pair written for the test, of the shape the hand-labelled real pages
showed (tests/labels/k8s-docs2.jsonl): a template heading only one side has, a code span that
glosses its identifier, a one-item list written as a sentence; and the words a template
heading shows on a Korean page of the HTML export.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from curriculum_tools.cli import main
from curriculum_tools.syntax.hugo import heading_words, template_key

from .rule_cases import lint_case

START_EN = """# Start

This section covers the ways to set up and run the system on your machines.

## Learning

If you are learning, use the tools the community supports on a local machine:
[local tool](https://tools.example/local), [kind](https://kind.example/),
[desktop](https://desktop.example/) and [micro](https://micro.example/).

## Production

When evaluating a solution for production, consider which parts you want to manage
yourself. [Partners](https://partners.example/list) lists
[certified](https://certified.example/) providers.
"""
START_KO = """# 시작하기

이 섹션에는 시스템을 설정하고 실행하는 다양한 방법이 나열되어 있다.

## 학습

배우고 있다면 로컬 머신에서 커뮤니티 도구를 사용한다.
[도구 설치](https://tools.example/install)를 살펴본다.

## 운영

운영 환경을 위한 솔루션을 평가할 때에는 어떤 측면을 스스로 관리할지
고려한다. 직접 운영한다면 공식 도구는 [설치 도구](https://tools.example/setup)이다.

## {{% heading "whatsnext" %}}

- [내려받기](https://tools.example/download)를 한다.
- [도구를 설치](https://tools.example/install)한다.
- 새 클러스터에 사용할 [런타임](https://tools.example/runtime)을 선택한다.
- 구성의 [모범 사례](https://tools.example/best)를 확인한다.

제어부는 리눅스에서 실행되도록 설계되었다. 클러스터 안에서는 리눅스나
다른 운영 체제에서 애플리케이션을 실행할 수 있다.

- [윈도우 노드를 포함하는 클러스터](https://tools.example/windows)를 살펴본다.
"""


def test_a_template_heading_pairs_only_with_the_same_heading(tmp_path: Path) -> None:
    lines = [x for x in lint_case(tmp_path, START_EN, START_KO)[1] if " section-" in x]
    assert len(lines) == 1 and "section-extra section `What's next`" in lines[0], lines


def test_a_plain_heading_with_the_site_words_is_the_template_heading(tmp_path: Path) -> None:
    en = (
        START_EN
        + '\n## {{% heading "whatsnext" %}}\n\n- [Download](https://tools.example/download).\n'
    )
    ko = START_KO.replace('{{% heading "whatsnext" %}}', "다음 내용")
    lines = [x for x in lint_case(tmp_path, en, ko)[1] if " section-" in x]
    assert lines == [], lines
    assert template_key('{{% heading "cleanup" %}}') == "cleanup"
    assert "정리하기" in heading_words("cleanup")


SOURCES_EN = """# Sources

The sources are `secret`, `configMap` and `serviceAccountToken`.
"""

SOURCES_KO = """# 소스

소스는 `시크릿(secret)`, `컨피그맵(configMap)`, `서비스어카운트토큰(serviceAccountToken)`이다.
"""


def test_a_code_span_that_glosses_its_identifier_keeps_it(tmp_path: Path) -> None:
    lines = lint_case(tmp_path, SOURCES_EN, SOURCES_KO, only="code-mismatch")[1]
    assert lines == [], lines
    other = SOURCES_KO.replace("(configMap)", "(configMaps)")
    lines = lint_case(tmp_path / "b", SOURCES_EN, other, only="code-mismatch")[1]
    assert [x for x in lines if "`configMap`" in x], lines


NEXT_EN = """# Scale

Scale it with `kubectl scale`.

## Next

* Learn more about [deleting it](https://docs.example/delete/).
"""

NEXT_KO = """# 스케일

`kubectl scale`로 스케일한다.

## 다음

[삭제하기](https://docs.example/delete/)에 대해 더 알아보기.
"""


def test_a_one_item_list_written_as_a_sentence_is_not_a_lost_list(tmp_path: Path) -> None:
    assert lint_case(tmp_path, NEXT_EN, NEXT_KO, only="list-count-mismatch")[1] == []
    en = NEXT_EN + "* Learn about [scaling](https://docs.example/scale/).\n"
    ko = NEXT_KO.replace(
        "알아보기.", "알아보기.\n[스케일링](https://docs.example/scale/)에 대해 알아보기."
    )
    lines = lint_case(tmp_path / "b", en, ko, only="list-count-mismatch")[1]
    assert [x for x in lines if "not a list here" in x], lines


def test_a_template_heading_shows_the_words_of_the_pages_language(tmp_path: Path) -> None:
    src = tmp_path / "site"
    for lang, text in (("en", NEXT_EN), ("ko", NEXT_KO)):
        (src / lang).mkdir(parents=True)
        page = text.replace("## Next", '## {{% heading "whatsnext" %}}')
        page = page.replace("## 다음", '## {{% heading "whatsnext" %}}')
        (src / lang / "scale.md").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["export", "--format", "html", "--out", str(out), str(src)])
    assert result.exit_code == 0, result.output
    ko = next(out.rglob("ko/scale.html")).read_text(encoding="utf-8")
    en = next(out.rglob("en/scale.html")).read_text(encoding="utf-8")
    assert "다음 내용</span>" in ko and "What's next</span>" not in ko, ko
    assert "What's next</span>" in en and "다음 내용</span>" not in en, en
    assert '<a href="#whats-next">다음 내용</a>' in ko  # the contents
    args = ["export", "--format", "latex", "--out", str(tmp_path / "tex"), str(src)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    tex = next((tmp_path / "tex").rglob("ko/scale.tex")).read_text(encoding="utf-8")
    assert "다음 내용" in tex and "What" not in tex, tex


NOTE_EN = """# Keys

Keys and values of the map are strings.

## Names

A name is unique within its kind.
"""

NOTE_KO = """# 키

맵의 키와 값은 문자열이다.

{{< note >}}
숫자, 불리언, 리스트와 같은 다른 유형은 키나 값으로 쓸 수 없으니 반드시 문자열로 바꾸어 적는다.
{{< /note >}}

## 이름

이름은 같은 종류 안에서 고유하다.
"""


def test_a_note_added_in_the_translation_is_one_finding(tmp_path: Path) -> None:
    lines = [x for x in lint_case(tmp_path, NOTE_EN, NOTE_KO)[1] if "warning" in x or "error" in x]
    assert len(lines) == 1 and "admonition-mismatch" in lines[0], lines
    lost = [
        x
        for x in lint_case(tmp_path / "b", NOTE_KO, NOTE_EN)[1]
        if "-mismatch" in x or "paragraph-" in x
    ]
    assert len(lost) == 1 and "admonition-mismatch" in lost[0], lost


def test_the_text_of_a_note_is_reported_when_no_box_is_lost(tmp_path: Path) -> None:
    en = NOTE_EN.replace(
        "A name is unique", "{{< note >}}\nCheck it.\n{{< /note >}}\n\nA name is unique"
    )
    lines = lint_case(tmp_path, en, NOTE_KO)[1]
    assert not [x for x in lines if "admonition-mismatch" in x and "warning" in x], lines
    assert [x for x in lines if "paragraph-" in x], lines


STEPS_EN = """# Deploy

## Steps

1. Run the application in your cluster:

{{< codenew file="service/app.yaml" >}}

```shell
kubectl apply -f https://example.com/service/app.yaml
```

The command creates a [Deployment](https://example.com/deployment/).

1. Show the Deployment:

        kubectl get deployments app

1. Show the [ReplicaSet](https://example.com/replicaset/):

        kubectl get replicasets --selector app=demo

1. Show the [pods](https://example.com/pods/) of the Deployment:

        kubectl get pods --selector app=demo

1. Expose the Deployment as a [Service](https://example.com/service/):

        kubectl expose deployment app --type=LoadBalancer --name=demo
"""

STEPS_KO = """# 배포

## 단계

1. 클러스터에서 애플리케이션을 실행한다.

        kubectl create deployment app --image=example/app:1.0

    이 명령은 [디플로이먼트](https://example.com/deployment/)를 생성한다.

1. 디플로이먼트를 확인한다.

        kubectl get deployments app

1. [레플리카셋](https://example.com/replicaset/)을 확인한다.

        kubectl get replicasets --selector app=demo

1. 디플로이먼트의 [파드](https://example.com/pods/)를 확인한다.

        kubectl get pods --selector app=demo

1. 디플로이먼트를 [서비스](https://example.com/service/)로 노출한다.

        kubectl expose deployment app --type=LoadBalancer --name=demo
"""


def test_a_list_the_source_breaks_at_the_margin_is_the_whole_list(tmp_path: Path) -> None:
    assert lint_case(tmp_path, STEPS_EN, STEPS_KO, only="list-count-mismatch")[1] == []
    extra = STEPS_KO + "\n1. 정리한다.\n\n        kubectl delete deployment app\n"
    lines = lint_case(tmp_path / "b", STEPS_EN, extra, only="list-count-mismatch")[1]
    assert [x for x in lines if "list of 6 items" in x], lines
