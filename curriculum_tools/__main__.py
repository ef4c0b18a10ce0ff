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
    if sys.argv[1:2] == ["lint"]:
        _no_cycle_collection()
    from .cli import main as cli

    try:
        cli.main(standalone_mode=True)
    except SystemExit as done:
        _leave(done)
        raise
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


def _no_cycle_collection() -> None:
    """A ``ctools lint`` process runs without the cyclic garbage collector to its end.

    The run switches it off anyway (:func:`curriculum_tools.lint.no_cycle_collection`: it
    makes almost no cyclic garbage); switching it back on when the run returns would make
    the next allocation scan every object the run made (a tenth of a second on a large
    tree) just before the process exits. In-process callers (tests) get it back on.
    """
    import gc

    gc.disable()


def _leave(done: SystemExit) -> None:
    """Exit without tearing the interpreter down: freeing the millions of objects of a parsed
    corpus one by one costs a large run a few tenths of a second, after the work is done.

    Exit handlers (``atexit``, ``weakref.finalize``) still run and both streams are flushed;
    only the final deallocation is skipped. Done only when this is the only thread (nothing
    to join) and ``CTOOLS_DEBUG`` is unset; anything unusual returns and exits normally.
    """
    import atexit
    import threading

    code = done.code
    if not isinstance(code, int | None) or os.environ.get("CTOOLS_DEBUG"):
        return
    if threading.active_count() != 1:
        return
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: let the normal exit report it
        return
    os._exit(code or 0)


if __name__ == "__main__":
    main()
