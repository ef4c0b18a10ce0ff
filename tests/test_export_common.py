"""Shared export machinery: staging folders, templates, the safe HTML renderer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from curriculum_tools.export import make_env, section_markdown, staged_output
from curriculum_tools.export.markup import Attr, render_html, render_inline
from curriculum_tools.export.output import MARKER
from curriculum_tools.parse import parse_text

if TYPE_CHECKING:
    from markdown_it.token import Token


def test_staged_output_swaps_in_complete_exports_only(tmp_path: Path) -> None:
    final = tmp_path / "html"
    with staged_output(final) as stage:
        (stage / "a.html").write_text("one")
    assert (final / "a.html").read_text() == "one"
    with pytest.raises(RuntimeError), staged_output(final) as stage:
        (stage / "b.html").write_text("half")
        raise RuntimeError("exporter failed")
    files = sorted(p.name for p in final.iterdir() if p.name != MARKER)
    assert files == ["a.html"], "old export untouched"
    with staged_output(final) as stage:
        (stage / "c.html").write_text("two")
    files = sorted(p.name for p in final.iterdir() if p.name != MARKER)
    assert files == ["c.html"], "no stale files mixed in"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".html.")] == [".html.lock"]


def test_user_templates_override_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "custom.txt.j2").write_text("hello {{ name }}")
    env = make_env("html", tmp_path)
    assert env.get_template("custom.txt.j2").render(name="x") == "hello x"


def test_section_markdown_is_the_sections_own_content() -> None:
    text = "# A\n\nintro\n\n## B\n\nbody b\n\n## C\n"
    doc = parse_text(text)
    a, b, c = doc.walk()
    assert section_markdown(doc, a) == "intro\n"
    assert section_markdown(doc, b) == "body b\n"
    assert section_markdown(doc, c) == "\n"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        "<svg><script>alert(1)</script></svg>",
        '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_hostile_html_never_survives(hostile: str) -> None:
    out = render_html(f"para\n\n{hostile}\n\ninline {hostile} end\n").lower()
    for needle in ("<script", "onerror", '="javascript:', "<iframe", '="data:', "<svg", "style="):
        assert needle not in out


def test_render_keeps_harmless_markup_and_highlights() -> None:
    out = render_html(
        "<details><summary>S</summary>x<br>y</details>\n\n```python\nx = 1\n```\n\n$a^2$ here\n\nIt costs $5.\n"
    )
    assert "<details>" in out and "<summary>S</summary>" in out and "<br>" in out
    assert 'class="highlight"' in out and "<math" in out and "$5" in out
    assert render_inline("**b** `c`") == "<strong>b</strong> <code>c</code>"


def test_math_mode_mathjax_keeps_escaped_tex_between_delimiters() -> None:
    out = render_html("Area $a^2 < b$ here\n\n$$\nx_1\n$$\n\nIt costs $5.\n", math="mathjax")
    assert r"\(a^2 &lt; b\)" in out and '<div class="math">\\[x_1\\]</div>' in out
    assert "<math" not in out and "$5" in out
    assert render_inline("$a$ and `c`", math="mathjax") == r"\(a\) and <code>c</code>"


def test_token_copies_are_equal_and_share_no_attributes() -> None:
    """render_slice copies the tokens a render may change before the hooks map them: every
    field (an image's alt text, its grandchildren, included) equal, no ``attrs`` dict shared;
    the tokens no render changes (a paragraph's open and close, an inline token of plain text:
    the title ``T``) are the document's own."""
    from curriculum_tools.export.markup import _CHANGED_CHILD_TYPES, _CHANGED_TYPES, _copy_tokens

    doc = parse_text("# T\n\n![alt *x*](a.png) and [l](b.md)\n\n```py\nx = 1\n```\n", Path("d.md"))
    tokens = doc.tokens
    copies = _copy_tokens(tokens)
    assert copies == tokens
    image = next(c for t in copies for c in t.children or () if c.type == "image")
    assert image.children and "".join(c.content for c in image.children) == "alt x"
    assert any(new is old for old, new in zip(tokens, copies, strict=True))
    plain = [t for t in tokens if t.type == "inline" and t.content == "T"]
    assert plain and all(
        new is old for old, new in zip(tokens, copies, strict=True) if old in plain
    )
    for old, new in zip(tokens, copies, strict=True):
        if old.type not in _CHANGED_TYPES or (
            old.type == "inline"
            and not any(c.type in _CHANGED_CHILD_TYPES for c in old.children or ())
        ):
            assert new is old
            continue
        assert new is not old and new.attrs is not old.attrs
        for a, b in zip(old.children or (), new.children or (), strict=True):
            assert b is not a and b.attrs is not a.attrs
    link = next(c for t in copies for c in t.children or () if c.type == "link_open")
    link.attrs["href"] = "changed"
    assert [c.attrs["href"] for t in tokens for c in t.children or () if "href" in c.attrs] == [
        "b.md"
    ], "the document's stream is untouched"


def test_rendering_never_changes_the_documents_tokens() -> None:
    """The tokens a render shares with the document (everything but :data:`_CHANGED_TYPES`)
    come out of a render unchanged, whatever the hook, breaks and ids did to the copies: the
    same slice renders the same twice, and the stream equals a fresh parse."""
    from curriculum_tools.export.markup import render_slice

    text = (
        "# T\n\n> ## Quoted heading\n\nline one\nline two [l](b.md) ![i](a.png)\n\n"
        "<div align=left>x</div>\n\n- item\n  soft\n\nplain *text* `code` only\n"
    )
    doc = parse_text(text, Path("d.md"))
    fresh = parse_text(text, Path("d.md")).tokens

    def hook(name: str, attrs: list[tuple[str, str | None]], line: int) -> list[Attr] | str:
        return "<b>gone</b>" if name == "img" else [(k, "changed") for k, _ in attrs]

    def prepare(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "heading_open":
                token.attrs["id"] = "set"

    first = render_slice(doc.tokens, doc.env, hook=hook, breaks=True, prepare=prepare)
    assert "gone" in first and 'id="set"' in first and "<br>" in first
    assert render_slice(doc.tokens, doc.env, hook=hook, breaks=True, prepare=prepare) == first
    assert doc.tokens == fresh


def test_a_plain_title_renders_as_the_parser_would() -> None:
    """A heading title without inline markup characters skips the parse: the same HTML as
    the parsed path (quotes, Hangul, spaces at either end), and anything with a markup
    character still goes through the parser."""
    from curriculum_tools.export import markup

    def parsed(text: str) -> str:
        from curriculum_tools.export.tags import _apply, _keep
        from curriculum_tools.parse import markdown_parser

        md, env = markdown_parser(), {}
        tokens = md.parseInline(text, env)
        renderer = markup._renderer("mathml")
        _apply(tokens, _keep, 1, lambda kids: renderer.renderInlineAsText(kids, md.options, env))
        return markup.sanitize(renderer.render(tokens, md.options, env))

    plain = ["H1", "1.2. Title 3", 'a "quoted" (x) / y?', " 한국어 제목 ", "é\u00a0\u3000z"]
    for text in plain:
        assert markup._PLAIN_INLINE_RE.match(text)
        assert render_inline(text) == parsed(text)
    for text in ["a*b*", "x_y_", "`c`", "a & b", "<b>x</b>", "[l](u)", "a\\*", "$x$", "1 < 2"]:
        assert not markup._PLAIN_INLINE_RE.match(text)
        assert render_inline(text) == parsed(text)


def test_sandbox_reads_dict_keys_fast_and_still_refuses_internals() -> None:
    """The fast path for ``item.key`` on a plain dict returns the key's value; a dict method
    (``items``), a missing key and every other object keep the sandbox's own handling."""
    import jinja2
    from jinja2.sandbox import SecurityError

    env = make_env("html", autoescape=True)
    page = env.from_string("{{ d.title }}|{{ d['title'] }}|{{ d.items()|list|length }}")
    assert page.render(d={"title": "<x>", "items": "key"}) == "&lt;x&gt;|&lt;x&gt;|2"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ d.nothing }}").render(d={})
    for unsafe in ("d.__class__.__mro__", "d.__init__.__globals__", "c.__init__.__globals__"):
        with pytest.raises(SecurityError):
            env.from_string("{{ " + unsafe + " }}").render(d={"__class__": 1}, c=object())


