"""Components (:mod:`curriculum_tools.syntax`) as entries of the :class:`LatexRenderer` table.

Each kind renders by meaning, never as markup: an admonition is a box with its title, a video
or embed a link line, a quiz an enumerated list of choices whose answers (correct choice and
explanation) are gathered at the end of the document, a listing its caption above the code,
a tab a labelled sub-block, an include the included lines or a placeholder naming the path,
a notebook banner nothing. Every other kind (container, unknown) shows its children.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...syntax.hugo import heading_in
from ...syntax.meaning import quiz_choices, tab_label
from .escape import latex_text, safe_url

if TYPE_CHECKING:
    from markdown_it.token import Token

    from .renderer import BlockState, InlineState, LatexRenderer

_ADMONITION_TITLES = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
}


def _meta(token: Token) -> tuple[str, str, Mapping[str, Any]]:
    meta = token.meta or {}
    attrs = meta.get("attrs") or {}
    return str(meta.get("kind", "unknown")), str(meta.get("name", "")), attrs


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def admonition_title(name: str, attrs: Mapping[str, Any]) -> str:
    """``Tip`` / ``Warning`` / ``Note`` ... from ``<Tip warning>``, ``> [!NOTE]`` or a title."""
    title = _text(attrs.get("title"))
    if title:
        return title
    if attrs.get("warning") is True:
        return "Warning"
    kind = _text(attrs.get("type")).lower()
    return _ADMONITION_TITLES.get(kind, name.strip("[]!").capitalize() or "Note")


def video_url(kind: str, attrs: Mapping[str, Any]) -> str:
    """The address a video or embed points to (a YouTube id becomes its watch page)."""
    for key in ("src", "url", "href"):
        if _text(attrs.get(key)):
            return _text(attrs[key])
    ident = _text(attrs.get("id"))
    if ident:
        return ident if "://" in ident else f"https://www.youtube.com/watch?v={ident}"
    return ""


def caption_tex(caption: str) -> str:
    """A caption's text with its ```code``` spans in typewriter (mdBook captions are Markdown)."""
    pieces = caption.split("`")
    if len(pieces) % 2 == 0:  # an unpaired backtick: all text
        return latex_text(caption)
    return "".join(
        f"\\texttt{{{latex_text(p)}}}" if k % 2 else latex_text(p) for k, p in enumerate(pieces)
    )


