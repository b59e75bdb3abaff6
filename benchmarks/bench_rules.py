"""How fast the agreement rules and the agreement file are (DESIGN.md, performance targets).

    .venv/bin/python benchmarks/bench_rules.py [--repeat N]

One line per benchmark: median and p95 of the timed runs.

- check_agreement: one full agreement (35 designated, 16 statutory, 100 local targets).
  Target: well under 1 ms.
- files yaml / files json: 150 agreement files (one per area, each a full agreement)
  written to a temporary directory, then each read from disk, parsed and checked; per
  file, and for all 150 (target: under 1 s for all 150); and all 150 checked by
  `--processes` worker processes (default 2, the machine's CPUs; 0 to skip), counting the
  workers' start.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.unit.agreement_builders import CATALOGUE, full_agreement  # noqa: E402

from laa.domain.agreement_file import dump_json, dump_yaml, read_agreement  # noqa: E402
from laa.domain.rules import check_agreement  # noqa: E402

AREAS = 150


def read_and_check(path: Path) -> None:
    """Read, parse and check one agreement file (a worker process runs this too)."""
    findings = check_agreement(read_agreement(path).draft, CATALOGUE)
    assert not findings


def timings(run: Callable[[], object], repeat: int, number: int = 1) -> list[float]:
    """Seconds per call, for `repeat` batches of `number` calls (after one warm-up)."""
    run()
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            run()
        found.append((time.perf_counter() - start) / number)
    return found


def report(name: str, seconds: list[float], unit: str = "ms") -> None:
    scale = 1000.0 if unit == "ms" else 1.0
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{name:<44} median {statistics.median(ordered) * scale:8.3f} {unit}"
        f"   p95 {p95 * scale:8.3f} {unit}   (n={len(ordered)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed runs of the check")
    parser.add_argument(
        "--processes", type=int, default=2, help="worker processes for the 150 files (0: skip)"
    )
    args = parser.parse_args()

    draft = full_agreement()
    assert len(draft.targets) == 151
    assert check_agreement(draft, CATALOGUE) == [], "the benchmark agreement should be valid"
    report("check_agreement, 151 targets", timings(
        lambda: check_agreement(draft, CATALOGUE), args.repeat, number=10
    ))

    drafts = [replace(draft, area=f"E{9000 + n}") for n in range(AREAS)]
    with tempfile.TemporaryDirectory() as directory:
        for syntax, dump in (("yaml", dump_yaml), ("json", dump_json)):
            paths = []
            for one in drafts:
                path = Path(directory) / f"{one.area}.{syntax}"
                path.write_text(dump(one), encoding="utf-8")
                paths.append(path)

            per_file: list[float] = []
            batches: list[float] = []
            for _ in range(3):
                batch_start = time.perf_counter()
                for path in paths:
                    start = time.perf_counter()
                    read_and_check(path)
                    per_file.append(time.perf_counter() - start)
                batches.append(time.perf_counter() - batch_start)
            size = paths[0].stat().st_size // 1024
            report(f"files {syntax}: read+parse+check, 1 file ({size} KB)", per_file)
            report(f"files {syntax}: read+parse+check, all {AREAS}", batches, unit="s")
            if args.processes > 0:
                parallel: list[float] = []
                for _ in range(3):
                    start = time.perf_counter()
                    with ProcessPoolExecutor(args.processes) as pool:
                        list(pool.map(read_and_check, paths, chunksize=15))
                    parallel.append(time.perf_counter() - start)
                report(
                    f"files {syntax}: all {AREAS}, {args.processes} processes", parallel, unit="s"
                )


if __name__ == "__main__":
    main()
