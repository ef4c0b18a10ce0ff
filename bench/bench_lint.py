"""Time ``ctools lint`` against markdownlint-cli2 and PyMarkdown on a generated corpus.

Not part of ``make test``. Set-up (local, not global)::

    (cd bench && npm install markdownlint-cli2)     # bench/node_modules/.bin/markdownlint-cli2
    .venv/bin/pip install pymarkdownlnt             # the `pymarkdown` command

Run ``.venv/bin/python bench/bench_lint.py [--pairs 600]``. The corpus is generated
deterministically from ``source/``: every pair is copied with its section numbers, numbers
and a paragraph varied, so that the linter aligns real, different documents; the English-only
notes are copied too. All rules of every tool are on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def generate(out: Path, pairs: int) -> int:
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(1234)
    files = 0
    src = ROOT / "source"
    en_docs = sorted((src / "en").rglob("*.md"))
    for i in range(pairs):
        for en_path in en_docs:
            rel = en_path.relative_to(src / "en")
            ko_path = src / "ko" / rel
            stem = f"{rel.with_suffix('').as_posix().replace('/', '-')}-{i:04d}.md"
            salt = rng.randint(1, 9)
            for lang, path in (("en", en_path), ("ko", ko_path)):
                if not path.is_file():
                    continue
                text = path.read_text("utf-8")
                text = text.replace("id: ", f"id: g{i}-", 1).replace("2017", str(2010 + salt))
                target = out / lang / f"part{i % 10}" / stem
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
                files += 1
    return files


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    return time.perf_counter() - start, proc.returncode


def ensure_peers() -> None:
    """Install the peers locally when missing (npm into bench/node_modules, pip into the venv)."""
    if not (
        ROOT / "bench" / "node_modules" / ".bin" / "markdownlint-cli2"
    ).exists() and shutil.which("npm"):
        subprocess.run(
            ["npm", "install", "--no-save", "--silent", "markdownlint-cli2"],
            cwd=ROOT / "bench",
            check=False,
        )
    if not (BIN / "pymarkdown").exists():
        subprocess.run([str(BIN / "pip"), "install", "-q", "pymarkdownlnt"], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=350, help="copies of source/ (x4 files)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench-corpus")
    args = parser.parse_args()
    ensure_peers()
    files = generate(args.out, args.pairs)
    print(f"corpus: {files} files in {args.out}")
    cmd = [str(BIN / "ctools"), "lint", "--format", "json", str(args.out)]
    cache = Path(tempfile.mkdtemp(prefix="ctools-bench-cache-"))
    variants: dict[str, tuple[list[str], dict[str, str]]] = {
        "ctools lint (cold)": (cmd, {**os.environ, "CTOOLS_NO_CACHE": "1"}),
        "ctools lint (warm)": (cmd, {**os.environ, "CTOOLS_CACHE_DIR": str(cache)}),
    }
    timed(cmd, ROOT, variants["ctools lint (warm)"][1])  # fill the cache
    mdl = ROOT / "bench" / "node_modules" / ".bin" / "markdownlint-cli2"
    if mdl.exists():
        config = args.out.parent / ".markdownlint-cli2.jsonc"
        config.write_text(json.dumps({"config": {"default": True}}))
        variants["markdownlint-cli2"] = (
            [str(mdl), "--config", str(config), f"{args.out}/**/*.md"],
            {},
        )
    pym = BIN / "pymarkdown"
    if pym.exists():
        variants["pymarkdown"] = ([str(pym), "scan", "-r", str(args.out)], {})
    results: dict[str, float] = {}
    for name, (command, env) in variants.items():
        first = timed(command, ROOT, env or None)[0]
        runs = [first] + [
            timed(command, ROOT, env or None)[0] for _ in range(2 if first < 60 else 0)
        ]
        best = min(runs)
        results[name] = best
        print(f"{name:<20} {best:7.2f} s  ({files / best:7.0f} files/s)", flush=True)
    shutil.rmtree(cache, ignore_errors=True)
    for name, seconds in results.items():
        if name.startswith("ctools"):
            continue
        cold, warm = results["ctools lint (cold)"], results["ctools lint (warm)"]
        print(
            f"{name} / ctools lint: {seconds / cold:.2f}x (cold), {seconds / warm:.2f}x (warm cache)"
        )
    source = [str(BIN / "ctools"), "lint", str(ROOT / "source")]
    best = min(timed(source, ROOT)[0] for _ in range(5))
    print(f"ctools lint source/: {best:.3f} s wall (best of 5)")


if __name__ == "__main__":
    main()
