"""Loading user templates: only regular files inside the templates folder, read bounded.

A templates folder comes with the repository (``export.templates`` in ``ctools.yaml``), so
it is written by whoever wrote the repository. Jinja's ``FileSystemLoader`` refuses ``..`` in
a template name but follows symlinks: ``tpl/base.html.j2 -> ~/.ssh/id_rsa`` (or a stylesheet
linked to a secret) would put that file into a published page. :class:`ContainedLoader` loads
a template only when its real path (symlinks resolved) lies inside the folder's real path and
is a regular file, read through :func:`~curriculum_tools.io.read_bytes` (no FIFO, no device,
at most the size limit); anything else is a template error naming the template.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CtoolsError
from ..io import read_bytes

if TYPE_CHECKING:
    import jinja2


def outside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (symlinks resolved) leads outside ``folder`` (resolved)."""
    try:
        return not path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return True


def contained_loader(folder: Path) -> jinja2.BaseLoader:
    """A Jinja loader of the templates in ``folder`` that never leaves it (see module)."""
    import jinja2
    from jinja2.loaders import split_template_path

    class ContainedLoader(jinja2.BaseLoader):
        def get_source(
            self, environment: jinja2.Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            path = folder.joinpath(*split_template_path(template))
            if not path.exists() and not path.is_symlink():
                raise jinja2.TemplateNotFound(template)
            if outside(path, folder):
                raise jinja2.TemplateError(
                    f"template `{template}` leads outside the templates folder "
                    f"{folder} (a symlink); refused"
                )
            try:
                data = read_bytes(path)
                text = data.decode("utf-8")
            except CtoolsError as exc:
                raise jinja2.TemplateError(f"template `{template}`: {exc.reason}") from None
            except UnicodeDecodeError:
                raise jinja2.TemplateError(f"template `{template}` is not UTF-8") from None
            mtime = path.stat().st_mtime
            return text, str(path), lambda: path.exists() and path.stat().st_mtime == mtime

        def list_templates(self) -> list[str]:
            return sorted(
                p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
            )

    return ContainedLoader()
