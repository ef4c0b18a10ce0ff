"""scripts/install-system-deps.sh and the conftest helpers that turn its report into skips."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import INSTALLER, ROOT, installer_report, require_font, require_tool

PACKAGES = [
    "make",
    "git",
    "python3-venv",
    "fontconfig",
    "texlive-luatex",
    "texlive-latex-recommended",
    "fonts-nanum",
    "fonts-symbola",
    "poppler-utils",
    "chromium",
    "default-jre-headless",
]


def install(*args: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": path} if path is not None else None
    return subprocess.run(
        ["/bin/sh", str(INSTALLER), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def bare_path(tmp_path: Path) -> str:
    """A PATH with the shell utilities the script uses and nothing it checks for."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in ("awk", "grep", "mktemp", "rm", "mkdir", "dirname", "mv", "id", "sed", "tr"):
        found = shutil.which(tool)
        assert found is not None, tool
        (folder / tool).symlink_to(found)
    return str(folder)


def test_without_the_tools_it_lists_every_package_and_continues(tmp_path: Path) -> None:
    report = tmp_path / "deps.txt"
    result = install("--report", str(report), path=bare_path(tmp_path))
    assert result.returncode == 0, result.stderr
    for package in PACKAGES:
        assert f"\n  {package} " in result.stderr, package
    assert "no apt-get on this system" in result.stderr
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "could-not-install: no apt-get on this system"
    assert [line.split("\t")[0] for line in lines[1:]] == PACKAGES
    assert all(len(line.split("\t")) == 3 for line in lines[1:])


def test_check_reports_this_machine_truthfully(tmp_path: Path) -> None:
    """--check installs nothing; whatever it reports missing really is missing here."""
    report = tmp_path / "deps.txt"
    result = install("--check", "--report", str(report))
    assert result.returncode == 0, result.stderr
    verdict = report.read_text(encoding="utf-8").splitlines()
    if verdict == ["ok"]:
        assert result.stderr == ""
        return
    assert verdict[0] == "could-not-install: --check: nothing installed"
    for line in verdict[1:]:
        package, probe, _ = line.split("\t")
        kind, _, names = probe.partition(":")
        if kind == "cmd":
            assert not all(shutil.which(name) for name in names.split(",")), package
        assert package in result.stderr


def test_bad_usage_is_exit_2() -> None:
    result = install("--bogus")
    assert result.returncode == 2 and "usage:" in result.stderr


def _report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "deps.txt"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CTOOLS_SYSTEM_DEPS", str(path))


def test_missing_tool_is_skipped_only_when_the_installer_could_not_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(
        tmp_path,
        monkeypatch,
        "could-not-install: not root and no password-less sudo\n"
        "no-such-pkg\tcmd:no-such-tool-1,no-such-tool-2\tthe tests\n",
    )
    assert installer_report()[1] == {
        "cmd:no-such-tool-1": "no-such-pkg",
        "cmd:no-such-tool-2": "no-such-pkg",
    }
    with pytest.raises(pytest.skip.Exception, match=r"not root.*apt-get install no-such-pkg"):
        require_tool("no-such-tool-2")
    with pytest.raises(pytest.fail.Exception, match="did not report it"):
        require_tool("no-such-tool-3")  # missing, but the installer did not say so


def test_missing_tool_fails_when_the_installer_installed_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _report(tmp_path, monkeypatch, "ok\n")
    with pytest.raises(pytest.fail.Exception, match="`no-such-tool-1` is missing"):
        require_tool("no-such-tool-1")
    monkeypatch.setenv("CTOOLS_SYSTEM_DEPS", str(tmp_path / "never-written.txt"))
    with pytest.raises(pytest.fail.Exception):
        require_tool("no-such-tool-1")  # the installer never ran: no excuse either
    assert require_tool("sh").endswith("/sh")
    with pytest.raises(pytest.fail.Exception, match="the font No Such Family 42 is missing"):
        require_font("No Such Family 42")


@pytest.mark.parametrize("target", ["demo", "test", "test-fast"])
def test_make_targets_install_the_system_packages_first(target: str, tmp_path: Path) -> None:
    make = require_tool("make")
    venv = tmp_path / "venv"  # never made: -n only prints the commands
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    dry = subprocess.run(  # a make of its own, also when the suite runs under `make test`
        [make, "--no-print-directory", "-n", target, f"VENV={venv}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert dry.returncode == 0, dry.stderr
    commands = dry.stdout.splitlines()
    assert commands[0] == f"scripts/install-system-deps.sh --report {venv}/system-deps.txt"
    if target != "demo":
        (pytest_line,) = [c for c in commands if "/bin/pytest" in c]
        assert pytest_line.startswith(f"CTOOLS_SYSTEM_DEPS={venv}/system-deps.txt ")
        assert ('-m "not slow"' in pytest_line) == (target == "test-fast")


def test_ci_runs_make_test() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line and not line.startswith("#")][-1] == (
        "exec make test </dev/null"
    )
