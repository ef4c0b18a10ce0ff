"""``python -m curriculum_tools`` and the ``ctools`` console script."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


def _stop(signum: int, _frame: FrameType | None) -> None:
    """SIGTERM/SIGHUP: unwind like Ctrl-C, so staging folders and temporary files are removed
    by the code that made them (``finally`` blocks run; nothing half-written stays)."""
    signal.signal(signum, signal.SIG_DFL)  # a second signal stops at once
    raise SystemExit(128 + signum)


def main() -> None:
    """Run the CLI; exit codes: 0 ok, 1 findings/changes, 2 usage, configuration or input error.

    An unexpected exception is a bug in ctools: it is reported in one line (exit 2) instead
    of a traceback, unless ``CTOOLS_DEBUG=1`` asks for the traceback. Input problems never
    get here: they are one-line messages naming the file (:class:`~.errors.CtoolsError`).
    """
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    from .cli import main as cli

    try:
        cli.main(standalone_mode=True)
    except RecursionError:
        print("ctools: error: input nested too deeply to process", file=sys.stderr)
        sys.exit(2)
    except MemoryError:
        print("ctools: error: input too large to process in memory", file=sys.stderr)
        sys.exit(2)
    except Exception as exc:
        if os.environ.get("CTOOLS_DEBUG"):
            raise
        message = f"{type(exc).__name__}: {exc}".encode("utf-8", "backslashreplace").decode()
        print(
            f"ctools: internal error: {message} (this is a bug; CTOOLS_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
