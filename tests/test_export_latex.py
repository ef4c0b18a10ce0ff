"""The LaTeX exporter: escaping, the pure context, templates, and (with TeX installed) PDFs."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest

from curriculum_tools.config import Config
from curriculum_tools.export import latex
from curriculum_tools.export.latex import (
    ImageRef,
    TexUnit,
    build_context,
    code_lines,
    find_image,
    latex_escape,
    math_problem,
    parse_log,
    tex_to_source,
)
from curriculum_tools.parse import parse_text
from curriculum_tools.project import load_corpus

from .conftest import FIXTURES, SOURCE, run_ctools

HOSTILE = FIXTURES / "export" / "latex" / "hostile.md"


def needs_tex(test: Any) -> Any:
    """A test that compiles with LuaLaTeX: slow, and it needs the TeX tools and fonts."""
    return pytest.mark.slow(pytest.mark.usefixtures("tex")(test))


def ctools(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_ctools(*args, cwd=cwd, timeout=300)


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    raw = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def pdf_text(pdf: Path) -> str:
    """pdftotext output with line-end hyphenation undone and whitespace collapsed."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    text = re.sub(r"-\n", "-", text)
    return " ".join(text.split())


def squash(text: str) -> str:
    return "".join(text.split()).replace("-", "")


# --- escaping and sanitizing (pure) -----------------------------------------------------------


def test_escape_table_covers_every_special_character() -> None:
    text = "\\ { } $ & # ^ _ ~ % < > | \" ' ` ^^5c"
    out = latex_escape(text)
    assert (
        re.search(r"(?<!\\)[\\{}$&#^_~%<>|\"'`]", re.sub(r"\\[A-Za-z]+\{\}|\\[{}$&#_%]", "", out))
        is None
    )
    assert "^" not in out and "\\textasciicircum{}\\textasciicircum{}5c" in out
    assert latex_escape("\\input{/etc/passwd}") == "\\textbackslash{}input\\{/etc/passwd\\}"
    assert latex_escape("a\x00b\x1bc\u200b") == "abc\u200b".replace("\u200b", "\u200b")


@pytest.mark.parametrize(
    "formula",
    [
        r"\input{/etc/passwd}",
        r"\include{x}",
        r"\write18{rm -rf /}",
        r"\immediate\write",
        r"\directlua{os.exit()}",
        r"\catcode`\^=7",
        r"\openin1",
        r"\read1 to\x",
        r"\def\x{y}",
        r"a^^5cinput",
        r"\csname input\endcsname",
        r"a % b",
        r"\end{document}",
        r"x \) \(",
        r"\luaexec{x}",
        r"}{",
    ],
)
def test_dangerous_formulas_are_refused(formula: str) -> None:
    assert math_problem(formula) is not None


