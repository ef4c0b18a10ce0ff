"""What components say, read once for every consumer (the HTML, LaTeX and Anki exporters).

A quiz's choices come from ``choices={[{text, explain, correct}]}``; the exporters' warnings
name the components a reader would miss (unknown names, quizzes whose choices do not parse).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Document
from .jsx import Expr


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


TAB_LABELS = {"pt": "PyTorch", "tf": "TensorFlow", "jax": "JAX", "flax": "Flax"}
"""doc-builder's framework tabs (``<pt>``, ``<hfoption id="tf">``) by the framework's name."""


def tab_label(name: str, attrs: Mapping[str, Any]) -> str:
    """What a tab is called: its ``title`` or ``label`` (Docusaurus ``<TabItem label>``), its
    ``name`` (Hugo ``{{% tab name="..." %}}``), else its ``id`` or component name, a
    framework's by the framework's name (``pt`` -> PyTorch)."""
    for key in ("title", "label", "name"):
        if shown := _text(attrs.get(key)):
            return shown
    ident = _text(attrs.get("id")) or name
    return TAB_LABELS.get(ident, ident)


def quiz_choices(attrs: Mapping[str, Any]) -> list[tuple[str, str, bool]]:
    """``(text, explanation, correct)`` of every choice of a quiz component."""
    raw = attrs.get("choices")
    out = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict):
            out.append(
                (_text(item.get("text")), _text(item.get("explain")), item.get("correct") is True)
            )
    return out


def unreadable_choices(value: Any) -> bool:
    """A quiz's ``choices`` written as a list literal (``{[...]}``) that did not parse.

    A computed value (``{makeChoices(3)}``, a variable) is not a literal and not reported:
    ctools cannot show it, but nothing is broken either."""
    return isinstance(value, Expr) and value.source.startswith("[")


def component_warnings(documents: Iterator[Document] | list[Document]) -> list[str]:
    """The exporters' warnings about components, ``path:line: ...`` each.

    - an unknown component name, once per name (children are rendered anyway); a team
      silences one by mapping the name in ``ctools.yaml`` (``components: {Name: container}``);
    - a quiz whose ``choices`` is written as a list ctools cannot read (a broken string in
      it, say): it is exported without its choices, and the site builder most likely fails
      on the same expression, so the reader would see an empty quiz.
    """
    seen: dict[str, str] = {}
    broken: list[str] = []
    for doc in documents:
        for comp in doc.components():
            if comp.kind == "unknown" and comp.name not in seen:
                seen[comp.name] = (
                    f"{doc.path}:{comp.line}: unknown component <{comp.name}> "
                    "(its content is shown; map it under `components:` in ctools.yaml)"
                )
            elif comp.kind == "quiz" and unreadable_choices(comp.attr("choices")):
                broken.append(
                    f"{doc.path}:{comp.line}: quiz <{comp.name}>: its `choices` list could not"
                    " be read (a broken string or bracket in it?); exported without its choices"
                )
    return list(seen.values()) + broken
