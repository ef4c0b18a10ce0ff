"""Symlinks never take ctools out of the project it works on.

A repository can hold symlinks (git stores them), and a command is often given the files
of a commit by name (a pre-commit hook, CI on a pull request): ``source/en/a.md ->
~/.bashrc`` must not make ``fix-encoding`` or ``lint --fix`` rewrite ``~/.bashrc``, nor
``lint`` or ``export`` quote or publish ``~/.ssh/id_rsa``. Walking a folder already skips
links leading out of it; :func:`leads_out` decides the same for a path given by name, and
:mod:`.io` asks it before every read and every write.

The project of a path is the nearest folder above it holding ``ctools.yaml`` or ``.git``
(a checkout, which is what a stranger's repository arrives as). A path leads out when its
real location (every symlink on the way resolved) is outside the real location of that
folder. Paths without symlinks never do, so a project that is itself reached through a
symlink, or lives in a linked home folder, is unaffected. A path with no project above it
has no boundary to keep: a link named by the user is followed, and the in-place writers
write through it to its target (issue 12, item 6:
``test_security_files::test_writers_write_through_symlinks_out_of_a_loose_folder``).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

MARKERS = ("ctools.yaml", ".git")
"""What marks the top of a project."""


def project_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` holding a :data:`MARKERS` entry (absolute,
    symlinks not resolved), None when no folder above it does."""
    here = folder
    while True:
        if any(os.path.lexists(os.path.join(here, marker)) for marker in MARKERS):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    """``realpath`` of a folder, once per run (a tree of 800 files has a few dozen)."""
    return os.path.realpath(folder)


def leads_out(path: Path | str) -> str | None:
    """The real location of ``path`` when symlinks take it outside its project, else None."""
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    if os.path.islink(absolute):
        real = os.path.realpath(absolute)
    else:
        real = os.path.join(_real_folder(folder), name)
    if real == absolute:
        return None
    folder_root = project_root(os.path.dirname(absolute))
    if folder_root is None:
        return None  # no project around it: nothing to confine the user's own link to
    root = os.path.realpath(folder_root)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return real


def inside_the_project(folder: Path | str, start: Path | str | None = None) -> bool:
    """Whether ``folder`` lies in the project around ``start`` (default: the current folder):
    the nearest folder above it holding ``ctools.yaml`` or ``.git``, unless that is the home
    folder (a dotfiles repository). A cache of pickles there could be planted by a commit."""
    here = os.path.abspath(start or os.getcwd())
    root = project_root(here)
    if root is None:
        return False
    real_root = os.path.realpath(root)
    if real_root == os.path.realpath(os.path.expanduser("~")):
        return False
    real = os.path.realpath(folder)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
