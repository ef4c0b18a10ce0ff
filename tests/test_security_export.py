"""Security of the exporters (issue 12, items 1-4): every reproduction of the issue is a test.

Content written by strangers must never run code, read a file outside the source folder, or
make an offline page fetch from the network:

- LaTeX formulas pass an allow-list of ordinary math; anything else prints as text with one
  ``file:line`` warning. LuaLaTeX runs with kpathsea's paranoid file access, no sockets, no shell
  escape and a Lua init script that limits Lua's file and process functions (tested by a
  template that calls Lua directly, past the allow-list).
- A compile that does not end is killed after its budget, reported at the Markdown file.
- Templates render in Jinja's immutable sandbox.
- HTML is never rewritten after sanitizing; the only ``style`` ctools writes is ``text-align``.

Sentinels are files that must not exist afterwards; the secret is a file whose text must not
appear in any output (PDF text through pdftotext, logs, HTML).
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from curriculum_tools.export.latex import math_problem

TEX_TOOLS = ("lualatex", "pdftotext")
needs_tex = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TEX_TOOLS),
    reason="LuaLaTeX/poppler not installed (apt-get install texlive-luatex "
    "texlive-latex-recommended fonts-nanum poppler-utils)",
)
SECRET = "SECRETTEXT7f3a9"


def ctools(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "curriculum_tools", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def project(tmp: Path) -> tuple[Path, Path, Path]:
    """A repository with a secret file, a .git/config and a source folder: (work, secret, git)."""
    work = tmp / "repo"
    (work / "source" / "en").mkdir(parents=True)
    (work / "ctools.yaml").write_text("source: source\n")
    secret = tmp / "secret.txt"
    secret.write_text(SECRET + "\n")
    git = work / ".git"
    git.mkdir()
    (git / "config").write_text("[core]\n\tbare = false\n")
    return work, secret, git / "config"


def all_output_text(root: Path) -> str:
    """Every text file under ``root`` and the text of every PDF."""
    parts = []
    for path in root.rglob("*"):
        if path.suffix == ".pdf":
            parts.append(pdf_text(path))
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


# --- 1. formulas: an allow-list ----------------------------------------------------------------

ISSUE_FORMULAS = [
    # the bypasses of the old deny-list, reproduced from the issue
    r"\UseName{directlua}{tex.print(io.open('SECRET'):read('a'))}",
    r"\ExplSyntaxOn \use:c{directlua}{io.open('SENTINEL','w'):write('x')} \ExplSyntaxOff",
    r"\csname directlua\endcsname{os.execute('touch SENTINEL')}",
    r"\ExplSyntaxOn \ior_open:Nn \g_tmpa_ior {SECRET} \ior_str_get:NN \g_tmpa_ior \l_tmpa_tl"
    r" \l_tmpa_tl \ExplSyntaxOff",
    r"\ExplSyntaxOn \iow_open:Nn \g_tmpa_iow {SENTINEL} \iow_now:Nn \g_tmpa_iow {x}",
    r"\UseName{directlua}{local f=io.open('GITCONFIG','a') f:write('[core]fsmonitor=touch SENTINEL')}",
]
OTHER_REFUSED = [
    r"\input{/etc/passwd}",
    r"\directlua{os.exit()}",
    r"\catcode`\^=7",
    r"a^^5cinput",
    r"\string\input",
    r"\expandafter\x",
    r"\begingroup\endlinechar=-1",
    r"\usepackage{x}",
    r"\lowercase{\def}",
    r"\scantokens{x}",
    r"\def\x{y}",
    r"\text{\input{x}}",
    r"\begin{array}{>{\directlua{x}}c} a \end{array}",
    r"\frac가{a}{b}",
    r"\(",
    r"\end{document}",
    r"\begin{equation}x\end{equation}",
    r"a & b",
    r"a # b",
    r"x}{",
]
ORDINARY = [
    r"\frac{a}{b} + \sqrt{x^2}",
    r"\alpha_i \cdot \beta^{2} \leq \Gamma(\theta)",
    r"\mathbb{R}^n \times \mathbf{W}_{ij} \in \mathcal{H}",
    r"\sum_{i=1}^{n} \log p(x_i) \quad \text{for } n \to \infty",
    r"\begin{aligned} a &= b \\ c &\approx d \end{aligned}",
    r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix} \left( \hat{x} \right)",
    r"f(x) = \begin{cases} 1 & x > 0 \\ 0 & \text{otherwise} \end{cases}",
    r"\operatorname{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
    r"\{a, b\} \setminus \emptyset \; \| x \|_2 \, \% \$",
    r"\vec{v} \overline{AB} \widehat{xyz} \underbrace{a+b}_{c} \binom{n}{k}",
]


@pytest.mark.parametrize("formula", ISSUE_FORMULAS + OTHER_REFUSED)
def test_formula_outside_the_allow_list_is_refused(formula: str) -> None:
    assert math_problem(formula) is not None


@pytest.mark.parametrize("formula", ORDINARY)
def test_ordinary_math_passes_the_allow_list(formula: str) -> None:
    assert math_problem(formula) is None


@needs_tex
def test_issue_formulas_run_nothing_read_nothing_and_warn_once(tmp_path: Path) -> None:
    work, secret, gitconfig = project(tmp_path)
    sentinel = tmp_path / "sentinel"
    before = gitconfig.read_bytes()
    lines = ["# Formulas", ""]
    expected: list[int] = []
    for formula in ISSUE_FORMULAS:
        text = (
            formula.replace("SECRET", str(secret))
            .replace("SENTINEL", str(sentinel))
            .replace("GITCONFIG", str(gitconfig))
        )
        expected += [len(lines) + 1, len(lines) + 3]  # the inline line, the opening $$
        lines += [f"Inline ${text}$ end.", "", "$$", text, "$$", ""]
    lines += ["Fine: $\\frac{a}{b}$.", ""]
    (work / "source" / "en" / "f.md").write_text("\n".join(lines), encoding="utf-8")
    result = ctools("export", "--format", "latex", "--pdf", cwd=work)
    assert result.returncode == 0, result.stdout + result.stderr
    out = work / "build" / "latex"
    assert (out / "en" / "f.pdf").is_file()
    assert not sentinel.exists()
    assert gitconfig.read_bytes() == before
    assert SECRET not in all_output_text(out)
    text = " ".join(pdf_text(out / "en" / "f.pdf").split())
    assert "UseName" in text and "ExplSyntaxOn" in text and "csname" in text  # printed as text
    warned = re.findall(
        r"source/en/f\.md:(\d+): formula uses \\\S+; printed as text", result.stderr
    )
    assert [int(n) for n in warned] == expected, result.stderr


# --- 1b. the engine itself: Lua cannot read, write or run (past the allow-list) ----------------

HOSTILE_PREAMBLE = r"""((* include 'preamble.tex.j2' *))
\begin{document}
ENGINEOK
\directlua{
  local function try(f) local ok, r = pcall(f) return ok and r end
  local f = try(function() return io.open("SECRET") end)
  if f then tex.print(f:read("a") or "") end
  for line in (try(function() return io.lines("SECRET") end) or function() end) do tex.print(line) end
  try(function() io.open("SENTINEL-open", "w"):write("x") end)
  try(function() io.open("GITCONFIG", "a"):write("[core] fsmonitor = touch SENTINEL-git") end)
  try(function() os.execute("touch SENTINEL-exec") end)
  try(function() io.popen("touch SENTINEL-popen") end)
  try(function() os.rename("GITCONFIG", "SENTINEL-rename") end)
  try(function() lfs.mkdir("SENTINEL-dir") end)
  try(function() local g = loadfile("SECRET") end)
  try(function()
    local _, original = debug.getupvalue(io.open, 1)
    original("SENTINEL-debug", "w"):write("x")
  end)
  local start = lfs.currentdir()
  try(function() lfs.chdir("/") end)
  local r = try(function() return io.open("SECRETREL") end)
  if r then tex.print(r:read("a") or "") end
  try(function() lfs.chdir("/etc") end)
  try(function() tex.print(io.open("hostname"):read("a") or "") end)
  try(function() lfs.chdir("TEXTREE") end)
  try(function() io.open("TREESENTINEL", "w"):write("x") end)
  try(function() lfs.chdir(start) end)
}
\openin5=SECRET \ifeof5 \else \read5 to \x \x \fi
\end{document}
"""


@needs_tex
def test_engine_refuses_lua_file_and_process_access(tmp_path: Path) -> None:
    work, secret, gitconfig = project(tmp_path)
    sentinel = tmp_path / "sentinel"
    before = gitconfig.read_bytes()
    templates = work / "tpl"
    templates.mkdir()
    # the engine may enter a TeX tree (luaotfload does, to index fonts), never write there
    tree = Path("/usr/share/texlive")
    tree_sentinel = tree / f"ctools-sentinel-{tmp_path.name}"
    hostname = Path("/etc/hostname")
    host = hostname.read_text().strip() if hostname.is_file() else ""
    (templates / "document.tex.j2").write_text(
        HOSTILE_PREAMBLE.replace("SECRETREL", str(secret).lstrip("/"))
        .replace("SECRET", str(secret))
        .replace("TREESENTINEL", tree_sentinel.name)
        .replace("TEXTREE", str(tree))
        .replace("SENTINEL", str(sentinel))
        .replace("GITCONFIG", str(gitconfig))
    )
    (work / "source" / "en" / "a.md").write_text("# A\n\ntext\n")
    try:
        result = ctools(
            "export", "--format", "latex", "--pdf", "--templates", str(templates), cwd=work
        )
        assert not tree_sentinel.exists()
    finally:
        tree_sentinel.unlink(missing_ok=True)
    out = work / "build" / "latex"
    pdf = out / "en" / "a.pdf"
    assert pdf.is_file(), result.stdout + result.stderr
    assert "ENGINEOK" in pdf_text(pdf)
    assert SECRET not in all_output_text(out)
    assert len(host) < 4 or host not in pdf_text(pdf)
    assert not list(tmp_path.glob("sentinel*")), list(tmp_path.glob("sentinel*"))
    assert gitconfig.read_bytes() == before


@needs_tex
def test_first_compile_on_a_new_machine_builds_the_font_database(tmp_path: Path) -> None:
    """The first LuaLaTeX run on a machine builds luaotfload's font name database, inside
    the sandbox: with an empty cache the PDF still gets its fonts (Latin Modern, and Nanum
    for Hangul where installed), and the database lands in the cache, nowhere else."""
    work, _, _ = project(tmp_path)
    (work / "source" / "en" / "a.md").write_text("# Fonts\n\nLatin text.\n")
    (work / "source" / "ko").mkdir()
    (work / "source" / "ko" / "a.md").write_text("# 글꼴\n\n한글 문장.\n")
    cache = tmp_path / "texmf-cache"
    # no stored PDF may stand in for the engine's first run (CTOOLS_NO_CACHE)
    env = dict(os.environ, TEXMFCACHE=str(cache), TEXMFVAR=str(cache), CTOOLS_NO_CACHE="1")
    result = subprocess.run(
        [sys.executable, "-m", "curriculum_tools", "export", "--format", "latex", "--pdf"],
        cwd=work, capture_output=True, text=True, timeout=900, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(cache.rglob("luaotfload-names.lu*")), sorted(cache.rglob("*"))
    out = work / "build" / "latex"
    fonts = subprocess.run(
        ["pdffonts", str(out / "en" / "a.pdf")], capture_output=True, text=True
    ).stdout
    assert "LMRoman" in fonts, fonts
    assert "한글 문장" in pdf_text(out / "ko" / "a.pdf")


# --- 2. a compile that does not end is stopped at its budget ----------------------------------

LOOP_TEMPLATE = r"""((* include 'preamble.tex.j2' *))
\begin{document}
((* if pdf_title == "Loop" *))\def\spin{\spin}\spin{}((* endif *))
Finished (((title)))
\end{document}
"""


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is inside ``folder`` (a leftover engine)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cwd = (proc / "cwd").resolve()
            except OSError:
                continue
            if cwd.is_relative_to(folder):
                found.append(int(proc.name))
    return found


@needs_tex
def test_runaway_compile_is_killed_at_its_budget_and_the_rest_completes(tmp_path: Path) -> None:
    work, _, _ = project(tmp_path)
    (work / "ctools.yaml").write_text("source: source\nexport:\n  latex: {timeout: 15}\n")
    templates = work / "tpl"
    templates.mkdir()
    (templates / "document.tex.j2").write_text(LOOP_TEMPLATE)
    (work / "source" / "en" / "loop.md").write_text("# Loop\n\nspins\n")
    (work / "source" / "en" / "fine.md").write_text("# Fine\n\nends\n")
    result = ctools(
        "export", "--format", "latex", "--pdf", "--templates", str(templates), cwd=work,
        timeout=120,
    )  # fmt: skip
    out = work / "build" / "latex" / "en"
    assert result.returncode == 1, result.stdout + result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert re.search(
        r"^error: source/en/loop\.md:1: LaTeX: compiling took longer than 15 s", result.stderr, re.M
    ), result.stderr
    assert "Finished" in pdf_text(out / "fine.pdf")
    assert not (out / "loop.pdf").exists()
    assert _processes_in(work) == []


# --- 3. templates from a repository render sandboxed ------------------------------------------

ESCAPE = "{{ cycler.__init__.__globals__.os.system('touch SENTINEL') }}"
ATTACKS = [
    ("html", "index.html.j2", "<p>one</p>\n" + ESCAPE + "\n"),
    ("latex", "document.tex.j2", "one\n" + ESCAPE.replace("{{", "(((").replace("}}", ")))")),
    ("anki", "term.front.html.j2", "one\n" + ESCAPE.replace("{{", "[[").replace("}}", "]]")),
]


@pytest.mark.parametrize(("fmt", "name", "text"), ATTACKS)
@pytest.mark.parametrize("via", ["option", "config"])
def test_template_escape_attempt_fails_with_template_and_line(
    tmp_path: Path, fmt: str, name: str, text: str, via: str
) -> None:
    work, _, _ = project(tmp_path)
    sentinel = tmp_path / "sentinel"
    (work / "source" / "en" / "a.md").write_text("# A\n\n**Term**: a definition.\n")
    templates = work / "tpl"
    templates.mkdir()
    (templates / name).write_text(text.replace("SENTINEL", str(sentinel)))
    args = ["export", "--format", fmt]
    if via == "option":
        args += ["--templates", "tpl"]
    else:
        (work / "ctools.yaml").write_text("source: source\nexport:\n  templates: tpl\n")
    result = ctools(*args, cwd=work)
    assert result.returncode == 2, result.stdout + result.stderr
    assert not sentinel.exists()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert re.search(rf"tpl/{re.escape(name)}:2: template error: .*unsafe", lines[0]), lines
    assert not (work / "build" / fmt).exists(), "nothing half-written"


# --- 4. HTML: no CSS smuggling, no remote fetch from an offline page --------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def remote() -> Iterator[tuple[str, list[str]]]:
    """A local web server standing in for a remote host: ``(base URL, requested paths)``."""

    class Handler(_Recorder):
        requests: ClassVar[list[str]] = []

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", Handler.requests
    finally:
        server.shutdown()


def smuggling_document(base: str) -> str:
    overlay = (
        "left;position:fixed;top:0;left:0;width:100vw;height:100vh;z-index:9999;"
        f"background:url({base}/align.png)"
    )
    return "\n".join(
        [
            "# Smuggling",
            "",
            f'<table><tr><td align="{overlay}">cell</td>'
            f'<th align="center" style="text-align:right;background:url({base}/style.png)">h</th>'
            "</tr></table>",
            "",
            f'Inline <img src="{base}/inline.png" alt="inline"> and'
            f' <img src="//127.0.0.1:{base.rsplit(":", 1)[1]}/proto.png">.',
            "",
            f"![markdown image]({base}/markdown.png)",
            "",
            f'<p style="position:fixed;background:url({base}/p.png)">para</p>',
            "",
            f'<div><img srcset="{base}/srcset.png 1x" src="{base}/both.png"></div>',
            "",
            "| left | right |",
            "|:-----|------:|",
            "| a    | b     |",
            "",
        ]
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def content_tags(page: Path) -> list[tuple[str, dict[str, str | None]]]:
    """The elements of a page's ``<main>`` content (the template's own head excluded)."""
    text = page.read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(text[text.index("<body") :])
    return parser.tags


def chromium_visit(pages: list[Path], tmp: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        return
    for page in pages:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}", "--virtual-time-budget=3000", "--dump-dom",
             page.as_uri()],
            capture_output=True,
            timeout=120,
        )  # fmt: skip


def test_css_smuggling_and_remote_images_never_reach_the_page(
    tmp_path: Path, remote: tuple[str, list[str]]
) -> None:
    base, requests = remote
    work, _, _ = project(tmp_path)
    (work / "source" / "en" / "s.md").write_text(smuggling_document(base), encoding="utf-8")
    result = ctools("export", "--format", "html", cwd=work)
    assert result.returncode == 0, result.stderr
    page = work / "build" / "html" / "en" / "s.html"
    tags = content_tags(page)
    styles = [a["style"] for _, a in tags if "style" in a]
    assert styles and all(
        re.fullmatch(r"text-align:(left|right|center|justify)", s or "") for s in styles
    ), styles
    assert ("td", {"style": "text-align:left"}) in tags  # align mapped to a keyword only
    text = page.read_text(encoding="utf-8")
    assert "position" not in text.split("<body", 1)[1] and "url(" not in text
    assert not [a for t, a in tags if t == "img" and "127.0.0.1" in str(a.get("src"))]
    assert not [a for _, a in tags if "srcset" in a]
    links = [a.get("href") for t, a in tags if t == "a" and "remote-image" in str(a.get("class"))]
    assert f"{base}/markdown.png" in links and f"{base}/inline.png" in links
    summary = [line for line in result.stderr.splitlines() if "remote image" in line]
    assert len(summary) == 1 and "shown as links, not loaded" in summary[0], result.stderr
    chromium_visit([page], tmp_path)
    assert requests == [], requests


def test_remote_images_load_only_when_kept_on_purpose(
    tmp_path: Path, remote: tuple[str, list[str]]
) -> None:
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        pytest.skip("chromium is not installed: cannot watch the page load")
    base, requests = remote
    work, _, _ = project(tmp_path)
    (work / "ctools.yaml").write_text("source: source\nexport:\n  html: {remote_images: keep}\n")
    (work / "source" / "en" / "s.md").write_text(smuggling_document(base), encoding="utf-8")
    result = ctools("export", "--format", "html", cwd=work)
    assert result.returncode == 0, result.stderr
    chromium_visit([work / "build" / "html" / "en" / "s.html"], tmp_path)
    assert "/markdown.png" in requests  # the watcher sees fetches: the test above can fail
    assert not {"/align.png", "/style.png", "/p.png", "/srcset.png"} & set(requests)


def test_one_remote_image_summary_per_run(tmp_path: Path) -> None:
    work, _, _ = project(tmp_path)
    for name in ("a", "b", "c"):
        (work / "source" / "en" / f"{name}.md").write_text(
            f"# {name}\n\n![x](https://example.com/{name}.png)\n\n![y](https://example.com/y.png)\n"
        )
    result = ctools("export", "--format", "html", cwd=work)
    summary = [line for line in result.stderr.splitlines() if "remote image" in line]
    assert len(summary) == 1, result.stderr
    assert summary[0].endswith(
        "source/en/a.md:3: 6 remote images in 3 documents shown as links, not loaded "
        "(export.html.remote_images: keep loads them)"
    ), summary
