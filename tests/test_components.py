"""Course formats in the parser: MDX components, admonitions, doc-builder and mdBook syntax.

The token-level cases live in ``fixtures/syntax/components.md`` (markdown-it-py's fixture
format: title, ``.``, Markdown, ``.``, the expected token outline, ``.``).
"""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

from curriculum_tools.config import load_config
from curriculum_tools.errors import CtoolsError
from curriculum_tools.parse import markdown_parser, parse_text, render_tokens
from curriculum_tools.syntax.jsx import Expr, parse_value, scan_tag
from curriculum_tools.syntax.meaning import component_warnings

from .conftest import FIXTURES, read_cases

CASES = read_cases(FIXTURES / "syntax" / "components.md", 2)
CORPORA = next(
    (
        p / "shared" / "corpora"
        for p in Path(__file__).resolve().parents
        if (p / "shared" / "corpora").is_dir()
    ),
    None,
)
RAW_RE = re.compile(
    r"<(?:Tip|Question|Youtube|CourseFloatingBanner|DocNotebookDropdown|Listing|hfoptions?|"
    r"frameworkcontent)\b|</(?:Tip|Listing|hfoptions?|frameworkcontent)>|\[!(?:NOTE|TIP|"
    r"IMPORTANT|WARNING|CAUTION)\]|\{\{#(?:include|rustdoc_include)|\[\[(?:autodoc|open-in-colab)\]\]"
)


def _json(value: Any) -> Any:
    if isinstance(value, Expr):
        return {"$expr": value.source}
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def _attrs(meta: dict[str, Any]) -> str:
    return json.dumps(_json(meta.get("attrs", {})), sort_keys=True, ensure_ascii=False)


def _inline(children: list[Any]) -> str:
    out = []
    for child in children:
        meta = child.meta or {}
        if child.type == "text":
            out.append(json.dumps(child.content, ensure_ascii=False))
        elif child.type == "code_inline":
            api = f" api={meta['api']}" if meta.get("api") else ""
            out.append(f"code({child.content}{api})")
        elif child.type in ("component", "component_open"):
            out.append(f"<{meta['name']} {meta['kind']} {_attrs(meta)}>")
        elif child.type == "component_close":
            out.append(f"</{meta['name']}>")
        elif child.type == "link_open":
            out.append(f"link_open({child.attrs['href']})")
        elif child.type == "html_inline":
            out.append(f"html_inline({child.content})")
        else:
            out.append(child.type)
    return " ".join(out)


def outline(tokens: list[Any]) -> str:
    """One line per block token, indented by nesting; components with name, kind, attrs."""
    lines = []
    depth = 0
    for tok in tokens:
        if tok.nesting == -1:
            depth -= 1
        pad = "  " * depth
        meta = tok.meta or {}
        if tok.type in ("component_open", "component"):
            lines.append(f"{pad}{tok.type} {meta['name']} {meta['kind']} {_attrs(meta)}")
        elif tok.type == "component_close":
            lines.append(f"{pad}component_close {meta['name']}")
        elif tok.type == "inline":
            lines.append(f"{pad}inline: {_inline(tok.children or [])}")
        elif tok.type == "fence":
            extra = ""
            if meta.get("includes"):
                extra = " includes=" + str(
                    [f"{i['directive']} {i['path']} :{i['anchor']}" for i in meta["includes"]]
                ).replace("'", "")
            lines.append(f"{pad}fence {tok.info}: {tok.content.splitlines()[0]}{extra}")
        elif tok.type in ("html_block", "code_block"):
            lines.append(f"{pad}{tok.type}: {tok.content.splitlines()[0]}")
        else:
            lines.append(f"{pad}{tok.type}")
        if tok.nesting == 1:
            depth += 1
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("title", "bodies"), CASES, ids=[c[0] for c in CASES])
def test_component_fixtures(title: str, bodies: list[str]) -> None:
    markdown, expected = bodies
    assert outline(markdown_parser().parse(markdown)) == expected, title


def test_component_blocks_in_the_model_carry_children_and_lines() -> None:
    doc = parse_text(
        "# Unit\n\n<Tip warning={true}>\n\nProse inside.\n\n```py\nx = 1\n```\n\n</Tip>\n\n"
        "> [!NOTE]\n> A note.\n"
    )
    tip, _, _, note, _ = doc.walk()[0].blocks
    assert tip.kind == "component" and tip.component is not None
    assert (tip.component.name, tip.component.kind, tip.line, tip.end_line) == (
        "Tip",
        "admonition",
        3,
        11,
    )
    assert tip.component.attr("warning") is True
    assert [b.kind for b in tip.component.children] == ["paragraph", "code"]
    assert tip.component.children[0].text == "Prose inside." and tip.component.children[0].line == 5
    assert note.component is not None and note.component.attr_map == {"type": "note"}
    # section blocks are flat: prose in a <Tip> is prose for the rules, the tree is children
    assert doc.walk()[0].blocks[1] is tip.component.children[0]
    assert [b.kind for b in doc.all_blocks()] == [
        "component",
        "paragraph",
        "code",
        "component",
        "paragraph",
    ]


def test_quiz_attribute_texts_are_reachable_for_translation_checks() -> None:
    doc = parse_text('<Question choices={[{text: "Yes", explain: "Because.", correct: true}]} />\n')
    (quiz,) = doc.components()
    assert quiz.kind == "quiz"
    assert quiz.texts() == ["Yes", "Because."]


