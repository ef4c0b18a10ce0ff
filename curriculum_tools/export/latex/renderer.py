"""Markdown tokens -> LaTeX: a renderer on markdown-it's protocol, one method per token type.

As markdown-it-py's ``RendererHTML`` (and mdformat's renderer table), :class:`LatexRenderer`
looks each token type up in :attr:`LatexRenderer.rules` (block tokens) or
:attr:`LatexRenderer.inline_rules` (children of ``inline`` tokens); a token type without a
rule prints nothing. :meth:`LatexRenderer.add_rule` overrides or adds one (components of
other input formats plug in the same way).

Every text fragment goes through :func:`~.escape.latex_text`; formulas through the
allow-list of :mod:`.mathpolicy`; code into side files read verbatim.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from ...includes import Splicer
from ...text import IMG_TAG_RE
from .code import code_command, fence_content, hangul_problem
from .components import ComponentRules
from .escape import _CHUNK, _CODE_RUN, _comment_safe, latex_escape, latex_text, safe_url
from .images import resolve_image
from .mathpolicy import math_problem
from .tables import CELL_RUN, longtable

if TYPE_CHECKING:
    from markdown_it.token import Token

    from ...assets import LinkIndex
    from ...model import Document, Section
    from .context import TexUnit
    from .images import ImageLookup
    from .settings import LatexSettings

_LIST_ENVS = {"bullet_list_open": "itemize", "ordered_list_open": "enumerate"}
_ENUM_COUNTERS = ("enumi", "enumii", "enumiii", "enumiv")
_ALT_RE = re.compile(r"""\balt\s*=\s*["']([^"']*)["']""", re.I)
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_BR_RE = re.compile(r"^<br\s*/?>$", re.I)
_NEWLINE = "\\newline{}"
_MARKS = {
    "em_open": "\\emph{",
    "strong_open": "\\textbf{",
    "s_open": "\\ctoolsstrike{",
    "em_close": "}",
    "strong_close": "}",
    "s_close": "}",
}
_IMAGE_LABELS = {
    "outside": "Image outside the source folder",
    "unsupported": "Unsupported image format",
    "site": "Image on the published site",
}


@dataclass(slots=True)
class BlockState:
    """The walk over one token list: output so far, open environments, what came before."""

    out: list[str] = field(default_factory=list)
    envs: list[str | None] = field(default_factory=list)
    """Open list/quote environments (None: nested too deep, flattened)."""
    prev: str = ""
    """The type of the previous token."""
    skip_to: int | None = None
    """Set by a rule that consumed the tokens up to this index (a table, a lone image)."""


@dataclass(slots=True)
class InlineState:
    """The walk over one inline token's children."""

    line: int
    closers: list[str] = field(default_factory=list)
    """What closes each open link (``}`` or nothing for a link that is dropped)."""


BlockRule = Callable[[Sequence["Token"], int, BlockState], str]
InlineRule = Callable[["Token", InlineState], str]


def _line(token: Token) -> tuple[int, int]:
    """1-based first line and last line of a block token (0, 0 without a map)."""
    line = token.map[0] + 1 if token.map else 0
    return line, token.map[1] if token.map else line


