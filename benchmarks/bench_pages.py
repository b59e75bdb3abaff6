"""p95 latency of the catalogue page and the API's indicator list (and other public
pages, the hub's among them) at 50 concurrent clients on loopback, against `laa serve`
(gunicorn) on a freshly loaded database.

    .venv/bin/python benchmarks/bench_pages.py [--clients 50] [--workers N]
        [--tool wrk|python] [--duration 15] [--requests 2000] [--rate 25]

Each page is warmed, then measured twice in the same run:
- closed loop: each of the clients sends its next request as soon as the last is
  answered (wrk for --duration seconds if installed, else the Python generator for
  --requests), so the p95 is about clients / throughput: a measure of throughput;
- paced (--rate, 0 to skip): the same clients send --rate requests a second between
  them at fixed intervals, latency counted from when each request was due.
`/healthz` (no database, no template) is measured first, the same two ways, as the
machine's floor: compare the pages with it, not with another day's figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loadgen import paced_load, run_load, with_wrk  # noqa: E402
from benchmarks.server import served  # noqa: E402

PAGES = {
    "floor /healthz": ["/healthz"],
    "catalogue page /indicators/": ["/indicators/", "/indicators/?q=crime", "/indicators/?statutory=yes"],
    "indicator page /indicators/NI 16": ["/indicators/NI%2016"],
    "API list /api/v1/indicators/?limit=100": ["/api/v1/indicators/?limit=100"],
    "areas of a region /areas/regions/SE": ["/areas/regions/SE"],
    # the hub's pages, with the demo's synthetic values of all 150 areas (`laa demo`)
    "hub: an area's data /hub/areas/E2221": ["/hub/areas/E2221"],
    "hub: an indicator's data /hub/indicators/NI 16?period=2008/09": ["/hub/indicators/NI%2016?period=2008%2F09"],
    # an indicator's areas compared (ADR 0026): all areas, a region, an area's peers, rotated
    "comparison: /progress/indicators/NI 56 (3 filters rotated)": [
        "/progress/indicators/NI%2056", "/progress/indicators/NI%2016?region=SE",
        "/progress/indicators/NI%2056?area=E2221&peers=type"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="with the Python generator")
    parser.add_argument("--duration", type=int, default=15, help="seconds a page, with wrk and paced")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or
                        (os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--tool", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--rate", type=float, default=25.0, help="requests a second in all, paced; 0 to skip")
    args = parser.parse_args()
    with served(workers=args.workers) as (host, port, _env):
        print(f"{os.cpu_count()} CPUs, {args.workers} gunicorn workers, {args.clients} clients, tool {args.tool}")
        for label, paths in PAGES.items():
            warm = run_load(host, port, paths, clients=5, requests=100)  # every worker renders each page once
            if set(warm.statuses) != {200}:
                raise SystemExit(f"{label}: statuses {warm.statuses} while warming up")
            if args.tool == "wrk":
                print(f"{label}, closed loop: {with_wrk(host, port, paths, '', args.clients, args.duration)}")
            else:
                result = run_load(host, port, paths, clients=args.clients, requests=args.requests)
                print(result.line(f"{label}, closed loop"))
            if args.rate:
                paced = paced_load(host, port, paths, clients=args.clients, rate=args.rate,
                                   seconds=args.duration, headers={})
                print(paced.line(f"{label}, paced at {args.rate:g} req/s in all"))


if __name__ == "__main__":
    main()
