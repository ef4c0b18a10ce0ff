"""``ctools status`` as terminal text: a compact table per document."""

from __future__ import annotations

from typing import Any

from .states import STATES

_COLORS: dict[str, str] = {
    "ok": "green",
    "stale": "yellow",
    "untranslated": "magenta",
    "missing": "red",
    "orphan": "cyan",
}


def _summary_line(summary: dict[str, Any], style: Any, unsynced: bool = True) -> str:
    parts = [
        style(f"{summary[state]} {state}", state)
        for state in STATES
        if summary[state] or state == "ok"
    ]
    line = (
        f"{summary['sections']} sections: {', '.join(parts)} · "
        f"{summary['percent_translated']:g}% translated, "
        f"{summary['percent_up_to_date']:g}% up to date"
    )
    if unsynced and summary["unsynced"]:
        line += f" ({summary['unsynced']} never marked synced)"
    return line


def status_text(
    report: dict[str, Any],
    *,
    show_all: bool = False,
    color: bool = False,
    columns: int = 100,
    explanations: dict[tuple[str, int], str] | None = None,
) -> str:
    """A compact table per document: a summary line, then every section not ``ok``.

    ``show_all`` lists ``ok`` sections too. ``explanations`` maps (document id, line) of
    stale sections to a diff printed below the row.
    """
    from ..views import fit

    def style(text: str, state: str) -> str:
        if not color:
            return text
        import click

        return click.style(text, fg=_COLORS.get(state), bold=state != "ok")

    title_width = max(20, columns - 33)  # 32 columns of state, line and number before it
    out: list[str] = []
    for doc in report["documents"]:
        en, ko = doc["en"], doc["ko"]
        if doc["translation"] == "none":
            out.append(f"{en or ko}: translation: none (not translated on purpose)")
            continue
        head = f"{en} ↔ {ko}" if en and ko else f"{en or ko}: no counterpart"
        out.append(head)
        out.append("  " + _summary_line(doc["summary"], style))
        rows = [s for s in doc["sections"] if show_all or s["state"] != "ok"]
        for row in rows:
            state = row["state"] + ("*" if row["unsynced"] else "")
            number = row["number"] or ""
            out.append(
                f"    {style(fit(state, 13), row['state'])}{row['line']:>5}  "
                f"{fit(number, 8)}{fit(row['title'], title_width).rstrip()}"
            )
            if "changed" in row:
                changed = row["changed"]
                when = f"commit {changed['commit']} ({changed['date']})" if changed["date"] else ""
                out.append(f"{'':24}English changed in {when or 'uncommitted changes'}")
            diff = (explanations or {}).get((doc["id"], row["line"]))
            for line in diff.splitlines() if diff else ():
                if color and line[:1] in "+-" and line[:3] not in ("+++", "---"):
                    line = style(line, "ok" if line[0] == "+" else "missing")
                out.append("        " + line)
    total = report["summary"]
    if report["documents"]:
        out.append("")
    docs = f"{total['documents']} document" + ("" if total["documents"] == 1 else "s")
    out.append(f"total: {docs}, " + _summary_line(total, style, unsynced=False))
    if total["unsynced"]:
        out.append(
            f"ok*: {total['unsynced']} sections never marked synced (`status --mark-synced`)"
        )
    return "\n".join(out)
