"""``ctools glossary``: the course's bilingual term base, and where it is inconsistent."""

from __future__ import annotations

from pathlib import Path

import click

from .common import load_settings


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "tbx"]),
    default="text",
    show_default=True,
    help="Output format (tbx: TBX-Basic, for CAT tools).",
)
@click.option(
    "--check",
    is_flag=True,
    help="List only the terms translated more than one way; exit 1 if there are any.",
)
@click.option(
    "--user",
    "user_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="User glossary (.yaml, .csv or .tbx) instead of the one beside ctools.yaml.",
)
@click.option("--min-uses", type=click.IntRange(1), default=None,
              help="Uses a rendering needs to be the accepted one (default: the "
              "term-consistency rule's `min-uses` in ctools.yaml, else 3).")  # fmt: skip
def glossary(
    paths: tuple[Path, ...], fmt: str, check: bool, user_file: Path | None, min_uses: int | None
) -> None:
    """Print the bilingual term base learned from PATHS (default: the source folder).

    Terms come from glosses (`토큰화 (Tokenization)`, `Tokenization(토큰화)`), short aligned
    headings, bold terms (`**Term**: ...`) paired across languages, and the user glossary
    (`glossary.yaml`, `glossary.csv` or `glossary.tbx` beside ctools.yaml). For each term:
    its Korean renderings with how many places use them and where; `*` marks the accepted
    one (the user glossary's, else a clear majority: at least --min-uses places and 2/3 of
    all uses). Exit codes: 0 ok, 1 with --check when some term is translated more than one
    way, 2 usage or input error.
    """
    from ..glossary.build import build
    from ..glossary.io import (
        find_user_glossary,
        inconsistent,
        load_user_glossary,
        render_csv,
        render_json,
        render_text,
    )
    from ..glossary.model import MAJORITY, MIN_USES
    from ..project import load_corpus

    cfg = load_settings()
    source, target = cfg.languages[0], cfg.languages[1]
    user_path = user_file or find_user_glossary(cfg.root)
    user = load_user_glossary(user_path, source, target) if user_path else []
    corpus = load_corpus(list(paths), cfg)
    for problem in corpus.problems:
        if not problem.skipped:
            click.echo(f"{problem.path}:{problem.line or 1}: {problem.message}", err=True)
    rule = cfg.rules.get("term-consistency")
    options = rule.options if rule is not None else {}
    terms = build(
        corpus,
        user,
        min_uses=min_uses or int(options.get("min-uses", MIN_USES)),
        majority=float(options.get("majority", MAJORITY)),
        user_file=user_path,
    )
    mixed = [t for t in terms if inconsistent(terms, t)]
    if fmt == "json":
        click.echo(render_json(terms, only_inconsistent=check))
    elif fmt == "csv":
        click.echo(render_csv(terms), nl=False)
    elif fmt == "tbx":
        from ..glossary.tbx import dump_tbx

        click.echo(dump_tbx(terms, source, target), nl=False)
    else:
        text = render_text(terms, only_inconsistent=check)
        if text:
            click.echo(text)
        total = len(terms.terms)
        click.echo(
            f"{total} terms, {sum(1 for t in terms if terms.accepted(t))} with an accepted "
            f"rendering, {len(mixed)} translated more than one way"
        )
    if check and mixed:
        raise SystemExit(1)
