"""Start-up time of ``ctools --version`` and ``ctools lint source/``, against ``python -c pass``.

Run ``.venv/bin/python bench/bench_startup.py [--runs 15] [--against /other/checkout]``.
Each command runs in a fresh interpreter (``python -m curriculum_tools`` with this checkout
first on ``PYTHONPATH``); the best of ``--runs`` wall times is printed, with its ratio to
``python -c pass`` measured in the same run (the interpreter's own start-up, the floor).
``lint`` is timed with a warm parse cache (a private one, warmed first) and without a cache.
``--against`` times another checkout of ctools the same way, on the same ``source/``, so a
before/after comparison comes from one run on one machine.

Then the import check: the libraries below must not be imported by ``ctools --version`` or
``ctools lint`` (they belong to export, fix-encoding and the language fallback); the exit code
is 1 when one is. The largest imports of ``ctools lint source/`` are listed (``-X importtime``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("kiwipiepy", "jinja2", "genanki", "pygments", "nh3", "latex2mathml", "langdetect")
PROBE = """
import sys
from curriculum_tools.cli import main
try:
    main(sys.argv[1:], prog_name="ctools")
except SystemExit:
    pass
print(*sorted({m.split(".")[0] for m in sys.modules}), file=sys.stderr)
"""


def env_for(checkout: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CTOOLS_NO_CACHE"}
    return {**env, "PYTHONPATH": str(checkout), **extra}


Case = tuple[str, list[str], dict[str, str]]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def best_of(cases: list[Case], runs: int) -> dict[str, tuple[float, float]]:
    """The best (wall, CPU) seconds of each case. The cases take turns, so a change of load
    hits all alike; CPU time (user + system of the process) is the steadier figure on a busy
    machine."""
    best = {name: (float("inf"), float("inf")) for name, _, _ in cases}
    for _ in range(runs):
        for name, cmd, env in cases:
            start, cpu = time.perf_counter(), _cpu()
            proc = subprocess.run(
                cmd, cwd=ROOT, env=env, capture_output=True, stdin=subprocess.DEVNULL
            )
            wall, cpu = time.perf_counter() - start, _cpu() - cpu
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
            if proc.returncode not in (0, 1):
                raise SystemExit(f"{name}: exit {proc.returncode}\n{proc.stderr.decode()}")
    return best


def cases(label: str, checkout: Path, cache: Path) -> tuple[list[Case], list[Case]]:
    """(fast cases, uncached lint) for one checkout; warms its private parse cache."""
    # -P: the current folder is not put first on sys.path, so PYTHONPATH picks the checkout
    ctools = [sys.executable, "-P", "-m", "curriculum_tools"]
    where = subprocess.run(
        [sys.executable, "-P", "-c", "import curriculum_tools as c; print(c.__file__)"],
        cwd=ROOT,
        env=env_for(checkout),
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not where.startswith(str(checkout) + os.sep):
        raise SystemExit(f"{checkout}: PYTHONPATH does not pick this checkout ({where})")
    warm = env_for(checkout, CTOOLS_CACHE_DIR=str(cache))
    subprocess.run([*ctools, "lint", "source/"], cwd=ROOT, env=warm, capture_output=True)
    fast: list[Case] = [
        (f"ctools --version{label}", [*ctools, "--version"], env_for(checkout)),
        (f"ctools lint source/ (warm cache){label}", [*ctools, "lint", "source/"], warm),
    ]
    cold = env_for(checkout, CTOOLS_NO_CACHE="1")
    return fast, [(f"ctools lint source/ (no cache){label}", [*ctools, "lint", "source/"], cold)]


def loaded_modules(args: list[str]) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env_for(ROOT),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    return set(proc.stderr.strip().splitlines()[-1].split()) if proc.stderr.strip() else set()


def largest_imports(args: list[str], count: int = 6) -> list[tuple[int, str]]:
    """(cumulative microseconds, top-level package) of the slowest imports."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "curriculum_tools", *args],
        cwd=ROOT,
        env=env_for(ROOT, CTOOLS_NO_CACHE="1"),
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            if name[:1] == " " and name[1:2] != " ":  # top level: indented by one space only
                rows.append((int(cumulative), name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another ctools checkout to time too")
    options = parser.parse_args()

    checkouts = [("", ROOT)]
    if options.against is not None:
        checkouts.append((" [other]", options.against.resolve()))
    with tempfile.TemporaryDirectory(prefix="ctools-bench-cache-") as tmp:
        fast: list[Case] = [("python -c pass", [sys.executable, "-c", "pass"], dict(os.environ))]
        slow: list[Case] = []
        for i, (label, checkout) in enumerate(checkouts):
            more_fast, more_slow = cases(label, checkout, Path(tmp) / str(i))
            fast += more_fast
            slow += more_slow
        best = best_of(fast, options.runs) | best_of(slow, max(3, options.runs // 3))
    floor, floor_cpu = best.pop("python -c pass")
    print(f"{'':44} {'wall (best)':>12} {'CPU (best)':>12}")
    print(f"{'python -c pass':44} {floor * 1000:9.1f} ms {floor_cpu * 1000:9.1f} ms  (the floor)")
    for name, (wall, cpu) in best.items():
        print(
            f"{name:44} {wall * 1000:9.1f} ms {cpu * 1000:9.1f} ms"
            f"  ({wall / floor:.1f}x python -c pass)"
        )
    if options.against is not None:
        print(f"[other] = {options.against}; this checkout / other (wall, CPU):")
        for name in [n for n in best if not n.endswith("[other]")]:
            (wall, cpu), (wall2, cpu2) = best[name], best[name + " [other]"]
            print(f"  {name:42} {wall / wall2:.2f}  {cpu / cpu2:.2f}")

    failed = 0
    for args in (["--version"], ["lint", "source/"]):
        heavy = sorted(loaded_modules(args) & set(HEAVY))
        verdict = "none" if not heavy else ", ".join(heavy) + "  <- should be imported lazily"
        print(f"heavy libraries imported by `ctools {' '.join(args)}`: {verdict}")
        failed |= bool(heavy)
    print("largest imports of `ctools lint source/` (cumulative):")
    for micros, name in largest_imports(["lint", "source/"]):
        print(f"  {name:30} {micros / 1000:7.1f} ms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