class LatexRenderer:
    """Markdown tokens -> LaTeX, for one document inside one ``.tex`` unit."""

    __output__ = "latex"

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
        links: LinkIndex | None = None,
        cross: Callable[[str], str | None] | None = None,
    ) -> None:
        self.unit = unit
        self.code_run = _CODE_RUN
        """Inline code longer than this gets break points (fewer characters in table cells)."""
        self.cross = cross
        """In the course book: an href to another chapter -> its anchor (else None)."""
        self.doc = doc
        self.anchor_prefix = anchor_prefix
        self.asset_dir = asset_dir
        self.images = images
        self.settings = settings
        self.display = display
        self.max_depth = max_depth
        self.links = links
        self.splicer = Splicer(doc, links, unit.refused) if links is not None else None
        """This rendering's includes, spliced within the document's cost budget."""
        self.anchors: dict[str, str] = {}
        for section in doc.walk():
            name = f"{anchor_prefix}{section.index}"
            self.anchors.setdefault(section.slug, name)
            for ident in section.ids:
                self.anchors.setdefault(ident, name)
        self.rules: dict[str, BlockRule] = {
            "paragraph_open": self.paragraph_open,
            "paragraph_close": self.paragraph_close,
            "heading_open": self.heading_open,
            "heading_close": self.heading_close,
            "bullet_list_open": self.environment_open,
            "ordered_list_open": self.environment_open,
            "blockquote_open": self.environment_open,
            "bullet_list_close": self.environment_close,
            "ordered_list_close": self.environment_close,
            "blockquote_close": self.environment_close,
            "list_item_open": self.list_item_open,
            "list_item_close": self.list_item_close,
            "fence": self.fence,
            "code_block": self.fence,
            "math_block": self.math_block,
            "math_block_label": self.math_block,
            "html_block": self.html_block,
            "hr": self.hr,
            "table_open": self.table_open,
        }
        """Block token type -> rule (``inline`` tokens render their children)."""
        self.inline_rules: dict[str, InlineRule] = {
            "text": self.text,
            "softbreak": self.softbreak,
            "hardbreak": self.hardbreak,
            "code_inline": self.code_inline,
            **dict.fromkeys(_MARKS, self.mark),
            "link_open": self.link_open,
            "link_close": self.link_close,
            "image": self.image_token,
            "math_inline": self.math_inline,
            "math_inline_double": self.math_inline,
            "html_inline": self.html_inline,
        }
        """Inline token type -> rule."""
        self.components = ComponentRules(self)
        """The component kinds' entries of both tables (quiz answers wait there)."""

    def add_rule(self, token_type: str, rule: BlockRule | InlineRule, inline: bool = False) -> None:
        """Add or replace the rule of one token type (as markdown-it's ``add_render_rule``)."""
        if inline:
            self.inline_rules[token_type] = rule  # type: ignore[assignment]
        else:
            self.rules[token_type] = rule  # type: ignore[assignment]

    # -- helpers --

    def anchor(self, section: Section) -> str:
        return f"{self.anchor_prefix}{section.index}"

    def marker(self, start: int, end: int | None = None) -> str:
        """The ``%% src: path:start-end`` comment that maps ``.tex`` lines back to Markdown."""
        end = start if end is None else end
        return f"%% src: {_comment_safe(self.display)}:{start}-{end}\n"

    def warn(self, line: int, message: str) -> None:
        self.unit.warnings.append(f"{self.display}:{line}: {message}")

    def include(self, path: str, anchor: str) -> list[str] | None:
        """The lines of an mdBook include inside the project, or None (a placeholder)."""
        if self.splicer is None or not path:
            return None
        lines = self.splicer.read(path, anchor).lines
        return None if lines is None else list(lines)

    def code_file(self, content: str, line: int = 0) -> str:
        """Append ``content`` to this document's code side file (one file per document, not
        per block: an export of a long course writes hundreds of files, not thousands); the
        ``\\ctoolscodelines`` command showing its lines."""
        own = re.sub(r"[^\w-]+", "-", self.anchor_prefix).strip("-") or "doc"
        name = f"{self.asset_dir}/code-{own}.txt"
        before = self.unit.assets.get(name, "")
        first = before.count("\n") + 1
        text, command = code_command(name, content, self.settings.code_columns, first)
        self.unit.assets[name] = before + text
        if line:
            self.unit.code_origin.setdefault(name, []).append((first, self.display, line))
        return command

    # -- the walks --

    def render(
        self, tokens: Sequence[Token], options: Any = None, env: Any = None
    ) -> str:  # markdown-it's RendererProtocol signature
        """LaTeX for a list of block tokens."""
        state = BlockState()
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.type == "inline":
                state.out.append(self.inline(token.children or [], _line(token)[0]))
            else:
                rule = self.rules.get(token.type)
                if rule is not None:
                    state.out.append(rule(tokens, i, state))
            if state.skip_to is not None:
                i, state.skip_to = state.skip_to, None
            state.prev = tokens[i].type
            i += 1
        return "".join(state.out)

    def inline(self, children: Sequence[Token], line: int) -> str:
        """LaTeX for the children of one ``inline`` token (``line``: its first line)."""
        state = InlineState(line)
        out = []
        for child in children:
            rule = self.inline_rules.get(child.type)
            if rule is not None:
                out.append(rule(child, state))
        out.extend(reversed(state.closers))
        return "".join(out)

    # -- block rules --

    def paragraph_open(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        token = tokens[idx]
        if token.hidden:  # a tight list's paragraph: no marker, a \par between two of them
            return "\\par " if state.prev not in ("list_item_open", "") else ""
        line, end = _line(token)
        image_only = self._lone_image(tokens, idx)
        if image_only is not None:
            state.skip_to = idx + 2
            return self.marker(line, end) + image_only + "\n\n"
        return self.marker(line, end)

    def paragraph_close(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        out = state.out  # a trailing hard break would be an error ("no line here to end")
        while out and out[-1].endswith((_NEWLINE, "\n")) and out[-1].strip():
            last = out[-1].rstrip("\n")
            out[-1] = last[: -len(_NEWLINE)] if last.endswith(_NEWLINE) else last
            if not last.endswith(_NEWLINE):
                break
        return "\n" if tokens[idx].hidden else "\n\n"

    def heading_open(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        return self.marker(*_line(tokens[idx])) + "\\par\\textbf{"

    def heading_close(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        return "}\\par\n"

    def environment_open(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        """A list or block quote; past the depth LaTeX allows it is flattened."""
        token = tokens[idx]
        env = _LIST_ENVS.get(token.type, "quote")
        real = [e for e in state.envs if e]
        if len(real) >= self.max_depth or (env != "quote" and real.count(env) >= 4):
            state.envs.append(None)
            return ""
        state.envs.append(env)
        out = self.marker(*_line(token)) + f"\\begin{{{env}}}"
        if env == "enumerate":
            start = int(str(token.attrs.get("start", 1)) or 1)
            level = real.count("enumerate")
            if start != 1 and level < len(_ENUM_COUNTERS):
                out += f"\\setcounter{{{_ENUM_COUNTERS[level]}}}{{{start - 1}}}"
        return out + "\n"

    def environment_close(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        env = state.envs.pop() if state.envs else None
        return f"\\end{{{env}}}\n" if env else ""

    def list_item_open(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        out = self.marker(*_line(tokens[idx])) + "\\item{}"
        if not [e for e in state.envs if e]:
            out += "\\textbullet{} "  # flattened into no list at all
        return out

    def list_item_close(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        return "\n"

    def fence(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        """Code goes to a side file read by ``\\VerbatimInput``: nothing in it can end it."""
        token = tokens[idx]
        line, end = _line(token)
        content = fence_content(token, self.splicer)
        command = self.code_file(content, line + (1 if token.type == "fence" else 0))
        return self.marker(line, end) + command + "\n\n"

    def math_block(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        token = tokens[idx]
        line, end = _line(token)
        label = token.info.strip() if token.type == "math_block_label" else ""
        tex = self.math(token.content.strip(), line, display=True, label=label)
        return self.marker(line, end) + tex + "\n"

    def html_block(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        """Raw HTML: its images become figures, its text prints as text."""
        token = tokens[idx]
        line, end = _line(token)
        content = token.content
        out = [self.marker(line, end)]
        for match in IMG_TAG_RE.finditer(content):
            at = line + content.count("\n", 0, match.start())
            alt = _ALT_RE.search(match.group(0))
            body = self.image(html.unescape(match.group(1)), alt.group(1) if alt else "", at)
            out.append(f"\\begin{{center}}{body}\\end{{center}}\n")
        rest = html.unescape(_TAG_RE.sub(" ", content)).strip()
        if rest:
            out.append(latex_text(" ".join(rest.split())) + "\n")
        return "".join(out) + "\n"

    def hr(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        return self.marker(*_line(tokens[idx])) + "\\ctoolsrule\n\n"

    def table_open(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        """The whole table at once (``longtable``, columns sized by content, header repeated)."""
        end = idx
        while end < len(tokens) and tokens[end].type != "table_close":
            end += 1
        state.skip_to = min(end, len(tokens) - 1)
        self.code_run = CELL_RUN  # narrow columns: code may break every few characters
        try:
            cells = [
                (self.inline(t.children or [], _line(t)[0]) if t.type == "inline" else "")
                for t in tokens[idx : end + 1]
            ]
        finally:
            self.code_run = _CODE_RUN
        return self.marker(*_line(tokens[idx])) + longtable(tokens[idx : end + 1], cells)

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
        image = kids[0]
        body = self.image(str(image.attrs.get("src", "")), image.content, _line(tokens[i])[0])
        return f"\\begin{{center}}{body}\\end{{center}}"

    # -- inline rules --

    def text(self, token: Token, state: InlineState) -> str:
        return latex_text(token.content)

    def softbreak(self, token: Token, state: InlineState) -> str:
        state.line += 1
        return "\n"

    def hardbreak(self, token: Token, state: InlineState) -> str:
        state.line += 1
        return _NEWLINE + "\n"

    def code_inline(self, token: Token, state: InlineState) -> str:
        run = self.code_run
        return f"\\ctoolsinlinecode{{{latex_text(token.content, run, _CHUNK if run == _CODE_RUN else run)}}}"

    def mark(self, token: Token, state: InlineState) -> str:
        """Emphasis, strong, strike-through: open and close."""
        return _MARKS[token.type]

    def link_open(self, token: Token, state: InlineState) -> str:
        """Section links become ``\\hyperlink``, web links ``\\href``; others keep the text."""
        href = str(token.attrs.get("href", ""))
        if href.startswith("#"):
            target = self.anchors.get(unquote(href[1:]))
            if target is not None:
                state.closers.append("}")
                return f"\\hyperlink{{{target}}}{{"
        elif re.match(r"(?i)^(https?|mailto|ftp):", href):
            state.closers.append("}")
            return f"\\href{{{safe_url(href)}}}{{"
        elif self.cross is not None and href:
            chapter = self.cross(href)
            if chapter is not None:
                state.closers.append("}")
                return f"\\hyperlink{{{chapter}}}{{"
        state.closers.append("")
        return ""

    def link_close(self, token: Token, state: InlineState) -> str:
        return state.closers.pop() if state.closers else ""

    def image_token(self, token: Token, state: InlineState) -> str:
        return self.image(str(token.attrs.get("src", "")), token.content, state.line)

    def math_inline(self, token: Token, state: InlineState) -> str:
        display = token.type == "math_inline_double"
        return self.math(token.content, state.line, display=display)

    def html_inline(self, token: Token, state: InlineState) -> str:
        """Inline raw HTML: an ``<img>`` is an image, ``<br>`` a line break, the rest nothing."""
        content = token.content.strip()
        match = IMG_TAG_RE.match(content)
        if match:
            alt = _ALT_RE.search(content)
            return self.image(
                html.unescape(match.group(1)), alt.group(1) if alt else "", state.line
            )
        return _NEWLINE if _BR_RE.match(content) else ""

    # -- shared pieces --

    def math(self, tex: str, line: int, *, display: bool, label: str = "") -> str:
        """A formula as math when :func:`math_problem` allows it, else as text with a warning."""
        tex = re.sub(r"\n\s*\n", "\n", tex.strip())
        problem = math_problem(tex) or hangul_problem(tex)
        if problem is not None or not tex:
            if tex:
                self.warn(line, f"formula {problem}; printed as text")
            shown = latex_text(f"$${tex}$$" if display else f"${tex}$", _CODE_RUN)
            return f"\\ctoolsmathtext{{{shown}}}" if display else f"\\texttt{{{shown}}}"
        if display:
            tag = f"\\tag{{\\text{{{latex_escape(label)}}}}}" if label else ""
            return f"\\begin{{equation*}}\n{tex}{tag}\n\\end{{equation*}}"
        return f"\\({tex}\\)"

    def image(self, src: str, alt: str, line: int) -> str:
        """A copied image, or a framed placeholder (remote images link to their URL)."""
        ref = resolve_image(self.doc, src, self.links, self.images)
        if ref.status == "ok" and ref.file is not None:
            digest = hashlib.sha1(str(ref.file).encode()).hexdigest()[:12]
            suffix = ref.file.suffix.lower().replace(".jpeg", ".jpg")
            name = f"{self.asset_dir}/img-{digest}{suffix}"
            self.unit.copies[name] = ref.file
            return f"\\ctoolsimage{{{name}}}"
        src = unquote(src)
        if ref.status == "remote":  # a link to it; one summary warning per export
            self.unit.remote.append(f"{self.display}:{line}")
            shown = f"\\href{{{safe_url(src)}}}{{{latex_text(src, _CODE_RUN)}}}"
            label = "Remote image (not downloaded)"
            return f"\\ctoolsmissingimage{{{label}}}{{{shown}}}{{{latex_text(alt)}}}"
        if ref.status != "site":  # the resolver's words already name the image
            detail = ref.detail or "image not usable"
            self.warn(line, detail if detail.startswith("image `") else f"{detail}: {src}")
        label = _IMAGE_LABELS.get(ref.status, "Image not found")
        shown = latex_text(src, _CODE_RUN)
        return f"\\ctoolsmissingimage{{{label}}}{{{shown}}}{{{latex_text(alt)}}}"
