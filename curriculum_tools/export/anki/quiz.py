"""Quiz cards from quiz components (``<Question choices={[{text, explain, correct}]}/>``).

The front is the question (the component's ``question``/``title`` attribute, else the title
of the section it sits in) with its choices; the back the correct choice(s), each with its
explanation. A quiz with no correct choice makes no card.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...syntax.meaning import quiz_choices

if TYPE_CHECKING:
    from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Quiz:
    question: str
    """Plain text."""
    choices: tuple[tuple[str, str, bool], ...]
    """``(text, explanation, correct)``, plain text."""
    line: int
    index: int
    """Its place among the section's quizzes (the note's identity)."""

    def fields(self) -> tuple[str, str, str]:
        """``(Question, Choices, Answer)`` as HTML."""
        items = "".join(f"<li>{html.escape(text)}</li>" for text, _, _ in self.choices)
        right = "".join(
            f"<li><strong>{html.escape(text)}</strong>"
            + (f"<br>{html.escape(explain)}" if explain else "")
            + "</li>"
            for text, explain, correct in self.choices
            if correct
        )
        return html.escape(self.question), f'<ol type="a">{items}</ol>', f"<ul>{right}</ul>"


def find_quizzes(tokens: Sequence[Token], title: str) -> list[Quiz]:
    """The quizzes among ``tokens`` (flow or inline components), in order."""
    found: list[Quiz] = []
    for token in _walk(tokens):
        meta = token.meta or {}
        if token.type not in ("component", "component_open") or meta.get("kind") != "quiz":
            continue
        attrs = meta.get("attrs") or {}
        choices = tuple(quiz_choices(attrs))
        if not any(correct for _, _, correct in choices):
            continue
        asked = attrs.get("question") or attrs.get("title")
        question = asked if isinstance(asked, str) and asked.strip() else title
        line = token.map[0] + 1 if token.map else 0
        found.append(Quiz(question.strip(), choices, line, len(found)))
    return found


def _walk(tokens: Sequence[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.type == "inline" and token.children:
            out.extend(token.children)
    return out
