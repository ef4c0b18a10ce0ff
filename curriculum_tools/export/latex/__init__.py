"""LaTeX exporter: one ``.tex`` per document and language, plus a bilingual edition per pair.

Engine: LuaLaTeX (``fontspec``); Hangul reaches the page through luaotfload font fallback
to the Nanum fonts (see ``templates/latex/preamble.tex.j2``). Shell escape is always off.

The flow is nbconvert's: :func:`build_context` turns the parsed model into typed contexts
(pure, given an image lookup), Jinja templates with LaTeX-safe delimiters (``((* *))``,
``((( )))``, ``((= =))``) lay them out, and :meth:`LatexExporter.export` writes the files,
copies images and, with ``--pdf``, runs the engine and maps its complaints back to Markdown
lines. Modules, by concern:

- :mod:`.escape`: the one escaping table (text, URLs, comments);
- :mod:`.mathpolicy`: the allow-list of ordinary math (anything else prints as text);
- :mod:`.settings`: ``export.latex`` in ``ctools.yaml``; :mod:`.images`: image lookup;
- :mod:`.renderer`: :class:`LatexRenderer`, one method per markdown-it token type;
- :mod:`.context`: units and their typed template contexts;
- :mod:`.engine`: running LuaLaTeX (Lua sandbox, paranoid file access, time budget);
- :mod:`.log`: reading its log back to Markdown lines;
- :mod:`.book`: the course book; :mod:`.tables`: tables sized by content;
- :mod:`.build`, :mod:`.cache`, :mod:`.rendercache`: parallel, incremental compiles and a
  no-change rebuild that renders nothing.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .. import ExportOptions, ExportResult, make_env, render_template, write_text
from .book import build_book_contexts
from .build import compile_all
from .context import (
    TexUnit,
    UnitOptions,
    build_bilingual_context,
    build_context,
    build_document_context,
)
from .engine import compile_tex, engine_command
from .escape import code_lines, latex_escape, latex_text
from .images import ImageRef, find_image
from .log import CompileOutcome, parse_log, tex_to_source
from .mathpolicy import math_problem
from .renderer import LatexRenderer
from .settings import LatexSettings

if TYPE_CHECKING:
    import jinja2

    from ...project import Corpus

__all__ = [
    "EXPORTER",
    "CompileOutcome",
    "ImageRef",
    "LatexExporter",
    "LatexRenderer",
    "LatexSettings",
    "TexUnit",
    "UnitOptions",
    "build_bilingual_context",
    "build_context",
    "build_document_context",
    "code_lines",
    "compile_tex",
    "engine_command",
    "find_image",
    "latex_escape",
    "latex_text",
    "math_problem",
    "parse_log",
    "tex_to_source",
]


def _environment(templates: Path | None) -> jinja2.Environment:
    env = make_env(
        "latex",
        templates,
        block_start_string="((*",
        block_end_string="*))",
        variable_start_string="(((",
        variable_end_string=")))",
        comment_start_string="((=",
        comment_end_string="=))",
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["latex_escape"] = latex_escape
    return env


class LatexExporter:
    """``ctools export --format latex``."""

    name = "latex"

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult:
        from ...views import display_path

        result = ExportResult()
        raw = options.config.export.get("latex") or {}
        settings, problems = LatexSettings.from_config(raw if isinstance(raw, dict) else {})
        result.warnings.extend(f"{options.config.path or 'ctools.yaml'}: {p}" for p in problems)
        from . import rendercache

        key = rendercache.render_key(corpus, options, settings)
        stored = rendercache.load(key, options.out, corpus) if key else None
        if stored is not None:  # nothing changed since the last export: nothing to render
            units, written = stored
            result.files.extend(written)
            seen: set[str] = set()
            for unit in units:
                for warning in unit.warnings:
                    if warning not in seen:
                        seen.add(warning)
                        result.warnings.append(warning)
                if options.progress is not None:
                    options.progress(unit.tex)
        else:
            units = self._render(corpus, options, settings, result)
            result.refused = list(dict.fromkeys(m for unit in units for m in unit.refused))
            if key and not result.refused:  # a refusal is said again by the next export
                rendercache.store(key, options.out, units)
        remote = list(dict.fromkeys(where for unit in units for where in unit.remote))
        if remote:
            result.warnings.append(
                f"{remote[0]}: {len(remote)} remote image{'s' * (len(remote) != 1)} shown as "
                "links, not downloaded"
            )
        result.stats = {
            "documents": sum(1 for u in units if u.template == "document.tex.j2"),
            "bilingual": sum(1 for u in units if u.template == "bilingual.tex.j2"),
            "books": sum(1 for u in units if u.template == "book.tex.j2"),
            "book chapters": sum(len(u.sources) for u in units if u.template == "book.tex.j2"),
            "images": sum(len(u.copies) for u in units),
        }
        if options.pdf:
            self._compile(units, options, result, display_path, settings)
        return result

    def _render(
        self,
        corpus: Corpus,
        options: ExportOptions,
        settings: LatexSettings,
        result: ExportResult,
    ) -> list[TexUnit]:
        """Every unit of the export, rendered and written into ``options.out``."""
        from ...assets import LinkIndex
        from ...views import display_path

        unit_options = UnitOptions(
            settings=settings, display=display_path, links=LinkIndex.of(corpus)
        )
        units = []
        if settings.build != "book":
            units += build_context(corpus, lang=options.lang, options=unit_options)
        if settings.build != "documents":
            units += build_book_contexts(
                corpus, lang=options.lang, title=settings.title, options=unit_options
            )
        env = _environment(options.templates)
        seen: set[str] = set()
        for unit in units:
            text = render_template(env, unit.template, unit.context)
            result.files.append(write_text(options.out, unit.tex, text))
            folder = Path(PurePosixPath(unit.tex).parent)
            for rel, content in unit.assets.items():
                result.files.append(write_text(options.out, folder / rel, content))
            for rel, source in unit.copies.items():
                target = options.out / folder / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                result.files.append(Path(folder / rel))
            for warning in unit.warnings:  # a document's text is also in its bilingual edition
                if warning not in seen:
                    seen.add(warning)
                    result.warnings.append(warning)
            if options.progress is not None:
                options.progress(unit.tex)
        return units

    def _compile(
        self,
        units: list[TexUnit],
        options: ExportOptions,
        result: ExportResult,
        display: Callable[[Path], str],
        settings: LatexSettings,
    ) -> None:
        engine = shutil.which("lualatex")
        if engine is None:
            result.warnings.append(
                "lualatex not found: PDFs were not built (install texlive-luatex, "
                "texlive-latex-recommended and fonts-nanum)"
            )
            return
        started = time.monotonic()
        ordered, compiled = compile_all(
            units, options.out, engine, display, settings.timeout, options.progress
        )
        result.stats["compiled"] = compiled
        merged: dict[str, list[str]] = {}
        for unit, outcome in zip(units, ordered, strict=True):
            result.errors.extend(outcome.errors)
            for warning in outcome.warnings:  # one line per problem, naming every .tex
                text = warning.removesuffix(f" ({unit.tex})")
                merged.setdefault(text, []).append(unit.tex)
            if outcome.pdf:
                base = PurePosixPath(unit.tex).with_suffix("")
                result.files.extend([Path(f"{base}.pdf"), Path(f"{base}.log")])
        result.warnings.extend(f"{text} ({', '.join(texs)})" for text, texs in merged.items())
        result.stats["pdfs"] = sum(1 for o in ordered if o.pdf)
        result.stats["pages"] = sum(o.pages for o in ordered)
        result.stats["missing characters"] = sum(o.missing_chars for o in ordered)
        result.stats["overfull lines"] = sum(o.overfull for o in ordered)
        result.stats["compile seconds"] = round(time.monotonic() - started)


EXPORTER = LatexExporter()
