"""Issue 12, second round: the attacker's *next* step on each class, against the real commands.

Each earlier reproduction of issue 12 is held by ``test_security_files.py``,
``test_security_export.py`` and ``test_security_budget.py``; these are the variations that
broke once those held (each was reproduced before its fix):

- TeX reaching Anki's MathJax or Anki's own LaTeX (``\\style``, ``\\href{javascript:}``,
  ``\\\\(`` in prose, ``[latex]``, ``[sound:]``): checked in the cards Anki itself renders;
- templates that link out of their folder, a repository's ``export.templates`` outside the
  project, and templates that never end or ask for gigabytes;
- symlinks named on the command line (a pre-commit hook passes file names) leading out of the
  project, a scaffold counterpart in a linked folder, a linked lock file;
- YAML the safe loader cannot build, an alias bomb in ``mkdocs.yml``, a deep glossary;
- distinct ids that map to one ``.apkg`` (or ``.tex``) file name;
- mdBook includes of a symlink leading out of the project;
- formulas of allowed control sequences whose counts make TeX loop, and a repository lifting
  the compile budget;
- content classes selecting a positioned rule of the stylesheet (an overlay);
- a cache of pickles inside the project (``CTOOLS_CACHE_DIR=.cache`` in CI), and a ``lock:``
  path outside it.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from curriculum_tools.export.anki.mathguard import JOINER, guard_field
from curriculum_tools.export.latex.mathpolicy import math_problem

from .test_security_files import ctools, one_line_errors

ROOT = Path(__file__).resolve().parent.parent
SECRET = "SECRETTEXT7f3a9"


def project(tmp: Path, en: str = "# A\n\ntext\n", ko: str = "# 가\n\n본문\n") -> Path:
    """A repository (``ctools.yaml``, ``source/en``, ``source/ko``) beside a secret file."""
    work = tmp / "repo"
    for lang, text in (("en", en), ("ko", ko)):
        (work / "source" / lang).mkdir(parents=True)
        (work / "source" / lang / "a.md").write_text(text, encoding="utf-8")
    (work / "ctools.yaml").write_text("source: source\nlanguages: [en, ko]\n")
    (tmp / "secret.txt").write_text(SECRET + "\n")
    return work


def every_output(root: Path) -> str:
    return "\n".join(
        p.read_text("utf-8", "replace")
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    )


# --- TeX that Anki would run ------------------------------------------------------------------

HOSTILE_CARD = r"""---
id: a
---
# Anki

