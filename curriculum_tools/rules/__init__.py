"""The rule families, imported in this explicit order (the order of ``ctools rules``).

Importing a family registers its rules in :data:`curriculum_tools.lint.REGISTRY`.
Rule names are stable forever; a retired name stays listed here as a comment so that it is
never reused.
"""

from __future__ import annotations

from . import encoding, hygiene, language, parity, structure

FAMILIES = (structure, hygiene, parity, language, encoding)
__all__ = ["FAMILIES"]
