"""The CLI's exit (``curriculum_tools.__main__``): skips the interpreter's teardown, keeps
exit codes, flushed output and exit handlers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import atexit, sys
from pathlib import Path
import curriculum_tools.__main__ as entry
import curriculum_tools.cli as cli
import click

@click.command()
@click.argument("code", type=int)
def finish(code):
    atexit.register(lambda: Path({marker!r}).write_text("handler ran"))
    class Loud:
        def __del__(self):
            Path({marker!r} + ".del").write_text("teardown ran")
    sys.modules["__main__"].keep = Loud()  # freed only by the interpreter's teardown
    click.echo("x" * 100000)  # more than one buffer: it must be flushed
    click.echo("to stderr", err=True)
    sys.exit(code)

cli.main.add_command(finish, "finish")
sys.argv = ["ctools", "finish", sys.argv[1]]
entry.main()
"""


def run(tmp_path: Path, code: int, **env: str) -> subprocess.CompletedProcess[str]:
    marker = str(tmp_path / "marker")
    script = tmp_path / "script.py"
    script.write_text(SCRIPT.format(marker=marker), encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if k != "CTOOLS_DEBUG"}
    environ.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, str(script), str(code)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )


def test_exit_keeps_code_output_and_handlers_but_skips_teardown(tmp_path: Path) -> None:
    for code in (0, 1, 2):
        done = run(tmp_path, code)
        assert done.returncode == code
        assert done.stdout == "x" * 100000 + "\n"
        assert done.stderr == "to stderr\n"
        assert (tmp_path / "marker").read_text() == "handler ran"
        assert not (tmp_path / "marker.del").exists()  # no teardown: objects are not freed
        (tmp_path / "marker").unlink()


def test_debug_mode_exits_normally(tmp_path: Path) -> None:
    done = run(tmp_path, 1, CTOOLS_DEBUG="1")
    assert done.returncode == 1
    assert (tmp_path / "marker").read_text() == "handler ran"
    assert (tmp_path / "marker.del").read_text() == "teardown ran"
