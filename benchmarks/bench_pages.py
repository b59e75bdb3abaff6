"""p95 latency of the catalogue page and the API's indicator list at 50 concurrent
clients on loopback, against `laa serve` (gunicorn) on a freshly loaded database.

    .venv/bin/python benchmarks/bench_pages.py [--clients 50] [--requests 2000] [--workers 4]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.loadgen import run_load  # noqa: E402
from benchmarks.server import served  # noqa: E402

PAGES = {
    "catalogue page /indicators/": ["/indicators/", "/indicators/?q=crime", "/indicators/?statutory=yes"],
    "indicator page /indicators/NI 16": ["/indicators/NI%2016"],
    "API list /api/v1/indicators/?limit=100": ["/api/v1/indicators/?limit=100"],
    "areas of a region /areas/regions/SE": ["/areas/regions/SE"],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with served(workers=args.workers) as (host, port, _env):
        for label, paths in PAGES.items():
            run_load(host, port, paths, clients=5, requests=100)  # warm up every worker
            result = run_load(host, port, paths, clients=args.clients, requests=args.requests)
            print(result.line(f"{label} ({args.clients} clients)"))


if __name__ == "__main__":
    main()
