"""Time the ``cjk-emphasis`` rule on the emphasis shapes that used to be quadratic.

Not part of ``make test``. Run ``.venv/bin/python bench/bench_emphasis.py``.

Issue 12 item 11: ``'*a **a ' * 25000`` (175 KB) took 55-60 s to lint. The rule now reads
the parser's own delimiter runs, so its cost is a small multiple of one markdown-it parse of
the same text, which is printed beside it as the peer (CPU seconds per MB).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHAPES = {
    "'*a **a ' * 25000": "*a **a " * 25000,
    "'*가 **가 ' * 25000": "*가 **가 " * 25000,
    "'**(L)**는 ' * 20000 (20,000 findings)": "**(L)**는 " * 20000,
    "'**a' * 50000": "**a" * 50000,
    "'`**(a)**는` ' * 20000 (code spans)": "`**(a)**는` " * 20000,
    "'**가\\n' * 20000 (one long paragraph)": "**가\n" * 20000,
}


def cpu(func: object) -> float:
    start = time.process_time()
    func()  # type: ignore[operator]
    return time.process_time() - start


def main() -> int:
    from curriculum_tools.lint import registry
    from curriculum_tools.parse import markdown_parser, parse_text
    from curriculum_tools.rules import hygiene

    registry()
    md = markdown_parser()
    print(
        f"{'shape':44} {'MB':>5} {'parse s/MB':>11} {'rule s/MB':>10} {'rule/parse':>10} findings"
    )
    for name, body in SHAPES.items():
        text = "# 제목\n\n" + body + "\n"
        size = len(text.encode("utf-8")) / 1e6
        parse_cpu = cpu(lambda: md.parse(text))  # noqa: B023
        doc = parse_text(text, "ko/x.md", "ko", "x.md")
        found: list[object] = []
        rule_cpu = cpu(lambda: found.extend(hygiene.cjk_emphasis(doc, None)))  # type: ignore[arg-type]  # noqa: B023
        print(
            f"{name:44} {size:5.2f} {parse_cpu / size:11.2f} {rule_cpu / size:10.2f}"
            f" {rule_cpu / max(parse_cpu, 1e-6):10.1f}x {len(found)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