Term $\style{position:fixed;top:0;left:0;width:100vw;height:100vh;background:url(https://evil.example/x.png)}{\text{Login}}$,
$\href{javascript:alert(1)}{x}$, $\require{https://evil.example/x.js}$, $\class{x}{y}$ and $\frac{a}{b}$.

Prose \\(\href{javascript:alert(2)}{click}\\), \\[\cssId{x}{z}\\], [latex]\input{/etc/passwd}[/latex],
[$$]\input{/etc/passwd}[/$$] and [sound:x.mp3].

`\(\href{javascript:alert(3)}{code}\)` and <span title="[LaTeX]\input{x}[/LaTeX]">t</span>

$$
\unicode{x41}
$$
"""


class _Text(HTMLParser):
    """The text MathJax reads: every text node, tags dropped, references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def mathjax_spans(html: str) -> list[str]:
    reader = _Text()
    reader.feed(re.sub(r"<style>.*?</style>", "", html, flags=re.S))
    text = "".join(reader.parts)
    return re.findall(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", text, flags=re.S)


@pytest.fixture
def anki_cards(tmp_path: Path) -> Iterator[list[Any]]:
    collection = pytest.importorskip("anki.collection")
    work = project(tmp_path, HOSTILE_CARD, HOSTILE_CARD)
    result = ctools("export", "-f", "anki", cwd=work)
    assert result.returncode == 0, result.stderr
    col = imported(collection, work, tmp_path)
    try:
        yield [col.get_card(cid) for cid in col.find_cards("")]
    finally:
        col.close()


def imported(collection: Any, work: Path, tmp: Path) -> Any:
    """A new Anki collection holding every package the export of ``work`` wrote."""
    col = collection.Collection(str(tmp / "c.anki2"))
    for package in (work / "build" / "anki").rglob("*.apkg"):
        col.import_anki_package(
            collection.ImportAnkiPackageRequest(
                package_path=str(package),
                options=collection.ImportAnkiPackageOptions(
                    merge_notetypes=True, with_scheduling=False, with_deck_configs=False
                ),
            )
        )
    return col


def test_anki_never_hands_tex_outside_the_allow_list_to_mathjax_or_latex(
    anki_cards: list[Any],
) -> None:
    """Anki's own renderer: every MathJax span passes the allow-list, no ``[latex]`` becomes
    an image, no ``[sound:]`` a sound; the ordinary formula is still typeset."""
    assert anki_cards
    typeset: list[str] = []
    for card in anki_cards:
        for html in (card.question(), card.answer()):
            for inline, display in mathjax_spans(html):
                tex = inline or display
                assert math_problem(tex) is None, tex
                typeset.append(tex)
            assert "latex-" not in html and "class=latex" not in html, html
            assert "\\input" not in html or JOINER in html
        assert not card.question_av_tags() and not card.answer_av_tags()
    assert r"\frac{a}{b}" in typeset


CLOZE_IN_CONTENT = """---
id: a
---
# Tokens

A tokenizer is a tool that splits {{c2::hidden}} text into {{c3::more}} tokens.
"""


def test_cloze_syntax_in_content_makes_no_extra_card(tmp_path: Path) -> None:
    """A definition sentence that spells ``{{c2::…}}`` itself: its cloze note has the one card
    of the defined term, counted by Anki (each ``{{cN::`` of a cloze field is a card)."""
    collection = pytest.importorskip("anki.collection")
    work = project(tmp_path, CLOZE_IN_CONTENT, CLOZE_IN_CONTENT.replace("# Tokens", "# 토큰"))
    result = ctools("export", "-f", "anki", cwd=work)
    assert result.returncode == 0, result.stderr
    col = imported(collection, work, tmp_path)
    try:
        clozes = [col.get_note(n) for n in col.find_notes('"note:ctools cloze"')]
        assert clozes, "the definition sentence should make a cloze note"
        for note in clozes:
            assert len(note.cards()) == 1, note.fields
            assert "hidden" in note.cards()[0].answer()  # the text is kept, only inert
    finally:
        col.close()


def test_anki_warns_at_each_formula_it_shows_as_code(tmp_path: Path) -> None:
    """Each formula outside the allow-list is named by ``file:line`` (a line of its paragraph
    counted through soft breaks, a display block by its first line), once per language side;
    the allowed ``\\frac`` gives no warning, and the export still succeeds."""
    work = project(tmp_path, HOSTILE_CARD, HOSTILE_CARD)
    result = ctools("export", "-f", "anki", cwd=work)
    assert result.returncode == 0, result.stderr
    for lang in ("en", "ko"):
        said = [line for line in result.stderr.splitlines() if f"{lang}/a.md:" in line]
        where = sorted(
            (int(line.split(f"{lang}/a.md:")[1].split(":")[0]), line.split("formula ")[1])
            for line in said
        )
        assert where == [
            (6, "uses \\style; shown as code in the cards"),
            (7, "uses \\class; shown as code in the cards"),
            (7, "uses \\href; shown as code in the cards"),
            (7, "uses \\require; shown as code in the cards"),
            (10, "uses \\input; shown as code in the cards"),  # [$$]…[/$$] reads as $$…$$
            (14, "uses \\unicode; shown as code in the cards"),
        ], said
    assert "frac" not in result.stderr


@pytest.mark.parametrize(
    "field",
    [
        r"\(\href{javascript:x}{y}\)",
        r"&#92;(\style{position:fixed}{y}&#x5C;)",
        r"<b>\</b>(\class{a}{b}\)",
        r"\&#40;\href{javascript:x}{y}\)",
        r"\[\require{x}\]",
        r"[LATEX]\input{x}[/LATEX]",
        r"[$]x[/$] [$$]y[/$$] [sound:a.mp3]",
    ],
)
def test_guard_defuses_every_spelling_of_a_delimiter(field: str) -> None:
    guarded = guard_field(field)
    assert JOINER in guarded
    reader = _Text()
    reader.feed(guarded)
    text = "".join(reader.parts)
    for tex in re.findall(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", text):
        assert math_problem(tex[0] or tex[1]) is None
    assert not re.search(r"(?i)\[(?:/?latex|\$\$?|/\$\$?|sound:)", guarded.replace(JOINER, "\0"))
    assert guard_field(guarded) == guarded  # idempotent


def test_guard_leaves_allowed_formulas_and_plain_fields_alone() -> None:
    for field in (r"\(\frac{a}{b}\) and \[x^2\]", "<p>a &amp; b [1]</p>", "C:\\path\\to"):
        assert guard_field(field) == field


# --- templates ----------------------------------------------------------------------------------


def _with_templates(tmp: Path, files: dict[str, str]) -> Path:
    work = project(tmp)
    (work / "ctools.yaml").write_text(
        "source: source\nlanguages: [en, ko]\nexport:\n  templates: tpl\n"
    )
    (work / "tpl").mkdir()
    for name, text in files.items():
        (work / "tpl" / name).write_text(text)
    return work


@pytest.mark.parametrize("name", ["base.html.j2", "style.css"])
def test_templates_never_follow_a_symlink_out_of_their_folder(tmp_path: Path, name: str) -> None:
    work = _with_templates(tmp_path, {})
    (work / "tpl" / name).symlink_to(tmp_path / "secret.txt")
    result = ctools("export", "-f", "html", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2 and "leads outside the templates folder" in result.stderr
    assert SECRET not in every_output(work)


def test_template_include_of_a_link_out_is_refused(tmp_path: Path) -> None:
    work = _with_templates(
        tmp_path, {"base.html.j2": '{% include "leak.j2" %}{% block content %}{% endblock %}'}
    )
    (work / "tpl" / "leak.j2").symlink_to(tmp_path / "secret.txt")
    result = ctools("export", "-f", "html", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2 and "tpl/base.html.j2:1: template error" in result.stderr
    assert SECRET not in every_output(work)


@pytest.mark.parametrize("where", ["absolute", "../outside"])
def test_export_templates_outside_the_project_are_refused(tmp_path: Path, where: str) -> None:
    work = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "base.html.j2").write_text(
        '{% include "secret.txt" %}{% block content %}{% endblock %}'
    )
    (outside / "secret.txt").write_text(SECRET)
    value = str(outside) if where == "absolute" else "../outside"
    (work / "ctools.yaml").write_text(f"source: source\nexport:\n  templates: {value}\n")
    result = ctools("export", "-f", "html", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2 and "export.templates" in result.stderr
    assert "leads outside the project" in result.stderr
    assert SECRET not in every_output(work)


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{{ 9 ** (9 ** 9) }}",
        "{% set ns = namespace(x=3) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}"
        "{% endfor %}{{ ns.x }}",
        "{{ 'x'|center(10 ** 10) }}",
        "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}",
    ],
)
def test_a_template_that_never_ends_or_wants_gigabytes_is_stopped(
    tmp_path: Path, body: str
) -> None:
    work = _with_templates(
        tmp_path, {"base.html.j2": "line 1\n" + body + "{% block content %}{% endblock %}"}
    )
    started = time.monotonic()
    result = ctools("export", "-f", "html", cwd=work, env={"CTOOLS_TEMPLATE_TIMEOUT": "3"})
    assert time.monotonic() - started < 60
    one_line_errors(result)
    assert result.returncode == 2, result.stderr
    assert "tpl/base.html.j2:2: template error" in result.stderr, result.stderr
    assert not (work / "build" / "html").exists()


# --- symlinks named on the command line -----------------------------------------------------

MOJIBAKE = "# Café\n\nGrüße aus Köln, ein schöner Tag.\n".encode().decode("cp1252")


@pytest.mark.parametrize(
    "args",
    [
        ("fix-encoding", "source/en/a.md"),
        ("lint", "--fix", "source/en/a.md"),
        ("lint", "source/en/a.md"),
        ("tree", "source/en/a.md"),
        ("export", "-f", "html", "source/en/a.md"),
    ],
)
def test_a_file_named_on_the_command_line_never_leads_out_of_the_project(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    work = project(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text(MOJIBAKE + "**굵게**는 " + SECRET + "\n", encoding="utf-8")
    before = outside.read_bytes()
    (work / "source" / "en" / "a.md").unlink()
    (work / "source" / "en" / "a.md").symlink_to(outside)
    result = ctools(*args, cwd=work)
    one_line_errors(result)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "a symlink leading out of the project" in result.stdout + result.stderr
    assert outside.read_bytes() == before
    assert SECRET not in result.stdout and SECRET not in every_output(work)


def test_scaffold_never_writes_into_a_folder_linked_out_of_the_project(tmp_path: Path) -> None:
    work = project(tmp_path)
    victim = tmp_path / "victim"
    victim.mkdir()
    (work / "source" / "ko" / "a.md").unlink()
    (work / "source" / "ko").rmdir()
    (work / "source" / "ko").symlink_to(victim)
    result = ctools("scaffold", "source/en/a.md", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2 and "leading out of the project" in result.stderr
    assert list(victim.iterdir()) == []


def test_mark_synced_never_writes_through_a_lock_file_linked_out(tmp_path: Path) -> None:
    work = project(tmp_path)
    victim = tmp_path / "victim.yaml"
    victim.write_text("mine: 1\n")
    (work / "ctools.lock.yaml").symlink_to(victim)
    result = ctools("status", "--mark-synced", "source", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2 and "leading out of the project" in result.stderr
    assert victim.read_text() == "mine: 1\n"


def test_links_inside_the_project_are_still_followed(tmp_path: Path) -> None:
    work = project(tmp_path, en=MOJIBAKE)
    shared = work / "shared"
    shared.mkdir()
    (work / "source" / "en" / "a.md").rename(shared / "a.md")
    (work / "source" / "en" / "a.md").symlink_to(shared / "a.md")
    result = ctools("fix-encoding", "source/en/a.md", cwd=work)
    assert result.returncode == 0, result.stderr
    assert (shared / "a.md").read_text(encoding="utf-8").startswith("# Café")
    assert (work / "source" / "en" / "a.md").is_symlink()


# --- YAML -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("date: 2024-13-45", "month must be in 1..12"),
        ("id: " + "9" * 10000, "Exceeds the limit"),
    ],
)
def test_yaml_values_the_safe_loader_cannot_build_are_file_line_errors(
    tmp_path: Path, front: str, words: str
) -> None:
    """Invalid front matter is a lint finding at its line (as a syntax error is); no command
    stops with an internal error (they all did)."""
    work = project(tmp_path, en=f"---\ntitle: t\n{front}\n---\n# A\n\ntext\n")
    for command in (("status", "source"), ("align", "source"), ("export", "-f", "all")):
        one_line_errors(ctools(*command, cwd=work))
    result = ctools("lint", "source", cwd=work)
    one_line_errors(result)
    assert result.returncode == 1
    assert re.search(rf"source/en/a.md:3:1: error front-matter .*{re.escape(words)}", result.stdout)


def test_alias_bomb_in_mkdocs_yml_is_not_expanded(tmp_path: Path) -> None:
    work = project(tmp_path)
    bomb = 'a0: &a0 ["a.md"]\n' + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
    )
    (work / "mkdocs.yml").write_text(bomb + "nav: *a9\n")
    started = time.monotonic()
    result = ctools("status", "source", cwd=work, timeout=60)
    one_line_errors(result)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 20


def test_deep_glossary_yaml_names_the_file(tmp_path: Path) -> None:
    work = project(tmp_path)
    (work / "glossary.yaml").write_text("- " + "[" * 5000 + "]" * 5000 + "\n")
    result = ctools("glossary", "source", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2
    assert re.search(
        r"glossary\.yaml:1: invalid YAML: (nested deeper than|exceeded maximum nesting)",
        result.stderr,
    )


# --- ids that become one file name --------------------------------------------------------------


def test_distinct_ids_never_share_an_output_file(tmp_path: Path) -> None:
    work = project(tmp_path)
    (work / "ctools.yaml").write_text("source: source\nexport:\n  anki: {per_document: true}\n")
    names = ["a b", "a-b", "a#b", "A-B", "a%b"]
    for name in names:
        for lang in ("en", "ko"):
            (work / "source" / lang / f"{name}.md").write_text(f"# {name}\n\nUNIQUE {name}\n")
    result = ctools("export", "-f", "anki", "-f", "latex", cwd=work)
    one_line_errors(result)
    assert result.returncode == 0, result.stderr
    packages = list((work / "build" / "anki").rglob("*.apkg"))
    counted = re.search(r"anki: (\d+) files", result.stdout + result.stderr)
    assert counted and len(packages) == int(counted.group(1)) == len(names) + 1
    assert len({p.name.casefold() for p in packages}) == len(packages)
    tex = [p.name.casefold() for p in (work / "build" / "latex" / "en").glob("*.tex")]
    assert len(tex) == len(set(tex)) == len(names) + 1


# --- mdBook includes ------------------------------------------------------------------------


def test_includes_never_splice_a_file_linked_out_of_the_project(tmp_path: Path) -> None:
    """``{{#include inc.rs}}`` with ``inc.rs -> ../../secret.txt``, or through a linked
    folder, in prose and in a fence: a placeholder in every format, never the file."""
    page = (
        "# A\n\n{{#include inc.rs}}\n\n{{#include linked/secret.txt}}\n\n"
        "```rust\n{{#include inc.rs}}\n{{#rustdoc_include linked/secret.txt}}\n```\n"
    )
    work = project(tmp_path, en=page, ko=page)
    for lang in ("en", "ko"):
        (work / "source" / lang / "inc.rs").symlink_to(tmp_path / "secret.txt")
        (work / "source" / lang / "linked").symlink_to(tmp_path)
    result = ctools("export", "-f", "all", cwd=work)
    one_line_errors(result)
    out = work / "build"
    assert (out / "html" / "en" / "a.html").is_file()
    assert "a symlink leading out of the project" in (out / "html" / "en" / "a.html").read_text()
    assert SECRET not in every_output(out)
    for package in (out / "anki").rglob("*.apkg"):
        with zipfile.ZipFile(package) as archive:
            assert all(SECRET.encode() not in archive.read(n) for n in archive.namelist())


# --- formulas that loop inside TeX ------------------------------------------------------------


@pytest.mark.parametrize(
    "formula",
    [
        r"\begin{array}{*{99999999}{c}} a \end{array}",
        r'\begin{array}{*{"5F5E0FF}{c}} a \end{array}',
        r"\begin{array}{*{99}{*{99}{c}}} a \end{array}",
        r"\begin{alignedat}{99999} a \end{alignedat}",
        r"\begin{array}{cc} a & b \\ \cline{1-99999999} \end{array}",
    ],
)
def test_formulas_that_loop_inside_tex_are_refused(formula: str) -> None:
    """Allowed control sequences only, but TeX loops over the count (a compile spun until its
    budget killed it): the count is bounded."""
    assert math_problem(formula) is not None


@pytest.mark.parametrize(
    "formula",
    [
        r"\begin{array}{*{3}{c}|*{3}{c}} a \end{array}",
        r"\begin{alignedat}{2} a &= b & c &= d \end{alignedat}",
        r"\begin{array}{cc} a & b \\ \cline{1-2} c & d \end{array}",
        r"f^*{x}",
    ],
)
def test_ordinary_repetitions_still_pass(formula: str) -> None:
    assert math_problem(formula) is None


def test_a_repository_cannot_lift_the_compile_budget_away() -> None:
    from curriculum_tools.export.latex.settings import MAX_BUDGET, LatexSettings

    settings, problems = LatexSettings.from_config({"timeout": 1e9})
    assert settings.timeout == MAX_BUDGET and problems and "capped" in problems[0]


# --- HTML: content's classes never select a positioned rule -------------------------------------


def test_content_classes_cannot_select_a_positioned_rule_of_the_stylesheet() -> None:
    """Content may write any ``class``; a rule of the bundled stylesheet that positions an
    element (``fixed``/``absolute``/``sticky``: an overlay once applied to content, as
    ``<div class="sidebar">`` was) selects an element content cannot make (``nav``,
    ``aside``) or one anchored at ``body >``."""
    from curriculum_tools.export.sanitize import _HTML_TAGS, _MATHML_TAGS

    css = (ROOT / "curriculum_tools" / "templates" / "html" / "style.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    positioned = [
        selectors
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if re.search(r"position\s*:\s*(fixed|absolute|sticky)", body)
    ]
    assert positioned  # the check sees the sticky contents and the skip link
    for selectors in positioned:
        for selector in selectors.split(","):
            selector = selector.strip()
            subject = re.split(r"[\s>+~]+", selector)[-1]
            element = re.match(r"[a-z][a-z0-9]*", subject)
            safe = selector.startswith("body >") or (
                element is not None and element.group() not in _HTML_TAGS | _MATHML_TAGS
            )
            assert safe, selector


# --- caches of pickles ----------------------------------------------------------------------


class _Planted:
    """A pickle that creates a sentinel file when it is loaded."""

    def __init__(self, sentinel: Path) -> None:
        self.sentinel = sentinel

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (open, (str(self.sentinel), "w"))


def test_a_cache_folder_inside_the_project_is_never_used(tmp_path: Path) -> None:
    """``CTOOLS_CACHE_DIR=.ctools-cache`` in a CI job puts the cache of pickles where a pull
    request can plant entries: caching is then off, and a planted entry is never loaded."""
    import pickle

    work = project(tmp_path)
    outside = tmp_path / "cache"
    assert (
        ctools(
            "lint",
            "source",
            cwd=work,
            env={"CTOOLS_NO_CACHE": "", "CTOOLS_CACHE_DIR": str(outside)},
        ).returncode
        == 0
    )
    entries = [p.relative_to(outside) for p in outside.rglob("*") if p.is_file()]
    assert entries  # the entry names a commit would plant are known
    inside = work / ".ctools-cache"
    sentinel = tmp_path / "planted-pickle-ran"
    for entry in entries:
        (inside / entry).parent.mkdir(parents=True, exist_ok=True)
        (inside / entry).write_bytes(pickle.dumps(_Planted(sentinel)))
    for command in (("lint", "source"), ("status", "source"), ("export", "-f", "html")):
        result = ctools(
            *command, cwd=work, env={"CTOOLS_NO_CACHE": "", "CTOOLS_CACHE_DIR": str(inside)}
        )
        one_line_errors(result)
        assert result.returncode == 0, result.stderr
    assert not sentinel.exists()


def test_lock_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    """``lock: ../x`` in a repository's ``ctools.yaml`` made ``status --mark-synced`` write
    outside the project (any path the user may write)."""
    work = project(tmp_path)
    (work / "ctools.yaml").write_text("source: source\nlock: ../elsewhere.yaml\n")
    result = ctools("status", "--mark-synced", "source", cwd=work)
    one_line_errors(result)
    assert result.returncode == 2 and "ctools.yaml:2:" in result.stderr
    assert "leads outside the project" in result.stderr
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_anki_reads_images_through_the_bounded_reader(tmp_path: Path) -> None:
    """An image was hashed by reading it whole (a 5 GB file, all of it in memory): now it goes
    through the one bounded reader, and one over the limit is a warning, not packed."""
    page = "# A\n\n![b](big.png)\n"
    work = project(tmp_path, en=page, ko=page)
    for lang in ("en", "ko"):
        with open(work / "source" / lang / "big.png", "wb") as handle:
            handle.truncate(65 * 1024 * 1024)  # sparse: over the 64 MiB limit, no disk used
    result = ctools("export", "-f", "anki", cwd=work)
    one_line_errors(result)
    assert result.returncode == 0, result.stderr
    assert "source/en/a.md:3: image not packed: file too large" in result.stderr
    assert "media 0" in result.stdout + result.stderr
