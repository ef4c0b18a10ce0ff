"""Time ``ctools lint`` on the Rust book (217 files, en + ko) against markdownlint-cli2.

Not part of ``make test``; ``bench/run.py`` runs it. The corpus is the shared copy of the Rust
book and its Korean translation (``$CTOOLS_RUSTBOOK``, default
``/work/shared/corpora/rust-book``), linted in place (nothing is written there). ctools runs
with every rule on, the segment alignment included:

- **cold**: ``CTOOLS_NO_CACHE=1``, no parse cache and no lint result cache: every file is
  parsed and every pair linted (in worker processes);
- **first run**: the caches on but their folder empty (a user's first run): every file is
  parsed and every pair linted, and both caches are written;
- **warm**: the caches filled by a previous run and nothing changed: the run is answered from
  the lint result cache after hashing the files;
- **one edit**: a copy of the book with a filled cache and one Korean file changed before each
  run: that pair is linted again, the other pairs' findings come from the cache.

markdownlint-cli2 runs with its default rules on the same ``*.md`` files. Each figure is the
best of three runs; the ratios compare tools measured in the same run, never absolute times.
ctools' modules are byte-compiled first (as an installed package is), so a
``PYTHONDONTWRITEBYTECODE`` environment does not charge compilation to every run.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CORPUS = Path(os.environ.get("CTOOLS_RUSTBOOK", "/work/shared/corpora/rust-book"))


CPU: dict[str, float] = {}
"""Best CPU seconds (user + system, the command and its worker processes) per label."""


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, label: str = "") -> float:
    """Wall seconds of one run; its CPU seconds are kept under ``label`` (best of the runs)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if label:
        CPU[label] = min(CPU.get(label, cpu), cpu)
    return wall


def best_of(
    cmd: list[str], cwd: Path, env: dict[str, str] | None, label: str, runs: int = 3
) -> float:
    return min(timed(cmd, cwd, env, label) for _ in range(runs))


def one_edit(ctools: list[str], env: dict[str, str]) -> float:
    """Best of three runs on a copy of the book, each after changing one Korean file."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(CORPUS, copy)
        subprocess.run(ctools, cwd=copy, capture_output=True, env=env, check=False)
        target = sorted((copy / "ko").glob("ch0*.md"))[0]
        original = target.read_text(encoding="utf-8")
        times = []
        for n in range(3):
            target.write_text(original + f"\n추가된 문장 {n}.\n", encoding="utf-8")
            times.append(timed(ctools, copy, env, "edit"))
        return min(times)


def first_run(ctools: list[str], env: dict[str, str]) -> float:
    """Best of three runs, each with its own empty cache folder."""
    times = []
    for _ in range(3):
        folder = tempfile.mkdtemp(prefix="ctools-bench-first-")
        try:
            times.append(timed(ctools, CORPUS, {**env, "CTOOLS_CACHE_DIR": folder}, "first"))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return min(times)


def markdownlint() -> Path | None:
    """The local markdownlint-cli2 (installed into bench/node_modules when npm is there)."""
    mdl = ROOT / "bench" / "node_modules" / ".bin" / "markdownlint-cli2"
    if not mdl.exists() and shutil.which("npm"):
        subprocess.run(
            ["npm", "install", "--no-save", "--silent", "markdownlint-cli2"],
            cwd=ROOT / "bench",
            check=False,
        )
    return mdl if mdl.exists() else None


def main() -> int:
    if not (CORPUS / "en").is_dir():
        print(f"bench_lint_rustbook: no corpus at {CORPUS} (set CTOOLS_RUSTBOOK); skipped")
        return 0
    files = sum(1 for _ in CORPUS.rglob("*.md"))
    ctools = [str(BIN / "ctools"), "lint", "--format", "json", "."]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "curriculum_tools")],
        capture_output=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    )
    cache = Path(tempfile.mkdtemp(prefix="ctools-bench-cache-"))
    env = {k: v for k, v in os.environ.items() if k != "CTOOLS_NO_CACHE"}
    try:
        cold_env = {**env, "CTOOLS_NO_CACHE": "1"}
        warm_env = {**env, "CTOOLS_CACHE_DIR": str(cache)}
        out = subprocess.run(ctools, cwd=CORPUS, capture_output=True, text=True, env=warm_env)
        findings = len(json.loads(out.stdout or '{"findings": []}')["findings"])
        cold = best_of(ctools, CORPUS, cold_env, "cold")
        first = first_run(ctools, env)
        warm = best_of(ctools, CORPUS, warm_env, "warm")
        edit = one_edit(ctools, warm_env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"rust book: {files} files, {findings} findings")
    print(f"ctools lint (cold: no parse or result cache)  {cold:6.2f} s  {CPU['cold']:6.2f} s CPU")
    print(
        f"ctools lint (first run: empty cache folder)   {first:6.2f} s  {CPU['first']:6.2f} s CPU"
    )
    print(f"ctools lint (warm: nothing changed)           {warm:6.2f} s  {CPU['warm']:6.2f} s CPU")
    print(f"ctools lint (warm, one Korean file edited)    {edit:6.2f} s  {CPU['edit']:6.2f} s CPU")
    mdl = markdownlint()
    if mdl is None:
        print("markdownlint-cli2 not available (npm missing): no ratio")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / ".markdownlint-cli2.jsonc"
        config.write_text(json.dumps({"config": {"default": True}}))
        peer = best_of([str(mdl), "--config", str(config), "**/*.md"], CORPUS, None, "peer")
    print(f"markdownlint-cli2 (default rules)             {peer:6.2f} s  {CPU['peer']:6.2f} s CPU")
    print(
        f"markdownlint-cli2 / ctools lint, wall: {peer / cold:.2f}x (cold, target >= 5x),"
        f" {peer / first:.2f}x (first run), {peer / warm:.2f}x (warm, target >= 10x),"
        f" {peer / edit:.2f}x (one edit)"
    )
    cpu = CPU["peer"]
    print(
        f"markdownlint-cli2 / ctools lint, CPU:  {cpu / CPU['cold']:.2f}x (cold),"
        f" {cpu / CPU['first']:.2f}x (first run), {cpu / CPU['warm']:.2f}x (warm),"
        f" {cpu / CPU['edit']:.2f}x (one edit)"
        " (CPU ratios do not depend on the load other programs put on the machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
