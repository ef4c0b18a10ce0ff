"""Lint baselines: the findings a legacy tree already has, recorded so only new ones are reported.

A finding's *fingerprint* is a hash of its rule, its file (relative to the baseline file's
folder), its message with line numbers masked, and the whitespace-normalised text of one
source line: its own line for a finding about one document, the counterpart's line (the
source segment) for a pair finding, whose own line may be a mere insertion point. Line
numbers themselves are not part of it, so findings survive lines inserted or deleted above
them. Equal fingerprints are
counted: a baseline that holds a fingerprint twice hides two such findings, and a third one
is reported.

The file is JSON, sorted, one entry per fingerprint, meant to be committed::

    {"version": 1, "findings": [{"fingerprint": "…", "rule": "…", "path": "ko/x.md",
     "count": 1, "message": "…"}]}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import CtoolsError
from .lint import Finding

BASELINE_VERSION = 1
_LINE_NUMBER_RE = re.compile(r"\b(line|lines|row)\s+\d+(?:\s*[-–]\s*\d+)?", re.I)

LineSource = Callable[[Path, int], str]
"""Source text of line N (1-based) of a file; "" when unknown."""


def _normal(text: str) -> str:
    return " ".join(text.split())


def _rel(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive
        return path.resolve().as_posix()


def fingerprint(finding: Finding, line_of: LineSource, base: Path) -> str:
    """The line-shift-proof identity of a finding (32 hex digits)."""
    parts = [finding.rule, _rel(finding.path, base), _LINE_NUMBER_RE.sub(r"\1 N", finding.message)]
    if finding.counterpart is None:
        parts.append(_normal(line_of(finding.path, finding.line)))
    else:  # the source side's segment: a pair finding's own line may be an insertion point
        other, line = finding.counterpart
        parts += [_rel(other, base), _normal(line_of(other, line))]
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Baseline:
    """Fingerprint -> how many findings with it the baseline hides."""

    counts: dict[str, int]
    path: Path

    def filter(self, findings: Sequence[Finding], line_of: LineSource) -> tuple[list[Finding], int]:
        """The findings not in the baseline, and how many were hidden."""
        left = Counter(self.counts)
        base = self.path.parent
        kept: list[Finding] = []
        hidden = 0
        for finding in findings:
            key = fingerprint(finding, line_of, base)
            if left[key] > 0:
                left[key] -= 1
                hidden += 1
            else:
                kept.append(finding)
        return kept, hidden


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; missing or malformed is an error naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CtoolsError(
            "baseline file not found (create it with `ctools lint --baseline FILE "
            "--update-baseline`)",
            path,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CtoolsError(f"cannot read baseline: {exc}", path) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise CtoolsError(f"invalid baseline JSON: {exc}", path, line) from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("version") != BASELINE_VERSION:
        raise CtoolsError(
            f"invalid baseline: expected version {BASELINE_VERSION} and a `findings` list", path
        )
    counts: dict[str, int] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise CtoolsError("invalid baseline: every finding needs a `fingerprint`", path)
        count = entry.get("count", 1)
        counts[entry["fingerprint"]] = counts.get(entry["fingerprint"], 0) + (
            count if isinstance(count, int) and count > 0 else 1
        )
    return Baseline(counts, path)


def dump_baseline(findings: Iterable[Finding], line_of: LineSource, path: Path) -> str:
    """The baseline file text for ``findings`` (stable order: path, rule, message)."""
    base = path.parent
    entries: dict[str, dict[str, object]] = {}
    for finding in findings:
        key = fingerprint(finding, line_of, base)
        entry = entries.get(key)
        if entry is None:
            entries[key] = {
                "fingerprint": key,
                "rule": finding.rule,
                "path": _rel(finding.path, base),
                "count": 1,
                "message": finding.message,
            }
        else:
            entry["count"] = int(str(entry["count"])) + 1
    ordered = sorted(
        entries.values(), key=lambda e: (str(e["path"]), str(e["rule"]), str(e["message"]))
    )
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in ordered)
    inner = f"\n{body}\n  " if ordered else ""
    return f'{{\n  "version": {BASELINE_VERSION},\n  "findings": [{inner}]\n}}\n'


def write_baseline(findings: Iterable[Finding], line_of: LineSource, path: Path) -> None:
    from .io import atomic_write

    atomic_write(path, dump_baseline(findings, line_of, path).encode("utf-8"))
