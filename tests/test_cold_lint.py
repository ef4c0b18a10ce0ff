"""What keeps a cold lint cheap without changing what it reports."""

from __future__ import annotations

import functools
import gc
import subprocess
import sys
from pathlib import Path

import pytest

from curriculum_tools import lint
from curriculum_tools.config import load_config
from curriculum_tools.rules import _code


def test_unknown_fence_language_does_not_scan_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """``cmd`` is no Pygments alias: it gets no lexer without a scan of the installed
    packages' entry points (a tenth of a second per process); known names still lex."""
    import pygments.lexers

    def no_scan() -> object:
        raise AssertionError("plugin lexers scanned")

    monkeypatch.setattr(pygments.lexers, "find_plugin_lexers", no_scan)
    _code._lexer.cache_clear()
    try:
        assert _code._lexer("cmd") is _code._NO_LEXER
        assert _code._lexer("rust") is not _code._NO_LEXER
        assert _code._lexer(_code.fence_lang("rust,ignore")).name == "Rust"
        # a comment is set aside in a known language, a whole-line one in an unknown one
        assert "note" not in _code.strip_code("let a = 1; // note\n", "rust")
        assert _code.strip_code("dir\n# note\n", "cmd").strip() == "dir"
    finally:
        _code._lexer.cache_clear()


def test_run_pauses_cycle_collection_and_restores_it(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "ko").mkdir()
    (tmp_path / "en" / "a.md").write_text("# Title\n\nOne 1.\n", encoding="utf-8")
    (tmp_path / "ko" / "a.md").write_text("# 제목\n\n하나 2.\n", encoding="utf-8")
    seen: list[bool] = []
    original = lint.check

    def check(*args: object, **kwargs: object) -> lint.Result:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    assert gc.isenabled()
    lint.check = check  # type: ignore[assignment]
    try:
        result = lint.run([tmp_path], load_config(tmp_path))
    finally:
        lint.check = original  # type: ignore[assignment]
    assert seen == [False]
    assert gc.isenabled()
    assert any(f.rule == "number-mismatch" for f in result.findings)
    gc.disable()
    try:
        with lint.no_cycle_collection():
            pass
        assert not gc.isenabled()  # a caller's own setting is kept
    finally:
        gc.enable()


def _gc_at_exit(args: list[str], cwd: Path) -> str:
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('gc-enabled', gc.isenabled()))\n"
        f"sys.argv = ['ctools', *{args!r}]\n"
        "from curriculum_tools.__main__ import main\n"
        "main()\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False
    )
    return out.stdout.strip().splitlines()[-1]


def test_a_lint_process_ends_without_cycle_collection(tmp_path: Path) -> None:
    """``ctools lint`` leaves the collector off to its exit; other commands do not touch it."""
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.md").write_text("# Title\n\nText.\n", encoding="utf-8")
    assert _gc_at_exit(["lint", "--format", "json", "."], tmp_path) == "gc-enabled False"
    assert _gc_at_exit(["rules"], tmp_path) == "gc-enabled True"


def test_cache_entries_are_written_whole_without_fsync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parse and lint cache entries: renamed into place (no reader sees half a file), no
    fsync (a lost entry is a miss); the entries of a first run serve the second."""
    import os

    from curriculum_tools.io import write_cache_entry

    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    target = tmp_path / "ab" / "abc"
    write_cache_entry(target, b"one")
    write_cache_entry(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["abc"]  # no temporary file left
    assert synced == []

    book = tmp_path / "book"
    (book / "en").mkdir(parents=True)
    (book / "ko").mkdir()
    (book / "en" / "a.md").write_text("# Title\n\nOne 1.\n", encoding="utf-8")
    (book / "ko" / "a.md").write_text("# 제목\n\n하나 2.\n", encoding="utf-8")
    monkeypatch.setenv("CTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CTOOLS_NO_CACHE", raising=False)
    first = lint.run([book], load_config(book))
    assert synced == []
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert entries and not any(p.name.endswith(".tmp") for p in entries)
    second = lint.run([book], load_config(book))
    assert [f.message for f in second.findings] == [f.message for f in first.findings]


def test_an_unwritable_cache_only_costs_speed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder that cannot be made (a file stands there): the run lints all the same."""
    book = tmp_path / "book"
    (book / "en").mkdir(parents=True)
    (book / "ko").mkdir()
    (book / "en" / "a.md").write_text("# Title\n\nOne 1.\n", encoding="utf-8")
    (book / "ko" / "a.md").write_text("# 제목\n\n하나 2.\n", encoding="utf-8")
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CTOOLS_CACHE_DIR", str(blocker))
    monkeypatch.delenv("CTOOLS_NO_CACHE", raising=False)
    result = lint.run([book], load_config(book))
    assert result.files == 2
    assert any(f.rule == "number-mismatch" for f in result.findings)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def _book(root: Path, files: int) -> None:
    for lang, text in (("en", "# Title {n}\n\nOne {n}.\n"), ("ko", "# 제목 {n}\n\n하나 {m}.\n")):
        (root / lang).mkdir()
        for n in range(files):
            page = text.format(n=n, m=n + 100)  # a number the source lacks: a finding
            (root / lang / f"c{n:02}.md").write_text(page, encoding="utf-8")


@pytest.mark.parametrize("files", [2, 40])
def test_the_warm_up_runs_while_the_workers_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int
) -> None:
    """A cold run without rule settings prepares the lint (rules imported, the mojibake
    tables built) once, while worker processes parse (80 files); a run too small for
    workers (4 files) does not: nothing would run beside it."""
    from curriculum_tools import batch, workers

    _book(tmp_path, files)
    monkeypatch.setenv("CTOOLS_NO_CACHE", "1")
    monkeypatch.setattr(workers, "cores", lambda: 2)  # workers even on a one-core machine
    calls: list[int] = []
    monkeypatch.setattr(lint, "warm_up", lambda: calls.append(1))
    result = lint.run([tmp_path], load_config(tmp_path))
    assert calls == ([1] if 2 * files >= batch.PARALLEL_FROM else [])
    assert result.pairs == files and any(f.rule == "number-mismatch" for f in result.findings)


def test_parse_many_runs_meanwhile_only_beside_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curriculum_tools import batch, workers

    monkeypatch.setattr(workers, "cores", lambda: 2)
    for count in (0, 3, batch.PARALLEL_FROM + 8):
        items = []
        for n in range(count):
            path = tmp_path / f"{count}-{n}.md"
            path.write_text(f"# T {n}\n\nText.\n", encoding="utf-8")
            items.append((path, "en", path.name))
        calls: list[int] = []
        out = batch.parse_many(items, cache=False, meanwhile=functools.partial(calls.append, 1))
        assert calls == ([1] if count >= batch.PARALLEL_FROM else [])
        assert [o.sections[0].title for o in out] == [f"T {n}" for n in range(count)]  # type: ignore[union-attr]


def test_a_bad_rule_setting_stops_a_cold_run_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from curriculum_tools import project
    from curriculum_tools.errors import CtoolsError

    _book(tmp_path, 2)
    (tmp_path / "ctools.yaml").write_text("rules:\n  no-such-rule: off\n", encoding="utf-8")
    monkeypatch.setenv("CTOOLS_NO_CACHE", "1")

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed before the configuration was checked")

    monkeypatch.setattr(project, "load_corpus", never)
    with pytest.raises(CtoolsError, match="unknown rule `no-such-rule`"):
        lint.run([tmp_path], load_config(tmp_path))
