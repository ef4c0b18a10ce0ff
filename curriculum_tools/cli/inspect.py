"""``ctools tree`` and ``ctools align``: what a translator runs first."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import click

from .common import FORMAT_TEXT_JSON, load_settings, report_problems


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@FORMAT_TEXT_JSON
def tree(file: Path, fmt: str) -> None:
    """Print the section tree of FILE: numbers, levels, slugs, line ranges, block counts."""
    from ..errors import shown
    from ..io import read_markdown
    from ..parse import parse_text
    from ..project import _lang_root, guess_lang
    from ..views import tree_dict, tree_text

    cfg = load_settings()
    if not file.exists():
        raise click.BadParameter(f"{file}: no such file", param_hint="FILE")
    placed = _lang_root(file, cfg.languages)
    text = read_markdown(file)
    lang, rel = (placed[1], placed[2]) if placed else ("", "")
    doc = parse_text(text, file, lang, rel, cfg.components)
    if not doc.lang:
        doc.lang = str(doc.front_matter.get("lang") or guess_lang(text, cfg.source_lang))
    for line, message in doc.errors:
        click.echo(f"{shown(file)}:{line}: {message}", err=True)
    if fmt == "json":
        click.echo(json.dumps(tree_dict(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(tree_text(doc))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@FORMAT_TEXT_JSON
def align(paths: tuple[Path, ...], fmt: str) -> None:
    """Show the aligned section map of every document pair side by side.

    PATHS are files or folders (default: the configured source folder).
    """
    from ..project import load_corpus
    from ..views import align_dict, align_text

    corpus = load_corpus(list(paths), load_settings())
    failed = report_problems(corpus.problems)
    if fmt == "json":
        click.echo(
            json.dumps(align_dict(corpus.pairs, corpus.unpaired), ensure_ascii=False, indent=2)
        )
    else:
        columns = shutil.get_terminal_size((120, 24)).columns
        click.echo(align_text(corpus.pairs, corpus.unpaired, columns))
    if failed:
        sys.exit(2)
