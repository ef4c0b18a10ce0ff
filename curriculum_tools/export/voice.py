"""One voice for every export problem: the collection point of ``ctools export``.

Exporters report ``path:line: message`` texts in the resolver's (and the linter's) wording
(``image `x.png` not found``, ``link target `tools` not found``). Here, across all formats
of a run, each problem is kept once by ``(path, line, message)``, and a problem on a line
a ``<!-- ctools-disable ... -->`` comment switches off (for the matching lint rule, or for
every rule) is dropped, as ``lint`` drops it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..project import Corpus

_LOCATED_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<message>.*)$", re.S)
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^image `.*` (?:not found|is outside the project)"), "missing-image"),
    (re.compile(r"^link target `[^`]*#?[^`]*`: no heading or id|matches no heading"), "broken-anchor"),
    (re.compile(r"^link target `.*` (?:not found|is outside the project|is not exported)"), "broken-link"),
)  # fmt: skip


def rule_of(message: str) -> str:
    """The lint rule that reports the same problem ("" when none does)."""
    for pattern, name in _RULES:
        if pattern.search(message):
            return name
    return ""


@dataclass(slots=True)
class Voice:
    """Problems of one ``ctools export`` run, each once (see the module docstring)."""

    corpus: Corpus | None = None
    seen: set[tuple[str, int, str]] = field(default_factory=set)
    suppressed: int = 0
    _checks: dict[Path, object] | None = None
    _real: dict[Path, Path] = field(default_factory=dict)

    def keep(self, messages: Iterable[str]) -> list[str]:
        """The messages not said before in this run and not switched off in the source."""
        out = []
        for text in messages:
            match = _LOCATED_RE.match(text)
            if match is None:
                key = ("", 0, text)
            else:
                key = (match["path"], int(match["line"]), match["message"])
            if key in self.seen:
                continue
            self.seen.add(key)
            if match is not None and self._switched_off(Path(key[0]), key[1], key[2]):
                self.suppressed += 1
                continue
            out.append(text)
        return out

    def _switched_off(self, path: Path, line: int, message: str) -> bool:
        if self.corpus is None:
            return False
        from ..lint import _Suppressions

        if self._checks is None:  # once per run, not once per message
            self._checks = {}
            for doc in self.corpus.documents:
                if doc.directives:
                    self._checks[doc.path.resolve()] = _Suppressions(doc)
        if not self._checks:
            return False
        real = self._real.get(path)
        if real is None:  # messages name files relative or absolute
            real = self._real[path] = path.resolve()
        check = self._checks.get(real)
        if not isinstance(check, _Suppressions):
            return False
        return check(rule_of(message) or "*", line)
