"""Shared fixtures, the one way to run ``ctools`` in a subprocess, system tools the tests need,
and the Markdown case reader (markdown-it-py's fixture format, generalised)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, overload

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = FIXTURES / "seeds"
SOURCE = ROOT / "source"
INSTALLER = ROOT / "scripts" / "install-system-deps.sh"


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
def _private_parse_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Tests (and the commands they start) use caches of their own (parse, lint results,
    PDFs), never the user's: a user's cache outlives the run, so a PDF stored by an earlier run
    could stand in for a compile a test means to make."""
    import os

    folder = str(tmp_path_factory.mktemp("ctools-cache"))
    os.environ["CTOOLS_CACHE_DIR"] = folder
    return folder


@pytest.fixture(autouse=True)
def _cache_stays_private(_private_parse_cache: str) -> Iterator[None]:
    """A test that points ``CTOOLS_CACHE_DIR`` elsewhere must put it back (``monkeypatch``);
    one that deleted it once sent every later test to the user's cache."""
    import os

    yield
    assert os.environ.get("CTOOLS_CACHE_DIR") == _private_parse_cache, "restore CTOOLS_CACHE_DIR"


# --- ctools in a subprocess -------------------------------------------------------------------


def ctools_command(*args: str) -> list[str]:
    """The command line that runs this checkout's ``ctools`` (for ``Popen``)."""
    return [sys.executable, "-m", "curriculum_tools", *args]


def _cap_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@overload
def run_ctools(
    *args: str,
    cwd: Path = ...,
    stdin: str | None = ...,
    timeout: float = ...,
    memory: int | None = ...,
    binary: Literal[False] = ...,
) -> subprocess.CompletedProcess[str]: ...


@overload
def run_ctools(
    *args: str,
    cwd: Path = ...,
    stdin: bytes | None = ...,
    timeout: float = ...,
    memory: int | None = ...,
    binary: Literal[True],
) -> subprocess.CompletedProcess[bytes]: ...


def run_ctools(
    *args: str,
    cwd: Path = ROOT,
    stdin: str | bytes | None = None,
    timeout: float = 120,
    memory: int | None = None,
    binary: bool = False,
) -> subprocess.CompletedProcess[str] | subprocess.CompletedProcess[bytes]:
    """Run ``ctools ARGS`` as a user would (a fresh process), capturing its output.

    ``stdin`` is fed to it (nothing otherwise: it never waits for a terminal); ``memory`` caps
    its address space in bytes; ``binary`` keeps stdout/stderr as bytes.
    """
    return subprocess.run(
        ctools_command(*args),
        cwd=cwd,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=not binary,
        timeout=timeout,
        preexec_fn=None if memory is None else (lambda: _cap_memory(memory)),
    )


# --- system tools -----------------------------------------------------------------------------
# `make test` runs scripts/install-system-deps.sh first, which writes what it could not install
# to $CTOOLS_SYSTEM_DEPS. A test needing a missing tool is skipped, naming the reason, only when
# the installer said it could not install that tool; otherwise the missing tool is a failure
# (a fresh machine set up as the README says has everything, so nothing is skipped silently).


def installer_report() -> tuple[str | None, dict[str, str]]:
    """(the installer's verdict line or None when it never ran, {what: package} it lacks).

    ``what`` is ``cmd:NAME`` or ``font:FAMILY`` as in scripts/install-system-deps.sh.
    """
    path = Path(os.environ.get("CTOOLS_SYSTEM_DEPS") or ROOT / ".venv" / "system-deps.txt")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None, {}
    lacking = {}
    for line in lines[1:]:
        package, probe, *_ = [*line.split("\t"), "", ""]
        kind, _, names = probe.partition(":")
        for name in names.split(","):  # cmd:pdftotext,pdffonts: one package, several tools
            lacking[f"{kind}:{name}"] = package
    return (lines[0] if lines else None), lacking


def _require(probe: str, present: bool, what: str) -> None:
    if present:
        return
    verdict, lacking = installer_report()
    if probe in lacking and verdict is not None and verdict.startswith("could-not-install"):
        reason = verdict.removeprefix("could-not-install:").strip()
        pytest.skip(f"{what} is missing ({reason}): apt-get install {lacking[probe]}")
    pytest.fail(
        f"{what} is missing although the installer did not report it: run {INSTALLER.name} "
        "(make test does) or install it; tests are never skipped for a tool silently",
        pytrace=False,
    )


def require_tool(name: str) -> str:
    """The path of command ``name``; skip (with the installer's reason) or fail without it."""
    found = shutil.which(name)
    _require(f"cmd:{name}", found is not None, f"`{name}`")
    assert found is not None
    return found


def require_font(family: str) -> None:
    """Skip (with the installer's reason) or fail when fontconfig does not know ``family``."""
    fc_list = require_tool("fc-list")
    out = subprocess.run([fc_list, family, "family"], capture_output=True, text=True, timeout=60)
    _require(f"font:{family}", bool(out.stdout.strip()), f"the font {family}")


def pytest_report_header() -> list[str]:
    verdict, lacking = installer_report()
    if verdict is None:
        return [f"system packages: {INSTALLER.name} has not reported (make test runs it)"]
    if not lacking:
        return ["system packages: all installed"]
    return [f"system packages: {verdict}; missing {' '.join(sorted(set(lacking.values())))}"]


TEX_TOOLS = ("lualatex", "pdftotext", "pdffonts", "pdftoppm", "pdfinfo")
TEX_FONTS = ("NanumMyeongjo", "NanumGothic", "NanumGothicCoding", "Symbola")  # Hangul; emoji


@pytest.fixture(scope="session")
def tex() -> None:
    """LuaLaTeX, poppler and the fonts (scripts/install-system-deps.sh installs them): for every
    test module that compiles (``@pytest.mark.usefixtures("tex")``)."""
    for tool in TEX_TOOLS:
        require_tool(tool)
    for font in TEX_FONTS:
        require_font(font)
