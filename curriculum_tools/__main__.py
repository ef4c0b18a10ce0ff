"""``python -m curriculum_tools`` and the ``ctools`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI; exit codes: 0 ok, 1 findings/changes, 2 usage or input error."""
    from .cli import main as cli

    sys.exit(cli.main(standalone_mode=True))


if __name__ == "__main__":
    main()
