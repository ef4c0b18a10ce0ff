"""The PDF side of issue 17: components by meaning, the one token stream, the log reader,
the incremental cache, and (slow) the course book of source/ built with LuaLaTeX."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from curriculum_tools.config import Config
from curriculum_tools.export.latex import build_document_context
from curriculum_tools.export.latex.book import build_book_contexts
from curriculum_tools.export.latex.context import TexUnit, UnitOptions
from curriculum_tools.export.latex.log import _RERUN_RE, parse_log, unwrap_log
from curriculum_tools.parse import parse_text
from curriculum_tools.project import load_corpus

from .conftest import SOURCE
from .test_anki_course import MDX
from .test_export_latex import ctools, needs_tex


def body_of(unit: TexUnit) -> str:
    ctx = unit.context
    parts = [ctx.get("preamble", ""), ctx.get("answers", "")]
    parts += [s["body"] + s["heading"] for s in ctx.get("sections", [])]
    return "\n".join(parts)


def test_reference_defined_in_another_section_links() -> None:
    doc = parse_text(
        "# A\n\n## One\n\nRead [the paper][attn].\n\n## Two\n\nx\n\n"
        "[attn]: https://arxiv.org/abs/1706.03762\n",
        "/s/en/a.md",
        "en",
        "a.md",
    )
    tex = body_of(build_document_context(doc, "en/a.tex"))
    assert r"\href{https://arxiv.org/abs/1706.03762}{the paper}" in tex


def test_components_render_by_meaning() -> None:
    doc = parse_text(
        MDX + '\n<Listing number="4-1" caption="A `loop` here">\n\n```rust\nloop {}\n```\n\n'
        "</Listing>\n\nCall [`~pkg.Agent.run`] now.\n",
        "/s/en/u.mdx",
        "en",
        "u.mdx",
    )
    unit = build_document_context(doc, "en/u.tex")
    tex = body_of(unit)
    assert r"\begin{ctoolsbox}{Warning}" in tex and r"\end{ctoolsbox}" in tex
    assert r"\ctoolslinkline{Video}{\url{https://www.youtube.com/watch?v=abc123}}" in tex
    assert r"\begin{ctoolstab}{pip}" in tex
    assert r"\begin{ctoolsbox}{Note}" in tex
    assert r"\ctoolsquiz{1}" in tex and r"\item Tokens" in tex and r"\item Pixels" in tex
    answers = unit.context["answers"]
    assert "Tokens" in answers and "Models read tokens." in answers and "Pixels" not in answers
    assert r"\ctoolscaption{\textbf{Listing 4-1} A \texttt{loop} here}" in tex
    assert r"\texttt{run}" in tex or "run" in tex
    assert "pkg.Agent" not in tex and "~" not in tex.split("Call", 1)[1][:40]
    for raw in ("<Tip", "<Question", "choices=", "<Youtube", "hfoption", "[!NOTE]", "<Listing"):
        assert raw not in tex, raw
    # the include is outside any project here: a placeholder line in the code, never raw
    (code,) = [v for k, v in unit.assets.items() if "not included" in v]
    assert "a.rs" in code


def test_answers_close_the_document_template(tmp_path: Path) -> None:
    from curriculum_tools.export import make_env, render_template
    from curriculum_tools.export.latex import _environment

    doc = parse_text(MDX, "/s/en/u.mdx", "en", "u.mdx")
    unit = build_document_context(doc, "en/u.tex")
    text = render_template(_environment(None), unit.template, unit.context)
    assert text.index("\\ctoolsanswers{\n") > text.index(r"\ctoolsquiz{1}")
    assert make_env is not None


def test_wrapped_log_lines_are_read_whole() -> None:
    doc = parse_text("# T\n\nsmile 😀 here\n\nand 😀 again\n", "/s/en/t.md", "en", "t.md")
    unit = TexUnit("en/t.tex", "document.tex.j2", {}, sources=[doc])
    line = (
        "Missing character: There is no 😀 (U+1F600) in font "
        "[lmroman10-regular]:mode=node;fallback=ctoolsserif;!"
    )
    assert len(line) > 79
    wrapped = line[:79] + "\n" + line[79:]
    assert "\n" in wrapped and unwrap_log(wrapped) == line
    outcome = parse_log(unit, "", wrapped + "\n" + wrapped + "\n", str)
    assert outcome.missing_chars == 2
    wheres = sorted(w.split(": character")[0] for w in outcome.warnings)
    assert wheres == ["/s/en/t.md:3", "/s/en/t.md:5"], outcome.warnings
    assert all("2 times" in w for w in outcome.warnings)


def test_book_has_chapters_in_course_order(tmp_path: Path) -> None:
    source = tmp_path / "llm-course"
    (source / "en").mkdir(parents=True)
    for name, title in (("zeta", "Zeta"), ("alpha", "Alpha"), ("mid", "Mid")):
        (source / "en" / f"{name}.md").write_text(f"# {title}\n\n## Part\n\nText.\n")
    (source / "ctools.yaml").write_text("order: [zeta.md, mid.md]\n")
    corpus = load_corpus([source], Config(root=source, order=("zeta.md", "mid.md")))
    (book,) = build_book_contexts(corpus, lang="en")
    assert book.tex == "book/course-en.tex" and book.template == "book.tex.j2"
    chapters = book.context["chapters"]
    assert [c["mark"] for c in chapters] == ["Zeta", "Mid", "Alpha"]
    assert [c["number"] for c in chapters] == [1, 2, 3]
    assert [c["anchor"] for c in chapters] == ["c1.top", "c2.top", "c3.top"]
    assert book.context["title"] == "llm-course"
    assert [d.rel for d in book.sources] == ["zeta.md", "mid.md", "alpha.md"]


def test_links_between_chapters_become_hyperlinks(tmp_path: Path) -> None:
    source = tmp_path / "c"
    (source / "en").mkdir(parents=True)
    (source / "en" / "a.md").write_text(
        "# A\n\n## Start\n\nSee [b part](b.md#second-part), [b](b.md), "
        "[html](b.html#second-part), [self](a.md#start), [none](zzz.md) and "
        "[web](https://example.org/x).\n"
    )
    (source / "en" / "b.md").write_text("# B\n\n## Second part\n\nBack to [a](a.md).\n")
    corpus = load_corpus([source], Config(root=source))
    from curriculum_tools.assets import LinkIndex

    (book,) = build_book_contexts(
        corpus, lang="en", options=UnitOptions(links=LinkIndex.of(corpus))
    )
    a, b = book.context["chapters"]
    text = a["preamble"] + "".join(s["body"] for s in a["sections"])
    (second,) = b["sections"]
    assert f"\\hyperlink{{{second['anchor']}}}{{b part}}" in text
    assert "\\hyperlink{c2.top}{b}" in text
    assert f"\\hyperlink{{{second['anchor']}}}{{html}}" in text
    (start,) = a["sections"]
    assert f"\\hyperlink{{{start['anchor']}}}{{self}}" in text
    assert "none" in text and "zzz" not in text, "a link to no chapter keeps its text"
    assert "\\href{https://example.org/x}{web}" in text
    assert "\\hyperlink{c1.top}{a}" in b["preamble"] + second["body"]


def test_a_chapter_that_opens_with_its_title_shows_it_once() -> None:
    doc = parse_text(
        "## Appendix B: Ops\n\nText.\n\n## Other\n\nMore.\n", "/s/en/b.md", "en", "b.md"
    )
    from curriculum_tools.export.latex.book import book_unit

    unit = book_unit([doc], "book/course-en.tex", "T")
    (chapter,) = unit.context["chapters"]
    assert chapter["title"] == "Appendix B: Ops"
    assert [s["bookmark"] for s in chapter["sections"]] == ["Other"]
    assert "Text." in chapter["preamble"] and chapter["title_anchor"] == "c1.0"


def test_tables_are_sized_by_their_content() -> None:
    from curriculum_tools.export.latex.tables import TABLE_SIZES

    doc = parse_text(
        "# T\n\n| Op | Meaning |\n|----|----|\n| `+` | add two numbers and return the sum of them, "
        "a long explanation |\n\n"
        "| a | b | c | d | e | f | g | h | i | j |\n|---|---|---|---|---|---|---|---|---|---|\n"
        "| `max_new_tokens_per_generation_step` | `Optional[int]` | `None` | text | "
        "`agent.run(max_new_tokens=512)` | 1.2.0 | see | `SMOLAGENTS_MAX_TOKENS` | Description | "
        "Environment |\n",
        "/s/en/t.md",
        "en",
        "t.md",
    )
    tex = body_of(build_document_context(doc, "en/t.tex"))
    narrow, wide = tex.split("\\begin{longtable}")[1:]
    shares = [int(x) for x in re.findall(r"\*(\d+)/1000", narrow.split("\n")[0])]
    assert len(shares) == 2 and shares[0] < 200 < 800 < shares[1], shares
    assert sum(shares) <= 1000, "never wider than the line"
    assert "\\begingroup" not in tex.split("\\begin{longtable}")[0][-20:], "short: normal size"
    sizes = [name for name, _ in TABLE_SIZES if name]
    assert any(f"\\begingroup{name}" in tex for name in sizes), "ten columns: set smaller"
    assert "max\\_\\allowbreak{}new" in wide, "code in a cell breaks after punctuation"
    assert "generati\\allowbreak{}on" in wide, "and every few characters"
    assert "\\allowbreak" not in narrow


def test_overflow_is_reported_at_the_markdown_line() -> None:
    doc = parse_text("# T\n\nA paragraph\n", "/s/en/t.md", "en", "t.md")
    unit = TexUnit("en/t.tex", "document.tex.j2", {}, sources=[doc])
    tex = "\\begin{document}\n%% src: /s/en/t.md:3-3\nA paragraph\n\\end{document}\n"
    log = (
        "Overfull \\hbox (32.9pt too wide) in paragraph at lines 3--3\n"
        "Overfull \\hbox (0.4pt too wide) in paragraph at lines 3--3\n"
    )
    outcome = parse_log(unit, tex, log, str)
    assert outcome.overfull == 2
    assert outcome.warnings == [
        "/s/en/t.md:3: line too wide by 32.9pt: runs into the margin (en/t.tex)"
    ], "a hair over the line is not worth a warning"


# --- with LuaLaTeX ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    work = tmp_path_factory.mktemp("book")
    shutil.copytree(SOURCE, work / "source")
    env_cache = work / "cache"
    with pytest.MonkeyPatch.context() as env:  # then back to the session's own
        env.setenv("CTOOLS_CACHE_DIR", str(env_cache))
        first = ctools("export", "--format", "latex", "--pdf", "source", cwd=work)
        second = ctools("export", "--format", "latex", "--pdf", "source", cwd=work)
    assert first.returncode == 0, first.stdout + first.stderr
    return work / "build" / "latex", first.stdout + first.stderr, second.stdout + second.stderr


@pytest.mark.slow
@needs_tex
def test_source_book_builds_with_every_glyph(book_build: tuple[Path, str, str]) -> None:
    out, first, _ = book_build
    assert "missing characters 0" in first and "books 2" in first and "book chapters 5" in first
    for lang, chapter in (("en", "LLM and AI Agent Training Curriculum"), ("ko", "원문 발췌")):
        pdf = out / "book" / f"course-{lang}.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Contents" in text or "차례" in text
        assert chapter in text
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        assert "Missing character" not in log
        assert not _RERUN_RE.search(log), "nothing asks for a second LuaLaTeX run"
    ko = subprocess.run(
        ["pdftotext", str(out / "book" / "course-ko.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "📖" in ko, "the emoji reaches the page through the symbol font fallback"
    pages = subprocess.run(
        ["pdftotext", str(out / "book" / "course-en.pdf"), "-"], capture_output=True, text=True
    ).stdout.split("\f")
    first_chapter = next(p for p in pages if p.rstrip().endswith("1-1"))
    assert first_chapter.lstrip().startswith("LLM and AI Agent Training Curriculum"), "header"
    assert any(p.rstrip().endswith("1-2") for p in pages), "chapters number their pages"


def pdf_links(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, link text, target) of every link, as poppler reads them: internal targets as
    ``#PAGE``, web links as their URL."""
    subprocess.run(
        ["pdftohtml", "-xml", "-i", "-q", str(pdf), str(pdf.with_suffix(""))],
        check=True,
        capture_output=True,
    )
    xml = pdf.with_suffix(".xml").read_text("utf-8")
    found = []
    for number, page in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.S):
        for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', page, re.S):
            target = href.split(".html", 1)[1] if ".html#" in href else href
            found.append((int(number), re.sub(r"<[^>]+>", "", text), target))
    return found


