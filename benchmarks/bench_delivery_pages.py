"""Issue 13's pages under load: the Government Office's region view of progress, the
inspector's CAA view of Kent and an indicator's comparison page, with the demonstration's
synthetic values of all 150 areas, at 50 concurrent clients on loopback, against `laa serve`
(gunicorn), beside `/healthz` measured in the same run.

    LAA_TODAY=2010-06-30 .venv/bin/python benchmarks/bench_delivery_pages.py [--clients 50]
        [--workers N] [--tool wrk|python] [--duration 15] [--requests 2000] [--rate 25]

A fresh database (SQLite in a temporary file; PostgreSQL with BENCH_DATABASE_URL) is
migrated and loaded with the reference data and the demonstration (`laa demo`: Kent's
approved agreement, every area's synthetic values). The service's day is LAA_TODAY (30 June
2010 unless set). Each page is warmed (its first read after the load computes what is kept
per import), then measured closed loop (each client sends its next request as soon as the
last is answered: a measure of throughput) and, with --rate, paced (the clients send that
many requests a second between them; latency counted from when each was due). The goal
(issue 13): paced p95 under 100 ms at 50 clients, closed-loop throughput at least half of
`/healthz`'s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loadgen import paced_load, run_load, sign_in, with_wrk  # noqa: E402
from benchmarks.server import served  # noqa: E402

PAGES = [
    # (label, paths, who reads them: "" for no one signed in)
    ("floor /healthz", ["/healthz"], ""),
    ("GO region view /progress/ (the South East's areas)", ["/progress/"], "go-manager"),
    ("CAA view /progress/E2221/assessment (198 indicators, 58 targets)", ["/progress/E2221/assessment"],
     "inspector"),
    ("comparison /progress/indicators/NI 56 (3 filters rotated)", [
        "/progress/indicators/NI%2056", "/progress/indicators/NI%2016?region=SE",
        "/progress/indicators/NI%2056?area=E2221&peers=type"], ""),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="with the Python generator")
    parser.add_argument("--duration", type=int, default=15, help="seconds a page, with wrk")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or
                        (os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--tool", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--rate", type=float, default=25.0,
                        help="also measure the clients sending this many requests a second between them (0: not)")
    args = parser.parse_args()
    os.environ.setdefault("LAA_TODAY", "2010-06-30")
    with served(workers=args.workers) as (host, port, _env):
        cookies = {who: sign_in(host, port, who) for who in {w for _, _, w in PAGES if w}}
        print(f"{os.cpu_count()} CPUs, {args.workers} gunicorn workers, {args.clients} clients, tool {args.tool}, "
              f"day {os.environ['LAA_TODAY']}")
        for label, paths, who in PAGES:
            headers = {"Cookie": cookies[who]} if who else {}
            warm = run_load(host, port, paths, clients=4, requests=200, headers=headers, max_seconds=600)
            if set(warm.statuses) != {200}:
                raise SystemExit(f"{label}: statuses {warm.statuses} while warming up")
            if args.tool == "wrk":
                print(f"{label}: {with_wrk(host, port, paths, cookies.get(who, ''), args.clients, args.duration)}")
            else:
                print(run_load(host, port, paths, clients=args.clients, requests=args.requests,
                               headers=headers).line(label))
            if args.rate:
                paced = paced_load(host, port, paths, clients=args.clients, rate=args.rate,
                                   seconds=args.duration, headers=headers)
                print(paced.line(f"{label}, {args.clients} clients at {args.rate:g} req/s in all"))


if __name__ == "__main__":
    main()