class ComponentRules:
    """The component entries of one renderer; quiz answers wait for :meth:`answers`."""

    def __init__(self, renderer: LatexRenderer) -> None:
        self.r = renderer
        self.closers: list[str] = []
        self.quizzes: list[str] = []
        renderer.add_rule("component_open", self.open)
        renderer.add_rule("component_close", self.close)
        renderer.add_rule("component", self.single)
        renderer.add_rule("component_open", self.inline_open, inline=True)
        renderer.add_rule("component_close", self.inline_close, inline=True)
        renderer.add_rule("component", self.inline_single, inline=True)
        self._text = renderer.inline_rules["text"]
        self._heading_word = ""
        """The page's words for the template heading whose text comes next (``다음 내용``)."""
        renderer.add_rule("text", self.inline_text, inline=True)

    def _marker(self, token: Token) -> str:
        line = token.map[0] + 1 if token.map else 1
        end = token.map[1] if token.map else line
        return self.r.marker(line, max(line, end))

    def open(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        token = tokens[idx]
        kind, name, attrs = _meta(token)
        head = self._marker(token)
        if kind == "admonition":
            self.closers.append("\\end{ctoolsbox}\n")
            return head + f"\\begin{{ctoolsbox}}{{{latex_text(admonition_title(name, attrs))}}}\n"
        if kind == "tab":
            self.closers.append("\\end{ctoolstab}\n")
            return head + f"\\begin{{ctoolstab}}{{{latex_text(tab_label(name, attrs))}}}\n"
        if kind == "listing":
            self.closers.append("")
            return head + self._listing_caption(attrs)
        self.closers.append(self._after(kind, attrs))
        return head + self._before(kind, name, attrs, token)

    def close(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        return self.closers.pop() if self.closers else ""

    def single(self, tokens: Sequence[Token], idx: int, state: BlockState) -> str:
        token = tokens[idx]
        kind, name, attrs = _meta(token)
        body = self._before(kind, name, attrs, token) + self._after(kind, attrs)
        return self._marker(token) + body + ("\n" if body else "")

    def _before(self, kind: str, name: str, attrs: Mapping[str, Any], token: Token) -> str:
        if kind in ("video", "embed"):
            url = video_url(kind, attrs)
            label = "Video" if kind == "video" else "Embedded page"
            title = _text(attrs.get("title"))
            shown = f"{latex_text(title)}: " if title else ""
            if not url:
                return f"\\ctoolslinkline{{{label}}}{{{shown}(no address)}}\n"
            return f"\\ctoolslinkline{{{label}}}{{{shown}\\url{{{safe_url(url)}}}}}\n"
        if kind == "quiz":
            return self._quiz(attrs)
        if kind == "include":
            return self._include(attrs)
        if kind == "autodoc":
            target = _text(attrs.get("target"))
            return f"\\ctoolslinkline{{API reference}}{{\\texttt{{{latex_text(target)}}}}}\n"
        return ""

    def _after(self, kind: str, attrs: Mapping[str, Any]) -> str:
        return ""

    def _listing_caption(self, attrs: Mapping[str, Any]) -> str:
        number = attrs.get("number")
        caption = _text(attrs.get("caption"))
        file_name = _text(attrs.get("file-name"))
        label = f"Listing {number}" if number not in (None, "") else "Listing"
        parts = [f"\\textbf{{{latex_text(label)}}}"]
        if caption:
            parts.append(caption_tex(caption))
        if file_name:
            parts.append(f"(\\texttt{{{latex_text(file_name)}}})")
        return f"\\ctoolscaption{{{' '.join(parts)}}}\n"

    def _quiz(self, attrs: Mapping[str, Any]) -> str:
        choices = quiz_choices(attrs)
        number = len(self.quizzes) + 1
        question = _text(attrs.get("question")) or _text(attrs.get("title"))
        out = [f"\\ctoolsquiz{{{number}}}{{{latex_text(question)}}}\n"]
        if choices:
            out.append("\\begin{enumerate}\\renewcommand{\\labelenumi}{(\\alph{enumi})}\n")
            out.extend(f"\\item {latex_text(text)}\n" for text, _, _ in choices)
            out.append("\\end{enumerate}\n")
        right = [
            f"({chr(ord('a') + k)}) {latex_text(text)}"
            + (f" --- {latex_text(explain)}" if explain else "")
            for k, (text, explain, correct) in enumerate(choices)
            if correct
        ]
        self.quizzes.append(
            f"\\item[{number}.] " + ("; ".join(right) if right else "(no correct choice given)")
        )
        return "".join(out)

    def _include(self, attrs: Mapping[str, Any]) -> str:
        path = _text(attrs.get("path"))
        lines = self.r.include(path, _text(attrs.get("anchor")))
        if lines is None:
            return f"\\ctoolslinkline{{Not included}}{{\\texttt{{{latex_text(path)}}}}}\n"
        return self.r.code_file("\n".join(lines)) + "\n"

    def answers(self) -> str:
        """The answers of this document's quizzes (empty when it has none)."""
        if not self.quizzes:
            return ""
        items = "\n".join(self.quizzes)
        return f"\\ctoolsanswers{{\n\\begin{{description}}\n{items}\n\\end{{description}}}}\n"

    # -- inside a paragraph: children are inline, so only a word or a link line --

    def inline_open(self, token: Token, state: InlineState) -> str:
        kind, name, attrs = _meta(token)
        if name == "heading":  # a site template heading: its words in the page's language
            self._heading_word = heading_in(_text(attrs.get("_0")), self.r.doc.lang)
        if kind == "admonition":
            return f"\\textbf{{{latex_text(admonition_title(name, attrs))}:}} "
        return ""

    def inline_close(self, token: Token, state: InlineState) -> str:
        self._heading_word = ""
        return ""

    def inline_text(self, token: Token, state: InlineState) -> str:
        word, self._heading_word = self._heading_word, ""
        return latex_text(word) if word else self._text(token, state)

    def inline_single(self, token: Token, state: InlineState) -> str:
        kind, _name, attrs = _meta(token)
        if kind in ("video", "embed"):
            url = video_url(kind, attrs)
            return f"\\url{{{safe_url(url)}}}" if url else ""
        if kind == "autodoc":
            return f"\\texttt{{{latex_text(_text(attrs.get('target')))}}}"
        if kind == "include":
            return f"\\texttt{{{latex_text(_text(attrs.get('path')))}}}"
        return ""