def test_sanitizing_without_the_attribute_filter_only_where_it_changes_nothing() -> None:
    """The filter (``style`` kept only as a ``text-align`` keyword, a link's ``rel`` ours, a
    remote ``src`` dropped) is skipped only for fragments where none of those attributes can
    begin; over random fragments mixing them (any case, after a space, a ``/`` or a quote)
    with look-alikes in text and names, the result always equals the filtered cleaner's."""
    import random

    from curriculum_tools.export.sanitize import _FILTERED_ATTRIBUTE_RE, _cleaner, sanitize

    names = ["style", "STYLE", "Rel", "rel", "src", "sRc", "href", "class", "align", "xrel"]
    names += ["relx", "data-style", "id", "alt", "title", "rel-x"]
    values = ["x", "text-align:left;position:fixed", "https://e.x/a.png", "javascript:alert(1)"]
    values += ["a.png", "//e.x/i.png", "left", "nofollow", "color:red"]
    texts = ["release", "src/main.rs", " style ", "relative", "x", "&amp;", "<b>b</b>", " "]
    seps = [" ", "/", "\t", "\n", '"', "'"]
    tags = ["a", "img", "td", "span", "div", "p", "th", "STYLE", "code"]
    rng = random.Random(12)
    skipped = 0
    for _ in range(4000):
        parts = []
        for _ in range(rng.randint(1, 4)):
            tag = rng.choice(tags)
            attrs = "".join(
                rng.choice(seps) + rng.choice(names) + rng.choice(["", f'="{rng.choice(values)}"'])
                for _ in range(rng.randint(0, 3))
            )
            parts.append(f"<{tag}{attrs}>{rng.choice(texts)}</{tag}>{rng.choice(texts)}")
        fragment = "".join(parts)
        skipped += _FILTERED_ATTRIBUTE_RE.search(fragment) is None
        for keep in (False, True):
            assert sanitize(fragment, keep_remote_images=keep) == _cleaner(keep)(fragment)
    assert skipped > 300