def test_component_warnings_are_reported_once_per_name() -> None:
    one = parse_text("<Callout>\n\nA\n\n</Callout>\n\n<Callout>\n\nB\n\n</Callout>\n", "a.md")
    two = parse_text("Text <Pill/> and <Callout>c</Callout>.\n", "b.md")
    warnings = component_warnings([one, two])
    assert warnings == [
        "a.md:1: unknown component <Callout> (its content is shown; map it under "
        "`components:` in ctools.yaml)",
        "b.md:1: unknown component <Pill> (its content is shown; map it under "
        "`components:` in ctools.yaml)",
    ]


def test_a_team_maps_its_own_component_names(tmp_path: Path) -> None:
    (tmp_path / "ctools.yaml").write_text("components:\n  Callout: admonition\n  note: container\n")
    config = load_config(tmp_path)
    assert config.components == (("Callout", "admonition"), ("note", "container"))
    doc = parse_text("<note>\n\n*x*\n\n</note>\n\n<Callout/>\n", components=config.components)
    assert [(c.name, c.kind) for c in doc.components()] == [
        ("note", "container"),
        ("Callout", "admonition"),
    ]
    assert component_warnings([doc]) == []
    # without the mapping, lower-case <note> is plain HTML, <Callout/> unknown
    plain = parse_text("<note>\n\n*x*\n\n</note>\n\n<Callout/>\n")
    assert [(c.name, c.kind) for c in plain.components()] == [("Callout", "unknown")]


def test_a_component_kind_outside_the_registry_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "ctools.yaml").write_text("source: src\ncomponents:\n  Callout: sparkle\n")
    with pytest.raises(CtoolsError, match=r"ctools.yaml:3: component `Callout`: kind must be"):
        load_config(tmp_path)
    (tmp_path / "ctools.yaml").write_text("componentz:\n  Callout: admonition\n")
    with pytest.raises(CtoolsError, match=r"unknown key `componentz`"):
        load_config(tmp_path)


def test_one_token_stream_sections_slice_it_and_share_the_env() -> None:
    text = (
        "# One\n\nRead [the paper][attn].\n\n## Two\n\nMore.\n\n"
        "# Refs\n\n[attn]: https://arxiv.org/abs/1706.03762\n"
    )
    doc = parse_text(text)
    one, two, refs = doc.walk()
    assert one.tokens == (0, refs.tokens[0]) and one.own_tokens == two.tokens[0]
    assert two.tokens[1] == refs.tokens[0] and refs.tokens[1] == len(doc.tokens)
    html = render_tokens(doc, one.tokens[0], one.own_tokens)
    assert '<a href="https://arxiv.org/abs/1706.03762">the paper</a>' in html
    assert "Two" not in html
    block = one.blocks[0]
    assert [t.type for t in doc.tokens[block.tokens[0] : block.tokens[1]]] == [
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    assert "ATTN" in doc.env["references"]  # markdown-it normalises labels


def test_pickled_documents_drop_tokens_and_reparse_them_alike() -> None:
    doc = parse_text("# A\n\n<Tip>\n\nx\n\n</Tip>\n", components=(("Tip", "container"),))
    types = [t.type for t in doc.tokens]
    again = pickle.loads(pickle.dumps(doc))
    assert again._tokens is None
    assert [t.type for t in again.tokens] == types
    assert again.tokens[3].meta["kind"] == "container"  # re-parsed with the same mapping
    assert again.walk()[0].tokens == doc.walk()[0].tokens


def test_attribute_values_are_typed() -> None:
    tag = scan_tag("<X a='1' b=\"two\" c={3} d={-1.5} e f={false} g={null} h=bare/>", 0)
    assert tag is not None and tag.self_closing
    assert dict(tag.attrs) == {
        "a": "1",
        "b": "two",
        "c": 3,
        "d": -1.5,
        "e": True,
        "f": False,
        "g": None,
        "h": "bare",
    }
    assert parse_value("{a: [1, 'x', {b: true}], 'c d': `tpl`, /* note */ e: undefined}") == {
        "a": [1, "x", {"b": True}],
        "c d": "tpl",
        "e": None,
    }
    assert parse_value("`${x}`") == Expr("`${x}`")
    assert scan_tag("<X a={unclosed", 0) is None
    assert scan_tag('<X a="unclosed', 0) is None


def test_deeply_nested_components_do_not_recurse_without_bound() -> None:
    text = "<Box>\n" * 300 + "deep\n" + "</Box>\n" * 300
    doc = parse_text(text)  # maxNesting stops the descent; no RecursionError
    assert doc.components()


@pytest.mark.skipif(CORPORA is None, reason="../shared/corpora not present")
@pytest.mark.parametrize("corpus", ["rust-book", "smolagents-docs"])
def test_no_component_syntax_is_left_in_prose_on_the_shared_corpora(corpus: str) -> None:
    assert CORPORA is not None
    files = sorted(p for p in (CORPORA / corpus).rglob("*") if p.suffix in (".md", ".mdx"))
    assert files
    left = []
    for path in files:
        for token in markdown_parser().parse(path.read_text("utf-8")):
            pieces = [token.content] if token.type == "html_block" else []
            if token.type == "inline":
                pieces = [
                    c.content for c in token.children or () if c.type in ("text", "html_inline")
                ]
            left += [f"{path.name}: {piece[:60]!r}" for piece in pieces if RAW_RE.search(piece)]
    assert left == []
