"""p95 latency of the GO's region dashboard and of negotiation thread pages, with 150 areas'
negotiations loaded, at 50 concurrent clients on loopback, against `laa serve` (gunicorn).

    .venv/bin/python benchmarks/bench_negotiation_pages.py [--clients 50] [--requests 3000]
        [--workers N] [--tool wrk|python] [--duration 20] [--rate 30]

A fresh database (SQLite in a temporary file; PostgreSQL with BENCH_DATABASE_URL) is
migrated, loaded with the reference and demonstration data, then with 150 areas'
agreements in negotiation (benchmarks/load_negotiations.py: about 8,000 targets, 7,000
threads, 17,000 entries, BENCHMARK DATA). The GO locality manager for the South East
(19 areas) signs in through the sign-in page; each page is warmed, then loaded by 50
clients, each with its own keep-alive connection: with wrk (if installed) for --duration
seconds, else with the bounded Python generator (benchmarks/loadgen.py) for --requests:
each client sends its next request as soon as the last is answered, so the p95 is about
clients / throughput. With --rate, the same clients also send that many requests a second
between them at fixed intervals (people reading pages rather than a flood), and the
latency counts from when each request was due. `/healthz` is measured first, the same
ways, as the floor to compare the pages with (issue 10: at least half its throughput).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import paced_load, run_load, sign_in, with_wrk  # noqa: E402
from benchmarks.server import PYTHON, served  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="with the Python generator")
    parser.add_argument("--duration", type=int, default=20, help="seconds a page, with wrk")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or
                        (os.cpu_count() or 2) * 2 + 1)
    parser.add_argument("--tool", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="also measure the clients sending this many requests a second between them")
    args = parser.parse_args()
    with served(workers=args.workers) as (host, port, env):
        loader = [PYTHON, str(ROOT / "benchmarks" / "load_negotiations.py"), "--print-urls", "20"]
        loaded = subprocess.run(loader, env=env, check=True, capture_output=True, text=True)
        print(loaded.stderr.strip())
        threads = loaded.stdout.split()
        cookie = sign_in(host, port, "go-manager")
        pages = {
            # the machine's floor, measured in the same run, signed in like the pages
            "floor /healthz": ["/healthz"],
            "GO region dashboard /negotiation/region (19 areas)": ["/negotiation/region"],
            f"negotiation thread pages ({len(threads)} threads)": threads,
        }
        print(f"{os.cpu_count()} CPUs, {args.workers} gunicorn workers, {args.clients} clients, tool {args.tool}")
        for label, paths in pages.items():
            warm = run_load(host, port, paths, clients=4, requests=200, headers={"Cookie": cookie})
            if set(warm.statuses) != {200}:
                raise SystemExit(f"{label}: statuses {warm.statuses} while warming up")
            if args.tool == "wrk":
                print(f"{label}: {with_wrk(host, port, paths, cookie, args.clients, args.duration)}")
            else:
                result = run_load(host, port, paths, clients=args.clients, requests=args.requests,
                                  headers={"Cookie": cookie})
                print(result.line(label))
            if args.rate:
                paced = paced_load(host, port, paths, clients=args.clients, rate=args.rate,
                                   seconds=args.duration, headers={"Cookie": cookie})
                print(paced.line(f"{label}, {args.clients} clients at {args.rate:g} req/s in all"))


if __name__ == "__main__":
    main()
