"""``ctools export``: run one or more exporters over the loaded corpus."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from ..errors import CtoolsError
from ..export import EXPORTERS
from .common import load_settings, report_problems


@click.command()
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    required=True,
    type=click.Choice([*sorted(EXPORTERS), "all"]),
    help="Output format; repeat for several, or `all`.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Base output folder; each format writes to OUT/<format>/ (default: build).",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of templates overriding the bundled ones by file name.",
)
@click.option("--pdf", is_flag=True, help="LaTeX: also compile PDFs (needs lualatex).")
@click.option(
    "--lang",
    default=None,
    help="Which languages to export: a configured language code, or `both` "
    "(default: `export.<format>.lang` in ctools.yaml, else both).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace OUT/<format> even when ctools did not make it (a symlink there is "
    "replaced as a link, never followed).",
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def export(
    formats: tuple[str, ...],
    out: Path | None,
    templates: Path | None,
    pdf: bool,
    lang: str | None,
    force: bool,
    paths: tuple[Path, ...],
) -> None:
    """Export the documents (default: the configured source folder) to HTML, LaTeX or Anki.

    Each format replaces OUT/<format>/ only when ctools made it (it holds
    `.ctools-export.json`) or it is empty; anything else there is refused (exit 2).
    Exit codes: 0 ok, 1 an exporter reported errors, 2 an input file or the output folder
    could not be used (the other files and formats are still exported).
    """
    from ..export import ExportOptions, few_collections, get_exporter, staged_output
    from ..export.voice import Voice
    from ..project import load_corpus

    cfg = load_settings()
    for chosen in [lang, *(cfg.export.get(n, {}).get("lang") for n in EXPORTERS)]:
        if chosen is not None and chosen != "both" and chosen not in cfg.languages:
            raise click.BadParameter(
                f"`{chosen}`: expected `both` or one of {', '.join(cfg.languages)}",
                param_hint="--lang",
            )
    names = sorted(EXPORTERS) if "all" in formats else list(dict.fromkeys(formats))
    base = out or cfg.root / str(cfg.export.get("out", "build"))
    if templates is None and cfg.export.get("templates"):
        from ..export.loader import outside

        templates = cfg.root / str(cfg.export["templates"])
        if outside(templates, cfg.root):  # the repository's say-so reaches only the repository
            raise cfg.error(
                f"export.templates `{cfg.export['templates']}` leads outside the project "
                f"({cfg.root}); refused"
            )
    with few_collections():  # millions of tokens live until the end: no re-scans
        corpus = load_corpus(list(paths), cfg)
        unusable = report_problems(corpus.problems)
        failed = False
        voice = Voice(corpus)
        total_warnings = total_errors = 0
        for name in names:
            exporter = get_exporter(name)
            try:  # the output folder may be refused, read-only or full: other formats go on
                with contextlib.ExitStack() as stack:
                    tick = None
                    if sys.stderr.isatty():
                        bar = stack.enter_context(
                            click.progressbar(
                                length=max(1, len(corpus.documents)), label=name, file=sys.stderr
                            )
                        )
                        tick = lambda _label, bar=bar: bar.update(1)  # noqa: E731
                    stage = stack.enter_context(staged_output(base / name, force=force))
                    options = ExportOptions(
                        out=stage,
                        config=cfg,
                        templates=templates,
                        lang=lang or str(cfg.export.get(name, {}).get("lang", "both")),
                        pdf=pdf,
                        progress=tick,
                    )
                    result = exporter.export(corpus, options)
            except CtoolsError as exc:
                click.echo(f"{name}: error: {exc.format_message()}", err=True)
                unusable = True
                continue
            # one voice: each problem once across formats, `ctools-disable` honoured
            errors = voice.keep(result.errors)
            warnings = voice.keep(result.warnings)
            for message in warnings:
                click.echo(f"warning: {message}", err=True)
            for message in errors:
                click.echo(f"error: {message}", err=True)
            for message in voice.keep(result.refused):  # refused input, once across formats
                click.echo(f"error: {message}", err=True)
            unusable = unusable or bool(result.refused)
            stats = ", ".join(f"{k} {v}" for k, v in result.stats.items())
            click.echo(
                f"{name}: {len(result.files)} files ({stats}), {len(warnings)} warnings, "
                f"{len(errors)} errors -> {base / name}"
            )
            total_warnings += len(warnings)
            total_errors += len(errors)
            failed = failed or bool(errors)
    code = 2 if unusable else 1 if failed else 0
    if len(names) > 1 or code:
        click.echo(
            f"export: {total_warnings} warnings, {total_errors} errors"
            + (", unusable input or output (exit 2)" if code == 2 else "")
        )
    sys.exit(code)