@pytest.mark.parametrize(
    "formula",
    [r"\frac{a}{b}", r"x^2 + y_1", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\{a\}"],
)
def test_ordinary_formulas_pass(formula: str) -> None:
    assert math_problem(formula) is None


def test_code_lines_wrap_by_display_width_and_keep_everything() -> None:
    line = "x = '" + "가" * 60 + "'"
    out = code_lines(line + "\n\tend\n\n", 40)
    rows = out.rstrip("\n").split("\n")
    assert all(sum(2 if "가" <= c <= "힣" else 1 for c in r) <= 42 for r in rows)
    assert rows[1].startswith("↳ ") and rows[-1] == "    end"
    assert "".join(r.removeprefix("↳ ") for r in rows[:-1]) == line


# --- the pure context -------------------------------------------------------------------------


def fake_images(doc: object, src: str) -> ImageRef:
    if src.endswith("ok.png"):
        return ImageRef("ok", Path("/src/images/ok.png"))
    return ImageRef("missing", detail=f"image `{src}` not found")  # find_image's words


def test_build_context_for_the_bundled_source() -> None:
    corpus = load_corpus([SOURCE], Config(root=SOURCE.parent))
    units = build_context(corpus, options=latex.UnitOptions(images=fake_images))
    names = sorted(u.tex for u in units)
    assert names == [
        "bilingual/curriculum.tex",
        "en/curriculum.tex",
        "en/notes/generative-ai-with-llms.tex",
        "en/notes/llm-lectures.tex",
        "ko/curriculum.tex",
        "ko/notes/build-llm-ch1.tex",
    ]
    en = next(u for u in units if u.tex == "en/curriculum.tex")
    assert en.context["title"] == "LLM and AI Agent Training Curriculum"
    heads = [(s["command"], s["heading"]) for s in en.context["sections"]]
    assert heads[0] == ("section", "1. Introduction to Large Language Models (LLMs)")
    assert ("subsection", "1.1. Early Language Models (1990s - Early 2000s)") in heads
    assert ("subsubsection", "3.2.1. Full Fine-tuning") in heads
    body = en.context["sections"][0]["body"]
    assert body.startswith("%% src: ") and "\\begin{itemize}" in body and "\\item{}" in body
    lectures = next(u for u in units if u.tex.endswith("llm-lectures.tex"))
    # a site path (/images/x into no folder of the project): a quiet placeholder, as in lint
    assert not lectures.warnings, lectures.warnings
    assert "Image on the published site" in "".join(s["body"] for s in lectures.context["sections"])
    bi = next(u for u in units if u.template == "bilingual.tex.j2")
    rows = [r for r in bi.context["rows"] if r["heading"]]
    assert rows[0]["en"]["heading"].startswith("1. Introduction")
    assert rows[0]["ko"]["heading"].startswith("1. 대규모 언어 모델")
    assert len(rows) == len([r for r in corpus.pairs[0].rows if (r.en or r.ko).level > 1])  # type: ignore[union-attr]
    assert [
        u.tex
        for u in build_context(corpus, lang="ko", options=latex.UnitOptions(images=fake_images))
    ] == [
        "ko/curriculum.tex",
        "ko/notes/build-llm-ch1.tex",
    ]


def test_renderer_blocks_and_assets() -> None:
    text = (
        "# T\n\n## 2.1 Part [[part]]\n\nSee [here](#part), [web](https://x.org/a_b?c=1&d=2#e~f).\n\n"
        "```py\n\\end{Verbatim}\nprint('한글')\n```\n\n| a | b |\n|:-|-:|\n| 한 | `c` |\n\n"
        "3. three\n4. four\n\n> quote\n\n![pic](ok.png) ![gone](gone.png)\n"
    )
    doc = parse_text(text, Path("/src/en/x.md"), "en", "x.md")
    unit = latex.build_document_context(doc, "en/x.tex", latex.UnitOptions(images=fake_images))
    (part,) = unit.context["sections"]
    assert part["heading"] == "2.1 Part" and part["command"] == "section"
    body = part["body"]
    assert "\\hyperlink{en.1}{here}" in body
    assert "\\href{https://x.org/a\\_b?c=1\\&d=2\\#e\\string~f}{web}" in body
    assert "\\ctoolscodelines{x-files/code-en.txt}{1}{2}" in body and "end{Verbatim}" not in body
    assert unit.assets["x-files/code-en.txt"] == "\\end{Verbatim}\nprint('한글')\n"
    assert unit.code_origin["x-files/code-en.txt"] == [(1, "/src/en/x.md", 8)]
    assert "\\begin{longtable}" in body and "\\raggedleft" in body
    assert "\\begin{enumerate}\\setcounter{enumi}{2}" in body
    assert "\\begin{quote}" in body
    assert list(unit.copies.values()) == [Path("/src/images/ok.png")]
    assert "\\ctoolsmissingimage{Image not found}{gone.png}{gone}" in body
    assert unit.warnings == ["/src/en/x.md:21: image `gone.png` not found"]


def test_renderer_is_a_table_of_rules_per_token_type() -> None:
    from curriculum_tools.export.latex import LatexRenderer, LatexSettings, TexUnit
    from curriculum_tools.parse import markdown_parser

    text = "Para *em* and `c`.\n\n---\n\n- item\n"
    doc = parse_text(text, Path("/src/en/x.md"), "en", "x.md")
    unit = TexUnit(tex="en/x.tex", template="document.tex.j2", context={})
    renderer = LatexRenderer(
        unit, doc, anchor_prefix="en.", asset_dir="x-files", images=fake_images,
        settings=LatexSettings(symbol_font=""), display="x.md", max_depth=5,
    )  # fmt: skip
    tokens = markdown_parser().parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert kinds <= {*renderer.rules, *renderer.inline_rules, "inline"}
    assert "\\ctoolsrule" in renderer.render(tokens)
    renderer.add_rule("hr", lambda tokens, idx, state: "RULE\n")
    renderer.add_rule("em_open", lambda token, state: "\\textit{", inline=True)
    out = renderer.render(tokens)
    assert "RULE" in out and "\\ctoolsrule" not in out and "\\textit{em}" in out


def test_find_image_stays_inside_the_source_root(tmp_path: Path) -> None:
    root = tmp_path / "source"
    (root / "en" / "sub").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "images" / "a b.png").write_bytes(png_bytes())
    (root / "images" / "fake.png").write_bytes(b"GIF89a")
    (root / "images" / "x.svg").write_text("<svg/>")
    (tmp_path / "outside.png").write_bytes(png_bytes())
    (root / "images" / "link.png").symlink_to(tmp_path / "outside.png")
    doc = parse_text("x\n", root / "en" / "sub" / "d.md", "en", "sub/d.md")
    assert find_image(doc, "/images/a%20b.png") == ImageRef("ok", root / "images" / "a b.png")
    assert find_image(doc, "../../images/a b.png").status == "ok"
    assert find_image(doc, "../../../outside.png").status == "outside"
    assert find_image(doc, "/../outside.png").status == "outside"
    assert find_image(doc, "/images/link.png").status == "outside"
    assert find_image(doc, str(tmp_path / "outside.png")).status == "missing"
    assert find_image(doc, "file:///etc/passwd").status == "outside"
    assert find_image(doc, "https://example.com/x.png").status == "remote"
    assert find_image(doc, "/images/fake.png").status == "unsupported"
    assert find_image(doc, "/images/x.svg").status == "unsupported"
    assert find_image(doc, "/images/none.png").status == "missing"


