"""Where the glossary is used: the HTML glossary page, scaffold hints, the public API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum_tools import glossary
from curriculum_tools.cli import main
from curriculum_tools.config import Config
from curriculum_tools.glossary.hints import hinter
from curriculum_tools.project import load_corpus
from curriculum_tools.scaffold import scaffold_text

from .test_glossary import EN, KO, project

NEW = """# Heads

## Attention heads {#heads}

Each head computes attention over all tokens.

| Part | Role |
| --- | --- |
| Tokenization | splits the input |
"""


def test_api_for_term_cards(tmp_path: Path) -> None:
    """What the Anki exporter calls: ``glossary.build(corpus)``, then the accepted renderings."""
    root = project(tmp_path)
    terms = glossary.build(load_corpus([root / "src"], Config(root=root)))
    cards = {t.display: a.text for t in terms if (a := terms.accepted(t)) is not None}
    assert cards == {"Attention": "어텐션"}
    every = {t.display: [r.text for r in t.ranked()] for t in terms}
    assert every["Tokenization"] == ["토큰화"]
    settled = {e.en: e for e in glossary.entries(terms)}
    assert settled["Attention"].ko == "어텐션" and settled["Tokenization"].ko == "토큰화"
    assert (
        settled["Attention"].key == "attention"
        and settled["self-attention"].key == "self attention"
    )


def test_glossary_page_is_linked_from_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    (root / "glossary.yaml").write_text(
        "terms:\n  - {en: token, ko: 토큰, note: '<script>alert(1)</script>'}\n", "utf-8"
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["export", "-f", "html", "--out", "site", "src"])
    assert result.exit_code == 0, result.output
    site = root / "site" / "html"
    page = (site / "glossary.html").read_text("utf-8")
    row = re.search(r'<tr id="attention">(.*?)</tr>', page, re.S)
    assert row is not None
    assert "<strong>어텐션</strong>" in row.group(1) and "(3)" in row.group(1)
    assert 'href="ko/doc.html#어텐션-attention"' in row.group(1)
    assert "<script>" not in page and "&lt;script&gt;" in page  # a user's note is escaped
    for html_page in site.rglob("*.html"):
        text = html_page.read_text("utf-8")
        prefix = "../" * (len(html_page.relative_to(site).parts) - 1)
        assert f'href="{prefix}glossary.html"' in text, html_page


def test_scaffold_prefills_known_terms_as_hints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    (root / "src" / "en" / "heads.md").write_text(NEW, "utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["scaffold", "src/en/heads.md"])
    assert result.exit_code == 0, result.output
    text = (root / "src" / "ko" / "heads.md").read_text("utf-8")
    assert "## [TRANSLATE] <!-- terms: Attention = 어텐션 --> Attention heads {#heads}" in text
    assert "[TRANSLATE] <!-- terms: Attention = 어텐션 --> Each head computes" in text
    assert "| [TRANSLATE] <!-- terms: Tokenization = 토큰화 --> Tokenization |" in text
    # the hints change nothing the linter sees: same findings with and without them
    with_hints = CliRunner().invoke(main, ["lint", "src"]).output
    plain = re.sub(r"<!-- terms: [^>]*--> ", "", text)
    assert plain != text
    (root / "src" / "ko" / "heads.md").write_text(plain, "utf-8")
    assert CliRunner().invoke(main, ["lint", "src"]).output == with_hints


def test_hints_are_pure_and_safe(tmp_path: Path) -> None:
    root = project(tmp_path, EN, KO)
    terms = glossary.build(load_corpus([root / "src"], Config(root=root)))
    hint = hinter(terms)
    assert hint("nothing known here") == ""
    assert hint("Attention and more attention") == "<!-- terms: Attention = 어텐션 -->"
    from curriculum_tools.parse import parse_text

    doc = parse_text(NEW, "heads.md", "en", "heads.md")
    assert scaffold_text(doc, "ko", hint) == scaffold_text(doc, "ko", hint)
    from curriculum_tools.glossary.hints import _safe

    assert _safe("a -- b | c <x>") == "a - b / c x"  # cannot close the comment or split a cell
