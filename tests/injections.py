"""Defect injectors for linter tests: each takes a clean pair and returns a damaged one.

An injector returns ``(en_text, ko_text, expected)`` where ``expected`` is a list of
``(rule, side, line)``: the finding a careful reviewer would report, at that line of that
side (``"en"`` or ``"ko"``). Injectors are deterministic and work on any pair whose
structure allows them (they return None otherwise).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from curriculum_tools.parse import parse_text

Expected = list[tuple[str, str, int]]
Injected = tuple[str, str, Expected] | None


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _join(lines: list[str]) -> str:
    return "\n".join(lines)


def _leaf_sections(text: str) -> list:
    doc = parse_text(text)
    return [s for s in doc.walk() if not s.children and s.blocks and s.index > 0]


def _para_lines(text: str, min_hangul: int = 0) -> list[int]:
    """1-based lines of single-line paragraphs (blank line before and after)."""
    lines = _lines(text)
    doc = parse_text(text)
    out = []
    for s in doc.walk():
        for b in s.blocks:
            if b.kind == "paragraph" and b.line == b.end_line:
                line = lines[b.line - 1]
                if len(re.findall(r"[\uac00-\ud7a3]", line)) >= min_hangul and len(line) > 30:
                    out.append(b.line)
    return out


def _next_content(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def delete_section(en: str, ko: str) -> Injected:
    leaves = _leaf_sections(ko)
    if len(leaves) < 2:
        return None
    s = leaves[len(leaves) // 2]
    lines = _lines(ko)
    del lines[s.line - 1 : s.end_line]
    # The finding points at the line after the previous section's end (the blank line).
    return en, _join(lines), [("section-missing", "ko", s.line - 1)]


def add_section(en: str, ko: str) -> Injected:
    leaves = _leaf_sections(ko)
    if not leaves:
        return None
    s = leaves[-1]
    lines = _lines(ko)
    block = [
        "",
        "#" * s.level + " 부록: 추가로 덧붙인 섹션",
        "",
        "원문에는 없는 설명을 번역자가 덧붙였습니다.",
    ]
    lines[s.end_line : s.end_line] = block
    return en, _join(lines), [("section-extra", "ko", s.end_line + 2)]


def swap_sections(en: str, ko: str) -> Injected:
    doc = parse_text(ko)
    for s in doc.walk():
        kids = [c for c in s.children if not c.children]
        for a, b in itertools.pairwise(kids):
            if a.end_line + 1 < b.line or a.end_line + 1 == b.line:
                lines = _lines(ko)
                first = lines[a.line - 1 : a.end_line]
                gap = lines[a.end_line : b.line - 1]
                second = lines[b.line - 1 : b.end_line]
                lines[a.line - 1 : b.end_line] = second + gap + first
                # The aligner keeps the longer run in place: the first section moved down.
                return en, _join(lines), [("section-order", "ko", a.line + len(second) + len(gap))]
    return None


def change_number(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    doc = parse_text(ko)
    for s in doc.walk():
        for b in s.blocks:
            if b.kind in ("paragraph", "list") and b.numbers:
                fact = b.numbers[0]
                line = lines[fact.line - 1]
                new = re.sub(
                    rf"(?<![\d.,]){re.escape(fact.value)}(?![\d])",
                    str(int(fact.value.split(".")[0]) + 7),
                    line,
                    count=1,
                )
                if new != line:
                    lines[fact.line - 1] = new
                    return en, _join(lines), [("number-mismatch", "ko", fact.line)]
    return None


def _code_shape(code: str) -> tuple[str, ...]:
    """Code lines without comment lines, string literals emptied (both may be translated)."""
    out = []
    for line in code.split("\n"):
        if line.strip() and not line.lstrip().startswith(("#", "//")):
            out.append(" ".join(re.sub(r"\"[^\"]*\"|'[^']*'", '""', line).split()))
    return tuple(out)


def change_code(en: str, ko: str) -> Injected:
    """Rename an identifier in a Korean code block that the source has too (the same code):
    a block already unlike the source's is reported as a whole and would hide the change."""
    lines = _lines(ko)
    en_code = {
        _code_shape(b.code) for s in parse_text(en).walk() for b in s.blocks if b.kind == "code"
    }
    for s in parse_text(ko).walk():
        for b in s.blocks:
            if b.kind == "code" and b.info and _code_shape(b.code) in en_code:
                for off in range(1, b.end_line - b.line):
                    ln = b.line + off
                    text = lines[ln - 1]
                    m = re.search(r"\b([a-z_]{4,})\b", text)
                    if m and not text.lstrip().startswith("#"):
                        lines[ln - 1] = text[: m.start()] + m.group(1) + "_x" + text[m.end() :]
                        return en, _join(lines), [("code-mismatch", "ko", ln)]
    return None


