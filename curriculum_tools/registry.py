"""The rule registry: what a rule is, what it yields and what it may look at.

A rule is a plain function plus metadata, registered with :func:`rule`. Its scope says what
it receives: a :class:`~curriculum_tools.model.Document` (``document``), a
:class:`~curriculum_tools.model.DocumentPair` (``pair``), one aligned :class:`SectionRow`
(``section-pair``: both sides present, so no rule guards against a missing side) or the
whole corpus (``corpus``). Rules yield :class:`Finding` objects and know nothing of
severities, suppression or output (the runner in :mod:`curriculum_tools.lint` does that).

This module imports no rule and nothing above the model: rules import it, the runner imports
both, so there is no import cycle.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .config import SEVERITIES, Config
from .model import Document, DocumentPair, Section, SectionPair

if TYPE_CHECKING:
    from .project import Corpus

Scope = Literal["document", "pair", "section-pair", "corpus"]
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
"""``off`` < ``info`` < ``warning`` < ``error``."""


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of whole source lines: lines ``line``..``end_line`` become ``text``.

    ``text`` holds complete lines with their line ends (empty text deletes the lines). A
    whole-file transform (mojibake repair) is a fix from line 1 to the last line.
    """

    line: int
    """First line replaced (1-based)."""
    end_line: int
    """Last line replaced (1-based, inclusive)."""
    text: str
    """The new content of those lines, line ends included."""
    description: str = ""
    """What the fix does (kept for the encoding family, which still passes it)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place; ``counterpart`` is the matching place on the other side."""

    rule: str
    path: Path
    line: int
    column: int
    message: str
    counterpart: tuple[Path, int] | None = None
    """The other document of a pair and the line there that matches this finding."""
    fix: Fix | None = None
    severity: str = ""
    """Stamped by the runner from the rule's default and ``ctools.yaml``, unless the rule set
    it (a finding may only be *milder* than the rule's configured severity)."""

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.line, self.column, self.rule)


def hit(
    doc: Document,
    line: int,
    message: str,
    *,
    column: int = 1,
    other: Document | None = None,
    other_line: int | None = None,
    fix: Fix | None = None,
    severity: str = "",
) -> Finding:
    """Make a finding in ``doc`` (the rule name is filled in by the runner).

    ``severity`` (``info`` or ``warning``) makes this one finding milder than the rule: an
    equivalent written differently is ``info`` where a real difference is an ``error``.
    """
    counterpart = None
    if other is not None:
        counterpart = (other.path, max(1, other_line or 1))
    return Finding("", doc.path, max(1, line), max(1, column), message, counterpart, fix, severity)


@dataclass(frozen=True, slots=True)
class Option:
    """A typed rule option with its default, settable in ``ctools.yaml``."""

    default: Any
    doc: str

    @property
    def type_name(self) -> str:
        return type(self.default).__name__


@dataclass(frozen=True, slots=True)
class SectionRow:
    """Target of a ``section-pair`` rule: one aligned row with both sides present."""

    pair: DocumentPair
    en_doc: Document
    ko_doc: Document
    en: Section
    ko: Section
    row: SectionPair


RuleFunc = Callable[..., Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its function and metadata; the docstring is its documentation."""

    name: str
    severity: str
    scope: Scope
    fixable: bool
    func: RuleFunc
    options: dict[str, Option] = field(default_factory=dict)

    @property
    def defaults(self) -> dict[str, Any]:
        """Option names with their default values."""
        return {key: opt.default for key, opt in self.options.items()}

    @property
    def doc(self) -> str:
        """The docstring, with an ``## Options`` section rendered from the declarations."""
        text = inspect.cleandoc(self.func.__doc__ or "")
        if not self.options:
            return text
        lines = ["", "## Options"]
        for key, opt in self.options.items():
            lines.append(f"- `{key}` ({opt.type_name}, default `{opt.default!r}`): {opt.doc}")
        return text + "\n" + "\n".join(lines)

    @property
    def summary(self) -> str:
        """The first sentence under "What it does"."""
        lines = self.doc.splitlines()
        for i, line in enumerate(lines):
            if line.strip().lower().startswith("## what it does"):
                rest = " ".join(x.strip() for x in lines[i + 1 :] if x.strip())
                return rest.split(". ")[0].split("## ")[0].strip().rstrip(".") + "."
        return lines[0] if lines else ""


REGISTRY: dict[str, Rule] = {}
"""Every rule by name, in registration order (the order of :mod:`curriculum_tools.rules`)."""


def rule(
    name: str,
    severity: str,
    scope: Scope = "document",
    fixable: bool = False,
    options: dict[str, Option] | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``name`` (kebab-case, stable forever)."""
    assert severity in SEVERITIES, severity
    assert name not in REGISTRY, f"rule {name} registered twice"

    def decorate(func: RuleFunc) -> RuleFunc:
        REGISTRY[name] = Rule(name, severity, scope, fixable, func, dict(options or {}))
        return func

    return decorate


@dataclass(slots=True)
class Context:
    """What a rule may look at besides its target."""

    corpus: Corpus
    config: Config
    options: dict[str, Any]
    """This rule's options (defaults merged with ``ctools.yaml``)."""
    pairs_by_doc: dict[int, DocumentPair]
    memo: dict[Any, Any] = field(default_factory=dict)
    """Per-run memory shared by every rule of one run (anchor indexes, segment alignments);
    a new run starts empty, so nothing outlives the corpus it was computed from."""
    services: dict[str, Callable[..., Any]] = field(default_factory=dict)
    """Capabilities the runner lends to rules that must not import upper layers
    (``section_states`` for staleness)."""

    @property
    def source_lang(self) -> str:
        """The configured source language (``languages[0]``)."""
        return self.config.languages[0]

    @property
    def target_lang(self) -> str:
        """The configured target language (``languages[1]``)."""
        return self.config.languages[1]

    def pair_of(self, doc: Document) -> DocumentPair | None:
        return self.pairs_by_doc.get(id(doc))

    def counterpart(self, doc: Document) -> Document | None:
        pair = self.pair_of(doc)
        if pair is None:
            return None
        return pair.ko if pair.en is doc else pair.en

    def cached(self, key: Any, make: Callable[[], Any]) -> Any:
        """``memo[key]``, computed by ``make()`` the first time in this run."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]