def test_log_lines_map_back_to_markdown() -> None:
    doc = parse_text(
        "# A\n\nline one\nline two \\oops\nsmile \U0001f600\n", Path("en/a.md"), "en", "a.md"
    )
    tex = "\\begin{document}\n%% src: en/a.md:3-4\nline one\nline two \\oops\n\n\\end{document}\n"
    assert tex_to_source(tex, 4) == ("en/a.md", 4)
    assert tex_to_source(tex, 3) == ("en/a.md", 3)
    unit = TexUnit(tex="en/a.tex", template="document.tex.j2", context={}, sources=[doc])
    log = (
        "./a.tex:4: Undefined control sequence.\n"
        "Missing character: There is no \U0001f600 (U+1F600) in font [lmroman10-regular]:+tlig;!\n"
        "Output written on a.pdf (3 pages, 1234 bytes).\n"
    )
    outcome = parse_log(unit, tex, log, str)
    assert outcome.errors == ["en/a.md:4: LaTeX: Undefined control sequence. (en/a.tex:4)"]
    assert outcome.missing_chars == 1 and outcome.warnings[0].startswith("en/a.md:5: character")
    assert outcome.pages == 3


# --- the command line without TeX -------------------------------------------------------------


def copy_source(tmp: Path) -> Path:
    shutil.copytree(SOURCE, tmp / "source")
    return tmp


def test_user_templates_override_by_file_name(tmp_path: Path) -> None:
    work = copy_source(tmp_path)
    custom = tmp_path / "tpl"
    custom.mkdir()
    (custom / "document.tex.j2").write_text(
        "% custom ((( title ))) ((( sections | length )))\n((* include 'preamble.tex.j2' *))\n"
    )
    result = ctools("export", "--format", "latex", "--templates", str(custom), cwd=work)
    assert result.returncode == 0, result.stderr
    out = (work / "build" / "latex" / "en" / "curriculum.tex").read_text()
    assert out.startswith("% custom LLM and AI Agent Training Curriculum 45\n")
    assert "\\documentclass" in out  # bundled preamble still found
    bilingual = (work / "build" / "latex" / "bilingual" / "curriculum.tex").read_text()
    assert "ctoolslang" in bilingual  # not overridden: the bundled template


