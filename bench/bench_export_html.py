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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 2
sys.path.insert(0, str(ROOT))

from curriculum_tools.config import Config  # noqa: E402
from curriculum_tools.export import ExportOptions, ExportResult  # noqa: E402
from curriculum_tools.export.html import EXPORTER  # noqa: E402
from curriculum_tools.export.html.search import INDEX_FILE  # noqa: E402
from curriculum_tools.lint import check  # noqa: E402
from curriculum_tools.project import Corpus, load_corpus  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (a forked lint run)."""
    import resource

    me, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


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
    best: dict[str, tuple[float, float]] = {}
    size = pages = documents = 0

    def timed(name: str, run: Callable[[], object]) -> object:
        wall, cpu = time.perf_counter(), _cpu()
        got = run()
        took = (time.perf_counter() - wall, _cpu() - cpu)
        old = best.get(name, (float("inf"), float("inf")))
        best[name] = (min(old[0], took[0]), min(old[1], took[1]))
        return got

    def markdown_it() -> None:
        md = MarkdownIt("commonmark")
        for text in texts:
            md.render(text)

    for _ in range(REPEAT):
        timed("markdown-it", markdown_it)
        corpus = timed("load", lambda: load_corpus([corpus_dir], config))
        assert isinstance(corpus, Corpus)
        timed("lint", lambda c=corpus: check(c, config))  # parses (tokenizes) as the export does
        corpus = load_corpus([corpus_dir], config)  # fresh documents: the export parses alike
        with tempfile.TemporaryDirectory() as tmp:
            options = ExportOptions(out=Path(tmp), config=config)
            result = timed("export", lambda c=corpus, o=options: EXPORTER.export(c, o))
            size = (Path(tmp) / INDEX_FILE).stat().st_size
        assert isinstance(result, ExportResult)
        pages = result.stats.get("pages", 0)
        documents = len(corpus.documents)
    print(f"corpus: {corpus_dir} ({documents} documents, {pages} pages, best of {REPEAT})")
    print("                    wall      CPU")
    for name, label in (("markdown-it", "markdown-it (peer)"), ("load", "load"),
                        ("lint", "lint (peer)"), ("export", "html export")):  # fmt: skip
        print(f"{label:18s} {best[name][0]:6.2f} s {best[name][1]:6.2f} s")
    (wall, cpu), (md_wall, md_cpu), (lint_wall, lint_cpu) = (
        best["export"],
        best["markdown-it"],
        best["lint"],
    )
    print(f"html export: {wall / max(pages, 1) * 1000:.0f} ms/page; "
          f"{wall / md_wall:.1f}x markdown-it and {wall / lint_wall:.1f}x lint (wall), "
          f"{cpu / md_cpu:.1f}x and {cpu / lint_cpu:.1f}x (CPU); it includes one lint run")  # fmt: skip
    print(f"search index {size / 1024:.0f} KiB ({INDEX_FILE}, {len(files)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
