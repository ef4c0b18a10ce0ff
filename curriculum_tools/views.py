"""Model -> JSON-ready dicts and terminal text for ``ctools tree`` and ``ctools align``."""

from __future__ import annotations

import datetime
import os
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from .model import Document, DocumentPair, Section


def display_path(path: Path) -> str:
    """A path relative to the current folder when possible (as findings show it)."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def width(text: str) -> int:
    """Terminal columns: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, columns: int) -> str:
    """Cut (with an ellipsis) or pad ``text`` to exactly ``columns`` terminal columns."""
    if width(text) <= columns:
        return text + " " * (columns - width(text))
    out, used = [], 0
    for char in text:
        w = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used + w > columns - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…" + " " * (columns - 1 - used)


def block_counts(section: Section) -> dict[str, int]:
    counts: Counter[str] = Counter(b.kind for b in section.blocks)
    for block in section.blocks:
        counts["images"] += len(block.images)
        counts["links"] += len(block.links)
        counts["code_spans"] += len(block.code_spans)
        counts["math"] += len(block.math) if block.kind != "math" else 0
    return {k: v for k, v in sorted(counts.items()) if v}


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def section_dict(section: Section) -> dict[str, Any]:
    return {
        "level": section.level,
        "number": section.number,
        "title": section.title,
        "slug": section.slug,
        "ids": list(section.ids),
        "line": section.line,
        "end_line": section.end_line,
        "blocks": block_counts(section),
        "children": [section_dict(c) for c in section.children],
    }


def tree_dict(doc: Document) -> dict[str, Any]:
    return {
        "path": display_path(doc.path),
        "lang": doc.lang,
        "front_matter": _json_safe(doc.front_matter),
        "sections": [section_dict(s) for s in doc.sections],
    }


def tree_text(doc: Document) -> str:
    flat = doc.walk()
    head = f"{display_path(doc.path)}  [{doc.lang or '?'}]  {len(flat)} sections, {doc.text.count(chr(10)) + 1} lines"
    lines = [head]
    for section in flat:
        indent = "  " * (section.level - 1)
        label = f"{indent}{'#' * section.level} {section.heading}"
        counts = block_counts(section)
        summary = " ".join(f"{k}:{v}" for k, v in counts.items())
        ids = f" [{', '.join(section.ids)}]" if section.ids else ""
        lines.append(
            f"{section.line:>5}-{section.end_line:<5} {fit(label, 56)} #{section.slug}{ids}"
            + (f"  ({summary})" if summary else "")
        )
    return "\n".join(lines)


def _side(section: Section | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {"number": section.number, "title": section.title, "line": section.line}


def align_dict(pairs: list[DocumentPair], unpaired: list[Document]) -> dict[str, Any]:
    return {
        "pairs": [
            {
                "en": display_path(p.en.path) if p.en else None,
                "ko": display_path(p.ko.path) if p.ko else None,
                "how": p.how,
                "sections": [
                    {"en": _side(r.en), "ko": _side(r.ko), "match": r.match, "moved": r.moved}
                    for r in p.rows
                ],
            }
            for p in pairs
        ],
        "unpaired": [
            {
                "path": display_path(d.path),
                "lang": d.lang,
                "translation": "none" if d.no_translation else None,
            }
            for d in unpaired
        ],
    }


def align_text(pairs: list[DocumentPair], unpaired: list[Document], columns: int = 100) -> str:
    side = max(24, (columns - 16) // 2)
    out: list[str] = []
    for pair in pairs:
        assert pair.en is not None and pair.ko is not None
        gaps = sum(1 for r in pair.rows if r.en is None or r.ko is None)
        moved = sum(1 for r in pair.rows if r.moved)
        out.append(
            f"{display_path(pair.en.path)} <-> {display_path(pair.ko.path)}  "
            f"(paired by {pair.how}; {len(pair.rows) - gaps} aligned, {gaps} gaps, {moved} moved)"
        )
        for row in pair.rows:
            left = (
                f"{row.en.line:>4} {'  ' * (row.en.level - 1)}{row.en.heading}"
                if row.en
                else "   — (missing)"
            )
            right = (
                f"{row.ko.line:>4} {'  ' * (row.ko.level - 1)}{row.ko.heading}"
                if row.ko
                else "   — (missing)"
            )
            mark = "moved" if row.moved else (row.match or "GAP")
            out.append(f"  {fit(left, side)} │ {fit(right, side)} {mark}")
        out.append("")
    for doc in unpaired:
        why = "translation: none" if doc.no_translation else "no counterpart"
        out.append(f"{display_path(doc.path)} [{doc.lang}]: unpaired ({why})")
    return "\n".join(out).rstrip("\n")
