"""Where exports land: staged, swapped into place, and never over what ctools did not make.

An export is built in a staging folder beside its destination (``.<name>.new-<pid>-*``)
and swapped in under a lock, so ``OUT/<format>/`` always holds one complete export, even
when two runs race. Every folder ctools creates carries a marker file, :data:`MARKER`
(a manifest of the files it wrote); only such a folder, or an empty one, is ever replaced.
An existing folder without the marker, a regular file or a symlink at the destination is
refused with exit 2 and a message; ``--force`` replaces it anyway, but a symlink is then
removed as a link, never followed, so nothing outside the output root is touched.

Staging folders are removed when the export fails or the process is told to stop
(SIGTERM/SIGINT/SIGHUP become :class:`SystemExit` in ``__main__``, and the swap itself runs
with those signals blocked); folders left by a killed run (SIGKILL) are removed by the next
export once their process is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import CtoolsError

MARKER = ".ctools-export.json"
"""The manifest in every folder an export created: ``{"tool": "ctools", "files": [...]}``."""
_STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?:new|old)-(?P<pid>\d+)-")


class OutputRefused(CtoolsError):
    """The destination holds something ctools did not make; nothing was replaced."""


def _manifest(folder: Path) -> set[str] | None:
    """The files ``folder``'s marker lists, or None when ctools did not make ``folder``."""
    marker = folder / MARKER
    try:
        if folder.is_symlink() or marker.is_symlink() or not marker.is_file():
            return None
        data = json.loads(marker.read_text("utf-8"))
        if data.get("tool") != "ctools" or not isinstance(data.get("files"), list):
            return None
        return {str(name) for name in data["files"]}
    except (OSError, ValueError, AttributeError):
        return None


def _files(folder: Path) -> set[str]:
    """Every file and symlink under ``folder`` (links are not followed), relative."""
    found = set()
    for base, dirs, names in os.walk(folder):
        for name in names + [d for d in dirs if os.path.islink(os.path.join(base, d))]:
            found.add(Path(base, name).relative_to(folder).as_posix())
    return found - {MARKER}


def made_by_ctools(folder: Path) -> bool:
    """True when ``folder`` carries the marker of an export and holds nothing else: a file a
    user added afterwards (a ``CNAME``, notes) would be lost, so it makes the folder foreign."""
    listed = _manifest(folder)
    return listed is not None and _files(folder) <= listed


def check_destination(final: Path, *, force: bool = False) -> None:
    """Refuse (exit 2) to replace ``final`` unless ctools made it, it is an empty folder or
    nothing, or ``force`` is given. A symlink is never followed."""
    try:
        info = os.lstat(final)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputRefused(f"cannot inspect the output folder: {exc.strerror}", final) from None
    if force:
        return
    hint = "; remove it or choose another --out (or pass --force to replace it)"
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(final)
        raise OutputRefused(f"is a symlink (to {target}), not a folder ctools made{hint}", final)
    if not stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"is a file, not a folder ctools made{hint}", final)
    if not any(final.iterdir()):
        return
    listed = _manifest(final)
    if listed is None:
        raise OutputRefused(f"holds files ctools did not write (no {MARKER}){hint}", final)
    extra = sorted(_files(final) - listed)
    if extra:
        raise OutputRefused(
            f"holds {len(extra)} file(s) an export did not write, e.g. `{extra[0]}`{hint}", final
        )


def write_manifest(folder: Path) -> None:
    """Mark ``folder`` as made by ctools, listing every file written into it."""
    files = sorted(_files(folder))
    data = {
        "tool": "ctools",
        "note": "made by `ctools export`; replaced by the next one",
        "files": files,
    }
    (folder / MARKER).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")


@contextlib.contextmanager
def staged_output(final: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a fresh staging folder beside ``final``; on success swap it into place.

    Two exports into the same folder never mix files: each writes its own staging folder
    and the swap happens under a lock, so the folder holds one complete export or the other.
    The destination is checked before the export starts and again under the lock. On error
    (or a stop signal) the staging folder is removed and ``final`` is left as it was.
    Write failures (read-only folder, full disk) become a one-line :class:`CtoolsError`.
    """
    check_destination(final, force=force)  # named as the user gave it
    final = final.parent.resolve() / final.name  # the parent may be a link; ``final`` never
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(final)
        stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-{os.getpid()}-", dir=final.parent))
    except OSError as exc:
        raise CtoolsError(f"cannot write: {exc.strerror}", final.parent) from None
    try:
        yield stage
        write_manifest(stage)
        os.chmod(stage, 0o755)
        _swap(stage, final, force)
    except OSError as exc:
        raise CtoolsError(f"cannot write: {exc.strerror}", exc.filename or final) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _swap(stage: Path, final: Path, force: bool) -> None:
    import fcntl

    lock_path = final.parent / f".{final.name}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    old: Path | None = None
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        check_destination(final, force=force)  # again: another run may have put something there
        if os.path.lexists(final):
            old = Path(
                tempfile.mkdtemp(prefix=f".{final.name}.old-{os.getpid()}-", dir=final.parent)
            )
            os.rename(final, old / "x")  # renames a symlink itself, never its target
        try:
            os.rename(stage, final)
        except OSError:
            if old is not None:
                os.rename(old / "x", final)  # put the previous export back
            raise
    finally:
        os.close(fd)
        if old is not None:
            _remove(old / "x")
            shutil.rmtree(old, ignore_errors=True)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _remove(path: Path) -> None:
    """Remove a file, a symlink (only the link) or a folder (not following links in it)."""
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(OSError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _remove_leftovers(final: Path) -> None:
    """Remove staging and old folders of ``final`` left by runs that no longer exist."""
    prefix = f".{final.name}."
    for entry in final.parent.iterdir():
        match = _LEFTOVER.match(entry.name)
        if not entry.name.startswith(prefix) or not match or match["name"] != final.name:
            continue
        if entry.is_symlink() or not entry.is_dir() or _alive(int(match["pid"])):
            continue
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of this very process is only left by an earlier, dead run
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
