"""HTML export time of the rust book (``ctools export --format html``), with its parts.

Not part of ``make test``. Run ``.venv/bin/python bench/bench_export_html.py [CORPUS]``
(default ``../shared/corpora/rust-book``). Peers in the same run: loading the corpus (the
parse every command pays) and ``ctools lint`` of the same corpus (the export runs lint once to
show its findings on the side-by-side and status pages). Nothing here is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum_tools.config import Config  # noqa: E402
from curriculum_tools.export import ExportOptions  # noqa: E402
from curriculum_tools.export.html import EXPORTER  # noqa: E402
from curriculum_tools.lint import check  # noqa: E402
from curriculum_tools.project import load_corpus  # noqa: E402


def main() -> int:
    default = ROOT.parent.parent / "shared/corpora/rust-book"
    if not default.is_dir():
        default = Path("/work/shared/corpora/rust-book")
    corpus_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    if not (corpus_dir / "en").is_dir():
        print(f"skipped: no corpus at {corpus_dir}")
        return 0
    config = Config(root=corpus_dir)
    start = time.perf_counter()
    corpus = load_corpus([corpus_dir], config)
    load = time.perf_counter() - start
    start = time.perf_counter()
    check(corpus, config)
    lint = time.perf_counter() - start
    corpus = load_corpus([corpus_dir], config)  # fresh documents: the export parses alike
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        result = EXPORTER.export(corpus, ExportOptions(out=Path(tmp), config=config))
        export = time.perf_counter() - start
    pages = result.stats.get("pages", 0)
    print(f"corpus: {corpus_dir} ({len(corpus.documents)} documents, {pages} pages)")
    print(f"load (parse)      {load:6.2f} s")
    print(f"lint (peer)       {lint:6.2f} s")
    print(f"html export       {export:6.2f} s   ({export / max(pages, 1) * 1000:.0f} ms/page, "
          f"{export / max(lint, 1e-9):.1f}x lint, includes one lint run)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
