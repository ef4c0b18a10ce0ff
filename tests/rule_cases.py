"""Run one rule fixture case: write the pair into a source root, lint, render contract lines."""

from __future__ import annotations

from pathlib import Path

from curriculum_tools.config import Config, RuleSetting
from curriculum_tools.lint import Result, check, registry
from curriculum_tools.project import load_corpus
from curriculum_tools.report import text_line

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc000000301010018dd8db00000000049454e44ae426082"
)


def write_case(root: Path, en: str, ko: str) -> tuple[Path, Path]:
    """``en``/``ko`` into ``root/{en,ko}/doc.md`` (an empty part: no file); ``<0xFF>`` is a raw byte."""
    paths = []
    for lang, text in (("en", en), ("ko", ko)):
        folder = root / lang
        (folder / "img").mkdir(parents=True, exist_ok=True)
        (folder / "img" / "ok.png").write_bytes(PNG)
        path = folder / "doc.md"
        if text.strip():
            path.write_bytes(text.encode("utf-8").replace(b"<0xFF>", b"\xff"))
        paths.append(path)
    return paths[0], paths[1]


def lint_case(root: Path, en: str, ko: str, only: str | None = None) -> tuple[Result, list[str]]:
    """Lint one case; ``<rule>.lock.yaml`` beside the rule's fixtures becomes the case's lock file."""
    en_path, ko_path = write_case(root, en, ko)
    lock = Path(__file__).parent / "fixtures" / "rules" / f"{only}.lock.yaml"
    if only and lock.is_file():
        (root / "ctools.lock.yaml").write_bytes(lock.read_bytes())
    config = Config(root=root)
    if only and registry()[only].severity == "off":  # a rule off by default: switched on
        config = Config(root=root, rules={only: RuleSetting("info")})
    result = check(load_corpus([root], config), config, [only] if only else None)
    names = {en_path: "en.md", ko_path: "ko.md"}
    lines = [text_line(f, names.get(f.path, f.path.name)) for f in result.findings]
    return result, lines


def export_html_pages(
    root: Path, en: str, ko: str, name: str
) -> tuple[list[tuple[Path, str]], str]:
    """Export the pair ``en``/``ko`` (as ``<lang>/<name>.md``) to HTML with the real CLI:
    every page made of it (the two pages and the side-by-side view) with its HTML, and what
    the command printed."""
    from click.testing import CliRunner

    from curriculum_tools.cli import main

    src = root / "site"
    for lang, text in (("en", en), ("ko", ko)):
        (src / lang).mkdir(parents=True)
        (src / lang / f"{name}.md").write_text(text, encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(main, ["export", "--format", "html", "--out", str(out), str(src)])
    assert result.exit_code == 0, result.output
    pages = sorted(out.rglob(f"{name}.html"))
    assert pages
    return [(page, page.read_text(encoding="utf-8")) for page in pages], result.output
