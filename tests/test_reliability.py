"""Reliability: nothing raises on odd input; bad files get clean messages within bounds."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from curriculum_tools.align import align_sections
from curriculum_tools.parse import parse_text
from curriculum_tools.views import align_dict, align_text, tree_dict, tree_text

from .conftest import ctools_command, run_ctools
from .strategies import markdown_documents

FUZZ_EXAMPLES = int(os.environ.get("CTOOLS_FUZZ_EXAMPLES", "150"))
SPEC = json.loads(
    (Path(__file__).parent / "fixtures" / "commonmark" / "spec.json").read_text("utf-8")
)


def _model_round(en_text: str, ko_text: str) -> None:
    en = parse_text(en_text, "en/x.md", "en", "x.md")
    ko = parse_text(ko_text, "ko/x.md", "ko", "x.md")
    json.dumps(tree_dict(en), ensure_ascii=False)
    tree_text(ko)
    from curriculum_tools.model import DocumentPair

    pair = DocumentPair(en, ko, align_sections(en, ko), how="path")
    json.dumps(align_dict([pair], []))
    align_text([pair], [])
    for section in en.walk():
        assert 1 <= section.line <= section.end_line
        for block in section.blocks:
            assert section.line < block.line <= block.end_line


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(en=markdown_documents, ko=markdown_documents)
def test_parse_and_align_never_raise(en: str, ko: str) -> None:
    _model_round(en, ko)


@pytest.mark.parametrize("chunk", range(0, len(SPEC), 50))
def test_commonmark_spec_examples_go_through(chunk: int) -> None:
    examples = SPEC[chunk : chunk + 50]
    for i, example in enumerate(examples):
        other = examples[(i + 1) % len(examples)]["markdown"]
        _model_round(example["markdown"], other)


def _cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ctools with an address-space cap of 2 GiB (the memory bound of these tests)."""
    return run_ctools(*args, cwd=cwd, timeout=timeout, memory=2 << 30)


BAD_FILES: dict[str, bytes] = {
    "empty.md": b"",
    "binary.md": bytes(range(256)) * 4,
    "invalid-utf8.md": "# 제목\n\n본문\n".encode("cp949"),
    "utf16-no-bom.md": "# Title\n\ntext\n".encode("utf-16-le"),
    "utf16-bom.md": "# Title\n\ntext\n".encode("utf-16"),
    "one-line.md": b"word " * 200_000,
    "headings.md": "".join(f"## {i}. H{i}\n\ntext {i}\n\n" for i in range(10_000)).encode(),
    "deep-list.md": "".join("  " * i + "- item\n" for i in range(1000)).encode(),
    "deep-quote.md": b">" * 1000 + b" deep\n",
}


COMMANDS = {
    "tree": ["tree"],
    "align": ["align"],
    "lint": ["lint"],
    "lint-json": ["lint", "--format", "json"],
    "status": ["status"],
    "fix-encoding": ["fix-encoding", "--check"],
    "export": ["export", "-f", "html", "-f", "anki", "-f", "latex", "--out", "out"],
}


BIG_FILES = {"one-line.md", "headings.md", "deep-list.md"}  # each costs seconds per command


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=[pytest.mark.slow] if n in BIG_FILES else [])
        for n in sorted(BAD_FILES)
    ],
)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_bad_files_give_clean_messages(tmp_path: Path, name: str, command: str) -> None:
    """Every command on every kind of bad file: a message naming the file, a documented exit
    code (0, 1 or 2), no traceback, within 60 s and 2 GiB of address space."""
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    result = _cli(*COMMANDS[command], str(path), cwd=tmp_path, timeout=60)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert result.returncode in (0, 1, 2), (result.returncode, result.stderr)
    if result.returncode == 2:
        assert name in result.stderr
    if command == "lint-json":
        assert_lint_json_shape(json.loads(result.stdout))