def test_pdf_without_engine_is_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from curriculum_tools.cli import main

    copy_source(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(latex.shutil, "which", lambda _name: None)
    result = CliRunner().invoke(main, ["export", "--format", "latex", "--pdf"])
    assert result.exit_code == 0, result.output
    assert "lualatex not found: PDFs were not built" in result.output
    assert (tmp_path / "build" / "latex" / "en" / "curriculum.tex").is_file()
    assert not list((tmp_path / "build" / "latex").rglob("*.pdf"))


# --- compiled PDFs (skipped without TeX) ------------------------------------------------------


@pytest.fixture(scope="session")
def source_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    work = copy_source(tmp_path_factory.mktemp("latex-source"))
    result = ctools("export", "--format", "latex", "--pdf", cwd=work)
    return work / "build" / "latex", result


@pytest.fixture(scope="session")
def hostile_build(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    work = tmp_path_factory.mktemp("latex-hostile")
    canary = work / "canary.tex"
    canary.write_text("CANARYCONTENT42\n")
    pwned = work / "pwned"
    root = work / "source"
    (root / "en").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "images" / "red dot.png").write_bytes(png_bytes())
    (root / "images" / "fake.png").write_bytes(b"GIF89a....")
    (root / "images" / "x.gif").write_bytes(b"GIF89a....")
    (root / "images" / "link.png").symlink_to(canary)
    text = HOSTILE.read_text(encoding="utf-8")
    (root / "en" / "hostile.md").write_text(
        text.replace("CANARY", str(canary)).replace("PWNED", str(pwned)), encoding="utf-8"
    )
    (root / "en" / "broken.md").write_text("# Broken\n\nfine\n\n$\\left( x$ here\n")
    result = ctools("export", "--format", "latex", "--pdf", cwd=work)
    return work, canary, result


@needs_tex
def test_source_compiles_cleanly(
    source_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, result = source_build
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout and "missing characters 0" in result.stdout
    pdfs = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert pdfs == [
        "bilingual/curriculum.pdf",
        "book/course-en.pdf",
        "book/course-ko.pdf",
        "en/curriculum.pdf",
        "en/notes/generative-ai-with-llms.pdf",
        "en/notes/llm-lectures.pdf",
        "ko/curriculum.pdf",
        "ko/notes/build-llm-ch1.pdf",
    ]
    for pdf in out.rglob("*.pdf"):
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        assert "Missing character" not in log, pdf
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = fonts.splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), fonts


@needs_tex
@pytest.mark.parametrize(
    ("pdf", "needles"),
    [
        (
            "en/curriculum.pdf",
            [
                "1. Introduction to Large Language Models (LLMs)",
                "3.2.5. LoRA (Low-Rank Adaptation)",
                "Fine-tuning is the process of further training a pre-trained large language model",
            ],
        ),
        (
            "ko/curriculum.pdf",
            [
                "1. 대규모 언어 모델(LLM) 소개",
                "LLM 및 AI 에이전트 교육 커리큘럼",
                "이전 단어들의 빈도를 기반으로 다음 단어를 예측하는 간단한 모델입니다.",
            ],
        ),
        (
            "bilingual/curriculum.pdf",
            [
                "1. Introduction to Large Language Models (LLMs)",
                "1. 대규모 언어 모델(LLM) 소개",
                "1.3. The Emergence of Transformers (2017)",
                "1.3. 트랜스포머의 등장 (2017년)",
                "Simple models that predict the next word based on the frequency of previous words.",
                "컴퓨팅 파워의 한계로 간단한 통계적 접근법이 선호되었습니다.",
            ],
        ),
        (
            "en/notes/llm-lectures.pdf",
            [
                "Lecture 2: What really is LLMs?",
                "Image on the published site",
                "/images/closed-source-vs-open-weight-models.jpg",
                "costing around $4.6 million for GPT-3",
            ],
        ),
        ("en/notes/generative-ai-with-llms.pdf", ["Coursera", "LLM Lifecycle"]),
        (
            "ko/notes/build-llm-ch1.pdf",
            ["Transformer 구조", "원문 발췌", "질문과 답변 쌍으로 학습", "GPT 아키텍처"],
        ),
    ],
)
def test_pdf_text_matches_the_source(
    source_build: tuple[Path, subprocess.CompletedProcess[str]], pdf: str, needles: list[str]
) -> None:
    out, _ = source_build
    text = squash(pdf_text(out / pdf))
    for needle in needles:
        assert squash(needle) in text, needle


@needs_tex
def test_missing_images_are_warned_with_file_and_line(
    source_build: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, result = source_build
    # the notes' missing images are switched off by `ctools-disable missing-image` (honoured
    # by exports as by lint); the site paths of llm-lectures.md are quiet placeholders
    assert "image `" not in result.stderr, result.stderr


@needs_tex
def test_hostile_content_prints_literally_and_reads_nothing(
    hostile_build: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    work, canary, result = hostile_build
    out = work / "build" / "latex" / "en"
    pdf = out / "hostile.pdf"
    assert pdf.is_file(), result.stdout + result.stderr
    text = pdf_text(pdf)
    flat = squash(text)
    assert "CANARYCONTENT42" not in text and not (work / "pwned").exists()
    c = str(canary)
    for needle in [
        "Specials: \\ { } $ & # ^ _ ~ % < > | \" ' and ^^5c and -- and --- end.",
        f"\\input{{{c}}} \\include{{{c}}} \\write18{{touch {work}/pwned}}",
        f'\\directlua{{os.execute("touch {work}/pwned")}} \\catcode`^=7 \\def\\x{{y}}',
        "\\immediate\\openin1 \\read1 to \\x",
        f"Heading \\input{{{c}}} \\write18{{touch {work}/pwned}} ^^5c & % $ # ~ _",
        "한글 코드 \\end{Verbatim} $ & # % ~ { } ^ _ |",
        "\\end{Verbatim}",
        "# 한글 주석: 코드 안의 한국어",
        "↳",
        f"${'$'}\\write18{{touch {work}/pwned}}$$",
        f"$\\input{{{c}}}$ and $a^^5c$ and $\\directlua{{os.exit()}}$ and $a % b$",
        f"link \\input{{{c}}} and angle and mail.",
        f"\\input{{{c}}}.png",
        "../../../../etc/passwd",
        "Remote image (not downloaded)",
        "https://example.com/x.png",
        "Unsupported image format",
        "Image outside the source folder",
        "https://example.com/segment00/segment01/",
        re.search(r"URL: (\S+)", HOSTILE.read_text()).group(1),  # type: ignore[union-attr]
        "열 하나",
        "긴 한국어 셀입니다",
        "100%",
    ]:
        assert squash(needle) in flat, needle
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert f"Front \\input{{{c}}} title ^^5c $x$ # % & ~ _ {{ }} < > | \" ' end" in info
    assert list((out / "hostile-files").glob("img-*.png"))
    log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
    assert "Missing character" not in log
    assert f"({canary}" not in log  # TeX logs every file it opens as "(path"


@needs_tex
def test_latex_errors_point_at_the_markdown_line(
    hostile_build: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    work, _, result = hostile_build
    assert result.returncode == 1
    assert re.search(
        r"error: source/en/broken\.md:5: LaTeX: Missing \\right\. inserted", result.stderr
    ), result.stderr
    assert (work / "build" / "latex" / "en" / "broken.log").is_file()


@needs_tex
def test_bilingual_page_one_renders(
    source_build: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    out, _ = source_build
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(out / "bilingual" / "curriculum.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    assert png.stat().st_size > 20_000


def test_each_warning_prints_once_though_the_bilingual_edition_repeats_the_text(
    tmp_path: Path,
) -> None:
    (tmp_path / "ctools.yaml").write_text("source: source\n")
    (tmp_path / "source" / "en").mkdir(parents=True)
    (tmp_path / "source" / "ko").mkdir()
    (tmp_path / "source" / "en" / "t.md").write_text("# T\n\n$\\input{x}$ ![a](missing.png)\n")
    (tmp_path / "source" / "ko" / "t.md").write_text("# T\n\n한국어 $\\input{y}$\n")
    result = ctools("export", "--format", "latex", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "warning: source/en/t.md:3: formula uses \\input; printed as text",
        "warning: source/en/t.md:3: image `missing.png` not found",
        "warning: source/ko/t.md:3: formula uses \\input; printed as text",
    ]
    assert "3 warnings" in result.stdout
