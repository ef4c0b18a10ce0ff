"""What a component means: a small, data-driven table from component name to *kind*.

The parser recognises a tag as a component when its name is capitalised (the JSX rule for
user components) or when the name is in this table (doc-builder's lower-case ``<hfoption>``,
``<pt>`` ... and ``<iframe>``). Teams map their own names in ``ctools.yaml``::

    components:
      Callout: admonition
      VideoEmbed: video
      details: container

Every kind renders its Markdown children; the kind only adds meaning (a box, a link, a
quiz). ``unknown`` components keep their children too and are reported once per name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

KINDS: dict[str, str] = {
    "admonition": "a boxed note: Tip, Tip warning, > [!NOTE] ... (attr `type`, `warning`)",
    "video": "a video by id or url: Youtube id=... (rendered as a link, never fetched)",
    "embed": "an embedded page: iframe src=... (rendered as a link)",
    "quiz": "a question with choices=[{text, explain, correct}]",
    "notebook": "a notebook banner: CourseFloatingBanner, DocNotebookDropdown, [[open-in-colab]]",
    "tabs": "alternatives shown as tabs: hfoptions, frameworkcontent",
    "tab": "one alternative: hfoption id=..., pt, tf, jax",
    "listing": "a code listing with number, caption and file-name (mdBook)",
    "autodoc": "an API reference placeholder: [[autodoc]] pkg.Name (attr `target`, `members`)",
    "include": "an mdBook {{#include path}} outside a code fence (attr `path`, `anchor`)",
    "macro": 'an MDN KumaScript macro {{jsxref("Array")}}: a cross-reference is a link',
    "output": "program output shown as written: ConsoleBlock (its text is not prose)",
    "container": "a wrapper with no meaning of its own: its children are shown",
    "unknown": "not in the registry: children are shown and the name is reported once",
}
"""Every kind, with what it means (``ctools.yaml`` values must be one of these)."""

DEFAULT_COMPONENTS: dict[str, str] = {
    "Tip": "admonition",
    "[!NOTE]": "admonition",
    "[!TIP]": "admonition",
    "[!IMPORTANT]": "admonition",
    "[!WARNING]": "admonition",
    "[!CAUTION]": "admonition",
    "Youtube": "video",
    "iframe": "embed",
    "Question": "quiz",
    "CourseFloatingBanner": "notebook",
    "DocNotebookDropdown": "notebook",
    "open-in-colab": "notebook",
    "hfoptions": "tabs",
    "hfoption": "tab",
    "frameworkcontent": "tabs",
    "pt": "tab",
    "tf": "tab",
    "jax": "tab",
    "flax": "tab",
    "Listing": "listing",
    # react.dev and its translations: boxes, console output, and wrappers of a page's parts
    "Note": "admonition",
    "Pitfall": "admonition",
    "ConsoleBlock": "output",
    "Intro": "container",
    "YouWillLearn": "container",
    "Recap": "container",
    "DeepDive": "container",
    "Challenges": "container",
    "Hint": "container",
    "Solution": "container",
    "Sandpack": "container",
    "FullWidth": "container",
    "CodeDiagram": "container",
    "DiagramGroup": "container",
    "InlineToc": "container",
    "CodeStep": "container",
    "Canary": "container",
    "CanaryBadge": "container",
    "autodoc": "autodoc",
    "include": "include",
    "VTCodeGroup": "tabs",
    "VTCodeGroupTab": "tab",
    # Starlight (Astro docs): asides, tabs, steps, cards; the Astro docs' own ReadMore, Since
    "Aside": "admonition",
    "Tabs": "tabs",
    "TabItem": "tab",
    "PackageManagerTabs": "tabs",
    "Steps": "container",
    "FileTree": "container",
    "CardGrid": "container",
    "Card": "container",
    "LinkCard": "container",
    "Badge": "container",
    "ReadMore": "container",
    "Since": "container",
}

TEXT_ATTRS: dict[str, tuple[str, ...]] = {
    "listing": ("caption",),
    "video": ("title",),
    "embed": ("title",),
    "admonition": ("title",),
    "quiz": ("question", "title"),
    "tab": ("id", "title", "label"),
}
"""Attributes whose value is prose a reader sees (compared and checked for translation)."""

ADMONITION_TYPES = ("note", "tip", "important", "warning", "caution")
ADMONITION_ALIASES = {"pitfall": "warning"}
"""Admonition names that mean one of the types (react.dev's ``<Pitfall>`` is a warning)."""


def merged(custom: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> dict[str, str]:
    """The default table with a team's names on top (a team may also re-map a default)."""
    table = dict(DEFAULT_COMPONENTS)
    table.update(dict(custom))
    return table


def is_component_name(name: str, table: Mapping[str, str]) -> bool:
    """A capitalised (JSX) name, or a lower-case one the table knows (``hfoption``, ``pt``)."""
    return name[:1].isupper() or name in table


def kind_of(name: str, table: Mapping[str, str]) -> str:
    return table.get(name, "unknown")


def admonition_type(name: str, attrs: Mapping[str, Any]) -> str:
    """``note``/``tip``/``important``/``warning``/``caution`` of an admonition component."""
    declared = attrs.get("type")
    if isinstance(declared, str) and declared.lower() in ADMONITION_TYPES:
        return declared.lower()
    if attrs.get("warning") is True:
        return "warning"
    lowered = name.strip("[]!").lower()
    lowered = ADMONITION_ALIASES.get(lowered, lowered)
    return lowered if lowered in ADMONITION_TYPES else "tip"


def attr_texts(kind: str, attrs: Mapping[str, Any]) -> list[str]:
    """Reader-visible text carried by attributes: captions, titles, quiz choices/explanations."""
    out = [v for k in TEXT_ATTRS.get(kind, ()) if isinstance(v := attrs.get(k), str) and v]
    if kind == "quiz":
        choices = attrs.get("choices")
        for choice in choices if isinstance(choices, list) else ():
            if isinstance(choice, dict):
                out.extend(
                    v for k in ("text", "explain") if isinstance(v := choice.get(k), str) and v
                )
    return out