@pytest.mark.slow
def test_twenty_megabyte_file_parses_within_bounds(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    chunk = "## Section\n\n" + "Some words here, 42 of them. " * 30 + "\n\n"
    path.write_text(chunk * (20_000_000 // len(chunk) + 1), encoding="utf-8")
    result = _cli("tree", "--format", "json", str(path), cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]
    assert len(json.loads(result.stdout)["sections"]) > 20_000


def test_yaml_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"---\nx: !!python/object/apply:os.system ['touch {marker}']\n---\n# A\n"
    doc = parse_text(text)
    assert not marker.exists()
    assert doc.errors and "front matter" in doc.errors[0][1]


def test_symlinks_leading_outside_the_source_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nsecret text\n")
    root = tmp_path / "src"
    (root / "en").mkdir(parents=True)
    (root / "ko").mkdir()
    (root / "en" / "a.md").write_text("# A\n")
    (root / "en" / "leak.md").symlink_to(outside)
    result = _cli("align", "--format", "json", str(root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "leak.md" not in result.stdout and "secret" not in result.stdout.lower()


def test_concurrent_exports_into_one_folder_do_not_mix(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for lang, title in (("en", "Guide"), ("ko", "안내")):
        (src / lang).mkdir(parents=True)
        for i in range(15):
            body = "".join(f"## {j}. {title} {j}\n\ntext {j}\n\n" for j in range(1, 8))
            (src / lang / f"doc{i}.md").write_text(f"# {title} {i}\n\n{body}", encoding="utf-8")
    out = tmp_path / "build"
    procs = [
        subprocess.Popen(
            ctools_command("export", "-f", "html", "--out", str(out), str(src)),
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    pages = sorted(p.relative_to(out / "html").as_posix() for p in (out / "html").rglob("*.html"))
    assert len(pages) == 4 + 15 * 3  # index, status, glossary, search, en, ko, side-by-side
    assert not [p for p in out.iterdir() if p.name.startswith(".html.") and p.name != ".html.lock"]


# --- every command's core over generated pairs ---------------------------------------------------

FINDING_KEYS = {"rule", "severity", "path", "line", "column", "message", "fixable"}
SUMMARY_KEYS = {"files", "pairs", "errors", "warnings", "infos"}


def assert_lint_json_shape(data: dict[str, object]) -> None:
    """The documented JSON shape of `ctools lint --format json` (fields may be added)."""
    assert set(data) >= {"findings", "summary"}
    summary = data["summary"]
    assert isinstance(summary, dict) and set(summary) >= SUMMARY_KEYS
    assert all(isinstance(summary[k], int) for k in SUMMARY_KEYS)
    findings = data["findings"]
    assert isinstance(findings, list)
    for finding in findings:
        assert set(finding) >= FINDING_KEYS, finding
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["line"], int) and finding["line"] >= 1
        assert isinstance(finding["column"], int) and finding["column"] >= 1
        assert isinstance(finding["fixable"], bool) and isinstance(finding["message"], str)
        if "counterpart" in finding:
            assert set(finding["counterpart"]) == {"path", "line"}


def _pair_root(en: str, ko: str) -> Path:
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="ctools-fuzz-"))
    for lang, text in (("en", en), ("ko", ko)):
        (root / lang).mkdir()
        (root / lang / "x.md").write_text(text, encoding="utf-8", newline="")
    return root


@pytest.mark.slow
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(en=markdown_documents, ko=markdown_documents)
def test_lint_all_rules_all_formats_and_fix(en: str, ko: str) -> None:
    import shutil

    from curriculum_tools.config import Config
    from curriculum_tools.lint import apply_fixes, check
    from curriculum_tools.project import load_corpus
    from curriculum_tools.report import render

    root = _pair_root(en, ko)
    try:
        config = Config(root=root)
        result = check(load_corpus([root], config, cache=False), config)
        for fmt in ("text", "json", "sarif", "github"):
            out = render(result, fmt)
            if fmt in ("json", "sarif"):
                data = json.loads(out)
                if fmt == "json":
                    assert_lint_json_shape(data)
        fixes: dict[Path, list[object]] = {}
        for finding in result.findings:
            if finding.fix is not None:
                fixes.setdefault(finding.path, []).append(finding.fix)
        for path, items in fixes.items():
            text = path.read_text(encoding="utf-8")
            path.write_text(apply_fixes(text, items), encoding="utf-8", newline="")  # type: ignore[arg-type]
        if fixes:
            again = check(load_corpus([root], config, cache=False), config)
            assert not [f for f in again.findings if f.fix is not None], (
                "a fix left fixable findings"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


EXPORT_EXAMPLES = max(10, FUZZ_EXAMPLES // 5)


@pytest.mark.slow
@settings(max_examples=EXPORT_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(en=markdown_documents, ko=markdown_documents)
def test_every_exporter_never_raises(en: str, ko: str) -> None:
    import shutil

    from curriculum_tools.config import Config
    from curriculum_tools.export import EXPORTERS, ExportOptions, get_exporter, staged_output
    from curriculum_tools.project import load_corpus

    root = _pair_root(en, ko)
    try:
        config = Config(root=root)
        corpus = load_corpus([root], config, cache=False)
        for name in sorted(EXPORTERS):
            with staged_output(root / "build" / name) as stage:
                get_exporter(name).export(corpus, ExportOptions(out=stage, config=config))
        for page in (root / "build" / "html").rglob("*.html"):
            html = page.read_text(encoding="utf-8").lower()
            for own in ("site.js", "search-index.js", "search.js"):  # the site's own scripts
                html = re.sub(rf'<script src="(?:\.\./)*{own}"></script>', "", html)
            assert "<script" not in html and "javascript:" not in html.replace(
                "javascript:alert", ""
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=markdown_documents)
def test_fix_encoding_is_idempotent_and_spares_clean_text(text: str) -> None:
    from curriculum_tools.fix_encoding import repair_text

    once = repair_text(text)
    assert repair_text(once.text).text == once.text
    suspicious = any(c in text for c in "ÃÂâìëíêð\ufffd\u00ad")
    if not suspicious:
        assert once.text == text


EXPECTED_OUTPUT = {  # what every exporter writes per document x.md (relative to its folder)
    "html": ("en/{0}.html", "ko/{0}.html", "en-ko/{0}.html"),
    "latex": ("en/{0}.tex", "ko/{0}.tex", "bilingual/{0}.tex"),
    "anki": (),  # one package for the whole course (checked below)
}


REFUSAL = "first; document not exported"


def _export_all(root: Path, out: Path, names: list[str]) -> None:
    """Every exporter over the corpus at ``root``: no error, and every document's files written."""
    from curriculum_tools.config import Config
    from curriculum_tools.export import EXPORTERS, ExportOptions, get_exporter, staged_output
    from curriculum_tools.project import load_corpus

    config = Config(root=root)
    corpus = load_corpus([root], config, cache=False)
    assert sorted(EXPORTERS) == sorted(EXPECTED_OUTPUT)
    for fmt in sorted(EXPORTERS):
        with staged_output(out / fmt) as stage:
            result = get_exporter(fmt).export(corpus, ExportOptions(out=stage, config=config))
        # The one documented refusal: Anki does not export a document with mojibake in it.
        assert all(fmt == "anki" and e.endswith(REFUSAL) for e in result.errors), result.errors
        refused = {Path(e.split(":")[0]).stem for e in result.errors}
        written = {p.as_posix() for p in result.files}
        for name in set(names) - refused:
            for pattern in EXPECTED_OUTPUT[fmt]:
                assert pattern.format(name) in written, (fmt, pattern.format(name))
        assert all((out / fmt / p).is_file() for p in written), fmt
        if fmt == "anki" and set(names) - refused:
            assert len([p for p in written if p.endswith(".apkg")]) == 1, written


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(0, len(SPEC), 130))
def test_commonmark_spec_examples_through_lint_and_exporters(chunk: int) -> None:
    """Every spec example as one document of a pair, through lint and every exporter: the lint
    report keeps its documented shape and points into the files, every exporter writes every
    document's files without an error."""
    import shutil

    from curriculum_tools.config import Config
    from curriculum_tools.lint import check
    from curriculum_tools.project import load_corpus
    from curriculum_tools.report import render

    examples = SPEC[chunk : chunk + 130]
    root = _pair_root("", "")
    (root / "en" / "x.md").unlink()
    (root / "ko" / "x.md").unlink()
    try:
        lines: dict[str, int] = {}
        for i, example in enumerate(examples):
            for lang, text in (("en", example["markdown"]), ("ko", examples[-1 - i]["markdown"])):
                (root / lang / f"e{i}.md").write_text(text, encoding="utf-8")
                lines[f"{lang}/e{i}.md"] = text.count("\n") + 1
        config = Config(root=root)
        result = check(load_corpus([root], config, cache=False), config)
        data = json.loads(render(result, "json"))
        assert_lint_json_shape(data)
        for finding in data["findings"]:
            where = Path(finding["path"]).resolve().relative_to(root.resolve()).as_posix()
            assert 1 <= finding["line"] <= lines[where], finding
        _export_all(root, root / "build", [f"e{i}" for i in range(len(examples))])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_parse_cache_is_keyed_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from curriculum_tools.batch import parse_many
    from curriculum_tools.model import Document

    monkeypatch.setenv("CTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    doc = tmp_path / "a.md"
    doc.write_text("# One\n", encoding="utf-8")
    first = parse_many([(doc, "en", "a.md")])[0]
    assert isinstance(first, Document) and first.walk()[0].title == "One"
    assert any((tmp_path / "cache").rglob("*")), "an entry was written"
    doc.write_text("# Two\n", encoding="utf-8")
    again = parse_many([(doc, "en", "a.md")])[0]
    assert isinstance(again, Document) and again.walk()[0].title == "Two"
    for entry in (tmp_path / "cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"garbage")
    assert isinstance(parse_many([(doc, "en", "a.md")])[0], Document), "a bad entry is a miss"


def test_exporters_on_a_pair_whose_english_side_has_no_heading(tmp_path: Path) -> None:
    """Found by the property test: a Korean gloss with no English section to file it under.
    Every exporter writes the pair (the gloss heading printed) and Anki makes no bilingual note."""
    from curriculum_tools.config import Config
    from curriculum_tools.export import ExportOptions, get_exporter, staged_output
    from curriculum_tools.project import load_corpus

    root = _pair_root("\n", "# 토큰화 (Tokenization)\n")
    _export_all(root, tmp_path, ["x"])
    assert "토큰화 (Tokenization)" in (tmp_path / "html" / "ko" / "x.html").read_text("utf-8")
    assert "토큰화 (Tokenization)" in (tmp_path / "latex" / "ko" / "x.tex").read_text("utf-8")
    config = Config(root=root)
    with staged_output(tmp_path / "anki2") as stage:
        result = get_exporter("anki").export(
            load_corpus([root], config, cache=False), ExportOptions(out=stage, config=config)
        )
    assert result.stats["bilingual notes"] == 0 and result.errors == []
