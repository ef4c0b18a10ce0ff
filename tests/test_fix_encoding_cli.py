"""`ctools fix-encoding` at the edges: in place, atomic, --check, --diff, stdin, reports."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, ctools_command, run_ctools, seed

EXPECTED = (FIXTURES / "encoding" / "seed002.expected.md").read_bytes()


def ctools(*args: str, cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return run_ctools(*args, cwd=cwd, stdin=stdin, binary=True)


def test_repairs_seed_002_in_place_and_reports(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    # one more line whose emoji lost a byte: too uncertain to write (the model cannot tell 🎁
    # from 🍁), so it is reported with its line and left as found
    gift = "\n선물 🎁 받았어요.\n".encode().decode("cp1254", errors="ignore").encode()
    target.write_bytes(seed("002").read_bytes() + gift)
    target.chmod(0o640)
    result = ctools("fix-encoding", str(target), cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 0, err
    assert "mojibake cp1254" in err and "reconstructed" in err
    last = len(seed("002").read_bytes().splitlines()) + 1
    assert f"notes.md:{last}:" in err and "uncertain" in err  # the uncertain spot, with its line
    repaired = target.read_bytes()
    assert repaired.decode().splitlines()[-1].startswith("선물 ğŸ 받았어요")
    repaired = repaired.removesuffix(b"\n" + repaired.splitlines(keepends=True)[-1])
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    differing = [
        (a, b)
        for a, b in zip(repaired.decode().splitlines(), EXPECTED.decode().splitlines(), strict=True)
        if a != b
    ]
    assert len(differing) <= 2, differing  # the two known real-word confusions (쌍/음)
    written = target.read_bytes()
    again = ctools("fix-encoding", str(target), cwd=tmp_path)
    assert again.returncode == 0 and target.read_bytes() == written, "second run changes nothing"


def test_check_and_diff_write_nothing(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    original = seed("002").read_bytes()
    target.write_bytes(original)
    check = ctools("fix-encoding", "--check", str(tmp_path), cwd=tmp_path)
    assert check.returncode == 1 and target.read_bytes() == original
    diff = ctools("fix-encoding", "--diff", str(target), cwd=tmp_path)
    assert diff.returncode == 1 and target.read_bytes() == original
    out = diff.stdout.decode()
    assert out.startswith("--- a/") and "+- [Transformer 구조](#transformer-구조)" in out


def test_clean_files_are_never_touched(tmp_path: Path) -> None:
    files = {
        "en.md": b"# Title\r\n\r\nCRLF stays CRLF, caf\xc3\xa9.\r\n",
        "ko.md": "# 제목\n\n`Ã©` 는 모지바케의 예입니다.\n".encode(),
        "bom.txt": b"not markdown",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}
    result = ctools("fix-encoding", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()} == before


def test_legacy_encodings_become_utf8(tmp_path: Path) -> None:
    text = "# 안내\n\n한국어 문서를 CP949로 저장했습니다. 변환되어야 합니다.\n"
    (tmp_path / "cp949.md").write_bytes(text.encode("cp949"))
    (tmp_path / "utf16.md").write_bytes(text.encode("utf-16"))
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = ctools("fix-encoding", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    err = result.stderr.decode()
    assert (
        "decoded from cp949" in err or "decoded from euc-kr" in err
    ) and "decoded from utf-16" in err
    for name in ("cp949.md", "utf16.md"):
        assert (tmp_path / name).read_bytes() == text.encode(), name
    # clean UTF-8 with a byte order mark is not touched: the BOM stays
    assert (tmp_path / "bom.md").read_bytes() == b"\xef\xbb\xbf" + text.encode()


def test_binary_is_skipped_and_undecodable_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert ctools("fix-encoding", str(tmp_path), cwd=tmp_path).returncode == 0
    (tmp_path / "tiny.md").write_bytes(b"\xff\xfe\xfd")
    result = ctools("fix-encoding", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert b"tiny.md" in result.stderr and b"Traceback" not in result.stderr


def test_stdin_to_stdout() -> None:
    result = ctools("fix-encoding", "-", cwd=Path.cwd(), stdin=seed("002").read_bytes())
    assert result.returncode == 0
    assert result.stdout.decode().startswith("# Chapter 1.")
    assert "[Transformer 구조](#transformer-구조)" in result.stdout.decode()


@pytest.mark.slow
@pytest.mark.parametrize("command", [["fix-encoding"], ["lint", "--fix"]])
def test_sigkill_leaves_old_or_new_files_only(tmp_path: Path, command: list[str]) -> None:
    """Kill the command at random points while it rewrites many files: each file is whole."""
    import random

    damaged = seed("002").read_bytes()
    work = tmp_path / "src" / "ko"
    work.mkdir(parents=True)
    for i in range(40):
        (work / f"n{i:02}.md").write_bytes(damaged)
    done = tmp_path / "done" / "ko"
    done.mkdir(parents=True)
    (done / "n.md").write_bytes(damaged)
    ctools(*command, str(done / "n.md"), cwd=tmp_path)
    new = (done / "n.md").read_bytes()
    assert new != damaged
    rng = random.Random(7)
    for _ in range(4):
        proc = subprocess.Popen(
            ctools_command(*command, str(work)),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 2.5))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for path in work.iterdir():
            assert path.suffix == ".md", (
                f"temporary file left behind is fine only if hidden: {path}"
            )
            assert path.read_bytes() in (damaged, new), path
    leftovers = [p for p in work.iterdir() if p.name.startswith(".")]
    assert all(p.name.endswith(".tmp") for p in leftovers)


def test_cp949_read_as_utf8_is_unrecoverable_and_untouched(tmp_path: Path) -> None:
    """Issue 13, section 4: the Hangul is gone; never "repaired", exit 1, the original is needed."""
    text = "# 안내\n\n한국어 문서를 CP949로 저장했습니다. 변환되어야 합니다.\n"
    data = text.encode("cp949").decode("utf-8", errors="replace").encode("utf-8")
    target = tmp_path / "lost.md"
    target.write_bytes(data)
    for args in (["--check"], []):
        result = ctools("fix-encoding", *args, str(target), cwd=tmp_path)
        err = result.stderr.decode()
        assert result.returncode == 1, err
        assert "lost.md: error:" in err and "original" in err and "1 unrecoverable" in err
        assert target.read_bytes() == data


def test_bom_of_a_repaired_file_is_kept(tmp_path: Path) -> None:
    text = "# 제목\n\n대규모 언어 모델을 소개합니다. 트랜스포머 구조를 공부합니다.\n"
    damaged = text.encode().decode("cp1252", errors="ignore")
    target = tmp_path / "bom.md"
    target.write_bytes(b"\xef\xbb\xbf" + damaged.encode())
    result = ctools("fix-encoding", str(target), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"\xef\xbb\xbf# \xec\xa0\x9c\xeb\xaa\xa9")


def test_pre_commit_hook_installs_the_strong_model() -> None:
    """Issue 13, section 5: the hook repairs with kiwipiepy, the same versions as the extra."""
    import tomllib

    import yaml

    root = Path(__file__).resolve().parent.parent
    hooks = {h["id"]: h for h in yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text())}
    extra = tomllib.loads((root / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["korean"]
    assert sorted(hooks["ctools-fix-encoding"]["additional_dependencies"]) == sorted(extra)
