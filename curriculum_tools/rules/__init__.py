"""The rule families, imported in this explicit order (the order of ``ctools rules``).

Importing a family registers its rules in :data:`curriculum_tools.lint.REGISTRY`.
Rule names are stable forever; a retired name stays listed here as a comment so that it is
never reused. (No rule has been retired yet.)
"""

from __future__ import annotations

import importlib

FAMILIES = (
    "structure",
    "hygiene",
    "conflicts",
    "targets",
    "front_matter",
    "numbers",
    "code",
    "code_text",
    "links",
    "segments",
    "sentences",
    "language",
    "encoding",
    "stale",
    "terms",
    "components",
    "attributes",
    "api_docs",
)
"""Pair structure; one-document hygiene, link targets and front matter; parity of facts
(numbers and formulas, code, links and images); segment alignment (rewritten sections,
paragraphs, lists, tables); language; encoding; translation staleness; terminology; components
compared across a pair; text in attributes; doc-builder's API references."""

for _family in FAMILIES:
    importlib.import_module(f"{__name__}.{_family}")

__all__ = ["FAMILIES"]
