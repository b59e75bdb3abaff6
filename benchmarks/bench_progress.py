"""How fast progress against trajectory is computed in the domain layer (issue 13: every
target of every area in under 1 s).

    PYTHONPATH=src .venv/bin/python benchmarks/bench_progress.py [--repeat N] [--seed S] [--wilson-share F]

Inputs built in memory, seeded: 150 areas, each with 35 to 150 targets (a full agreement's
designated, statutory and local targets), each target with a baseline and three yearly
targets; about one in ten on a Place Survey indicator (its 2008 and 2010 values with their
interval given, as the hub's survey values carry it, and a share, `--wilson-share`, default
0.1, with only a sample size, so that its Wilson interval is computed by scipy),
the rest with quarterly or annual values for 2008/09 and 2009/10 (some provisional, a few
suppressed), a few placeholders. Timed: for every target, the target read from its draft
(`progress_target`), each value's year (`counts_for`) and its progress (`progress`, with the
forecast). Reported: wall time and CPU time for all areas (median and the slowest of the
runs), the number of targets and values.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from laa.domain import confidence  # noqa: E402
from laa.domain.composition import Baseline, IndicatorFacts, Placeholder, Scope, TargetDraft  # noqa: E402
from laa.domain.progress import Observed, progress, progress_target  # noqa: E402
from laa.domain.progress_trend import counts_for  # noqa: E402

AREAS = 150
YEARS = ("2008/09", "2009/10", "2010/11")
SURVEY = IndicatorFacts(code="NI 4", national=True, title="Influence", polarity="higher", unit="percentage",
                        decimal_places=1, place_survey=True)
Area = list[tuple[TargetDraft, IndicatorFacts, list[tuple[str, Observed]]]]


def build(seed: int, wilson_share: float) -> list[Area]:
    rng = random.Random(seed)
    areas = []
    for _ in range(AREAS):
        area: Area = []
        for n in range(rng.randint(35, 150)):
            if rng.random() < 0.1:
                area.append(_survey_target(rng, n, wilson_share))
            else:
                area.append(_target(rng, n))
        areas.append(area)
    return areas


def _d(x: float, places: int = 1) -> Decimal:
    return Decimal(f"{x:.{places}f}")


def _target(rng: random.Random, n: int):
    polarity = rng.choice(("higher", "lower"))
    facts = IndicatorFacts(code=f"NI {n}", national=True, title="x", polarity=polarity, unit="percentage",
                           decimal_places=1)
    base = rng.uniform(20, 80)
    way = 1 if polarity == "higher" else -1
    yearly = {y: _d(base + way * (i + 1) * rng.uniform(0.5, 2)) for i, y in enumerate(YEARS)}
    placeholder = Placeholder("a new indicator") if rng.random() < 0.03 else None
    draft = TargetDraft(key=f"NI {n}", indicator=f"NI {n}", category="designated", outcome="o", scope=Scope(),
                        baseline=Baseline(_d(base), "2007/08"), yearly={} if placeholder else yearly,
                        placeholder=placeholder)
    values: list[tuple[str, Observed]] = []
    quarterly = rng.random() < 0.4
    for y in YEARS[:2]:
        periods = [f"{y} Q{q}" for q in (1, 2, 3, 4)] if quarterly else [y]
        for period in periods:
            status = "suppressed" if rng.random() < 0.02 else rng.choice(("final", "final", "provisional"))
            value = None if status == "suppressed" else _d(float(yearly[y] if y in yearly else base)
                                                            + rng.uniform(-2, 2))
            values.append((period, Observed(period, "", value, status)))
    return draft, facts, values


def _survey_target(rng: random.Random, n: int, wilson_share: float):
    base = rng.uniform(30, 80)
    draft = TargetDraft(key=f"NI 4 #{n}", indicator="NI 4", category="designated", outcome="o", scope=Scope(),
                        baseline=Baseline(_d(base), "autumn 2008", sample_size=1100),
                        yearly={"2010/11": _d(base + 3)}, direction_of_travel="a residents' panel")
    values = []
    for period, value in (("Place Survey 2008", base), ("2009/10", base + 1), ("Place Survey 2010", base + 2.5)):
        v = _d(value + rng.uniform(-1, 1))
        if rng.random() >= wilson_share:
            o = Observed(period, "", v, "final", v - Decimal("2.9"), v + Decimal("2.9"), 1100)
        else:
            o = Observed(period, "", v, "final", sample_size=rng.randint(900, 1500))
        values.append((period, o))
    return draft, SURVEY, values


def run(areas: list[Area]) -> int:
    judged = 0
    for area in areas:
        for draft, facts, values in area:
            target = progress_target(draft, facts, YEARS)
            observed = []
            for period, o in values:
                year = counts_for(period, YEARS, draft.value_periods)
                if year is not None:
                    observed.append(Observed(period, year, o.value, o.status, o.ci_lower, o.ci_upper,
                                             o.sample_size))
            progress(target, observed)
            judged += 1
    return judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--wilson-share", type=float, default=0.1,
                        help="the share of survey values with a sample size but no interval")
    args = parser.parse_args()
    areas = build(args.seed, args.wilson_share)
    targets = sum(len(a) for a in areas)
    values = sum(len(v) for a in areas for _, _, v in a)
    run(areas[:1])  # imports scipy (the first Wilson interval) outside the timing
    walls, cpus = [], []
    for _ in range(args.repeat):
        confidence._wilson.cache_clear()  # each run computes its Wilson intervals afresh
        wall, cpu = time.perf_counter(), time.process_time()
        run(areas)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(f"progress: {AREAS} areas, {targets:,} targets, {values:,} values; "
          f"wall median {statistics.median(walls):.3f} s (slowest {max(walls):.3f} s), "
          f"CPU median {statistics.median(cpus):.3f} s (slowest {max(cpus):.3f} s); {args.repeat} runs, "
          f"Wilson share {args.wilson_share}")


if __name__ == "__main__":
    main()
