"""Findings -> text | json | sarif | github (one function per format, in a read-only dict)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from . import __version__
from .errors import shown
from .lint import Finding, Result, registry
from .views import display_path

_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _where(finding: Finding) -> str:
    where = display_path(finding.path)  # bytes of a non-UTF-8 name cannot go out raw
    return shown(where) if any("\udc80" <= c <= "\udcff" for c in where) else where


def text_line(finding: Finding, path: str | None = None, other: str | None = None) -> str:
    """``path:line:col: severity rule-name message (counterpart-path:line)`` (the contract's
    text format; the counterpart only for findings that concern a pair). Every part is shown on
    one line whatever the names hold (:func:`~curriculum_tools.errors.shown`).

    ``path`` and ``other`` rename the two files (test fixtures name them ``ko.md``/``en.md``);
    with ``path`` given and no ``other``, the counterpart is left out.
    """
    where = shown(path if path is not None else _where(finding))
    line = (
        f"{where}:{finding.line}:{finding.column}: {finding.severity} {finding.rule} "
        f"{shown(finding.message)}"  # a file name quoted in a message may hold a newline too
    )
    if finding.counterpart is not None and (path is None or other is not None):
        name, other_line = finding.counterpart
        line += f" ({shown(other if other is not None else display_path(name))}:{other_line})"
    return line


def render_text(result: Result) -> str:
    lines = [text_line(f) for f in result.findings]
    return "\n".join(lines)


def finding_dict(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity,
        "path": _where(finding),
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
    }
    if finding.counterpart is not None:
        out["counterpart"] = {
            "path": display_path(finding.counterpart[0]),
            "line": finding.counterpart[1],
        }
    out["fixable"] = finding.fix is not None
    return out


def summary(result: Result) -> dict[str, int]:
    return {
        "files": result.files,
        "pairs": result.pairs,
        "errors": result.count("error"),
        "warnings": result.count("warning"),
        "infos": result.count("info"),
    }


def file_counts(result: Result) -> list[dict[str, Any]]:
    """Per file with findings: ``{"path", "errors", "warnings", "infos"}``, by path."""
    counts: dict[str, dict[str, Any]] = {}
    names = {"error": "errors", "warning": "warnings", "info": "infos"}
    for f in result.findings:
        where = _where(f)
        entry = counts.setdefault(where, {"path": where, "errors": 0, "warnings": 0, "infos": 0})
        if f.severity in names:
            entry[names[f.severity]] += 1
    return [counts[k] for k in sorted(counts)]


def render_file_summary(result: Result) -> str:
    """``--summary`` as text: one line per file, worst first, then a total."""
    rows = file_counts(result)
    rows.sort(key=lambda r: (-r["errors"], -r["warnings"], -r["infos"], r["path"]))
    width = max((len(r["path"]) for r in rows), default=0)
    out = [
        f"{shown(r['path']):<{width}}  {r['errors']:>5} errors  {r['warnings']:>5} warnings"
        f"  {r['infos']:>5} infos"
        for r in rows
    ]
    s = summary(result)
    out.append(
        f"{len(rows)} files with findings: {s['errors']} errors, {s['warnings']} warnings,"
        f" {s['infos']} infos"
    )
    return "\n".join(out)


def render_json(result: Result, files: bool = False) -> str:
    """The contract's JSON; ``files`` adds per-file counts (``--summary``)."""
    data: dict[str, Any] = {
        "findings": [finding_dict(f) for f in result.findings],
        "summary": summary(result),
    }
    if result.baselined:
        data["summary"]["baselined"] = result.baselined
    if files:
        data["files"] = file_counts(result)
    return json.dumps(data, ensure_ascii=False, indent=2)


def sarif_dict(result: Result) -> dict[str, Any]:
    rules = list(registry().values())
    index = {r.name: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        item: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": _SARIF_LEVEL.get(f.severity, "none"),
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _where(f).replace("\\", "/")},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        if f.counterpart is not None:
            item["relatedLocations"] = [
                {
                    "id": 1,
                    "message": {"text": "counterpart in the other language"},
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": display_path(f.counterpart[0]).replace("\\", "/")
                        },
                        "region": {"startLine": f.counterpart[1]},
                    },
                }
            ]
        results.append(item)
    driver = {
        "name": "ctools",
        "version": __version__,
        "informationUri": "https://github.com/curriculum-tools/ctools",
        "rules": [
            {
                "id": r.name,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.summary},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": (
                    {"level": _SARIF_LEVEL[r.severity]}
                    if r.severity in _SARIF_LEVEL
                    else {"enabled": False, "level": "none"}  # a rule off by default
                ),
                "properties": {"scope": r.scope, "fixable": r.fixable},
            }
            for r in rules
        ],
    }
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }


def render_sarif(result: Result) -> str:
    return json.dumps(sarif_dict(result), ensure_ascii=False, indent=2)


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(result: Result) -> str:
    """GitHub Actions workflow commands: ``::error file=...,line=...,col=...,title=rule::msg``."""
    command = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in result.findings:
        lines.append(
            f"::{command.get(f.severity, 'notice')} file={_gh_escape(_where(f), True)},"
            f"line={f.line},col={f.column},title={_gh_escape(f.rule, True)}::"
            f"{_gh_escape(f.message)}"
        )
    return "\n".join(lines)


RENDERERS: Mapping[str, Callable[[Result], str]] = MappingProxyType(
    {"text": render_text, "json": render_json, "sarif": render_sarif, "github": render_github}
)


def render(result: Result, fmt: str, *, files: bool = False) -> str:
    if fmt == "json":
        return render_json(result, files)
    return RENDERERS[fmt](result)
