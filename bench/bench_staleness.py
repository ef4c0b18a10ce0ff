"""Time staleness from git history (``ctools status`` with no lock file) on two repositories.

Not part of ``make test``. Run ``.venv/bin/python bench/bench_staleness.py``.

1. The rust book (``../shared/corpora/rust-book``) copied into a temporary git repository:
   one commit of the whole book, then synthetic commits: English-only edits (stale), edits of
   both languages (syncs), and a re-wrap of English paragraphs (formatting only).
2. A generated repository of 1,000 Markdown files (500 pairs of ten sections) with the same
   kinds of commits.

For each: ``ctools status`` cold (empty cache) and warm, ``ctools lint --select
stale-translation``, and as the peer measured in the same run, ``git blame --porcelain`` of
every file (what a blame-based approach would pay before doing anything). The stale counts
are checked against what the synthetic commits made stale.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = [ROOT.parent / "shared", ROOT.parent.parent / "shared", Path("/work/shared")]
SHARED = next((p for p in CANDIDATES if (p / "corpora").is_dir()), CANDIDATES[-1])
CTOOLS = [sys.executable, "-m", "curriculum_tools"]


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout


def init(repo: Path) -> None:
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "bench")
    git(repo, "config", "user.email", "bench@example.com")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "import")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def edit(path: Path, old: str, new: str) -> bool:
    text = path.read_text("utf-8")
    if old not in text:
        return False
    path.write_text(text.replace(old, new, 1), "utf-8")
    return True


def timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    """CPU seconds of the command (user + system, children included) and its stdout.

    CPU time, not wall time: the machine running the benchmarks may be shared.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, proc.stdout


def stale_count(out: str) -> int:
    return int(json.loads(out)["summary"]["stale"])


def measure(name: str, repo: Path, expected: int | None) -> None:
    cache = Path(tempfile.mkdtemp(prefix="ctools-bench-cache-"))
    env = {**os.environ, "CTOOLS_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    no_git = {**env, "GIT_DIR": str(repo / "no-such-git-dir")}
    files = [p for p in git(repo, "ls-files").splitlines() if p.endswith(".md")]
    blame = 0.0
    for path in files:
        blame += timed(["git", "blame", "--porcelain", "--", path], repo, env)[0]
    status = [*CTOOLS, "status", "--format", "json"]
    plain_cold, _ = timed(status, repo, no_git)  # parses, fills the parse cache
    plain_warm, _ = timed(status, repo, no_git)
    cold, out = timed(status, repo, env)  # parse cache warm, git cache cold
    warm, out_warm = timed(status, repo, env)
    lint, _ = timed(
        [*CTOOLS, "lint", "--select", "stale-translation", "--format", "json"], repo, env
    )
    stale = stale_count(out)
    assert stale == stale_count(out_warm), "warm and cold answers differ"
    check = "" if expected is None else f" (expected {expected})"
    print(
        f"{name}: {len(files)} files, {stale} stale sections{check} (CPU seconds)\n"
        f"  ctools status without git: cold parse {plain_cold:6.2f}  warm {plain_warm:6.2f}\n"
        f"  ctools status with git:    cold git   {cold:6.2f}  warm {warm:6.2f}"
        f"   git cost cold {cold - plain_warm:+6.2f}  warm {warm - plain_warm:+6.2f}\n"
        f"  ctools lint --select stale-translation (warm) {lint:6.2f}\n"
        f"  peer: git blame --porcelain of every file {blame:6.2f}"
        f"   = {blame / max(cold - plain_warm, 0.01):5.1f}x the cold git cost"
    )
    if expected is not None and stale != expected:
        print(f"  MISMATCH: {stale} stale, expected {expected}")
    shutil.rmtree(cache, ignore_errors=True)


def rust_book(work: Path) -> None:
    book = SHARED / "corpora" / "rust-book"
    if not book.is_dir():
        print("rust book corpus not found; skipped")
        return
    repo = work / "rust-book"
    shutil.copytree(book, repo)
    (repo / "ctools.yaml").write_text("source: .\n", "utf-8")
    init(repo)
    chapters = sorted(
        p.name for p in (repo / "en").glob("ch*.md") if (repo / "ko" / p.name).is_file()
    )
    for name in chapters[:12]:  # English-only edits: the first paragraph line gets a sentence
        en = repo / "en" / name
        lines = en.read_text("utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line[:1].isalpha() and len(line) > 40:
                lines[i] = line.rstrip("\n") + " This sentence is new.\n"
                break
        en.write_text("".join(lines), "utf-8")
    commit(repo, "English edits")
    for name in chapters[12:20]:  # both sides in one commit: a sync
        edit(repo / "en" / name, "Rust", "Rust (the language)")
        edit(repo / "ko" / name, "러스트", "러스트 언어")
    commit(repo, "edit both")
    for name in chapters[20:40]:  # formatting only: re-wrap at the first ", "
        edit(repo / "en" / name, ", ", ",\n")
    commit(repo, "rewrap")
    print(
        "(rust book: 12 chapters got an English-only edit of one paragraph line; the 'both'"
        " commit edits the first 'Rust' and the first '러스트', not always in one section)"
    )
    measure("rust book in git", repo, None)


def generated(work: Path, pairs: int = 500) -> None:
    repo = work / "gen"
    for lang in ("en", "ko"):
        (repo / lang).mkdir(parents=True)
    for i in range(pairs):
        en = [f"# Document {i}\n\nIntro {i}.\n"]
        ko = [f"# 문서 {i}\n\n소개 {i}.\n"]
        for s in range(1, 10):
            en.append(
                f"\n## {s}. Section {s}\n\nThe text of section {s} in document {i}, long enough.\n"
            )
            ko.append(f"\n## {s}. 절 {s}\n\n문서 {i}의 {s}절 본문입니다. 충분히 깁니다.\n")
        (repo / "en" / f"doc{i:04d}.md").write_text("".join(en), "utf-8")
        (repo / "ko" / f"doc{i:04d}.md").write_text("".join(ko), "utf-8")
    (repo / "ctools.yaml").write_text("source: .\n", "utf-8")
    init(repo)
    for i in range(0, 50):  # English-only: section 3 of 50 documents
        edit(repo / "en" / f"doc{i:04d}.md", f"section 3 in document {i}", f"section 3 of doc {i}")
    commit(repo, "English edits")
    for i in range(50, 70):  # both sides: syncs
        edit(repo / "en" / f"doc{i:04d}.md", f"section 4 in document {i}", f"section 4 of doc {i}")
        edit(repo / "ko" / f"doc{i:04d}.md", f"문서 {i}의 4절", f"문서 {i}번의 4절")
    commit(repo, "both")
    for i in range(0, 100):  # formatting only: re-wrap section 5
        edit(
            repo / "en" / f"doc{i:04d}.md",
            f"section 5 in document {i}",
            f"section 5\nin document {i}",
        )
    commit(repo, "rewrap")
    measure("generated 1,000-file repository", repo, 50)


def main() -> int:
    if shutil.which("git") is None:
        print("git not installed; skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="ctools-bench-staleness-") as tmp:
        work = Path(tmp)
        rust_book(work)
        generated(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
