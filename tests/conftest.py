"""Shared fixtures and the Markdown case reader (markdown-it-py's fixture format, generalised)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SOURCE = ROOT / "source"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (``000``, ``001``, ...)."""
    return next(SEEDS.glob(prefix + "_*.txt"))


def read_cases(path: Path, parts: int) -> list[tuple[str, list[str]]]:
    """Split a fixture file into cases: a title line, then ``parts`` bodies each ended by ``.``.

    A line holding a single ``.`` ends a part (markdown-it-py's fixture format).
    """
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i].strip()
        i += 1
        assert lines[i] == ".", f"{path}:{i + 1}: expected '.' after the title"
        i += 1
        bodies: list[str] = []
        for _ in range(parts):
            start = i
            while lines[i] != ".":
                i += 1
            bodies.append("\n".join(lines[start:i]) + ("\n" if i > start else ""))
            i += 1
        cases.append((title, bodies))
    return cases


@pytest.fixture
def chdir_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True, scope="session")
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests (and the commands they start) use a parse cache of their own, never the user's."""
    import os

    os.environ["CTOOLS_CACHE_DIR"] = str(tmp_path_factory.mktemp("ctools-cache"))
