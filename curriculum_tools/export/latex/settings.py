"""``export.latex`` settings from ``ctools.yaml``: fonts, paper, compile budget."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any

DEFAULT_BUDGET = 60.0
"""Seconds one ``.tex`` file may take to compile, reruns included (``export.latex.timeout``)."""
MAX_BUDGET = 600.0
"""The most ``export.latex.timeout`` may grant (a repository's ``ctools.yaml`` sets it)."""
_FONT_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._\-]{0,62}$")
_PAPERS = ("a4paper", "letterpaper", "a5paper", "b5paper")


@functools.cache
def installed_symbol_font() -> str:
    """``Symbola`` when fontconfig knows it (Debian fonts-symbola), else ``""``.

    A fallback font that is not installed is a fatal LuaLaTeX error, so it is only named
    in the preamble when present.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return ""
    try:
        found = subprocess.run([fc_list, "Symbola"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return ""
    return "Symbola" if found.stdout.strip() else ""


@dataclass(frozen=True, slots=True)
class LatexSettings:
    """Fonts and paper, from ``export.latex`` in ``ctools.yaml`` (validated names only)."""

    main_font: str = "Latin Modern Roman"
    sans_font: str = "Latin Modern Sans"
    mono_font: str = "Latin Modern Mono"
    cjk_font: str = "NanumMyeongjo"
    cjk_sans_font: str = "NanumGothic"
    cjk_mono_font: str = "NanumGothicCoding"
    paper: str = "a4paper"
    symbol_font: str = field(default_factory=lambda: installed_symbol_font())
    """Last fallback for emoji and symbols (``Symbola`` when installed; empty: none)."""
    code_columns: int = 84
    """Code lines longer than this (Hangul counts two) are wrapped with a ``↳`` marker."""
    timeout: float = DEFAULT_BUDGET
    """Seconds a file may take to compile (``--pdf``), reruns included, per Markdown document in
    it (the course book of 100 chapters gets 100 times this)."""
    build: str = "all"
    """Which files: ``all`` (documents, bilingual editions and the course books), ``book``
    (the course books only) or ``documents`` (no books)."""
    title: str = ""
    """The course book's title (default: the course folder's name)."""

    @classmethod
    def from_config(cls, raw: dict[str, Any]) -> tuple[LatexSettings, list[str]]:
        """Settings plus problems (a bad font name or paper falls back to the default)."""
        problems: list[str] = []
        values: dict[str, Any] = {}
        for key in ("main_font", "mono_font", "cjk_font"):
            if key in raw:
                name = str(raw[key])
                if _FONT_NAME_RE.match(name):
                    values[key] = name
                else:
                    problems.append(f"export.latex.{key}: not a plain font name: {name!r}")
        if "paper" in raw:
            paper = str(raw["paper"]).lower()
            paper = paper if paper.endswith("paper") else paper + "paper"
            if paper in _PAPERS:
                values["paper"] = paper
            else:
                problems.append(f"export.latex.paper: expected one of {', '.join(_PAPERS)}")
        if "timeout" in raw:
            budget = raw["timeout"]
            if isinstance(budget, int | float) and not isinstance(budget, bool) and budget > 0:
                values["timeout"] = min(float(budget), MAX_BUDGET)
                if budget > MAX_BUDGET:  # the repository's say-so cannot lift the budget away
                    problems.append(f"export.latex.timeout: at most {MAX_BUDGET:g} s; capped")
            else:
                problems.append("export.latex.timeout: expected a positive number of seconds")
        if "build" in raw:
            if raw["build"] in BUILDS:
                values["build"] = raw["build"]
            else:
                problems.append(f"export.latex.build: expected one of {', '.join(BUILDS)}")
        if isinstance(raw.get("title"), str):
            values["title"] = raw["title"]
        engine = str(raw.get("engine", "lualatex"))
        if engine != "lualatex":
            problems.append(f"export.latex.engine: only lualatex is supported, not {engine!r}")
        if "cjk_font" in values:
            values["cjk_sans_font"] = values["cjk_font"]
            values["cjk_mono_font"] = values["cjk_font"]
        return cls(**values), problems


BUILDS = ("all", "book", "documents")


def fonts(settings: LatexSettings) -> dict[str, str]:
    return {
        "main": settings.main_font,
        "sans": settings.sans_font,
        "mono": settings.mono_font,
        "cjk": settings.cjk_font,
        "cjk_sans": settings.cjk_sans_font,
        "cjk_mono": settings.cjk_mono_font,
        "symbol": settings.symbol_font,
    }