def change_inline_code(en: str, ko: str) -> Injected:
    """Rename the first inline code span of a Korean paragraph or list (never text inside a
    code block, HTML or a heading) whose source section has the same span."""
    lines = _lines(ko)
    en_spans = {f.value for s in parse_text(en).walk() for b in s.blocks for f in b.code_spans}
    for s in parse_text(ko).walk():
        for b in s.blocks:
            if b.kind not in ("paragraph", "list"):
                continue
            for fact in b.code_spans:
                text = lines[fact.line - 1]
                span = f"`{fact.value}`"
                if len(fact.value) < 3 or fact.value not in en_spans or text.count(span) != 1:
                    continue
                lines[fact.line - 1] = text.replace(span, f"`{fact.value}_v2`")
                return en, _join(lines), [("code-mismatch", "ko", fact.line)]
    return None


def change_url(en: str, ko: str) -> Injected:
    """Change the first absolute link of a Korean paragraph or list that the source links
    to as well (a link inside a code block is code, and ``code-mismatch``'s)."""
    lines = _lines(ko)
    en_links = {f.value for s in parse_text(en).walk() for b in s.blocks for f in b.links}
    for s in parse_text(ko).walk():
        for b in s.blocks:
            if b.kind not in ("paragraph", "list"):
                continue
            for fact in b.links:
                url, text = fact.value, lines[fact.line - 1]
                if not url.startswith(("http://", "https://")) or url not in en_links:
                    continue
                if f"]({url})" not in text:
                    continue
                lines[fact.line - 1] = text.replace(f"]({url})", f"]({url.rstrip('/')}-old)", 1)
                return en, _join(lines), [("url-mismatch", "ko", fact.line)]
    return None


