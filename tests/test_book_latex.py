"""The PDF side of issue 17: components by meaning, the one token stream, the log reader,
the incremental cache, and (slow) the course book of source/ built with LuaLaTeX."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from curriculum_tools.config import Config
from curriculum_tools.export.latex import build_document_context
from curriculum_tools.export.latex.book import PART_SIZE, build_book_contexts, update_contents
from curriculum_tools.export.latex.context import TexUnit
from curriculum_tools.export.latex.log import parse_log, unwrap_log
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
    part, book = build_book_contexts(corpus, lang="en")
    assert book.tex == "book/course-en.tex" and book.template == "book.tex.j2"
    assert book.needs == [part.tex] == ["book/en/part-01.tex"]
    assert [c["mark"] for c in part.context["chapters"]] == ["Zeta", "Mid", "Alpha"]
    assert [c["number"] for c in part.context["chapters"]] == [1, 2, 3]
    (entry,) = book.context["parts"]
    assert entry["titles"] == ["Zeta", "Mid", "Alpha"]
    assert book.context["title"] == "llm-course"
    # the contents take each chapter's first page from the part's log
    (tmp_path / "book" / "en").mkdir(parents=True)
    (tmp_path / "book" / "en" / "part-01.log").write_text(
        "x\nctools-chapter:1:1\nctools-chapter:2:4\nctools-chapter:3:9\n"
    )
    update_contents(book, tmp_path)
    assert entry["toc"] == (
        "1,chapter,0,{Zeta},ch.en/part-01.pdf.0,4,chapter,0,{Mid},ch.en/part-01.pdf.1,"
        "9,chapter,0,{Alpha},ch.en/part-01.pdf.2"
    )


def test_parts_hold_at_most_part_size_chapters(tmp_path: Path) -> None:
    source = tmp_path / "c"
    (source / "en").mkdir(parents=True)
    for n in range(PART_SIZE + 3):
        (source / "en" / f"d{n:03d}.md").write_text(f"# D{n}\n\nText.\n")
    corpus = load_corpus([source], Config(root=source))
    *parts, book = build_book_contexts(corpus, lang="en")
    assert [len(p.context["chapters"]) for p in parts] == [PART_SIZE, 3]
    assert parts[1].context["chapters"][0]["number"] == PART_SIZE + 1
    assert book.needs == [p.tex for p in parts]


# --- with LuaLaTeX ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    work = tmp_path_factory.mktemp("book")
    shutil.copytree(SOURCE, work / "source")
    env_cache = work / "cache"
    os.environ["CTOOLS_CACHE_DIR"] = str(env_cache)
    try:
        first = ctools("export", "--format", "latex", "--pdf", "source", cwd=work)
        second = ctools("export", "--format", "latex", "--pdf", "source", cwd=work)
    finally:
        del os.environ["CTOOLS_CACHE_DIR"]
    assert first.returncode == 0, first.stdout + first.stderr
    return work / "build" / "latex", first.stdout + first.stderr, second.stdout + second.stderr


@pytest.mark.slow
@needs_tex
def test_source_book_builds_with_every_glyph(book_build: tuple[Path, str, str]) -> None:
    out, first, _ = book_build
    assert "missing characters 0" in first and "books 2" in first and "book parts 2" in first
    for lang, chapter in (("en", "LLM and AI Agent Training Curriculum"), ("ko", "원문 발췌")):
        pdf = out / "book" / f"course-{lang}.pdf"
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Contents" in text and chapter in text
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        assert "Missing character" not in log
    ko = subprocess.run(
        ["pdftotext", str(out / "book" / "course-ko.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "📖" in ko, "the emoji reaches the page through the symbol font fallback"
    page = subprocess.run(
        ["pdftotext", "-f", "4", "-l", "4", str(out / "book" / "course-en.pdf"), "-"],
        capture_output=True,
        text=True,
    ).stdout
    assert page.lstrip().startswith("LLM and AI Agent Training Curriculum"), "page header"
    assert page.rstrip().endswith("4"), "the book numbers its pages"


@pytest.mark.slow
@needs_tex
def test_rebuild_without_change_compiles_nothing(book_build: tuple[Path, str, str]) -> None:
    _, first, second = book_build
    assert "compiled 10" in first and "compiled 0" in second, second
    assert "pdfs 10" in second and "missing characters 0" in second


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
    commands = re.findall(r"\\ctoolscode(\[[^\]]*\])?\{([^}]*)\}", tex)
    assert [size for size, _ in commands] == ["", "[\\scriptsize]", "[\\scriptsize]"]
    files = [unit.assets[name] for _, name in commands]
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
