"""ctools: a toolkit and linter for bilingual (English/Korean) Markdown course material."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