def drop_image(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    for i, text in enumerate(lines):
        if re.match(r"\s*!\[[^\]]*\]\([^)]+\)\s*$", text):
            del lines[i]
            # Reported at the block that now holds the image's place.
            return en, _join(lines), [("image-mismatch", "ko", _next_content(lines, i) + 1)]
    return None


_ANCHOR_RE = re.compile(r"`[^`]+`|\]\([^)]+\)")


def _anchored(lines: list[str]) -> bool:
    """Every line has inline code or a link, and no two lines have the same ones."""
    keys = [tuple(_ANCHOR_RE.findall(x)) for x in lines]
    return all(keys) and len(set(keys)) == len(keys)


def drop_list_item(en: str, ko: str) -> Injected:
    """Drop the middle item of a list whose items carry inline code or links (reported at the
    item that now holds its place); else the last item of a plain list (at the list)."""
    lines = _lines(ko)
    lists = [
        b
        for s in parse_text(ko).walk()
        for b in s.blocks
        if b.kind == "list" and b.items >= 2 and b.end_line - b.line + 1 == b.items
    ]
    for b in lists:
        item_lines = lines[b.line - 1 : b.end_line]
        in_source = all(a in en for x in item_lines for a in _ANCHOR_RE.findall(x))
        if b.items >= 3 and _anchored(item_lines) and in_source:
            at = b.line + b.items // 2
            del lines[at - 1]
            return en, _join(lines), [("list-count-mismatch", "ko", at)]
    for b in lists:
        del lines[b.end_line - 1]
        return en, _join(lines), [("list-count-mismatch", "ko", b.line)]
    return None


def drop_table_row(en: str, ko: str) -> Injected:
    """Drop the middle body row of a table whose rows carry numbers, code or links: reported
    at the row that now holds its place."""
    lines = _lines(ko)
    for s in parse_text(ko).walk():
        for b in s.blocks:
            if b.kind != "table" or b.rows < 3:
                continue
            body = lines[b.line + 1 : b.end_line]
            keys = [tuple(re.findall(r"\d+(?:[.,]\d+)*|`[^`]+`|\]\([^)]+\)", x)) for x in body]
            if all(keys) and len(set(keys)) == len(keys):
                at = b.line + 2 + len(body) // 2
                del lines[at - 1]
                return en, _join(lines), [("table-shape-mismatch", "ko", at)]
    return None


def drop_table_column(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    doc = parse_text(ko)
    for s in doc.walk():
        for b in s.blocks:
            if b.kind == "table" and b.cols >= 2:
                for ln in range(b.line, b.end_line + 1):
                    cells = lines[ln - 1].strip().strip("|").split("|")
                    lines[ln - 1] = "| " + " | ".join(c.strip() for c in cells[:-1]) + " |"
                return en, _join(lines), [("table-shape-mismatch", "ko", b.line)]
    return None


def leave_english(en: str, ko: str) -> Injected:
    ko_doc, en_doc = parse_text(ko), parse_text(en)
    en_paras = [
        b
        for s in en_doc.walk()
        for b in s.blocks
        if b.kind == "paragraph" and len(b.text.split()) >= 8 and b.line == b.end_line
    ]
    ko_paras = [
        b
        for s in ko_doc.walk()
        for b in s.blocks
        if b.kind == "paragraph"
        and re.search(r"[\uac00-\ud7a3]", b.text)
        and b.line == b.end_line
        and len(b.text) > 20
    ]
    if not en_paras or not ko_paras:
        return None
    target = ko_paras[len(ko_paras) // 2]
    lines = _lines(ko)
    lines[target.line - 1] = _lines(en)[en_paras[len(en_paras) // 2].line - 1]
    return en, _join(lines), [("untranslated", "ko", target.line)]


def korean_in_english(en: str, ko: str) -> Injected:
    ko_doc, en_doc = parse_text(ko), parse_text(en)
    ko_paras = [
        b
        for s in ko_doc.walk()
        for b in s.blocks
        if b.kind == "paragraph"
        and len(re.findall(r"[\uac00-\ud7a3]", b.text)) >= 15
        and b.line == b.end_line
    ]
    en_paras = [
        b
        for s in en_doc.walk()
        for b in s.blocks
        if b.kind == "paragraph" and b.line == b.end_line and len(b.text.split()) >= 5
    ]
    if not ko_paras or not en_paras:
        return None
    target = en_paras[0]
    lines = _lines(en)
    lines[target.line - 1] = _lines(ko)[ko_paras[0].line - 1]
    return _join(lines), ko, [("wrong-language", "en", target.line)]


def break_anchor(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    for i, text in enumerate(lines):
        m = re.search(r"\]\(#([^)]+)\)", text)
        if m:
            lines[i] = text.replace(f"(#{m.group(1)})", f"(#{m.group(1)}-gone)", 1)
            return en, _join(lines), [("broken-anchor", "ko", i + 1)]
    lines = _lines(ko)
    for i, text in enumerate(lines):
        if (
            i > 5
            and text.strip()
            and not text.startswith(("#", "-", "|", "`", "!", "$"))
            and re.search(r"[\uac00-\ud7a3]", text)
        ):
            lines[i] = text + " [참고](#no-such-section)"
            return en, _join(lines), [("broken-anchor", "ko", i + 1)]
    return None


def missing_image_ref(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    for i, text in enumerate(lines):
        m = re.search(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
        if m and not m.group(1).startswith("http"):
            lines[i] = text.replace(m.group(1), m.group(1).replace(".", "-missing.", 1), 1)
            return en, _join(lines), [("missing-image", "ko", i + 1)]
    for i, text in enumerate(lines):
        if (
            i > 5
            and text.strip()
            and re.search(r"[\uac00-\ud7a3]", text)
            and not text.startswith(("#", "|"))
        ):
            lines[i:i] = ["![그림](img/does-not-exist.png)", ""]
            return en, _join(lines), [("missing-image", "ko", i + 1)]
    return None


def corrupt_front_matter(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    if lines[0] != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].startswith("title:"):
            lines[i] = lines[i].replace("title: ", 'title: "', 1)
            return en, _join(lines), [("front-matter", "ko", i + 1)]
    return None


def insert_fffd(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    for i, text in enumerate(lines):
        if i > 5 and len(re.findall(r"[\uac00-\ud7a3]", text)) > 10:
            j = text.index(re.findall(r"[\uac00-\ud7a3]", text)[5])
            lines[i] = text[:j] + "\ufffd\ufffd" + text[j + 1 :]
            return en, _join(lines), [("replacement-char", "ko", i + 1)]
    return None


def renumber_heading(en: str, ko: str) -> Injected:
    doc = parse_text(ko)
    lines = _lines(ko)
    numbered = [s for s in doc.walk() if s.number and "." in s.number.rstrip(".")]
    if not numbered:
        return None
    s = numbered[len(numbered) // 2]
    parts = s.number.rstrip(".").split(".")
    parts[-1] = str(int(parts[-1]) + 5)
    new = ".".join(parts) + ("." if s.number.endswith(".") else "")
    lines[s.line - 1] = lines[s.line - 1].replace(s.number, new, 1)
    return en, _join(lines), [("heading-number-mismatch", "ko", s.line)]


def change_heading_level(en: str, ko: str) -> Injected:
    doc = parse_text(ko)
    lines = _lines(ko)
    leaves = [s for s in doc.walk() if not s.children and s.level >= 2 and s.index > 0]
    if not leaves:
        return None
    s = leaves[len(leaves) // 2]
    lines[s.line - 1] = "#" + lines[s.line - 1]
    return en, _join(lines), [("heading-level-mismatch", "ko", s.line)]


def empty_a_section(en: str, ko: str) -> Injected:
    leaves = _leaf_sections(ko)
    if not leaves:
        return None
    s = leaves[len(leaves) // 3]
    lines = _lines(ko)
    del lines[s.heading_end : s.end_line]
    return en, _join(lines), [("empty-section", "ko", s.line)]


def change_formula(en: str, ko: str) -> Injected:
    lines = _lines(ko)
    for i, text in enumerate(lines):
        m = re.search(r"(공식|수식)\s*:\s*(.+)$", text)
        if m and re.search(r"[+*/]", m.group(2)):
            formula = m.group(2)
            new = formula.replace("*", "_", 1) if "*" in formula else formula.replace("+", "-", 1)
            lines[i] = text.replace(formula, new)
            return en, _join(lines), [("formula-mismatch", "ko", i + 1)]
    for i, text in enumerate(lines):
        m = re.search(r"\$([^$]+)\$", text)
        if m and "=" in m.group(1):
            lines[i] = text.replace(m.group(1), m.group(1).replace("=", "= 3 +", 1), 1)
            return en, _join(lines), [("formula-mismatch", "ko", i + 1)]
    return None


def drop_paragraph(en: str, ko: str) -> Injected:
    """Delete a long paragraph from a section that keeps other blocks: only the segment
    alignment sees it (its facts are left to the one paragraph finding)."""
    lines = _lines(ko)
    doc = parse_text(ko)
    for s in doc.walk():
        paras = [b for b in s.blocks if b.kind == "paragraph"]
        if len(s.blocks) < 3:
            continue
        for b in paras:
            if len("".join(b.text.split())) < 55:
                continue
            del lines[b.line - 1 : b.end_line + 1]
            return (
                en,
                _join(lines),
                [("paragraph-missing", "ko", _next_content(lines, b.line - 1) + 1)],
            )
    return None


def comment_in_continued_command(en: str, ko: str) -> Injected:
    """Continue the first command of a shell block with ``\\`` on both sides and put a Korean
    comment line inside the continued command on the Korean side only."""

    def shell_blocks(text: str) -> list:
        return [
            b
            for s in parse_text(text).walk()
            for b in s.blocks
            if b.kind == "code" and b.info.split()[:1] in (["bash"], ["sh"], ["shell"])
        ]

    en_blocks, ko_blocks = shell_blocks(en), shell_blocks(ko)
    if not en_blocks or not ko_blocks:
        return None
    en_lines, ko_lines = _lines(en), _lines(ko)

    def first_command(b: object, lines: list[str]) -> int | None:
        for ln in range(b.line + 1, b.end_line):  # type: ignore[attr-defined]
            if lines[ln - 1].strip() and not lines[ln - 1].lstrip().startswith("#"):
                return ln
        return None

    en_at, ko_at = first_command(en_blocks[0], en_lines), first_command(ko_blocks[0], ko_lines)
    if en_at is None or ko_at is None:
        return None
    en_lines[en_at - 1] += " \\"
    ko_lines[ko_at - 1] += " \\"
    ko_lines.insert(ko_at, "  # 설명을 덧붙입니다")
    return _join(en_lines), _join(ko_lines), [("code-mismatch", "ko", ko_at + 1)]


def grow_source_paragraph(en: str, ko: str) -> Injected:
    """Append three sentences to a two-sentence English paragraph whose Korean counterpart
    (same section, same paragraph position, in structurally identical documents) stays: the
    translation now lacks sentences (``sentences-missing`` at its last line)."""
    en_doc, ko_doc = parse_text(en), parse_text(ko)
    en_secs, ko_secs = en_doc.walk(), ko_doc.walk()
    if len(en_secs) != len(ko_secs):
        return None
    lines = _lines(en)
    for a, b in zip(en_secs, ko_secs, strict=True):
        pa = [x for x in a.blocks if x.kind == "paragraph"]
        pb = [x for x in b.blocks if x.kind == "paragraph"]
        if len(pa) != len(pb):
            continue
        for x, y in zip(pa, pb, strict=True):
            text = lines[x.end_line - 1]
            ends = len(re.findall(r"[.!?](?=\s|$)", x.text))
            if x.line == x.end_line and ends == 2 and text.rstrip().endswith("."):
                lines[x.end_line - 1] = text.rstrip() + (
                    " The defaults work for most models, so change them only when you must."
                    " Each change is logged with the run that made it."
                    " Old runs keep the settings they were started with."
                )
                return _join(lines), ko, [("sentences-missing", "ko", y.end_line)]
    return None


INJECTORS: dict[str, Callable[[str, str], Injected]] = {
    f.__name__: f
    for f in (
        delete_section, add_section, swap_sections, change_number, change_code, change_inline_code,
        change_url, drop_image, drop_list_item, drop_table_row, drop_table_column, leave_english, korean_in_english,
        break_anchor, missing_image_ref, corrupt_front_matter, insert_fffd, renumber_heading,
        change_heading_level, empty_a_section, change_formula, drop_paragraph, grow_source_paragraph,
        comment_in_continued_command,
    )
}  # fmt: skip
