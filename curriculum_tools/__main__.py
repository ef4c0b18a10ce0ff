"""``python -m curriculum_tools`` and the ``ctools`` console script."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run the CLI; exit codes: 0 ok, 1 findings/changes, 2 usage, configuration or input error.

    An unexpected exception is a bug in ctools: it is reported in one line (exit 2) instead
    of a traceback, unless ``CTOOLS_DEBUG=1`` asks for the traceback.
    """
    from .cli import main as cli

    try:
        cli.main(standalone_mode=True)
    except Exception as exc:
        if os.environ.get("CTOOLS_DEBUG"):
            raise
        print(
            f"ctools: internal error: {type(exc).__name__}: {exc} "
            "(this is a bug; CTOOLS_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
