"""LaTeX exporter: one ``.tex`` per document and language, plus a bilingual edition per pair.

Engine: LuaLaTeX (``fontspec``); Hangul reaches the page through luaotfload font fallback
to the Nanum fonts (see ``templates/latex/preamble.tex.j2``). Shell escape is always off.

The flow is nbconvert's: :func:`build_context` turns the parsed model into plain data (pure,
given an image lookup), Jinja templates with LaTeX-safe delimiters (``((* *))``, ``((( )))``,
``((= =))``) lay it out, and :meth:`LatexExporter.export` writes the files, copies images and,
with ``--pdf``, runs the engine and maps its complaints back to Markdown lines.

Safety: every text fragment goes through :func:`latex_escape` (one substitution table), so
content can never run TeX commands; code blocks are written to separate files and read with
``\\VerbatimInput`` (nothing in them can close the environment); formulas pass only when
they hold no dangerous control sequence (else they print as text); URLs are percent-encoded
before TeX sees them; images are copied only from inside the source root under a hashed name.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import html
import os
import re
import shutil
import subprocess
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote, unquote

from ..text import IMG_TAG_RE, strip_trailing_ids
from . import ExportOptions, ExportResult, make_env, write_text

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ..model import Document, DocumentPair, Section
    from ..project import Corpus

# --- escaping --------------------------------------------------------------------------------

_ESCAPES: dict[str, str] = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "^": r"\textasciicircum{}",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "%": r"\%",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "\t": " ",
    "\r": "",
    "\u00a0": "~",
}
"""Character -> LaTeX. ``^`` never reaches TeX raw, which also defeats ``^^5c``-style tricks."""

_BREAK_AFTER = frozenset("/.-_?&=#%:,;@+")
_LONG_RUN = 24
_CHUNK = 16
_CODE_RUN = 12


def _drop(char: str) -> bool:
    """Control and other invisible characters TeX would choke on (newlines are kept)."""
    return char != "\n" and unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn")


def latex_escape(text: object) -> str:
    """Escape a text fragment for LaTeX so that it prints literally.

    >>> latex_escape(r"\\input{x} 50% ^^5c")
    '\\\\textbackslash{}input\\\\{x\\\\} 50\\\\% \\\\textasciicircum{}\\\\textasciicircum{}5c'
    """
    out: list[str] = []
    text = str(text)
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _drop(char):
            continue
        else:
            out.append(char)
    return "".join(out)


def latex_text(text: str, long_run: int = _LONG_RUN) -> str:
    """:func:`latex_escape`, plus line-break points inside long unbroken runs (URLs, paths)."""
    parts = re.split(r"(\s+)", text)
    out: list[str] = []
    for part in parts:
        if len(part) <= long_run or part.isspace():
            out.append(latex_escape(part))
            continue
        run = 0
        for i, char in enumerate(part):
            out.append(latex_escape(char))
            run += 1
            if char in _BREAK_AFTER or run >= _CHUNK:
                if i + 1 < len(part):
                    out.append(r"\allowbreak{}")
                run = 0
    return "".join(out)


def _comment_safe(text: str) -> str:
    """Text for a ``%`` comment line: no line breaks or control characters."""
    return "".join("?" if unicodedata.category(c)[0] == "C" else c for c in text)


# --- math -------------------------------------------------------------------------------------

_MATH_ENVS = frozenset(
    {"matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases",
     "aligned", "alignedat", "gathered", "split", "array", "subarray"}
)  # fmt: skip
_MATH_DENY = frozenset(
    """input include includeonly InputIfFileExists IfFileExists openin openout closein closeout
    read readline write immediate directlua latelua luaexec luadirect luacode catcode lccode
    uccode sfcode mathcode delcode def edef gdef xdef let futurelet global long outer protected
    csname endcsname expandafter noexpand scantokens newcommand renewcommand providecommand
    DeclareRobustCommand DeclareMathOperator newenvironment renewenvironment usepackage
    RequirePackage documentclass special lowercase uppercase shipout output endinput errmessage
    message typeout errhelp batchmode nonstopmode scrollmode errorstopmode makeatletter
    makeatother loop repeat jobname afterassignment aftergroup string detokenize unexpanded
    meaning verb url href hyperlink hypertarget includegraphics newread newwrite show showbox
    showthe showlists tracingall dump font newfont fontspec setmainfont chardef mathchardef
    countdef dimendef skipdef toksdef par end begin""".split()  # noqa: SIM905
)
"""Control words a formula may not use (``begin``/``end`` pass only with a math environment)."""
_MATH_DENY_PARTS = ("lua", "pdf", "write", "read", "open", "input", "def", "code", "every", "file")
_MATH_TOKEN_RE = re.compile(r"\\([A-Za-z@]+)|\\(.)|(.)", re.S)


def math_problem(tex: str) -> str | None:
    """Why a formula may not go to TeX as math (None when it may).

    >>> math_problem(r"\\frac{a}{b}") is None
    True
    >>> math_problem(r"a \\input{/etc/passwd}")
    'uses \\\\input'
    """
    if "^^" in tex:
        return "uses the ^^ character-code notation"
    depth = envs = 0
    for match in _MATH_TOKEN_RE.finditer(tex):
        word, symbol, char = match.groups()
        if word is not None:
            lower = word.lower()
            if word in ("begin", "end"):
                env = re.match(r"\s*\{([A-Za-z]+\*?)\}", tex[match.end() :])
                if env is None or env.group(1).rstrip("*") not in _MATH_ENVS:
                    return f"uses \\{word} outside a math environment"
                envs += 1 if word == "begin" else -1
                continue
            if word in _MATH_DENY or any(part in lower for part in _MATH_DENY_PARTS):
                return f"uses \\{word}"
        elif symbol is not None:
            if symbol in "()[]":
                return f"uses \\{symbol}"
        elif char in "%#$":
            return f"uses a bare {char}"
        elif char == "&" and envs <= 0:
            return "uses & outside an alignment"
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return "has unbalanced braces"
    if depth != 0:
        return "has unbalanced braces"
    if envs != 0:
        return "has unbalanced \\begin/\\end"
    return None


# --- settings and images ----------------------------------------------------------------------

_FONT_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._\-]{0,62}$")
_PAPERS = ("a4paper", "letterpaper", "a5paper", "b5paper")


@functools.cache
def installed_symbol_font() -> str:
    """``Symbola`` when fontconfig knows it (Debian fonts-symbola), else ``""``.

    A fallback font that is not installed is a fatal LuaLaTeX error, so it is only named
    in the preamble when present.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ""
    try:
        found = subprocess.run([fc_list, "Symbola"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return "Symbola" if found.stdout.strip() else ""


@dataclass(frozen=True, slots=True)
class LatexSettings:
    """Fonts and paper, from ``export.latex`` in ``ctools.yaml`` (validated names only)."""

    main_font: str = "Latin Modern Roman"
    sans_font: str = "Latin Modern Sans"
    mono_font: str = "Latin Modern Mono"
    cjk_font: str = "NanumMyeongjo"
    cjk_sans_font: str = "NanumGothic"
    cjk_mono_font: str = "NanumGothicCoding"
    paper: str = "a4paper"
    symbol_font: str = field(default_factory=lambda: installed_symbol_font())
    """Last fallback for emoji and symbols (``Symbola`` when installed; empty: none)."""
    code_columns: int = 84
    """Code lines longer than this (Hangul counts two) are wrapped with a ``↳`` marker."""

    @classmethod
    def from_config(cls, raw: dict[str, Any]) -> tuple[LatexSettings, list[str]]:
        """Settings plus problems (a bad font name or paper falls back to the default)."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key in ("main_font", "mono_font", "cjk_font"):
            if key in raw:
                name = str(raw[key])
                if _FONT_NAME_RE.match(name):
                    values[key] = name
                else:
                    problems.append(f"export.latex.{key}: not a plain font name: {name!r}")
        if "paper" in raw:
            paper = str(raw["paper"]).lower()
            paper = paper if paper.endswith("paper") else paper + "paper"
            if paper in _PAPERS:
                values["paper"] = paper
            else:
                problems.append(f"export.latex.paper: expected one of {', '.join(_PAPERS)}")
        engine = str(raw.get("engine", "lualatex"))
        if engine != "lualatex":
            problems.append(f"export.latex.engine: only lualatex is supported, not {engine!r}")
        if "cjk_font" in values:
            values["cjk_sans_font"] = values["cjk_font"]
            values["cjk_mono_font"] = values["cjk_font"]
        return cls(**values), problems


ImageStatus = Literal["ok", "missing", "remote", "outside", "unsupported"]


@dataclass(frozen=True, slots=True)
class ImageRef:
    """What an image reference in a document points to."""

    status: ImageStatus
    file: Path | None = None
    """The file to copy (status ``ok`` only)."""
    detail: str = ""
    """Why it is not usable, for the warning."""


ImageLookup = Callable[["Document", str], ImageRef]

_IMAGE_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".pdf": (b"%PDF-",),
}


def source_root(doc: Document) -> Path:
    """The folder holding the language folders (``source/``), or the document's own folder."""
    path = doc.path.resolve()
    if doc.rel:
        depth = len(PurePosixPath(doc.rel).parts)
        if len(path.parents) > depth:
            return path.parents[depth]
    return path.parent


def find_image(doc: Document, src: str) -> ImageRef:
    """Resolve an image reference on disk: inside the source root, PNG/JPEG/PDF only."""
    src = src.strip()
    if re.match(r"(?i)^[a-z][a-z0-9+.\-]*:", src) or src.startswith("//"):
        if re.match(r"(?i)^(https?:)?//", src):
            return ImageRef("remote", detail="remote images are not downloaded")
        return ImageRef("outside", detail="only files inside the source folder are used")
    path_part = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path_part or "\x00" in path_part:
        return ImageRef("missing", detail="empty image path")
    root = source_root(doc).resolve()
    base = root if path_part.startswith("/") else doc.path.resolve().parent
    candidate = base / path_part.lstrip("/")
    try:
        resolved = candidate.resolve()
    except (OSError, RuntimeError):
        return ImageRef("missing", detail="image not found")
    if not resolved.is_relative_to(root):
        return ImageRef("outside", detail="image path leaves the source folder")
    if not resolved.is_file():
        return ImageRef("missing", detail="image not found")
    suffix = resolved.suffix.lower()
    magic = _IMAGE_MAGIC.get(suffix)
    if magic is None:
        return ImageRef("unsupported", detail="only PNG, JPEG and PDF images can be used")
    try:
        with open(resolved, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return ImageRef("missing", detail="image cannot be read")
    if not head.startswith(magic):
        return ImageRef("unsupported", detail=f"file content is not {suffix[1:].upper()}")
    return ImageRef("ok", resolved)


# --- units of output --------------------------------------------------------------------------


@dataclass(slots=True)
class TexUnit:
    """One ``.tex`` file to write: its template, context and side files."""

    tex: str
    """Output path relative to the export folder (``en/curriculum.tex``)."""
    template: str
    context: dict[str, Any]
    assets: dict[str, str] = field(default_factory=dict)
    """Side text files (code blocks), relative to the ``.tex`` folder -> content."""
    copies: dict[str, Path] = field(default_factory=dict)
    """Images to copy, relative to the ``.tex`` folder -> source file."""
    code_origin: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Code file name -> (Markdown display path, line of its first content line)."""
    sources: list[Document] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_HEADING_COMMANDS = ("section", "subsection", "subsubsection", "paragraph", "subparagraph")
_LIST_ENVS = {"bullet_list_open": "itemize", "ordered_list_open": "enumerate"}
_ENUM_COUNTERS = ("enumi", "enumii", "enumiii", "enumiv")
_SAFE_URL_CHARS = "/:?#[]@!$&'()*+,;=-._~%"
_ALT_RE = re.compile(r"""\balt\s*=\s*["']([^"']*)["']""", re.I)
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_BR_RE = re.compile(r"^<br\s*/?>$", re.I)


def heading_command(level: int) -> str:
    """The unnumbered sectioning command for a (shifted) Markdown heading level, 1-based."""
    return _HEADING_COMMANDS[min(max(level, 1), len(_HEADING_COMMANDS)) - 1]


def code_lines(code: str, columns: int) -> str:
    """Code as it goes into the verbatim file: tabs expanded, long lines wrapped with ``↳``."""
    out: list[str] = []
    for raw in code.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = "".join(c for c in raw.expandtabs(4) if not _drop(c))
        while True:
            used = 0
            cut = len(line)
            for i, char in enumerate(line):
                used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
                if used > columns:
                    cut = i
                    break
            out.append(line[:cut])
            if cut >= len(line):
                break
            line = "↳ " + line[cut:]
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _safe_url(url: str) -> str:
    """Percent-encode a URL so only ``[A-Za-z0-9]`` and URL punctuation remain, then escape it."""
    url = "".join(c for c in url if not _drop(c) and c not in "\n")
    encoded = quote(url, safe=_SAFE_URL_CHARS)
    encoded = encoded.replace("[", "%5B").replace("]", "%5D")
    out = []
    for char in encoded:
        if char in "#%&$_":
            out.append("\\" + char)
        elif char == "~":
            out.append(r"\string~")
        else:
            out.append(char)
    return "".join(out)


class _Renderer:
    """Markdown tokens -> LaTeX, for one document inside one unit."""

    def __init__(
        self,
        unit: TexUnit,
        doc: Document,
        *,
        anchor_prefix: str,
        asset_dir: str,
        images: ImageLookup,
        settings: LatexSettings,
        display: str,
        max_depth: int,
    ) -> None:
        self.unit = unit
        self.doc = doc
        self.anchor_prefix = anchor_prefix
        self.asset_dir = asset_dir
        self.images = images
        self.settings = settings
        self.display = display
        self.max_depth = max_depth
        self.anchors: dict[str, str] = {}
        for section in doc.walk():
            name = f"{anchor_prefix}{section.index}"
            self.anchors.setdefault(section.slug, name)
            for ident in section.ids:
                self.anchors.setdefault(ident, name)

    # -- helpers --

    def anchor(self, section: Section) -> str:
        return f"{self.anchor_prefix}{section.index}"

    def marker(self, start: int, end: int | None = None) -> str:
        end = start if end is None else end
        return f"%% src: {_comment_safe(self.display)}:{start}-{end}\n"

    def warn(self, line: int, message: str) -> None:
        self.unit.warnings.append(f"{self.display}:{line}: {message}")

    def _next_name(self, prefix: str, suffix: str) -> str:
        n = sum(
            1 for k in (*self.unit.assets, *self.unit.copies) if k.split("/")[-1].startswith(prefix)
        )
        return f"{self.asset_dir}/{prefix}{n + 1:03d}{suffix}"

    # -- blocks --

    def render(self, tokens: Sequence[Token]) -> str:
        out: list[str] = []
        envs: list[str | None] = []
        prev = ""
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            line = tok.map[0] + 1 if tok.map else 0
            end = tok.map[1] if tok.map else line
            if t == "paragraph_open":
                if tok.hidden:
                    if prev not in ("list_item_open", ""):
                        out.append("\\par ")
                else:
                    out.append(self.marker(line, end))
                    image_only = self._lone_image(tokens, i)
                    if image_only is not None:
                        out.append(image_only + "\n\n")
                        i += 3
                        prev = "paragraph_close"
                        continue
            elif t == "paragraph_close":
                while out and out[-1].endswith(("\\newline{}", "\n")) and out[-1].strip():
                    last = out[-1].rstrip("\n")
                    out[-1] = last[: -len("\\newline{}")] if last.endswith("\\newline{}") else last
                    if not last.endswith("\\newline{}"):
                        break
                out.append("\n" if tok.hidden else "\n\n")
            elif t == "inline":
                out.append(self.inline(tok.children or [], line))
            elif t == "heading_open":
                out.append(self.marker(line, end) + "\\par\\textbf{")
            elif t == "heading_close":
                out.append("}\\par\n")
            elif t in _LIST_ENVS or t == "blockquote_open":
                env = _LIST_ENVS.get(t, "quote")
                real = [e for e in envs if e]
                if len(real) >= self.max_depth or (env != "quote" and real.count(env) >= 4):
                    envs.append(None)
                else:
                    envs.append(env)
                    out.append(self.marker(line, end) + f"\\begin{{{env}}}")
                    if env == "enumerate":
                        start = int(str(tok.attrs.get("start", 1)) or 1)
                        level = real.count("enumerate")
                        if start != 1 and level < len(_ENUM_COUNTERS):
                            out.append(f"\\setcounter{{{_ENUM_COUNTERS[level]}}}{{{start - 1}}}")
                    out.append("\n")
            elif t in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
                env_closed = envs.pop() if envs else None
                if env_closed:
                    out.append(f"\\end{{{env_closed}}}\n")
            elif t == "list_item_open":
                out.append(self.marker(line, end) + "\\item{}")
                if not [e for e in envs if e]:
                    out.append("\\textbullet{} ")  # flattened into no list at all
            elif t == "list_item_close":
                out.append("\n")
            elif t in ("fence", "code_block"):
                out.append(self.marker(line, end) + self.code(tok.content, line, t == "fence"))
            elif t in ("math_block", "math_block_label"):
                out.append(self.marker(line, end) + self.display_math(tok, line) + "\n")
            elif t == "html_block":
                out.append(self.marker(line, end) + self.html_block(tok.content, line))
            elif t == "hr":
                out.append(self.marker(line, end) + "\\ctoolsrule\n\n")
            elif t == "table_open":
                j = i
                while j < len(tokens) and tokens[j].type != "table_close":
                    j += 1
                out.append(self.marker(line, end) + self.table(tokens[i : j + 1]))
                i = j + 1
                prev = "table_close"
                continue
            prev = t
            i += 1
        return "".join(out)

    def _lone_image(self, tokens: Sequence[Token], i: int) -> str | None:
        """A paragraph holding just one image becomes a centred figure."""
        if i + 2 >= len(tokens) or tokens[i + 1].type != "inline":
            return None
        kids = [
            c
            for c in tokens[i + 1].children or []
            if not (c.type == "text" and not c.content.strip())
        ]
        if len(kids) != 1 or kids[0].type != "image":
            return None
        where = tokens[i].map
        line = where[0] + 1 if where else 0
        image = kids[0]
        body = self.image(str(image.attrs.get("src", "")), image.content, line)
        return f"\\begin{{center}}{body}\\end{{center}}"

    def code(self, content: str, line: int, fenced: bool) -> str:
        name = self._next_name("code-", ".txt")
        self.unit.assets[name] = code_lines(content, self.settings.code_columns)
        self.unit.code_origin[name] = (self.display, line + (1 if fenced else 0))
        return f"\\ctoolscode{{{name}}}\n\n"

    def display_math(self, tok: Token, line: int) -> str:
        tex = tok.content.strip()
        label = tok.info.strip() if tok.type == "math_block_label" else ""
        return self.math(tex, line, display=True, label=label)

    def math(self, tex: str, line: int, *, display: bool, label: str = "") -> str:
        tex = re.sub(r"\n\s*\n", "\n", tex.strip())
        problem = math_problem(tex)
        if problem is not None or not tex:
            if tex:
                self.warn(line, f"formula {problem}; printed as text")
            shown = latex_text(f"$${tex}$$" if display else f"${tex}$", _CODE_RUN)
            return f"\\ctoolsmathtext{{{shown}}}" if display else f"\\texttt{{{shown}}}"
        if display:
            tag = f"\\tag{{\\text{{{latex_escape(label)}}}}}" if label else ""
            return f"\\begin{{equation*}}\n{tex}{tag}\n\\end{{equation*}}"
        return f"\\({tex}\\)"

    def html_block(self, content: str, line: int) -> str:
        out: list[str] = []
        for match in IMG_TAG_RE.finditer(content):
            at = line + content.count("\n", 0, match.start())
            alt = _ALT_RE.search(match.group(0))
            body = self.image(html.unescape(match.group(1)), alt.group(1) if alt else "", at)
            out.append(f"\\begin{{center}}{body}\\end{{center}}\n")
        rest = html.unescape(_TAG_RE.sub(" ", content)).strip()
        if rest:
            out.append(latex_text(" ".join(rest.split())) + "\n")
        return "".join(out) + "\n"

    def table(self, tokens: Sequence[Token]) -> str:
        rows: list[tuple[bool, list[tuple[str, str]]]] = []
        align = ""
        for tok in tokens:
            if tok.type == "tr_open":
                rows.append((False, []))
            elif tok.type in ("th_open", "td_open") and rows:
                style = str(tok.attrs.get("style", ""))
                align = style.split(":", 1)[1].strip() if ":" in style else ""
                if tok.type == "th_open":
                    rows[-1] = (True, rows[-1][1])
            elif tok.type == "inline" and rows:
                line = tok.map[0] + 1 if tok.map else 0
                rows[-1][1].append((align, self.inline(tok.children or [], line)))
        cols = max((len(cells) for _, cells in rows), default=1) or 1
        aligns = [""] * cols
        if rows:
            for k, (a, _) in enumerate(rows[0][1]):
                aligns[k] = a
        ragged = {"center": r"\centering", "right": r"\raggedleft"}
        width = rf"p{{\dimexpr(\linewidth-{2 * cols}\tabcolsep)/{cols}\relax}}"
        spec = "".join(
            ">{" + ragged.get(a, r"\raggedright") + r"\arraybackslash}" + width for a in aligns
        )
        out = [f"\\begin{{longtable}}{{{spec}}}\n\\toprule\n"]
        for k, (header, cells) in enumerate(rows):
            texts = [c.replace("\n", " ") for _, c in cells] + [""] * (cols - len(cells))
            if header:
                texts = [f"\\textbf{{{c}}}" if c else "" for c in texts]
            out.append(" & ".join(texts) + " \\\\\n")
            if header and k == 0:
                out.append("\\midrule\n\\endhead\n")
        out.append("\\bottomrule\n\\end{longtable}\n\n")
        return "".join(out)

    # -- inline --

    def inline(self, children: Sequence[Token], line: int) -> str:
        out: list[str] = []
        closers: list[str] = []
        for child in children:
            t = child.type
            if t == "text":
                out.append(latex_text(child.content))
            elif t == "softbreak":
                line += 1
                out.append("\n")
            elif t == "hardbreak":
                line += 1
                out.append("\\newline{}\n")
            elif t == "code_inline":
                out.append(f"\\ctoolsinlinecode{{{latex_text(child.content, _CODE_RUN)}}}")
            elif t in ("em_open", "strong_open", "s_open"):
                out.append(
                    {"em_open": "\\emph{", "strong_open": "\\textbf{"}.get(t, "\\ctoolsstrike{")
                )
            elif t in ("em_close", "strong_close", "s_close"):
                out.append("}")
            elif t == "link_open":
                out.append(self.link_open(str(child.attrs.get("href", "")), closers))
            elif t == "link_close":
                out.append(closers.pop() if closers else "")
            elif t == "image":
                out.append(self.image(str(child.attrs.get("src", "")), child.content, line))
            elif t == "math_inline":
                out.append(self.math(child.content, line, display=False))
            elif t == "math_inline_double":
                out.append(self.math(child.content, line, display=True))
            elif t == "html_inline":
                content = child.content.strip()
                match = IMG_TAG_RE.match(content)
                if match:
                    alt = _ALT_RE.search(content)
                    src = html.unescape(match.group(1))
                    out.append(self.image(src, alt.group(1) if alt else "", line))
                elif _BR_RE.match(content):
                    out.append("\\newline{}")
        out.extend(reversed(closers))
        return "".join(out)

    def link_open(self, href: str, closers: list[str]) -> str:
        if href.startswith("#"):
            target = self.anchors.get(unquote(href[1:]))
            if target is not None:
                closers.append("}")
                return f"\\hyperlink{{{target}}}{{"
        elif re.match(r"(?i)^(https?|mailto|ftp):", href):
            closers.append("}")
            return f"\\href{{{_safe_url(href)}}}{{"
        closers.append("")
        return ""

    def image(self, src: str, alt: str, line: int) -> str:
        ref = self.images(self.doc, src)
        if ref.status == "ok" and ref.file is not None:
            digest = hashlib.sha1(str(ref.file).encode()).hexdigest()[:12]
            suffix = ref.file.suffix.lower().replace(".jpeg", ".jpg")
            name = f"{self.asset_dir}/img-{digest}{suffix}"
            self.unit.copies[name] = ref.file
            return f"\\ctoolsimage{{{name}}}"
        src = unquote(src)
        self.warn(line, f"{ref.detail or 'image not usable'}: {src}")
        label = {
            "remote": "Remote image (not downloaded)",
            "outside": "Image outside the source folder",
            "unsupported": "Unsupported image format",
        }.get(ref.status, "Image not found")
        shown = latex_text(src, _CODE_RUN)
        return f"\\ctoolsmissingimage{{{label}}}{{{shown}}}{{{latex_text(alt)}}}"


# --- context ----------------------------------------------------------------------------------


def _blocks_by_section(
    doc: Document,
) -> tuple[list[Token], dict[int, list[Token]], dict[int, Token]]:
    """Split the document's tokens: preamble tokens, each section's own tokens, its heading."""
    from ..parse import markdown_parser

    tokens = markdown_parser().parse(doc.text)
    flat = doc.walk()
    preamble: list[Token] = []
    own: dict[int, list[Token]] = {}
    heads: dict[int, Token] = {}
    current: list[Token] = preamble
    k = -1
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and tok.level == 0 and k + 1 < len(flat):
            k += 1
            heads[flat[k].index] = tokens[i + 1]
            current = own.setdefault(flat[k].index, [])
            i += 3
            continue
        if tok.type != "front_matter":
            current.append(tok)
        i += 1
    return preamble, own, heads


def _heading_tex(renderer: _Renderer, section: Section, inline: Token | None) -> str:
    if inline is None:
        return latex_text(section.heading)
    children = list(inline.children or [])
    while children and children[-1].type == "text":
        stripped = strip_trailing_ids(children[-1].content)
        if stripped == children[-1].content:
            break
        clone = children[-1].copy()
        clone.content = stripped
        children[-1] = clone
    return renderer.inline(children, section.line).strip()


def _title_shift(doc: Document) -> int:
    """1 when the document opens with its only level-1 heading (shown as the title)."""
    flat = doc.walk()
    ones = [s for s in flat if s.level == 1]
    return 1 if flat and len(ones) == 1 and flat[0] is ones[0] else 0


@dataclass(slots=True)
class _DocParts:
    preamble: str
    sections: list[dict[str, Any]]
    title_heading: str | None
    by_index: dict[int, dict[str, Any]]


def _render_document(
    unit: TexUnit,
    doc: Document,
    *,
    prefix: str,
    asset_dir: str,
    images: ImageLookup,
    settings: LatexSettings,
    display: Callable[[Path], str],
    max_depth: int,
) -> _DocParts:
    renderer = _Renderer(
        unit,
        doc,
        anchor_prefix=prefix,
        asset_dir=asset_dir,
        images=images,
        settings=settings,
        display=display(doc.path),
        max_depth=max_depth,
    )
    pre_tokens, own, heads = _blocks_by_section(doc)
    shift = _title_shift(doc)
    sections: list[dict[str, Any]] = []
    by_index: dict[int, dict[str, Any]] = {}
    title_heading = None
    bookmark_level = 0
    for section in doc.walk():
        heading = _heading_tex(renderer, section, heads.get(section.index))
        level = section.level - shift
        if level == 0:
            title_heading = heading
        bookmark_level = max(0, min(level, bookmark_level + 1))
        item = {
            "level": level,
            "command": heading_command(level),
            "anchor": renderer.anchor(section),
            "heading": heading,
            "bookmark": latex_escape(section.heading),
            "bookmark_level": bookmark_level,
            "marker": renderer.marker(section.line, section.heading_end).rstrip("\n"),
            "body": renderer.render(own.get(section.index, [])).strip("\n"),
            "number": section.number or "",
        }
        sections.append(item)
        by_index[section.index] = item
    preamble = renderer.render(pre_tokens).strip("\n")
    return _DocParts(preamble, sections, title_heading, by_index)


def _stem(doc: Document) -> str:
    rel = doc.rel or doc.path.name
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    parts = [re.sub(r"[^\w.\-]+", "-", p).strip(".-") or "doc" for p in stem.split("/")]
    return "/".join(parts)


def _fonts(settings: LatexSettings) -> dict[str, str]:
    return {
        "main": settings.main_font,
        "sans": settings.sans_font,
        "mono": settings.mono_font,
        "cjk": settings.cjk_font,
        "cjk_sans": settings.cjk_sans_font,
        "cjk_mono": settings.cjk_mono_font,
        "symbol": settings.symbol_font,
    }


def build_document_context(
    doc: Document,
    tex: str,
    *,
    images: ImageLookup = find_image,
    settings: LatexSettings | None = None,
    display: Callable[[Path], str] = str,
) -> TexUnit:
    """The unit for one document in one language (pure, given ``images``)."""
    settings = settings or LatexSettings()
    unit = TexUnit(tex=tex, template="document.tex.j2", context={}, sources=[doc])
    stem = PurePosixPath(tex).stem
    parts = _render_document(
        unit,
        doc,
        prefix=f"{doc.lang or 'doc'}.",
        asset_dir=f"{stem}-files",
        images=images,
        settings=settings,
        display=display,
        max_depth=5,
    )
    sections = parts.sections
    if parts.title_heading is not None:
        sections = sections[1:]
        first_body = parts.sections[0]["body"]
        preamble = "\n\n".join(p for p in (parts.preamble, first_body) if p)
        title = parts.title_heading
    else:
        preamble = parts.preamble
        fm_title = doc.front_matter.get("title")
        title = (
            latex_text(fm_title.strip()) if isinstance(fm_title, str) and fm_title.strip() else ""
        )
    unit.context = {
        "lang": doc.lang,
        "babel_lang": "korean" if doc.lang == "ko" else "english",
        "source": display(doc.path),
        "title": title,
        "pdf_title": doc.title,
        "preamble": preamble,
        "sections": sections,
        "fonts": _fonts(settings),
        "paper": settings.paper,
    }
    return unit


def build_bilingual_context(
    pair: DocumentPair,
    tex: str,
    *,
    images: ImageLookup = find_image,
    settings: LatexSettings | None = None,
    display: Callable[[Path], str] = str,
) -> TexUnit:
    """The bilingual unit of a pair: aligned sections, English then Korean, row by row."""
    assert pair.en is not None and pair.ko is not None
    settings = settings or LatexSettings()
    unit = TexUnit(tex=tex, template="bilingual.tex.j2", context={}, sources=[pair.en, pair.ko])
    stem = PurePosixPath(tex).stem
    parts = [
        _render_document(
            unit,
            doc,
            prefix=f"{side}.",
            asset_dir=f"{stem}-files",
            images=images,
            settings=settings,
            display=display,
            max_depth=4,
        )
        for side, doc in (("en", pair.en), ("ko", pair.ko))
    ]
    en, ko = parts
    rows: list[dict[str, Any]] = []
    if en.preamble or ko.preamble:
        rows.append({"heading": False, "en": {"body": en.preamble}, "ko": {"body": ko.preamble}})
    bookmark_level = 0
    for row in pair.rows:
        left = en.by_index.get(row.en.index) if row.en is not None else None
        right = ko.by_index.get(row.ko.index) if row.ko is not None else None
        ref = left or right
        assert ref is not None
        if ref["level"] == 0:  # the document title: shown by the title block, keep its text
            rows.append({"heading": False, "en": left or {"body": ""}, "ko": right or {"body": ""}})
            continue
        level = ref["level"]
        bookmark_level = max(0, min(level, bookmark_level + 1))
        rows.append(
            {
                "heading": True,
                "level": level,
                "command": heading_command(level),
                "bookmark": (left or right or {})["bookmark"],
                "bookmark_level": bookmark_level,
                "match": row.match or "",
                "moved": row.moved,
                "en": left,
                "ko": right,
            }
        )
    unit.context = {
        "lang": "en",
        "source": f"{display(pair.en.path)} + {display(pair.ko.path)}",
        "title_en": latex_text(pair.en.title),
        "title_ko": latex_text(pair.ko.title),
        "pdf_title": f"{pair.en.title} / {pair.ko.title}",
        "rows": rows,
        "fonts": _fonts(settings),
        "paper": settings.paper,
    }
    return unit


def build_context(
    corpus: Corpus,
    *,
    lang: str = "both",
    images: ImageLookup = find_image,
    settings: LatexSettings | None = None,
    display: Callable[[Path], str] = str,
) -> list[TexUnit]:
    """Every unit of the export: each document (in the chosen languages), then each pair."""
    units: list[TexUnit] = []
    taken: set[str] = set()

    def name(base: str) -> str:
        candidate, n = f"{base}.tex", 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}.tex"
        taken.add(candidate)
        return candidate

    for doc in corpus.documents:
        if lang != "both" and doc.lang != lang:
            continue
        tex = name(f"{doc.lang or 'doc'}/{_stem(doc)}")
        units.append(
            build_document_context(doc, tex, images=images, settings=settings, display=display)
        )
    if lang == "both":
        for pair in corpus.pairs:
            if pair.en is None or pair.ko is None:
                continue
            tex = name(f"bilingual/{_stem(pair.en)}")
            units.append(
                build_bilingual_context(
                    pair, tex, images=images, settings=settings, display=display
                )
            )
    return units


# --- compiling --------------------------------------------------------------------------------

_ERROR_RE = re.compile(r"^(?P<file>[^\s:][^:\n]*\.(?:tex|txt)):(?P<line>\d+): (?P<msg>.+)$", re.M)
_MISSING_RE = re.compile(
    r"Missing character: There is no (?P<char>.+?) (?:\(U\+(?P<code>[0-9A-Fa-f]+)\) )?in font (?P<font>[^!\n]*)!"
)
_OVERFULL_RE = re.compile(
    r"^Overfull \\hbox \((?P<pt>[\d.]+)pt too wide\) .*?lines? (?P<line>\d+)", re.M
)
_RERUN_RE = re.compile(r"Rerun to get|Label\(s\) may have changed|\(rerunfilecheck\).*Rerun")
_PAGES_RE = re.compile(r"Output written on .*?\((?P<pages>\d+) pages?")


@dataclass(slots=True)
class CompileOutcome:
    pdf: bool = False
    pages: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing_chars: int = 0
    overfull: int = 0
    seconds: float = 0.0


def tex_to_source(tex_text: str, tex_line: int) -> tuple[str, int] | None:
    """Map a ``.tex`` line back to ``(markdown path, line)`` through the ``%% src:`` markers."""
    lines = tex_text.split("\n")
    for k in range(min(tex_line, len(lines)) - 1, -1, -1):
        match = re.match(r"^%% src: (.*):(\d+)-(\d+)$", lines[k])
        if match:
            start, end = int(match.group(2)), int(match.group(3))
            return match.group(1), min(end, start + max(0, tex_line - (k + 1) - 1))
    return None


def _find_char(unit: TexUnit, char: str, display: Callable[[Path], str]) -> str:
    for doc in unit.sources:
        for n, text in enumerate(doc.lines, 1):
            if char in text:
                return f"{display(doc.path)}:{n}"
    return unit.tex


def parse_log(
    unit: TexUnit, tex_text: str, log: str, display: Callable[[Path], str]
) -> CompileOutcome:
    """Errors, missing characters, overfull lines and page count from a LuaLaTeX log."""
    outcome = CompileOutcome()
    for match in _ERROR_RE.finditer(log):
        file, line, msg = match.group("file"), int(match.group("line")), match.group("msg").strip()
        name = file[2:] if file.startswith("./") else file
        where = f"{unit.tex}:{line}"
        if name in unit.code_origin:
            path, first = unit.code_origin[name]
            where = f"{path}:{first + line - 1}"
        elif name.endswith(".tex"):
            origin = tex_to_source(tex_text, line)
            if origin is not None:
                where = f"{origin[0]}:{origin[1]}"
        outcome.errors.append(f"{where}: LaTeX: {msg} ({unit.tex}:{line})")
    seen: set[str] = set()
    for match in _MISSING_RE.finditer(log):
        outcome.missing_chars += 1
        code = match.group("code")
        char = chr(int(code, 16)) if code else match.group("char")
        if char in seen:
            continue
        seen.add(char)
        label = f"U+{ord(char):04X}" if len(char) == 1 else char
        outcome.warnings.append(
            f"{_find_char(unit, char, display)}: character {char!r} ({label}) is missing "
            f"from font {match.group('font').strip()} ({unit.tex})"
        )
    for match in _OVERFULL_RE.finditer(log):
        outcome.overfull += 1
        if float(match.group("pt")) > 20:
            origin = tex_to_source(tex_text, int(match.group("line")))
            where = f"{origin[0]}:{origin[1]}" if origin else unit.tex
            outcome.warnings.append(f"{where}: line too wide by {match.group('pt')}pt ({unit.tex})")
    pages = _PAGES_RE.search(log)
    outcome.pages = int(pages.group("pages")) if pages else 0
    return outcome


def compile_tex(
    out: Path, unit: TexUnit, engine: str, display: Callable[[Path], str]
) -> CompileOutcome:
    """Run the engine in the ``.tex`` folder, again while it asks for a rerun; keep the log."""
    tex_path = out / unit.tex
    folder, name = tex_path.parent, tex_path.name
    env = dict(os.environ, openin_any="p", openout_any="p", shell_escape="f")
    started = time.monotonic()
    log_text = ""
    rc = 0
    for _ in range(3):
        proc = subprocess.run(
            [engine, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
             "-file-line-error", name],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=600,
            check=False,
        )  # fmt: skip
        rc = proc.returncode
        log_file = tex_path.with_suffix(".log")
        log_text = (
            log_file.read_text(encoding="utf-8", errors="replace")
            if log_file.exists()
            else proc.stdout.decode("utf-8", "replace")
        )
        if rc != 0 or not _RERUN_RE.search(log_text):
            break
    outcome = parse_log(unit, tex_path.read_text(encoding="utf-8"), log_text, display)
    outcome.seconds = time.monotonic() - started
    if rc != 0 and not outcome.errors:
        outcome.errors.append(f"{unit.tex}: {engine} failed (exit {rc}); see {unit.tex[:-4]}.log")
    outcome.pdf = rc == 0 and tex_path.with_suffix(".pdf").exists()
    for suffix in (".aux", ".out", ".toc"):
        tex_path.with_suffix(suffix).unlink(missing_ok=True)
    return outcome


# --- exporter ---------------------------------------------------------------------------------


def _environment(templates: Path | None) -> Any:
    env = make_env(
        "latex",
        templates,
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((=",
        comment_end_string="=))",
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["latex_escape"] = latex_escape
    return env


class LatexExporter:
    """``ctools export --format latex``."""

    name = "latex"

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult:
        from ..views import display_path

        result = ExportResult()
        raw = options.config.export.get("latex") or {}
        settings, problems = LatexSettings.from_config(raw if isinstance(raw, dict) else {})
        result.warnings.extend(f"{options.config.path or 'ctools.yaml'}: {p}" for p in problems)
        units = build_context(corpus, lang=options.lang, settings=settings, display=display_path)
        env = _environment(options.templates)
        for unit in units:
            text = env.get_template(unit.template).render(**unit.context)
            result.files.append(write_text(options.out, unit.tex, text))
            folder = Path(PurePosixPath(unit.tex).parent)
            for rel, content in unit.assets.items():
                result.files.append(write_text(options.out, folder / rel, content))
            for rel, source in unit.copies.items():
                target = options.out / folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                result.files.append(Path(folder / rel))
            result.warnings.extend(dict.fromkeys(unit.warnings))
            if options.progress is not None:
                options.progress(unit.tex)
        result.stats = {
            "documents": sum(1 for u in units if u.template == "document.tex.j2"),
            "bilingual": sum(1 for u in units if u.template == "bilingual.tex.j2"),
            "images": sum(len(u.copies) for u in units),
        }
        if options.pdf:
            self._compile(units, options, result, display_path)
        return result

    def _compile(
        self,
        units: list[TexUnit],
        options: ExportOptions,
        result: ExportResult,
        display: Callable[[Path], str],
    ) -> None:
        engine = shutil.which("lualatex")
        if engine is None:
            result.warnings.append(
                "lualatex not found: PDFs were not built (install texlive-luatex, "
                "texlive-latex-recommended and fonts-nanum)"
            )
            return
        started = time.monotonic()
        outcomes: list[CompileOutcome] = []
        if units:  # the first run alone: it may build luaotfload's font cache
            outcomes.append(compile_tex(options.out, units[0], engine, display))
        workers = max(1, min(len(units) - 1, os.cpu_count() or 1))
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes.extend(
                pool.map(lambda u: compile_tex(options.out, u, engine, display), units[1:])
            )
        for unit, outcome in zip(units, outcomes, strict=True):
            result.errors.extend(outcome.errors)
            result.warnings.extend(outcome.warnings)
            if outcome.pdf:
                base = PurePosixPath(unit.tex).with_suffix("")
                result.files.extend([Path(f"{base}.pdf"), Path(f"{base}.log")])
        result.stats["pdfs"] = sum(1 for o in outcomes if o.pdf)
        result.stats["pages"] = sum(o.pages for o in outcomes)
        result.stats["missing characters"] = sum(o.missing_chars for o in outcomes)
        result.stats["overfull lines"] = sum(o.overfull for o in outcomes)
        result.stats["compile seconds"] = round(time.monotonic() - started)


EXPORTER = LatexExporter()
