"""A small, bounded load generator for loopback only: N concurrent clients, each with
its own keep-alive connection, sending a fixed number of requests in total.

    from benchmarks.loadgen import run_load
    result = run_load("127.0.0.1", 8000, ["/indicators/"], clients=50, requests=2000)

Refuses any host outside 127.0.0.0/8 and ::1.
"""

from __future__ import annotations

import http.client
import ipaddress
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class LoadResult:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def line(self, label: str) -> str:
        return (
            f"{label}: {len(self.latencies_ms)} requests, {self.errors} errors, statuses {self.statuses}, "
            f"{len(self.latencies_ms) / self.seconds:.0f} req/s, median {statistics.median(self.latencies_ms):.1f} ms, "
            f"p95 {self.percentile(95):.1f} ms, p99 {self.percentile(99):.1f} ms"
        )


def _check_loopback(host: str) -> None:
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{host} is not a loopback address: load is only sent to this machine")


def run_load(
    host: str, port: int, paths: list[str], *, clients: int = 50, requests: int = 2000,
    headers: dict[str, str] | None = None, timeout: float = 30.0, max_seconds: float = 120.0,
) -> LoadResult:
    _check_loopback(host)
    result = LoadResult()
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds

    def client() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        while time.monotonic() < deadline:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path = paths[n % len(paths)]
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers or {})
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    result.latencies_ms.append(elapsed)
                    result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=timeout)
            except (OSError, http.client.HTTPException):
                with lock:
                    result.errors += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=timeout)
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result
