"""HTML export time of the rust book (``ctools export --format html``), with its parts.

Not part of ``make test``. Run ``.venv/bin/python bench/bench_export_html.py [CORPUS]``
(default ``../shared/corpora/rust-book``). Peers in the same run: loading the corpus,
``ctools lint`` of the same corpus (the export runs lint once, in a forked process where
there is a second core, to show its findings on the side-by-side and status pages) and a
plain markdown-it render of the same files (CommonMark, no sanitizer, highlighting or
links: the floor of any Markdown site generator). Each is the best of ``REPEAT`` runs
(timings on a shared machine are noisy). Also printed: the search index's size. Nothing
here is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 2
sys.path.insert(0, str(ROOT))

from curriculum_tools.config import Config  # noqa: E402
from curriculum_tools.export import ExportOptions  # noqa: E402
from curriculum_tools.export.html import EXPORTER  # noqa: E402
from curriculum_tools.export.html.search import INDEX_FILE  # noqa: E402
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
    from markdown_it import MarkdownIt

    files = sorted((corpus_dir / "en").rglob("*.md")) + sorted((corpus_dir / "ko").rglob("*.md"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    load = lint = plain = export = float("inf")
    size = pages = documents = 0
    for _ in range(REPEAT):
        start = time.perf_counter()
        md = MarkdownIt("commonmark")
        for text in texts:
            md.render(text)
        plain = min(plain, time.perf_counter() - start)
        start = time.perf_counter()
        corpus = load_corpus([corpus_dir], config)
        load = min(load, time.perf_counter() - start)
        start = time.perf_counter()
        check(corpus, config)  # parses (tokenizes) as the export does
        lint = min(lint, time.perf_counter() - start)
        corpus = load_corpus([corpus_dir], config)  # fresh documents: the export parses alike
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            result = EXPORTER.export(corpus, ExportOptions(out=Path(tmp), config=config))
            export = min(export, time.perf_counter() - start)
            size = (Path(tmp) / INDEX_FILE).stat().st_size
        pages = result.stats.get("pages", 0)
        documents = len(corpus.documents)
    print(f"corpus: {corpus_dir} ({documents} documents, {pages} pages, best of {REPEAT})")
    print(f"markdown-it render {plain:6.2f} s   (peer: {len(files)} files, CommonMark only)")
    print(f"load              {load:6.2f} s")
    print(f"lint (peer)       {lint:6.2f} s")
    print(f"html export       {export:6.2f} s   ({export / max(pages, 1) * 1000:.0f} ms/page, "
          f"{export / max(plain, 1e-9):.1f}x markdown-it, {export / max(lint, 1e-9):.1f}x lint, "
          "includes one lint run)")  # fmt: skip
    print(f"search index      {size / 1024:6.0f} KiB ({INDEX_FILE})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
