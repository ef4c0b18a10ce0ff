"""Course order from _toctree.yml, SUMMARY.md, mkdocs.yml nav or ``order:`` in ctools.yaml."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from curriculum_tools.config import Config, load_config
from curriculum_tools.order import CourseOrder, page_key, read_order
from curriculum_tools.project import load_corpus


def _project(root: Path, pages: list[str]) -> Path:
    for lang in ("en", "ko"):
        for page in pages:
            path = root / lang / page
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"# {page}\n\nText.\n", encoding="utf-8")
    return root


PAGES = ["a-intro.md", "b-setup.md", "tools/z-first.md", "tools/index.md", "zz-extra.md"]


def _sorted(order: CourseOrder) -> list[str]:
    return order.sort(PAGES, rel=lambda rel: rel)


def test_page_keys_drop_suffixes_and_dots() -> None:
    assert page_key("./guide/intro.md") == "guide/intro"
    assert page_key("ch01-02-hello.html#x") == "ch01-02-hello"
    assert page_key("unit1/") == "unit1/index"
    assert page_key("/tools.mdx") == "tools"


def test_toctree_order_then_the_rest_alphabetically(tmp_path: Path) -> None:
    root = _project(tmp_path, PAGES)
    (root / "en" / "_toctree.yml").write_text(
        "- title: Start\n  sections:\n  - local: tools/z-first\n    title: First\n"
        "  - local: tools\n    title: Tools\n- title: More\n  sections:\n"
        "  - local: a-intro\n    title: Intro\n  - local: https://example.org\n    title: x\n"
    )
    order = read_order(Config(root=root), [root])
    assert order.source.endswith("_toctree.yml")
    assert _sorted(order) == [
        "tools/z-first.md",
        "tools/index.md",
        "a-intro.md",
        "b-setup.md",
        "zz-extra.md",
    ]


def test_summary_md_order(tmp_path: Path) -> None:
    root = _project(tmp_path, PAGES)
    (root / "en" / "SUMMARY.md").write_text(
        "# Summary\n\n[Intro](zz-extra.md)\n\n- [Setup](b-setup.md)\n"
        "  - [First](./tools/z-first.md)\n- [Web](https://example.org)\n"
    )
    order = read_order(Config(root=root), [root])
    assert order.keys == ("zz-extra", "b-setup", "tools/z-first")
    assert _sorted(order)[:3] == ["zz-extra.md", "b-setup.md", "tools/z-first.md"]


def test_mkdocs_nav_with_python_tags_and_language_prefixes(tmp_path: Path) -> None:
    root = _project(tmp_path, PAGES)
    (root / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "nav:\n  - Home: en/b-setup.md\n  - Guide:\n    - en/a-intro.md\n    - Tools: tools/index.md\n"
    )
    order = read_order(Config(root=root), [root])
    assert order.keys == ("b-setup", "a-intro", "tools/index")


def test_explicit_order_in_ctools_yaml_wins(tmp_path: Path) -> None:
    root = _project(tmp_path, PAGES)
    (root / "en" / "SUMMARY.md").write_text("- [Setup](b-setup.md)\n")
    (root / "ctools.yaml").write_text("source: .\norder: [zz-extra.md, tools/z-first]\n")
    config = load_config(root)
    assert config.order == ("zz-extra.md", "tools/z-first")
    order = read_order(config, [root])
    assert order.keys == ("zz-extra", "tools/z-first")
    assert _sorted(order)[:2] == ["zz-extra.md", "tools/z-first.md"]


def test_no_order_file_means_alphabetical(tmp_path: Path) -> None:
    root = _project(tmp_path, PAGES)
    order = read_order(Config(root=root), [root])
    assert order == CourseOrder() and _sorted(order) == sorted(PAGES)


def test_the_corpus_carries_the_order_and_status_lists_in_it(tmp_path: Path) -> None:
    root = _project(tmp_path, PAGES)
    (root / "en" / "SUMMARY.md").write_text("- [Z](zz-extra.md)\n- [B](b-setup.md)\n")
    (root / "ctools.yaml").write_text("source: .\n")
    corpus = load_corpus([root], load_config(root))
    assert corpus.order.keys == ("zz-extra", "b-setup")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run(
        [sys.executable, "-m", "curriculum_tools", "status", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    listed = [Path(d["en"]).as_posix() for d in json.loads(proc.stdout)["documents"]]
    assert [p.split("en/", 1)[1] for p in listed] == [
        "zz-extra.md",
        "b-setup.md",
        "SUMMARY.md",
        "a-intro.md",
        "tools/index.md",
        "tools/z-first.md",
    ]


def test_the_course_order_is_read_only_when_asked_for(tmp_path: Path) -> None:
    """Loading (``ctools lint``) does not read ``SUMMARY.md``; the first use of
    ``corpus.order`` does, from the roots of every loaded document (the selection aside)."""
    import curriculum_tools.project as project

    root = _project(tmp_path, PAGES)
    (root / "en" / "SUMMARY.md").write_text("- [Z](zz-extra.md)\n- [B](b-setup.md)\n")
    (root / "ctools.yaml").write_text("source: .\n")
    calls: list[int] = []
    original = project.order_for

    def counted(*args: object, **kwargs: object) -> CourseOrder:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    project.order_for = counted  # type: ignore[assignment]
    try:
        corpus = load_corpus([root / "en" / "b-setup.md"], load_config(root))
        assert calls == []
        assert corpus.order.keys == ("zz-extra", "b-setup")
        assert corpus.order.keys == ("zz-extra", "b-setup") and calls == [1]
    finally:
        project.order_for = original  # type: ignore[assignment]
