"""Glossary hints for ``ctools scaffold``: the known renderings of the terms a unit uses.

A scaffolded unit reads ``[TRANSLATE] <!-- terms: attention = 어텐션; token = 토큰 -->
Attention weighs every token.``: the comment is invisible in every export and to the lint
rules (it is raw HTML, not prose), and the translator deletes it with the marker.
"""

from __future__ import annotations

from collections.abc import Callable

from .model import Glossary

MAX_HINTS = 6


def rendering_for(glossary: Glossary, en: str) -> str | None:
    """The rendering to suggest for English ``en``: the accepted one, else the most used."""
    term = glossary.get(en)
    if term is None:
        return None
    best = glossary.accepted(term)
    if best is None:
        used = [r for r in term.ranked() if r.count and r.text not in term.forbidden]
        best = used[0] if used else None
    return best.text if best is not None else None


def hinter(glossary: Glossary) -> Callable[[str], str]:
    """A function from a unit's English text to its hint comment (``""`` without terms)."""

    def hint(text: str) -> str:
        pairs: list[str] = []
        seen: set[int] = set()
        for term, _, _ in glossary.find_in(text):
            if id(term) in seen:
                continue
            seen.add(id(term))
            ko = rendering_for(glossary, term.en)
            if ko and ko.casefold() != term.display.casefold():
                pairs.append(f"{_safe(term.display)} = {_safe(ko)}")
        if not pairs:
            return ""
        return "<!-- terms: " + "; ".join(pairs[:MAX_HINTS]) + " -->"

    return hint


def _safe(text: str) -> str:
    """Nothing that could end the comment or split a table cell."""
    return text.replace("--", "-").replace("|", "/").replace(">", "").replace("<", "")