@pytest.mark.slow
@needs_tex
def test_links_work_in_the_book(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.md").write_text(
        "# Alpha\n\nSee [beta's part](b.md#second-part) and [the web](https://example.org/x).\n"
    )
    (tmp_path / "en" / "b.md").write_text(
        "# Beta\n\n" + "Filler text.\n\n" * 150 + "## Second part\n\nHere.\n"
    )
    (tmp_path / "ctools.yaml").write_text("export:\n  latex:\n    build: book\n")
    with pytest.MonkeyPatch.context() as env:  # then back to the session's own
        env.setenv("CTOOLS_CACHE_DIR", str(tmp_path / "cache"))
        done = ctools("export", "--format", "latex", "--pdf", "--out", "out", ".", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = tmp_path / "out" / "latex" / "book" / "course-en.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    numbered = {k: p for k, p in enumerate(pages.split("\f"), 1)}
    second = next(k for k, p in numbered.items() if "Second part" in p)
    beta = next(k for k, p in numbered.items() if p.rstrip().endswith("2-1"))
    links = pdf_links(pdf)
    assert any(t.startswith("beta") and h == f"#{second}" for _, t, h in links), links
    assert any(h == "https://example.org/x" for _, _, h in links), "web links survive"
    contents = [(t, h) for p, t, h in links if p == 2]
    assert ("Beta", f"#{beta}") in contents, contents


@pytest.mark.slow
@needs_tex
def test_rebuild_without_change_compiles_nothing(book_build: tuple[Path, str, str]) -> None:
    _, first, second = book_build
    assert "compiled 8" in first and "compiled 0" in second, second
    assert "pdfs 8" in second and "missing characters 0" in second


def test_wide_code_is_set_smaller_before_it_wraps() -> None:
    box = "┌" + "─" * 98 + "┐"
    wider = "x" * 130
    doc = parse_text(
        f"# W\n\n```\n{'y' * 80}\n```\n\n```\n{box}\n```\n\n```\n{wider}\n```\n",
        "/s/en/w.md",
        "en",
        "w.md",
    )
    unit = build_document_context(doc, "en/w.tex")
    tex = body_of(unit)
    commands = re.findall(r"\\ctoolscodelines(\[[^\]]*\])?\{([^}]*)\}\{(\d+)\}\{(\d+)\}", tex)
    assert [size for size, *_ in commands] == ["", "[\\scriptsize]", "[\\scriptsize]"]
    (name,) = {name for _, name, _, _ in commands}
    lines = unit.assets[name].split("\n")
    files = ["\n".join(lines[int(a) - 1 : int(b)]) for _, _, a, b in commands]
    assert [(int(a), int(b)) for _, _, a, b in commands][:2] == [(1, 1), (2, 2)]
    assert "↳" not in files[0] and "↳" not in files[1], "the diagram keeps its lines"
    assert box in files[1]
    assert "↳" in files[2], "wider than the smallest size still wraps"


def test_cache_key_follows_every_input(tmp_path: Path) -> None:
    from curriculum_tools.export.latex.cache import load, store, unit_key
    from curriculum_tools.export.latex.log import CompileOutcome

    (tmp_path / "en").mkdir()
    unit = TexUnit("en/a.tex", "document.tex.j2", {}, assets={"a-files/code-001.txt": ""})
    (tmp_path / "en" / "a.tex").write_text("tex")
    (tmp_path / "en" / "a-files").mkdir()
    (tmp_path / "en" / "a-files" / "code-001.txt").write_text("x = 1\n")
    command = ["lualatex", "a.tex"]
    key = unit_key(tmp_path, unit, command)
    assert key == unit_key(tmp_path, unit, command)
    (tmp_path / "en" / "a-files" / "code-001.txt").write_text("x = 2\n")
    assert unit_key(tmp_path, unit, command) != key, "a code file is an input"
    assert unit_key(tmp_path, unit, [*command, "-x"]) != unit_key(tmp_path, unit, command)
    # a stored outcome comes back with its PDF; a failed one is never stored
    (tmp_path / "en" / "a.pdf").write_bytes(b"%PDF-1.5 fake")
    done = CompileOutcome(pdf=True, pages=3, warnings=["en/a.md:2: w (en/a.tex)"])
    store(tmp_path / "cache", key, tmp_path, unit, done)
    store(tmp_path / "cache", "f" * 64, tmp_path, unit, CompileOutcome(errors=["boom"]))
    (tmp_path / "en" / "a.pdf").unlink()
    assert load(tmp_path / "cache", key, tmp_path, unit) == done
    assert (tmp_path / "en" / "a.pdf").read_bytes() == b"%PDF-1.5 fake"
    assert load(tmp_path / "cache", "f" * 64, tmp_path, unit) is None
    assert load(None, key, tmp_path, unit) is None


def test_progress_without_a_terminal_prints_a_line_every_few_files(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from curriculum_tools.export.latex.progress import EVERY_FILES, Progress

    report = Progress(25, None)
    for n in range(25):
        report.done(f"f{n}.tex", cached=n < 5)
    report.finish()
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 25 // EVERY_FILES + 1
    assert lines[-1].startswith("latex: 25/25 PDFs (5 unchanged)")
    even = Progress(2 * EVERY_FILES, None)
    for n in range(2 * EVERY_FILES):
        even.done(f"f{n}.tex")
    even.finish()
    assert len(capsys.readouterr().err.splitlines()) == 2, "the last line is not repeated"
    seen: list[str] = []
    with_bar = Progress(3, seen.append)
    for n in range(3):
        with_bar.done(f"f{n}.tex")
    assert seen == ["f0.tex", "f1.tex", "f2.tex"]


def test_an_error_in_a_shared_code_file_names_its_block() -> None:
    unit = TexUnit("en/a.tex", "document.tex.j2", {})
    unit.code_origin["a-files/code-en.txt"] = [(1, "en/a.md", 5), (4, "en/b.md", 20)]
    log = "./a-files/code-en.txt:5: Undefined control sequence.\n"
    (error,) = parse_log(unit, "", log, str).errors
    assert error.startswith("en/b.md:21: LaTeX: Undefined control sequence."), error
    (first,) = parse_log(unit, "", log.replace(":5:", ":2:"), str).errors
    assert first.startswith("en/a.md:6: "), first


def test_a_long_compile_is_not_silent(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from curriculum_tools.export.latex import progress

    monkeypatch.setattr(progress, "EVERY_SECONDS", 0.05)
    report = progress.Progress(2, None)
    report.start("book/course-en.tex")
    time.sleep(0.4)
    report.done("book/course-en.tex")
    report.done("book/course-ko.tex", cached=True)
    report.finish()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("latex: 0/2 PDFs (0 unchanged) in 0 s; compiling book/course-en.tex")
    assert lines[-1].startswith("latex: 2/2 PDFs (1 unchanged)") and "compiling" not in lines[-1]
    with_bar = progress.Progress(1, lambda label: None)
    with_bar.start("a.tex")
    with_bar.done("a.tex")
    with_bar.finish()
    assert capsys.readouterr().err == "", "a terminal bar says it instead"
