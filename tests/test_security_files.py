"""Data safety and bounded cost (issue 12, items 5, 6, 9, 10, 12, 13, 14): every reproduction.
Item 11 (the markup budget) is in ``test_security_budget.py``.

Each test runs the real command in a subprocess (as a user would) and checks the user's
data byte for byte. The README's "Guarantees" section names these tests.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from curriculum_tools import io as cio
from curriculum_tools.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
IS_ROOT = os.geteuid() == 0
MOJIBAKE = "# Café\n\nGrüße aus Köln, ein schöner Tag.\n".encode().decode("cp1252")
FIXED = "# Café\n\nGrüße aus Köln, ein schöner Tag.\n"


def ctools(
    *args: str,
    cwd: Path,
    timeout: float = 180,
    preexec: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real CLI in a fresh process, without caches (``env`` adds variables)."""
    full = {**os.environ, "PYTHONPATH": str(ROOT), "CTOOLS_NO_CACHE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "curriculum_tools", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env=full,
        preexec_fn=preexec,
    )


def one_line_errors(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "internal error" not in result.stderr, result.stderr


def pair_root(tmp: Path, en: str = "# A\n\ntext\n", ko: str = "# 가\n\n본문\n") -> Path:
    src = tmp / "src"
    (src / "en").mkdir(parents=True, exist_ok=True)
    (src / "ko").mkdir(parents=True, exist_ok=True)
    (src / "en" / "a.md").write_text(en, encoding="utf-8")
    (src / "ko" / "a.md").write_text(ko, encoding="utf-8")
    return src


# --- item 5: exports never destroy what ctools did not make ------------------------------------


def test_export_keeps_a_users_files_in_the_output_folder(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    (tmp_path / "d" / "html").mkdir(parents=True)
    notes = tmp_path / "d" / "html" / "notes.txt"
    notes.write_text("my notes")
    result = ctools("export", "-f", "html", "--out", "d", str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "d/html" in result.stderr and "--force" in result.stderr
    assert notes.read_text() == "my notes"
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["html"]


def test_export_refuses_a_regular_file_at_the_destination(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "html").write_text("a file")
    result = ctools("export", "-f", "html", "-f", "anki", "--out", "build", str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "is a file" in result.stderr
    assert (tmp_path / "build" / "html").read_text() == "a file"
    assert (tmp_path / "build" / "anki" / ".ctools-export.json").is_file(), "anki still exported"


@pytest.mark.parametrize("force", [False, True])
def test_export_never_follows_a_symlink_out_of_the_output_root(tmp_path: Path, force: bool) -> None:
    src = pair_root(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "html").symlink_to(outside)
    args = ["export", "-f", "html", "--out", "build", str(src)] + (["--force"] if force else [])
    result = ctools(*args, cwd=tmp_path)
    one_line_errors(result)
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt"]
    assert (outside / "keep.txt").read_text() == "precious"
    if force:  # the link itself is replaced by a real folder; its target is never touched
        assert result.returncode == 0, result.stderr
        assert not (tmp_path / "build" / "html").is_symlink()
        assert (tmp_path / "build" / "html" / "index.html").is_file()
    else:
        assert result.returncode == 2 and "symlink" in result.stderr


def test_export_out_in_ctools_yaml_obeys_the_same_rules(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    (tmp_path / "ctools.yaml").write_text("source: src\nexport:\n  out: site\n")
    (tmp_path / "site" / "html").mkdir(parents=True)
    (tmp_path / "site" / "html" / "index.html").write_text("hand-written page")
    result = ctools("export", "-f", "html", cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "site/html" in result.stderr
    assert (tmp_path / "site" / "html" / "index.html").read_text() == "hand-written page"
    assert src.is_dir()


def test_export_keeps_a_file_a_user_added_to_an_export(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    assert ctools("export", "-f", "html", "--out", "out", str(src), cwd=tmp_path).returncode == 0
    cname = tmp_path / "out" / "html" / "CNAME"
    cname.write_text("docs.example.org")
    result = ctools("export", "-f", "html", "--out", "out", str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "CNAME" in result.stderr
    assert cname.read_text() == "docs.example.org"


def test_export_replaces_only_its_own_folders(tmp_path: Path) -> None:
    """A folder ctools made is replaced whole (no stale files), an empty one is used."""
    src = pair_root(tmp_path)
    (tmp_path / "out" / "html").mkdir(parents=True)  # empty: nothing to lose
    first = ctools("export", "-f", "html", "--out", "out", str(src), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (src / "en" / "a.md").rename(src / "en" / "b.md")
    (src / "ko" / "a.md").rename(src / "ko" / "b.md")
    second = ctools("export", "-f", "html", "--out", "out", str(src), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    pages = {p.name for p in (tmp_path / "out" / "html").rglob("*.html")}
    assert "b.html" in pages and "a.html" not in pages


def test_sigterm_leaves_no_staging_folders(tmp_path: Path) -> None:
    src = tmp_path / "src"
    for lang in ("en", "ko"):
        (src / lang).mkdir(parents=True)
        for i in range(150):
            body = "".join(f"## {j}. Part {j}\n\ntext {j} *x* `c`\n\n" for j in range(1, 30))
            (src / lang / f"d{i}.md").write_text(f"# Doc {i}\n\n{body}", encoding="utf-8")
    out = tmp_path / "build"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CTOOLS_NO_CACHE": "1"}
    cmd = [sys.executable, "-m", "curriculum_tools", "export", "-f", "html", "--out", str(out)]
    proc = subprocess.Popen([*cmd, str(src)], cwd=tmp_path, env=env, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(out.glob(".html.new-*")):
        time.sleep(0.05)
    assert any(out.glob(".html.new-*")), "the export should be staging by now"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0 and b"Traceback" not in err
    assert not [p.name for p in out.iterdir() if ".new-" in p.name or ".old-" in p.name]
    # SIGKILL cannot be caught: the next export removes what the dead run left
    proc = subprocess.Popen([*cmd, str(src)], cwd=tmp_path, env=env, stderr=subprocess.PIPE)
    while not any(out.glob(".html.new-*")):
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert any(out.glob(".html.new-*"))
    pair_root(tmp_path / "small")
    result = ctools(
        "export", "-f", "html", "--out", str(out), str(tmp_path / "small" / "src"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert not [p.name for p in out.iterdir() if ".new-" in p.name or ".old-" in p.name]


# --- item 6: one atomic in-place writer for every command that rewrites a file --------------


def _fix_encoding(tmp: Path) -> tuple[list[str], Path, bytes]:
    path = tmp / "notes.md"
    path.write_text(MOJIBAKE, encoding="utf-8")
    return ["fix-encoding", str(path)], path, FIXED.encode()


def _lint_fix(tmp: Path) -> tuple[list[str], Path, bytes]:
    src = pair_root(tmp, en=MOJIBAKE, ko="# 카페\n\n쾰른에서 인사드립니다.\n")
    return ["lint", "--fix", str(src)], src / "en" / "a.md", FIXED.encode()


def _scaffold_sections(tmp: Path) -> tuple[list[str], Path, bytes]:
    src = pair_root(tmp, en="# A\n\nintro\n\n## B\n\nmore\n", ko="# 가\n\n소개\n")
    result = ctools("scaffold", "--sections", str(src / "en" / "a.md"), cwd=tmp)
    expected = (src / "ko" / "a.md").read_bytes()
    (src / "ko" / "a.md").write_text("# 가\n\n소개\n", encoding="utf-8")
    assert result.returncode == 0, result.stderr
    return ["scaffold", "--sections", str(src / "en" / "a.md")], src / "ko" / "a.md", expected


def _mark_synced(tmp: Path) -> tuple[list[str], Path, bytes]:
    src = pair_root(tmp)
    lock = tmp / "ctools.lock.yaml"
    (tmp / "ctools.yaml").write_text("source: src\n")
    assert ctools("status", "--mark-synced", str(src), cwd=tmp).returncode == 0
    expected = lock.read_bytes()
    lock.write_text("documents: {}\n")
    return ["status", "--mark-synced", str(src)], lock, expected


WRITERS = {
    "fix-encoding": _fix_encoding,
    "lint --fix": _lint_fix,
    "scaffold --sections": _scaffold_sections,
    "status --mark-synced": _mark_synced,
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_writers_write_through_symlinks(tmp_path: Path, writer: str) -> None:
    args, path, expected = WRITERS[writer](tmp_path)
    real = path.parent / ".real-file"  # hidden, inside the same folder (links out are skipped)
    real.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(real)
    result = ctools(*args, cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode in (0, 1), result.stderr
    assert path.is_symlink() and os.readlink(path) == str(real)
    assert real.read_bytes() == expected


def test_writers_write_through_symlinks_out_of_a_loose_folder(tmp_path: Path) -> None:
    """A file the user names that links to another folder, with no project (``ctools.yaml``
    or ``.git``) around it: written through to its target, the link kept. Inside a project
    the same link is refused (``test_security_redteam::
    test_a_file_named_on_the_command_line_never_leads_out_of_the_project``)."""
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    work.mkdir()
    elsewhere.mkdir()
    real = elsewhere / "notes.md"
    real.write_text(MOJIBAKE, encoding="utf-8")
    link = work / "notes.md"
    link.symlink_to(real)
    result = ctools("fix-encoding", str(link), cwd=work)
    one_line_errors(result)
    assert result.returncode in (0, 1), result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == FIXED.encode()


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_writers_refuse_to_split_hard_links(tmp_path: Path, writer: str) -> None:
    args, path, _ = WRITERS[writer](tmp_path)
    before = path.read_bytes()
    twin = tmp_path / "twin"
    os.link(path, twin)
    result = ctools(*args, cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "hard link" in result.stderr, result.stderr
    assert path.read_bytes() == twin.read_bytes() == before
    assert os.stat(path).st_ino == os.stat(twin).st_ino


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_writers_keep_mode_owner_and_group(tmp_path: Path, writer: str) -> None:
    args, path, expected = WRITERS[writer](tmp_path)
    path.chmod(0o640)
    if IS_ROOT:
        os.chown(path, 65534, 65534)
    before = os.stat(path)
    result = ctools(*args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    after = os.stat(path)
    assert path.read_bytes() == expected
    assert (after.st_mode, after.st_uid, after.st_gid) == (
        before.st_mode,
        before.st_uid,
        before.st_gid,
    )


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_writers_refuse_read_only_files(tmp_path: Path, writer: str) -> None:
    args, path, _ = WRITERS[writer](tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    result = ctools(*args, cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "read-only" in result.stderr, result.stderr
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o444


@pytest.mark.parametrize("writer", ["fix-encoding", "lint --fix", "scaffold --sections"])
def test_writers_keep_bom_and_crlf(tmp_path: Path, writer: str) -> None:
    args, path, expected = WRITERS[writer](tmp_path)
    text = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + text)
    result = ctools(*args, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + expected.replace(b"\n", b"\r\n")
    check = ctools("fix-encoding", "--check", str(path), cwd=tmp_path)
    assert check.returncode == 0 and "---" not in check.stdout, check.stderr


def test_clean_bom_file_passes_fix_encoding_check(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf# Title\r\n\r\nclean text\r\n")
    before = path.read_bytes()
    assert ctools("fix-encoding", "--check", str(path), cwd=tmp_path).returncode == 0
    assert ctools("fix-encoding", str(path), cwd=tmp_path).returncode == 0
    assert path.read_bytes() == before


def test_replace_file_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "x.md"
    path.write_text("old")
    with pytest.raises(InputError, match="changed while"):
        cio.replace_file(path, b"new", expect=b"older")
    assert path.read_text() == "old"
    assert cio.rewrite_text(path, "old", b"old") is False  # unchanged bytes: nothing written


# --- item 9: duplicate ids ------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["export", "-f", "anki", "--out", "out"],
        ["export", "-f", "html", "--out", "out"],
        ["status"],
        ["align"],
    ],
)
def test_duplicate_ids_are_an_error_naming_both_files(tmp_path: Path, command: list[str]) -> None:
    src = pair_root(tmp_path, en="---\nid: intro\n---\n# A\n\ntext\n")
    (src / "en" / "b.md").write_text("---\nid: intro\n---\n# B\n\nother\n")
    (src / "ko" / "a.md").write_text("---\nid: intro\n---\n# 가\n\n본문\n")
    result = ctools(*command, str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2, result.stderr
    line = next(x for x in result.stderr.splitlines() if "duplicate id" in x)
    assert "en/a.md" in line and "en/b.md" in line


def test_lint_reports_duplicate_ids_as_an_error(tmp_path: Path) -> None:
    src = pair_root(tmp_path, en="---\nid: intro\n---\n# A\n\ntext\n")
    (src / "en" / "b.md").write_text("---\nid: intro\n---\n# B\n\nother\n")
    result = ctools("lint", str(src), cwd=tmp_path)
    assert result.returncode != 0 and "duplicate id `intro`" in result.stdout, result.stdout


# --- item 10: YAML bombs --------------------------------------------------------------------

BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    "command", [["status"], ["align"], ["lint"], ["export", "-f", "html", "--out", "o"]]
)
def test_alias_bomb_in_front_matter_is_refused_fast(tmp_path: Path, command: list[str]) -> None:
    src = pair_root(tmp_path, en=f"---\n{BOMB}---\n# A\n\ntext\n")
    start = time.monotonic()
    result = ctools(*command, str(src), cwd=tmp_path, timeout=60)
    assert time.monotonic() - start < 30
    one_line_errors(result)
    assert "aliases" in result.stderr + result.stdout
    assert "a.md:2" in result.stderr + result.stdout


def test_alias_bomb_in_ctools_yaml_is_refused(tmp_path: Path) -> None:
    pair_root(tmp_path)
    (tmp_path / "ctools.yaml").write_text("source: src\nignore: &i [x]\nlock: *i\n")
    result = ctools("lint", cwd=tmp_path, timeout=60)
    assert result.returncode == 2 and "ctools.yaml:2" in result.stderr, result.stderr


@pytest.mark.parametrize("where", ["front matter", "ctools.yaml"])
def test_deep_flow_lists_give_one_line_errors(tmp_path: Path, where: str) -> None:
    # 1,500 levels still overflow Python's recursion limit; 5,000 are the example
    depth = 5_000
    deep = "x: " + "[" * depth + "]" * depth + "\n"
    path = tmp_path / "doc.md"
    if where == "front matter":
        path.write_text(f"---\n{deep}---\n# A\n")
    else:
        path.write_text("# A\n")
        (tmp_path / "ctools.yaml").write_text(deep)
    result = ctools("tree", str(path), cwd=tmp_path)
    one_line_errors(result)
    lines = [x for x in result.stderr.splitlines() if "nest" in x]
    assert len(lines) == 1 and ("doc.md:2" in lines[0] or "ctools.yaml:1" in lines[0]), (
        result.stderr
    )


# --- item 12: one bounded reader ------------------------------------------------------------

READERS = {
    "tree": ["tree"],
    "lint": ["lint"],
    "fix-encoding": ["fix-encoding", "--check"],
    "status": ["status"],
    "align": ["align"],
    "export": ["export", "-f", "html", "--out", "o"],
}


@pytest.mark.parametrize("command", sorted(READERS))
def test_files_over_the_limit_are_refused_by_every_command(tmp_path: Path, command: str) -> None:
    big = tmp_path / "big.md"
    with open(big, "wb") as handle:  # sparse: 70 MB that cost nothing to make
        handle.write(b"# Big\n\n")
        handle.truncate(70 * 1024 * 1024)
    result = ctools(*READERS[command], str(big), cwd=tmp_path, timeout=60)
    one_line_errors(result)
    assert "too large" in result.stderr + result.stdout and result.returncode != 0


@pytest.mark.parametrize("command", sorted(READERS))
@pytest.mark.parametrize("kind", ["fifo", "dev-zero-link"])
def test_fifos_and_devices_are_refused_without_blocking(
    tmp_path: Path, command: str, kind: str
) -> None:
    special = tmp_path / "special.md"
    if kind == "fifo":
        os.mkfifo(special)
    else:
        special.symlink_to("/dev/zero")
    result = ctools(*READERS[command], str(special), cwd=tmp_path, timeout=30)
    one_line_errors(result)
    assert "special.md" in result.stderr + result.stdout and result.returncode != 0


def test_standard_input_is_bounded_too(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run(
            [sys.executable, "-m", "curriculum_tools", "fix-encoding", "-"],
            stdin=zero,
            capture_output=True,
            timeout=60,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=tmp_path,
        )
    assert result.returncode == 2 and b"<stdin>: input too large" in result.stderr


def test_bounded_reader_reads_at_most_the_limit_plus_one_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """/proc files report size 0, so only the read loop can stop them."""
    seen: list[int] = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        data = real_read(fd, n)
        seen.append(len(data))
        return data

    monkeypatch.setattr(cio.os, "read", counting)
    with pytest.raises(InputError, match="too large"):
        cio.read_bytes(Path("/proc/self/status"), limit=100)
    assert sum(seen) == 101


# --- items 13 and 14: input problems are one-line messages, the run goes on -------------------


@pytest.mark.parametrize("fmt", ["html", "anki", "latex"])
def test_non_utf8_file_names_are_named_and_skipped(tmp_path: Path, fmt: str) -> None:
    src = pair_root(tmp_path)
    bad = os.fsencode(src / "en") + b"/b\xff.md"
    with open(bad, "w", encoding="utf-8") as handle:
        handle.write("# B\n\ntext\n")
    result = ctools("export", "-f", fmt, "--out", "out", str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2
    assert "b\\xff.md" in result.stderr and "UTF-8" in result.stderr
    assert (tmp_path / "out" / fmt / ".ctools-export.json").is_file()


def test_newline_in_a_file_name_is_escaped_in_the_text_format(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    (src / "en" / "c\nd.md").write_text("# C\n\ntext\n")
    result = ctools("lint", str(src), cwd=tmp_path)
    one_line_errors(result)
    lines = result.stdout.splitlines()
    assert any("c\\nd.md:1:1:" in x for x in lines), result.stdout
    assert all(x.split(":")[1].isdigit() for x in lines), lines


def _read_only_folder(folder: Path, on: bool) -> None:
    """Make ``folder`` read-only: ``chattr +i`` as root (root ignores mode bits), else 0o555."""
    if IS_ROOT:
        done = subprocess.run(["chattr", "+i" if on else "-i", str(folder)], capture_output=True)
        if done.returncode and on:
            pytest.skip("chattr +i is not available to make a folder read-only for root")
    else:
        folder.chmod(0o555 if on else 0o755)


@pytest.mark.parametrize("command", [["fix-encoding"], ["lint", "--fix"]])
def test_read_only_folder_is_a_message_and_the_run_goes_on(
    tmp_path: Path, command: list[str]
) -> None:
    src = pair_root(tmp_path, en=MOJIBAKE, ko="# 카페\n\n쾰른에서 인사드립니다.\n")
    (src / "ko" / "b.md").write_text(MOJIBAKE)
    (src / "en" / "b.md").write_text("# B\n\nplain\n")
    _read_only_folder(src / "en", True)  # en/a.md inside cannot be replaced; ko/b.md can
    try:
        result = ctools(*command, str(src), cwd=tmp_path)
    finally:
        _read_only_folder(src / "en", False)
    one_line_errors(result)
    assert result.returncode == 2, result.stderr
    line = next(x for x in result.stderr.splitlines() if "a.md" in x and "write" in x)
    assert "cannot write" in line and ("ermission denied" in line or "not permitted" in line)
    assert (src / "en" / "a.md").read_text() == MOJIBAKE
    assert (src / "ko" / "b.md").read_text() == FIXED, "the other file is still repaired"
    assert not list(src.rglob(".*.tmp"))


def _small_file_limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (40, 40))  # writes fail as on a full disk


def test_write_failure_mid_file_is_a_message_and_leaves_the_original(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text(MOJIBAKE * 3)
    small = tmp_path / "small.md"
    small.write_text("# Ã©\n")  # 'é' as mojibake; the repair is 7 bytes
    result = ctools("fix-encoding", str(tmp_path), cwd=tmp_path, preexec=_small_file_limit)
    one_line_errors(result)
    assert result.returncode == 2 and "big.md" in result.stderr and "cannot write" in result.stderr
    assert big.read_text() == MOJIBAKE * 3
    assert small.read_text() == "# é\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def _export_file_limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_FSIZE, (3000, 3000))  # the stylesheet does not fit


def test_full_disk_during_export_is_a_message_and_leaves_no_staging(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    result = ctools(
        "export", "-f", "html", "--out", "out", str(src), cwd=tmp_path, preexec=_export_file_limit
    )
    one_line_errors(result)
    assert result.returncode == 2 and "cannot write" in result.stderr, result.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [".html.lock"] or not list(
        (tmp_path / "out").iterdir()
    )


def test_export_into_a_folder_it_cannot_write_is_a_message(tmp_path: Path) -> None:
    src = pair_root(tmp_path)
    result = ctools("export", "-f", "html", "--out", "/proc/ctools-out", str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "/proc" in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("utf32.md", "# 제목\n".encode("utf-32"), "UTF-32"),
        ("utf16-ko.md", "# 제목\n\n한국어 본문입니다.\n".encode("utf-16-le"), "UTF-16"),
        ("nul.md", b"# Title\n\ntext with one \x00 NUL\n", "NUL"),
    ],
)
@pytest.mark.parametrize("command", [["tree"], ["lint"], ["status"], ["align"]])
def test_unreadable_text_is_named_and_never_skipped_as_binary(
    tmp_path: Path, name: str, data: bytes, expect: str, command: list[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = ctools(*command, str(path), cwd=tmp_path)
    one_line_errors(result)
    out = result.stderr + result.stdout
    assert expect in out and name in out and "binary" not in out, out
    assert result.returncode == 2, out  # lint too: reported as a finding, and an input error


def test_fix_encoding_check_fails_on_text_with_a_nul(tmp_path: Path) -> None:
    path = tmp_path / "nul.md"
    path.write_bytes(b"# Title\n\ntext with one \x00 NUL\n")
    result = ctools("fix-encoding", "--check", str(path), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "nul.md" in result.stderr and "skipped" not in result.stderr


def test_fix_encoding_names_utf32_as_utf32(tmp_path: Path) -> None:
    path = tmp_path / "utf32.md"
    path.write_bytes("# 제목\n".encode("utf-32"))
    result = ctools("fix-encoding", "--check", str(path), cwd=tmp_path)
    one_line_errors(result)
    assert "utf-32" in result.stderr.lower() and "utf-16" not in result.stderr.lower()


def test_binary_files_are_still_skipped(tmp_path: Path) -> None:
    (tmp_path / "img.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "ok.md").write_text("# Fine\n")
    result = ctools("fix-encoding", "--check", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0 and "skipped" in result.stderr


def test_utf16_without_bom_is_decoded_only_when_provable() -> None:
    assert cio.utf16_without_bom("# 제목\n\n한국어\n".encode("utf-16-le")) == "utf-16-le"
    assert cio.utf16_without_bom("# Title\n".encode("utf-16-be")) == "utf-16-be"
    assert cio.utf16_without_bom(b"\x00\x01\x02\x03") is None
    assert cio.utf16_without_bom(bytes(range(256)) * 2) is None


@pytest.mark.parametrize("command", [["status"], ["align"]])
def test_status_and_align_exit_2_when_a_file_cannot_be_read(
    tmp_path: Path, command: list[str]
) -> None:
    src = pair_root(tmp_path)
    (src / "ko" / "b.md").write_bytes("# 깨짐\n".encode("cp949"))
    result = ctools(*command, str(src), cwd=tmp_path)
    one_line_errors(result)
    assert result.returncode == 2 and "b.md:1: not valid UTF-8" in result.stderr
