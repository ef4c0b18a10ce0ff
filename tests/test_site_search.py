"""Offline search of the course site: the index's terms (Korean by space-free character
bigrams), its compact postings, and the site's own script run by a real JavaScript engine
(node) over a real export: spacing, stems, particles, ranking and English prefixes."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from curriculum_tools.export.html.search import (
    INDEX_FILE,
    SCRIPT,
    SearchIndex,
    decode_postings,
    encode_postings,
    terms,
)

from .test_site_course import export, write


def test_hangul_is_cut_into_bigrams_across_the_spaces_of_a_run() -> None:
    assert terms("모델 학습") == ["모델", "델학", "학습"]
    assert terms("모델학습") == ["모델", "델학", "학습"], "spacing does not change the terms"
    assert terms("토크나이저는 Tokenizers") == [
        "토크",
        "크나",
        "나이",
        "이저",
        "저는",
        "tokenizers",
    ]
    assert terms("책") == ["책"]
    assert terms("GPU를 쓰고, 모델을") == ["를쓰", "쓰고", "모델", "델을", "gpu"], (
        "punctuation ends a run; a Latin word's particle joins the next Hangul word"
    )
    assert terms("a 7 x2 b_c") == ["7", "x2"], "one-letter words are noise; digits are not"
    nfd = unicodedata.normalize("NFD", "모델학습")
    assert nfd != "모델학습" and terms(nfd) == terms("모델학습"), "a Mac's jamo are composed"


def test_postings_round_trip_and_take_about_one_byte() -> None:
    rng = random.Random(7)
    for _ in range(200):
        numbers = sorted(rng.sample(range(100_000), rng.randint(0, 50)))
        assert decode_postings(encode_postings(numbers)) == numbers
    dense = list(range(0, 3000, 2))
    assert len(encode_postings(dense)) == len(dense), "a small gap is one character"
    assert encode_postings([0, 31, 32, 1055]) == "0v1*v", "deltas 0, 31, 1, 1023 = 31*32+31"


def test_the_index_stores_each_page_once() -> None:
    index = SearchIndex()
    page = index.page("Ownership", "en/ch04.html", "en")
    index.add(page, "", "", "Rust's most unique feature")
    index.add(page, "References", "references", "A reference is like a pointer")
    data = index.data()
    assert data["pages"] == [("Ownership", "en/ch04.html", "en")]
    assert data["entries"] == [(0, "", ""), (0, "References", "references")]
    terms_ = data["terms"]
    assert isinstance(terms_, dict)
    assert decode_postings(terms_["references"]) == [1]
    assert decode_postings(terms_["ownership"]) == [0], "the page title indexes its own text"
    assert (
        "</script>"
        not in SearchIndex([("</script><script>alert(1)", "x.html", "en")], [(0, "", "")]).script()
    )


PAGES = {
    "en/train.md": "# Training\n\nWe train the model. Tokenizers split text.\n",
    "ko/train.md": "# 모델 학습\n\n모델 학습은 데이터로 가중치를 바꿉니다.\n\n"
    "## 미세 조정\n\n모델을 다시 학습하기 위한 준비입니다.\n",
    "en/other.md": "# Other\n\nNothing here but a tokenizer.\n",
    "ko/other.md": "# 기타\n\n모델을 저장합니다. 그리고 나중에 학습합니다.\n",
}


def run_search(out: Path, queries: list[str]) -> dict[str, list[list[str]]]:
    """The site's own search.js in node (a real JavaScript engine), on the exported index."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (the browser test runs the same script)")
    runner = (
        "var window = {location: {search: ''}};\n"
        "var document = {getElementById: function () { return null; }};\n"
        + (out / INDEX_FILE).read_text(encoding="utf-8")
        + SCRIPT
        + "\nvar results = {};\n"
        + f"{json.dumps(queries, ensure_ascii=False)}.forEach(function (q) "
        + "{ results[q] = window.ctoolsSearch(q); });\n"
        + "console.log(JSON.stringify(results));\n"
    )
    proc = subprocess.run([node, "-e", runner], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    got: dict[str, list[list[str]]] = json.loads(proc.stdout)
    return got


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("search") / "source"
    for rel, text in PAGES.items():
        write(src, rel, text)
    out = src.parent / "out"
    export(src, out)
    return out


def test_korean_is_found_whatever_the_spacing_stem_or_particle(search_site: Path) -> None:
    queries = ["모델학습", "모델 학습", "학습", "가중치", "가중치를", "미세조정", "학",
               unicodedata.normalize("NFD", "모델학습"), "없는말"]  # fmt: skip
    got = run_search(search_site, queries)
    urls = {q: [hit[1] for hit in hits] for q, hits in got.items()}
    pages = {q: [u.split("#")[0] for u in found] for q, found in urls.items()}
    assert urls["모델학습"][0] == "ko/train.html#모델-학습", "the page that says 모델 학습 first"
    assert urls["모델학습"] == urls["모델 학습"], "the reader's spacing does not matter"
    assert urls["모델학습"] == urls[unicodedata.normalize("NFD", "모델학습")]
    assert "ko/other.html" in pages["모델학습"], "모델을 ... 학습 is found (two bigrams of three)"
    assert "ko/train.html#미세-조정" in urls["학습"], "학습 finds 학습하기"
    assert "ko/other.html" in pages["학습"], "학습 finds 학습합니다"
    assert urls["가중치를"] and urls["가중치를"][0].startswith("ko/train.html")
    assert any("#" in u for u in urls["미세조정"]), "미세 조정 (a heading) found without space"
    assert urls["학"], "a one-syllable query matches the bigrams that hold it"
    assert urls["없는말"] == []
    assert all(hit[2] == "ko" for hits in got.values() for hit in hits)


def test_english_words_all_match_the_last_as_a_prefix(search_site: Path) -> None:
    got = run_search(search_site, ["tokeniz", "train model", "train absent", "nothing here"])
    urls = {q: [hit[1].split("#")[0] for hit in hits] for q, hits in got.items()}
    assert set(urls["tokeniz"]) == {"en/train.html", "en/other.html"}
    assert urls["train model"] == ["en/train.html"]
    assert urls["train absent"] == []
    assert urls["nothing here"] == ["en/other.html"]
    titles = [hit[0] for hit in got["train model"]]
    assert titles == ["Training"]
