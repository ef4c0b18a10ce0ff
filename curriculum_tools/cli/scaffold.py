"""``ctools scaffold``: write the missing translation of a document, marked to translate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import load_settings

if TYPE_CHECKING:
    from ..config import Config


@click.command()
@click.option("--from", "from_lang", metavar="LANG", help="Source language (default: the first).")
@click.option("--to", "to_lang", metavar="LANG", help="Target language (default: the second).")
@click.option(
    "--sections",
    is_flag=True,
    help="Add only the sections missing from an existing translation (other bytes untouched).",
)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def scaffold(from_lang: str | None, to_lang: str | None, sections: bool, file: Path) -> None:
    """Write FILE's counterpart at <root>/<to>/<same path> with every prose unit marked.

    Headings, numbers, code, formulas, URLs, images and tables are copied; each heading
    text, paragraph, list item and table cell starts with `[TRANSLATE]` followed by the
    source text, which the `untranslated` check reports until it is translated. An
    existing file is never overwritten (exit 2) unless `--sections` is given.
    """
    from ..align import align_pair
    from ..errors import CtoolsError
    from ..io import atomic_write, read_markdown, read_source, rewrite_text
    from ..model import DocumentPair
    from ..parse import parse_text
    from ..project import _lang_root
    from ..scaffold import add_missing_sections, scaffold_text
    from ..views import display_path

    cfg = load_settings()
    source = from_lang or cfg.languages[0]
    target = to_lang or cfg.languages[1]
    if source == target:
        raise click.UsageError("--from and --to must differ")
    placed = _lang_root(file, cfg.languages)
    if placed is None or placed[1] != source:
        raise CtoolsError(f"not inside a `{source}/` language folder of a source root", file)
    root, _, rel = placed
    doc = parse_text(read_markdown(file), file, source, rel)
    if doc.no_translation:
        raise CtoolsError("declares `translation: none`: nothing to scaffold", file)
    out = root / target / rel
    shown = display_path(out)
    if out.exists() and not sections:
        raise CtoolsError(
            "translation already exists (use --sections to add missing sections)", shown
        )
    hints = _glossary_hints(root, cfg)
    if not out.exists():
        text = scaffold_text(doc, target, hints)
        atomic_write(out, text.encode("utf-8"))
        count = len(doc.walk())
        click.echo(f"wrote {shown}: {count} sections to translate (marked `[TRANSLATE]`)")
        return
    original, old_text = read_source(out)
    old = parse_text(old_text, out, target, rel)
    pair = align_pair(DocumentPair(doc, old))
    new_text, inserted = add_missing_sections(pair, hints)
    if not inserted:
        click.echo(f"{shown}: no missing sections")
        return
    added = [s for ins in inserted for s in ins.sections]
    check = parse_text(new_text, out, target, rel)
    if len(check.walk()) != len(old.walk()) + len(added):
        raise CtoolsError("inserting the sections would change the document structure", shown)
    rewrite_text(out, new_text, original)  # through links; owner, mode, BOM, CRLF kept
    for ins in inserted:
        names = ", ".join(s.heading for s in ins.sections)
        click.echo(f"{shown}:{ins.before_line}: inserted {names}")


def _glossary_hints(root: Path, cfg: Config) -> Callable[[str], str] | None:
    """Hints from the course glossary (its known renderings), or None when it has no terms."""
    from ..glossary import build
    from ..glossary.hints import hinter
    from ..project import load_corpus

    terms = build(load_corpus([root], cfg))
    return hinter(terms) if terms.terms else None
