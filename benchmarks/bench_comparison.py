"""How fast progress and comparisons are computed in the domain layer (issue 13: progress for
every target of every area in under 1 s; comparisons of every indicator, computed once per
hub import, ADR 0026).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_comparison.py [--repeat 5] [--seed 2008]

Inputs built in memory, seeded, with no database:
- progress: `bench_progress.build` (150 areas of 35 to 150 targets with their values);
- comparisons: the demonstration's synthetic series (`laa.web.demo_series`, as `laa demo`
  writes them into the hub) for every national indicator of the catalogue
  (`src/laa/catalogue/data/national-indicators.csv`) and the 150 areas of 2008
  (`src/laa/places/data/areas-2008.csv`), five financial years 2006/07 to 2010/11 each:
  percentages with their numerator and denominator, surveys with their interval and sample.
Timed: progress of every target (as `bench_progress`); and for every indicator, the
comparison of the last year (`compare`: intervals, ranks and quartiles among all areas,
the region and the peers of the same type, significance against England and the region)
and every area's trend over the five years (`trend`); then the hotspots of all of it.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks import bench_progress  # noqa: E402
from laa.domain.comparison import AreaValue, Measure, compare  # noqa: E402
from laa.domain.comparison_trend import TrendPoint, trend  # noqa: E402
from laa.domain.hotspots import Placing, hotspots  # noqa: E402
from laa.domain.hub.reporting import Definition  # noqa: E402
from laa.domain.peer_groups import same_type_peers  # noqa: E402
from laa.web.demo_series import Series  # noqa: E402

YEARS = [f"{y}/{(y + 1) % 100:02d}" for y in range(2006, 2011)]
Indicator = tuple[Measure, str, dict[str, list[AreaValue]]]  # measure, theme, area -> its values by year


def _areas() -> tuple[dict[str, str], dict[str, str]]:
    with (ROOT / "src/laa/places/data/areas-2008.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {r["clg_code"]: r["region"] for r in rows}, {r["clg_code"]: r["type"] for r in rows}


def build(seed: int) -> tuple[list[Indicator], dict[str, str], dict[str, tuple[str, ...]]]:
    regions, types = _areas()
    with (ROOT / "src/laa/catalogue/data/national-indicators.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    indicators: list[Indicator] = []
    for r in rows:
        survey = r["place_survey"] == "Y"
        d = Definition(code=f"NI {r['ni']}", number=int(r["ni"]), unit=r["unit"],
                       decimal_places=int(r["decimal_places"] or 0), data_source=r["data_source"],
                       frequency=r["frequency"], department=r["department"], place_survey=survey)
        measure = Measure(d.code, r["polarity"], d.unit, survey)  # type: ignore[arg-type]
        by_area: dict[str, list[AreaValue]] = {}
        for area in regions:
            series = Series(seed, d, area, polarity=r["polarity"])
            values = []
            for i, _year in enumerate(YEARS):
                f = series.figures(series.level(2006 + i))
                values.append(AreaValue(area, f.value, "final", _d(f.numerator), _d(f.denominator), f.ci_lower,
                                        f.ci_upper, f.sample_size))
            by_area[area] = values
        indicators.append((measure, r["theme"] or r["annex"], by_area))
    return indicators, regions, same_type_peers(types)


def _d(n: int | None) -> Decimal | None:
    return None if n is None else Decimal(n)


def compare_all(indicators: list[Indicator], regions: dict[str, str], peers: dict[str, tuple[str, ...]]) -> int:
    placings = []
    for measure, theme, by_area in indicators:
        found = compare(measure, [values[-1] for values in by_area.values()], regions, peers)
        for values in by_area.values():
            trend([TrendPoint(y, v.value, v.numerator, v.denominator, v.sample_size) for y, v in zip(YEARS, values,
                   strict=True)], measure.polarity, measure.unit)
        placings += [Placing(a, measure.code, theme, q) for a, q in found.quartiles().items()]
    return len(hotspots(placings))


def timed(repeat: int, run) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def line(label: str, walls: list[float], cpus: list[float]) -> str:
    return (f"{label}: wall median {statistics.median(walls):.3f} s (slowest {max(walls):.3f} s), "
            f"CPU median {statistics.median(cpus):.3f} s (slowest {max(cpus):.3f} s); {len(walls)} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2008)
    args = parser.parse_args()
    areas = bench_progress.build(args.seed, 0.1)
    targets = sum(len(a) for a in areas)
    bench_progress.run(areas[:1])  # imports scipy outside the timing
    walls, cpus = timed(args.repeat, lambda: bench_progress.run(areas))
    print(line(f"progress: {len(areas)} areas, {targets:,} targets", walls, cpus))
    indicators, regions, peers = build(args.seed)
    compare_all(indicators[:2], regions, peers)
    count = compare_all(indicators, regions, peers)
    walls, cpus = timed(args.repeat, lambda: compare_all(indicators, regions, peers))
    print(line(f"comparisons: {len(indicators)} indicators x {len(regions)} areas, each area's trend over "
               f"{len(YEARS)} years, {count} hotspots", walls, cpus))


if __name__ == "__main__":
    main()
