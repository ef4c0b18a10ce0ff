"""Time ``ctools lint`` on the Rust book (217 files, en + ko) against markdownlint-cli2.

Not part of ``make test``; ``bench/run.py`` runs it. The corpus is the shared copy of the Rust
book and its Korean translation (``$CTOOLS_RUSTBOOK``, default
``/work/shared/corpora/rust-book``), linted in place (nothing is written there). ctools runs
with every rule on, the segment alignment included, once with the parse cache off (cold) and
once with a filled cache (warm); markdownlint-cli2 runs with its default rules on the same
``*.md`` files. Each figure is the best of three runs; the ratios compare tools measured in
the same run, never absolute times.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CORPUS = Path(os.environ.get("CTOOLS_RUSTBOOK", "/work/shared/corpora/rust-book"))


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    return time.perf_counter() - start


def best_of(cmd: list[str], cwd: Path, env: dict[str, str] | None, runs: int = 3) -> float:
    return min(timed(cmd, cwd, env) for _ in range(runs))


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
    cache = Path(tempfile.mkdtemp(prefix="ctools-bench-cache-"))
    try:
        cold_env = {**os.environ, "CTOOLS_NO_CACHE": "1"}
        warm_env = {**os.environ, "CTOOLS_CACHE_DIR": str(cache)}
        out = subprocess.run(ctools, cwd=CORPUS, capture_output=True, text=True, env=warm_env)
        findings = len(json.loads(out.stdout or '{"findings": []}')["findings"])
        cold = best_of(ctools, CORPUS, cold_env)
        warm = best_of(ctools, CORPUS, warm_env)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    print(f"rust book: {files} files, {findings} findings")
    print(f"ctools lint (cold)   {cold:6.2f} s")
    print(f"ctools lint (warm)   {warm:6.2f} s")
    mdl = markdownlint()
    if mdl is None:
        print("markdownlint-cli2 not available (npm missing): no ratio")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / ".markdownlint-cli2.jsonc"
        config.write_text(json.dumps({"config": {"default": True}}))
        peer = best_of([str(mdl), "--config", str(config), "**/*.md"], CORPUS, None)
    print(f"markdownlint-cli2    {peer:6.2f} s")
    print(
        f"markdownlint-cli2 / ctools lint: {peer / cold:.2f}x (cold, target >= 5x),"
        f" {peer / warm:.2f}x (warm, target >= 10x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
