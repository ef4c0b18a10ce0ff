"""Exporters: the shared model -> a context dict -> Jinja templates -> files.

Each format is one module here with an exporter object registered in :data:`EXPORTERS`
(``"name": "module:attribute"``, imported lazily). An exporter receives the loaded
:class:`~curriculum_tools.project.Corpus` and an :class:`ExportOptions`, writes into
``options.out`` (a fresh staging folder, swapped into place when the export succeeds: see
:mod:`.output`, which also refuses to replace folders ctools did not make), and returns an
:class:`ExportResult`.

Templates are package data under ``curriculum_tools/templates/<format>/``; a user's
``--templates DIR`` overrides any of them by file name (:func:`make_env`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import CtoolsError

if TYPE_CHECKING:
    import jinja2

    from ..config import Config
    from ..model import Document, Section
    from ..project import Corpus

from ..text import own_lines
from .output import staged_output as staged_output

EXPORTERS: dict[str, str] = {
    "anki": "curriculum_tools.export.anki:EXPORTER",
    "html": "curriculum_tools.export.html:EXPORTER",
    "latex": "curriculum_tools.export.latex:EXPORTER",
}
"""Format name -> ``"module:attribute"`` of its exporter (read-only registry)."""


@dataclass(slots=True)
class ExportOptions:
    """What the user asked for, resolved."""

    out: Path
    """The folder to write into (a staging folder; see :func:`staged_output`)."""
    config: Config
    templates: Path | None = None
    """A folder of user templates overriding bundled ones by file name."""
    lang: str = "both"
    """``en``, ``ko`` (the configured languages) or ``both``: which languages to export."""
    pdf: bool = False
    """LaTeX: also compile with the TeX engine when installed."""
    progress: Callable[[str], None] | None = None
    """Called with a short label as each unit of work finishes (drives a progress bar)."""


@dataclass(slots=True)
class ExportResult:
    """What an exporter did: files written (relative to its output folder) and problems."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """``path:line: message`` texts; the export still succeeded."""
    errors: list[str] = field(default_factory=list)
    """``path:line: message`` texts; the command exits 1."""
    stats: dict[str, int] = field(default_factory=dict)
    """Counts for the closing summary (pages, images, notes, ...)."""
    refused: list[str] = field(default_factory=list)
    """``path:line: message`` texts: input refused while exporting (an include splicing more
    than its budget); the rest is exported and the command exits 2."""


class Exporter(Protocol):
    name: str

    def export(self, corpus: Corpus, options: ExportOptions) -> ExportResult: ...


GC_THRESHOLD = 20000
"""Allocations between two young-generation collections during an export (Python's default:
700): the token streams, sections and rendered fragments of a run live until it ends, and
with the default thresholds the collector re-scans them over and over (a third of the HTML
export of 40,000 paragraphs). ``lint`` switches the collector off for its run
(:func:`curriculum_tools.lint.no_cycle_collection`, its cyclic garbage measured at about 600
objects); an export also runs templates, whose cyclic garbage was not measured, so it keeps
collecting, rarely."""


@contextlib.contextmanager
def few_collections() -> Iterator[None]:
    """Run the block with :data:`GC_THRESHOLD` (the previous thresholds come back after)."""
    previous = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def get_exporter(name: str) -> Exporter:
    module_name, attr = EXPORTERS[name].split(":")
    exporter: Exporter = getattr(importlib.import_module(module_name), attr)
    return exporter


def make_env(fmt: str, user_dir: Path | None = None, **options: Any) -> jinja2.Environment:
    """A sandboxed Jinja environment for ``fmt``: user templates first, then the bundled ones.

    Every template renders in Jinja's ``ImmutableSandboxedEnvironment``: templates come from
    repositories written by others (``--templates``, ``export.templates``), so attribute
    access to internals (``cycler.__init__.__globals__``) and mutation of the context are
    refused. Undefined variables are errors (``StrictUndefined``). ``options`` go to the
    Environment (LaTeX passes its own delimiters, HTML turns autoescape on).
    """
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        from .loader import contained_loader

        loaders.append(contained_loader(user_dir))
    loaders.append(jinja2.PackageLoader("curriculum_tools", f"templates/{fmt}"))
    options.setdefault("autoescape", False)
    return _sandbox_class(ImmutableSandboxedEnvironment)(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        **options,
    )


@functools.cache
def _sandbox_class(base: type[jinja2.Environment]) -> type[jinja2.Environment]:
    """``base`` (the immutable sandbox) with a fast path for ``item.key`` on a plain dict.

    Every context ctools passes is made of dicts and lists, and a page reads a dict key per
    field of every heading, row and link: the sandbox's ``getattr`` first tries the attribute
    (an ``AttributeError`` raised and caught per lookup), then the key. For an exact ``dict``
    whose attribute set (``dir(dict)``) does not hold the name, that attempt can only fail, so
    the key is read directly; anything else (a dict method such as ``items``, a missing key,
    any other type) takes the sandbox's own path and its checks, unchanged."""
    names = frozenset(dir(dict))
    sandboxed_getattr = base.getattr

    from .template_budget import check_binop

    class FastDictSandbox(base):  # type: ignore[valid-type,misc]
        intercepted_binops = frozenset({"*", "**"})  # integer arithmetic C cannot interrupt

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            check_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict and attribute not in names:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return sandboxed_getattr(self, obj, attribute)

    return FastDictSandbox


class TemplateProblem(CtoolsError):
    """A template that does not load or render (syntax, undefined name, sandbox refusal)."""


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """Render template ``name``; any template error becomes a one-line ``file:line`` error."""
    import jinja2

    from .template_budget import MEMORY_HEADROOM, TemplateOverBudget, bounded

    try:
        with bounded():  # time, memory and arithmetic budget of one render
            return env.get_template(name).render(context)
    except jinja2.TemplateError as exc:
        path, line = _template_location(exc, name)
        message = exc.message or type(exc).__name__
        raise TemplateProblem(f"template error: {message.splitlines()[0]}", path, line) from None
    except (TemplateOverBudget, MemoryError) as exc:
        path, line = _template_location(exc, name)
        message = str(exc) or f"needs more than {MEMORY_HEADROOM >> 30} GiB of memory; refused"
        raise TemplateProblem(f"template error: {message}", path, line) from None


def _template_location(exc: BaseException, name: str) -> tuple[str, int]:
    """The template file and line an error comes from (syntax errors carry them; runtime
    errors through the frames Jinja rewrites to point at the template source)."""
    import traceback

    filename = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None)
    if filename and line:
        return str(filename), int(line)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or Path(frame.filename).name == name:
            return frame.filename, frame.lineno or 1
    return filename or name, line or 1


def section_markdown(doc: Document, section: Section) -> str:
    """The Markdown source of a section's own content (its heading and subsections excluded)."""
    return "\n".join(own_lines(doc, section)).strip("\n") + "\n"


def write_text(root: Path, rel: str | Path, text: str) -> Path:
    """Write a UTF-8 file under ``root`` (inside a staging folder: no temp-file dance needed)."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Path(rel)
